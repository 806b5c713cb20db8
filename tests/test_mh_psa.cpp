// The mental-health PSA: drawn type shares and treatment effects, with the
// calibrated prevalence kept by re-fitting the level shifts on the twin.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "mh_realise.hpp"

using namespace elevsim;
using namespace elevsim::test;

TEST_CASE("a PSA draw of the treatment effects keeps the calibrated prevalence by re-fitting the level shifts",
          "[psa][twin]") {
  const Params p = load_params(params_dir());
  const auto central = twin_prevalence(p.mental_health, p.population, true);
  int moved = 0;
  for (uint32_t rep = 0; rep < 8; ++rep) {
    const MhRealised r = realise_mental_health(p, 20250101u, rep, true);
    REQUIRE(r.treatment_scale >= p.services.treatment_effect_scale.low);
    REQUIRE(r.treatment_scale <= p.services.treatment_effect_scale.high);
    // the twin's treated shifts follow the draw
    CHECK(r.mh.treated_shift_disorder[2] == Approx(p.mental_health.treated_shift_disorder[2] * r.treatment_scale));
    const auto v = twin_prevalence(r.mh, p.population, true);
    CHECK(v[0] == Approx(central[0]).margin(1e-9));
    CHECK(v[1] == Approx(central[1]).margin(1e-9));
    // a stronger treatment needs worse untreated dynamics to give the same prevalence
    if (r.treatment_scale > 1.05) CHECK(r.mh.onset_shift + r.mh.worsening_shift > p.mental_health.onset_shift + p.mental_health.worsening_shift);
    moved += r.mh.onset_shift != p.mental_health.onset_shift;
    CHECK(r.externalizing_logodds >= p.mental_health.externalizing_share_logodds.low);
    CHECK(r.externalizing_logodds <= p.mental_health.externalizing_share_logodds.high);
  }
  CHECK(moved > 0);
  // without PSA nothing is drawn or re-fitted
  const MhRealised none = realise_mental_health(p, 20250101u, 0, false);
  CHECK(none.treatment_scale == 1.0);
  CHECK(none.externalizing_logodds == 0.0);
  CHECK(none.mh.onset_shift == p.mental_health.onset_shift);
}
