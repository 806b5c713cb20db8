#include "shared_warm_start.hpp"

#include <cstring>

#include "modules.hpp"
#include "population.hpp"

namespace elevsim {

namespace {

void step_years(Sim& sim, int from, int to) {
  for (int t = from; t < to; ++t)
    for (auto& m : sim.modules) m->step(sim, t);
}

std::vector<Dataset> finish(Sim& sim) {
  step_years(sim, 0, sim.layout.years);
  std::vector<Dataset> out;
  for (auto& m : sim.modules) m->results(sim, out);
  return out;
}

// Scenario s's modules at the first reported year: copies of the warmed-up
// ones, its own interventions initialised afresh. Empty when a module cannot
// be copied.
std::vector<std::unique_ptr<Module>> carry_over(const std::vector<std::unique_ptr<Module>>& warm, const Scenario& s) {
  std::vector<std::unique_ptr<Module>> own = default_modules(s), out;
  if (own.size() != warm.size()) return {};
  for (size_t k = 0; k < warm.size(); ++k) {
    if (std::strcmp(own[k]->name(), warm[k]->name()) != 0) return {};
    if (own[k]->idle_in_warm_start()) {
      out.push_back(std::move(own[k]));
      continue;
    }
    out.push_back(warm[k]->clone());
    if (!out.back()) return {};
  }
  return out;
}

}  // namespace

bool can_share_warm_start(const std::vector<ScenarioResult>& prepared, bool same_params) {
  if (!same_params || prepared.size() < 2) return false;
  for (const ScenarioResult& sr : prepared)
    if (sr.params.params_text != prepared[0].params.params_text ||
        sr.params.population_csv != prepared[0].params.population_csv ||
        sr.scenario.start_year != prepared[0].scenario.start_year || sr.scenario.years != prepared[0].scenario.years)
      return false;
  return true;
}

void run_shared_replication(const std::vector<ScenarioResult>& scenarios, const Layout& L, People& people,
                            People& snapshot, uint32_t seed, uint32_t rep, bool psa,
                            const std::function<void(int, std::vector<Dataset>)>& emit) {
  const Scenario& first = scenarios[0].scenario;
  Sim warm(scenarios[0].params, first.start_year, L, people, seed, rep, default_modules(first));
  warm.psa = psa;
  synthesize(warm.params.population, L, warm.rng, first.start_year, people);
  for (auto& m : warm.modules) m->init(warm);
  step_years(warm, -L.burnin, 0);
  // the others' starting points, before the first scenario moves on
  std::vector<std::vector<std::unique_ptr<Module>>> modules(scenarios.size());
  for (size_t s = 1; s < scenarios.size(); ++s) modules[s] = carry_over(warm.modules, scenarios[s].scenario);
  snapshot = people;
  emit(0, finish(warm));
  for (size_t s = 1; s < scenarios.size(); ++s) {
    const Scenario& scen = scenarios[s].scenario;
    if (s + 1 == scenarios.size()) {
      std::swap(people, snapshot);
    } else {
      people = snapshot;
    }
    if (modules[s].empty()) {  // a module that cannot be copied: this scenario from the start
      Sim own(scenarios[s].params, scen.start_year, L, people, seed, rep, default_modules(scen));
      own.psa = psa;
      emit(static_cast<int>(s), own.run());
      continue;
    }
    Sim sim(scenarios[s].params, scen.start_year, L, people, seed, rep, std::move(modules[s]));
    sim.psa = psa;
    for (auto& m : sim.modules)
      if (m->idle_in_warm_start()) m->init(sim);
    emit(static_cast<int>(s), finish(sim));
  }
}

}  // namespace elevsim
