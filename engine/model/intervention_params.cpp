#include "intervention_params.hpp"

#include "params.hpp"

namespace elevsim {

void read_interventions(const TomlTable& t, InterventionParams& p) {
  for (int k = 0; k < kInterventions; ++k) {
    TomlTable it = t.table(kInterventionNames[k]);
    p.unit_cost_nok[k] = it.uncertain("unit_cost_nok", 1, 1e9);
    p.unit_step[k] = it.number("unit_step", 1e-3, 1e6);
    p.unit_name[k] = it.string("unit");
    switch (k) {
      case kStaffCompetence:
        p.staff_per_1000_pupils_full = it.number("staff_per_1000_pupils_full", 0.1, 1000);
        p.identification_logodds_full = it.uncertain("identification_logodds_full", -5, 5);
        p.staff_retention = it.number("annual_retention", 0, 1);
        break;
      case kSchoolHealthFte:
        p.helpseeking_logodds_per_fte_per_1000 = it.uncertain("helpseeking_logodds_per_fte_per_1000", -5, 5);
        break;
      case kFollowupLos:
        p.los_caseload = it.number("caseload", 1, 1000);
        p.los_leave_odds_ratio = it.uncertain("leave_odds_ratio", 0.01, 10);
        p.los_eligible_achievement_below = it.number("eligible_achievement_below", -10, 10);
        break;
      case kUniversalPrevention:
        p.prevention_onset_rr = it.uncertain("internalizing_onset_rr", 0.01, 1);
        p.prevention_first_grade = static_cast<int>(it.integer("first_grade", 1, kGrades));
        p.prevention_last_grade = static_cast<int>(it.integer("last_grade", p.prevention_first_grade, kGrades));
        p.prevention_carryover = it.uncertain("carryover", 0, 1);
        break;
      default:
        break;
    }
    it.finish();
  }
  p.ramp_up_first_year = t.number("ramp_up_first_year", 0, 1);
  t.finish();
}

InterventionValues realise(const InterventionParams& p, uint32_t seed, uint32_t rep, bool psa) {
  auto v = [&](const Uncertain& u, const std::string& name) { return psa ? draw_uncertain(u, name, seed, rep) : u.value; };
  InterventionValues out;
  for (int k = 0; k < kInterventions; ++k)
    out.unit_cost_nok[k] = v(p.unit_cost_nok[k], std::string("interventions.") + kInterventionNames[k] + ".unit_cost_nok");
  out.identification_logodds_full =
      v(p.identification_logodds_full, "interventions.staff_competence.identification_logodds_full");
  out.helpseeking_logodds_per_fte_per_1000 =
      v(p.helpseeking_logodds_per_fte_per_1000, "interventions.school_health_fte.helpseeking_logodds_per_fte_per_1000");
  out.los_leave_odds_ratio = v(p.los_leave_odds_ratio, "interventions.followup_los.leave_odds_ratio");
  out.prevention_onset_rr = v(p.prevention_onset_rr, "interventions.universal_prevention.internalizing_onset_rr");
  out.prevention_carryover = v(p.prevention_carryover, "interventions.universal_prevention.carryover");
  return out;
}

}  // namespace elevsim
