#pragma once
// Every module's parameters in one bundle, as read from params/ (and
// overridden by a scenario's [params]). It lives here, the lowest layer that
// knows every module; input/ only offers the readers.
#include <string>

#include "intervention_params.hpp"
#include "mental_health_params.hpp"
#include "schooling_params.hpp"
#include "params.hpp"
#include "services_params.hpp"

namespace elevsim {

struct Params {
  PopulationParams population;
  MentalHealthParams mental_health;
  SchoolingParams schooling;
  InterventionParams interventions;
  ServicesParams services;
  std::string params_text;      // every parameter file, verbatim, for the output
  std::string population_csv;   // the population table, verbatim
  std::string targets_text;     // targets.toml verbatim (the published figures the report sets beside the model's)
  std::string psa_groups_text;  // psa_groups.toml verbatim (the groups of uncertain parameters EVPPI is reported for)
};

// Reads params/*.toml (merged; a key set in two files is an error) plus the
// CSV tables, then applies the [params] table of a scenario file given by its
// path and verbatim text (none if the text is empty), so that errors point at
// the scenario's own lines.
Params load_params(const std::string& dir, const std::string& scenario_path = "",
                   const std::string& scenario_text = "");

}  // namespace elevsim
