#include "sim.hpp"

#include "population.hpp"

namespace elevsim {

Sim::Sim(const Params& p, int start, const Layout& l, People& people, uint32_t seed, uint32_t rep,
         std::vector<std::unique_ptr<Module>> mods)
    : params(p), start_year(start), layout(l), people(people), rng(seed, rep), replication(rep), seed(seed),
      modules(std::move(mods)) {
  levers.reset(l.counties);
  // Vg1 starts in age-grade kVg1Grade plus up to late_start_max_years; the
  // deadline is window years later, so the last followed age-grade is kVg1Grade + d + w - 1.
  const SchoolingParams& sp = p.schooling;
  const int last_followed = kVg1Grade + sp.late_start_max_years + std::max(sp.window_general, sp.window_vocational) - 1;
  follow_after_grade13 = std::max(0, last_followed - kGrades);
}

std::vector<Dataset> Sim::run() {
  synthesize(params.population, layout, rng, start_year, people);
  for (auto& m : modules) m->init(*this);
  // warm-start years first (t < 0), then the reported ones
  for (int t = -layout.burnin; t < layout.years; ++t)
    for (auto& m : modules) m->step(*this, t);
  std::vector<Dataset> out;
  for (auto& m : modules) m->results(*this, out);
  return out;
}

}  // namespace elevsim
