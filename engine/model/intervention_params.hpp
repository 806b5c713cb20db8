#pragma once
// The intervention catalogue's parameters (params/interventions.toml): unit
// costs and effects, several of them uncertain. Uncertain values are drawn
// once per replication for probabilistic sensitivity analysis (PSA), from a
// stream keyed by the parameter's name, so every scenario of a run sees the
// same draw.
#include <array>
#include <cstdint>
#include <string>

#include "intervention_catalogue.hpp"
#include "toml_reader.hpp"
#include "uncertain.hpp"

namespace elevsim {

struct InterventionParams {
  std::array<Uncertain, kInterventions> unit_cost_nok;
  std::array<double, kInterventions> unit_step{};  // smallest unit bought (1 person, 0.1 FTE, ...)
  std::array<std::string, kInterventions> unit_name;
  double ramp_up_first_year = 0;  // share of the effect in a scheme's first funded year
  // staff_competence
  double staff_per_1000_pupils_full = 0;
  Uncertain identification_logodds_full;
  double staff_retention = 0;
  // school_health_fte: extra help-seeking per extra FTE per 1000 pupils (read by services)
  Uncertain helpseeking_logodds_per_fte_per_1000;
  // followup_los
  double los_caseload = 0;
  Uncertain los_leave_odds_ratio;
  double los_eligible_achievement_below = 0;
  // universal_prevention: risk ratio of internalizing onset in a year of delivery, and the share
  // of its effect left each further year after the last delivery
  Uncertain prevention_onset_rr, prevention_carryover;
  int prevention_first_grade = 0, prevention_last_grade = 0;
};

// One replication's realised values (PSA draw, or the central values).
struct InterventionValues {
  std::array<double, kInterventions> unit_cost_nok{};
  double identification_logodds_full = 0, helpseeking_logodds_per_fte_per_1000 = 0;
  double los_leave_odds_ratio = 1, prevention_onset_rr = 1, prevention_carryover = 0;  // neutral until realised
};

void read_interventions(const TomlTable& t, InterventionParams& p);
InterventionValues realise(const InterventionParams& p, uint32_t seed, uint32_t replication, bool psa);

}  // namespace elevsim
