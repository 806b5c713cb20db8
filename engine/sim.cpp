#include "sim.hpp"

#include "help_seeking.hpp"
#include "mental_health.hpp"
#include "mh_entry.hpp"
#include "population.hpp"
#include "schooling.hpp"
#include "services.hpp"

namespace elevsim {

Sim::Sim(const Params& p, const Scenario& s, const Layout& l, People& people, uint32_t seed, uint32_t rep)
    : params(p), scenario(s), layout(l), people(people), rng(seed, rep), replication(rep) {
  modules = default_modules();
}

std::vector<std::unique_ptr<Module>> default_modules() {
  std::vector<std::unique_ptr<Module>> m;
  m.push_back(std::make_unique<Schooling>());
  // entry states, then help and services on this year's states, then the transition
  m.push_back(std::make_unique<MentalHealthEntry>());
  m.push_back(std::make_unique<HelpSeeking>());
  m.push_back(std::make_unique<Services>());
  m.push_back(std::make_unique<MentalHealth>());
  return m;
}

std::vector<Dataset> Sim::run() {
  synthesize(params, layout, rng, scenario.start_year, people);
  for (auto& m : modules) m->init(*this);
  for (int t = 0; t < layout.years; ++t)
    for (auto& m : modules) m->step(*this, t);
  std::vector<Dataset> out;
  for (auto& m : modules) m->results(*this, out);
  return out;
}

}  // namespace elevsim
