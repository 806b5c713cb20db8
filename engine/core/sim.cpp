#include "sim.hpp"

#include "help_seeking.hpp"
#include "interventions.hpp"
#include "mental_health.hpp"
#include "population.hpp"
#include "schooling.hpp"
#include "services.hpp"

namespace elevsim {

Sim::Sim(const Params& p, const Scenario& s, const Layout& l, People& people, uint32_t seed, uint32_t rep)
    : params(p), scenario(s), layout(l), people(people), rng(seed, rep), replication(rep), seed(seed) {
  levers.reset(l.counties);
  modules = default_modules();
  // Vg1 starts in age-grade 11 plus up to late_start_max_years; the deadline is
  // window years later, so the last followed age-grade is 11 + d + w - 1.
  const SchoolingParams& sp = p.schooling;
  follow_after_grade13 = std::max(0, sp.late_start_max_years + std::max(sp.window_general, sp.window_vocational) - 3);
}

std::vector<std::unique_ptr<Module>> default_modules() {
  std::vector<std::unique_ptr<Module>> m;
  m.push_back(std::make_unique<Interventions>());
  m.push_back(std::make_unique<Schooling>());
  // help and services act on this year's states, before the transition
  m.push_back(std::make_unique<HelpSeeking>());
  m.push_back(std::make_unique<Services>());
  m.push_back(std::make_unique<MentalHealth>());
  return m;
}

std::vector<Dataset> Sim::run() {
  synthesize(params, layout, rng, scenario.start_year, people);
  for (auto& m : modules) m->init(*this);
  for (int t = -layout.burnin; t < layout.years; ++t)
    for (auto& m : modules) m->step(*this, t);
  std::vector<Dataset> out;
  for (auto& m : modules) m->results(*this, out);
  return out;
}

}  // namespace elevsim
