#pragma once
// One replication's mental-health parameters (spec s.6, PSA): the uncertain
// values drawn, and the calibrated level shifts re-fitted to the draw so the
// baseline keeps the calibrated prevalence (docs/model.md, "PSA and
// calibration").
#include <cstdint>

#include "model_params.hpp"

namespace elevsim {

struct MhRealised {
  MentalHealthParams mh;            // with treated_shift_* and the level shifts of this draw
  double externalizing_logodds = 0;  // shift of every externalizing share
  double treatment_scale = 1;        // services.treatment_effect_scale
};

// The treatment scale multiplies the twin's treated shifts (the mean recovery
// log-odds of treated pupils: every service's effect scales alike); then
// onset_shift and worsening_shift are re-fitted by Newton's method on the
// expected-value twin so that its prevalence of state >= 1 and of state 2 over
// grades 1-13 equals that of the central parameters. Without PSA, or at the
// central draw, the parameters are returned unchanged.
MhRealised realise_mental_health(const Params& p, uint32_t seed, uint32_t replication, bool psa);

// The twin's population-weighted prevalence over grades 1-13 (after the
// year's transition): {state >= 1, state 2}.
std::array<double, 2> twin_prevalence(const MentalHealthParams& mh, const PopulationParams& pop, bool treatment);

}  // namespace elevsim
