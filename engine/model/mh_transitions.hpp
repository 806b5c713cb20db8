#pragma once
// The three-state mental-health transition model (spec section 2), as a
// multinomial logit per origin state:
//   from 0: to 1 (onset of complaints), to 2 (onset of disorder)
//   from 1: to 0 (remission), to 2 (worsening)
//   from 2: to 1 (improvement), to 0 (remission)
// Risk covariates (sex by age band, ses, background, child welfare) act on
// onset and worsening. The microsimulation and the expected-value twin both
// take their probabilities from here, so they cannot drift apart.
#include <Eigen/Core>
#include <array>

#include "params.hpp"

namespace elevsim {

using TransitionMatrix = Eigen::Matrix3d;  // rows: origin, columns: destination

// The two destinations reachable from each origin, in draw order.
inline constexpr int kDest[kStates][2] = {{1, 2}, {0, 2}, {0, 1}};

double risk_logodds(const MentalHealthParams& mh, int band, int cell);
// extra_onset is added to the log-odds of onset (0 -> 1, 0 -> 2) and of
// worsening (1 -> 2); extra_recovery to every move down (1 -> 0, 2 -> 1, 2 -> 0).
// Interventions and treatment act through these two levers.
TransitionMatrix transition_matrix(const MentalHealthParams& mh, int band, int cell, double extra_onset = 0,
                                   double extra_recovery = 0);

// One row of that matrix: the probabilities of the two destinations
// kDest[origin][0] and kDest[origin][1] (staying is the rest). The simulation's
// rare path (a pupil reached by prevention or treatment) needs only this row.
std::array<double, 2> transition_row(const MentalHealthParams& mh, int band, int cell, int origin, double extra_onset,
                                     double extra_recovery);

// All matrices of a parameter set, [band][cell].
using TransitionTable = std::array<std::array<TransitionMatrix, kCells>, kBands>;
TransitionTable transition_table(const MentalHealthParams& mh);
// The same in expectation over this year's treatment: rows 1 and 2 mix the
// untreated row with the treated one by the calibrated treated shares.
TransitionTable expected_transition_table(const MentalHealthParams& mh);

// Probability that a new case is externalizing, by sex and band.
inline double externalizing_share(const MentalHealthParams& mh, int sex, int band) {
  return sex == 0 ? mh.externalizing_share_female[band] : mh.externalizing_share_male[band];
}

}  // namespace elevsim
