#include "modules.hpp"

#include "help_seeking.hpp"
#include "interventions.hpp"
#include "mental_health.hpp"
#include "schooling.hpp"
#include "services.hpp"

namespace elevsim {

std::vector<std::unique_ptr<Module>> default_modules(const Scenario& scenario) {
  std::vector<std::unique_ptr<Module>> m;
  // interventions set this year's levers before the processes read them
  m.push_back(std::make_unique<Interventions>(scenario));
  m.push_back(std::make_unique<Schooling>());
  // help and services act on this year's states, before the transition
  m.push_back(std::make_unique<HelpSeeking>());
  m.push_back(std::make_unique<Services>());
  m.push_back(std::make_unique<MentalHealth>());
  return m;
}

}  // namespace elevsim
