#pragma once
// The interventions a grant can buy (spec s.5).

namespace elevsim {

// The intervention catalogue; the order is the `intervention` dimension of the output.
enum Intervention : int {
  kStaffCompetence = 0,
  kSchoolHealthFte,
  kBupAtSchool,
  kMunicipalPsychologist,
  kFollowupLos,
  kUniversalPrevention,
  kInterventions
};
inline constexpr const char* kInterventionNames[kInterventions] = {
    "staff_competence", "school_health_fte", "bup_at_school", "municipal_psychologist", "followup_los",
    "universal_prevention"};

}  // namespace elevsim
