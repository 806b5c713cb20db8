#include "mh_realise.hpp"

#include <Eigen/Dense>
#include <cmath>

#include "twin.hpp"
#include "uncertain.hpp"

namespace elevsim {

std::array<double, 2> twin_prevalence(const MentalHealthParams& mh, const PopulationParams& pop, bool treatment) {
  const Twin tw = run_twin(mh, treatment);
  const auto w = population_cell_weights(pop);
  return {twin_share(tw, w, 1, kGrades, 0b110), twin_share(tw, w, 1, kGrades, 0b100)};
}

MhRealised realise_mental_health(const Params& p, uint32_t seed, uint32_t replication, bool psa) {
  MhRealised r{p.mental_health};
  r.externalizing_logodds = realise_uncertain(p.mental_health.externalizing_share_logodds,
                                              "mental_health.externalizing_share_logodds", seed, replication, psa);
  r.treatment_scale =
      realise_uncertain(p.services.treatment_effect_scale, "services.treatment_effect_scale", seed, replication, psa);
  const bool treatment = p.services.enabled;
  if (r.treatment_scale == 1.0 || !treatment) return r;
  for (int b = 0; b < kBands; ++b) {
    r.mh.treated_shift_complaints[b] *= r.treatment_scale;
    r.mh.treated_shift_disorder[b] *= r.treatment_scale;
  }
  // The calibrated levels: prevalence with today's treatment at its central effect.
  const std::array<double, 2> target = twin_prevalence(p.mental_health, p.population, true);
  auto residual = [&](const MentalHealthParams& m) {
    const auto v = twin_prevalence(m, p.population, true);
    return Eigen::Vector2d(v[0] - target[0], v[1] - target[1]);
  };
  // A few Newton steps with a finite-difference Jacobian: the prevalences are
  // smooth and nearly linear in the two shifts over the PSA's range.
  constexpr double h = 1e-4, tol = 1e-10;
  for (int it = 0; it < 8; ++it) {
    const Eigen::Vector2d f = residual(r.mh);
    if (f.cwiseAbs().maxCoeff() < tol) break;
    Eigen::Matrix2d J;
    MentalHealthParams m = r.mh;
    m.onset_shift += h;
    J.col(0) = (residual(m) - f) / h;
    m = r.mh;
    m.worsening_shift += h;
    J.col(1) = (residual(m) - f) / h;
    const Eigen::Vector2d step = J.colPivHouseholderQr().solve(-f);
    r.mh.onset_shift += step(0);
    r.mh.worsening_shift += step(1);
  }
  return r;
}

}  // namespace elevsim
