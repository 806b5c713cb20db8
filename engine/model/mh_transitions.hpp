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
#include <cmath>
#include <cstdint>

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

// Problem types (spec s.2): a pupil in state 1 or 2 has one, drawn at onset
// and kept until remission to state 0.
enum ProblemType : uint8_t { kNoType = 0, kInternalizing = 1, kExternalizing = 2 };
inline constexpr int kTypes = 2;

// Probability that a new case is externalizing, by sex and band, with a
// log-odds shift of all shares (the PSA's draw; 0 gives the table's value).
inline double externalizing_share(const MentalHealthParams& mh, int sex, int band, double logodds_shift = 0) {
  const double p = sex == 0 ? mh.externalizing_share_female[band] : mh.externalizing_share_male[band];
  if (logodds_shift == 0 || p <= 0 || p >= 1) return p;
  return 1.0 / (1.0 + (1.0 - p) / p * std::exp(-logodds_shift));
}

// One pupil's year of the mental-health model (spec s.2, and s.5 for
// universal prevention), given its draws:
//   w0 decides the transition: below th[0] to kDest[state][0], below th[1] to
//      kDest[state][1], else stay (th: the pupil's cumulative thresholds);
//   w1 decides the type of a new case: below `externalizing` externalizing;
//   w2 decides whether prevention stops an internalizing onset: below
//      `prevented` (the threshold of 1 - the pupil's risk ratio; 0 without
//      prevention) the pupil stays in state 0.
// So an internalizing onset happens with probability p_onset x (1 - share) x rr
// and an externalizing one with p_onset x share, whatever rr: prevention acts
// on internalizing onset and nothing else.
struct MhYear {
  uint8_t state, type;
  bool onset;  // a new case this year (0 -> 1 or 2)
};
inline MhYear mh_year(uint8_t state, uint8_t type, std::array<uint32_t, 2> th, uint32_t externalizing, uint32_t prevented,
                      uint32_t w0, uint32_t w1, uint32_t w2) {
  uint8_t next = w0 < th[0] ? kDest[state][0] : (w0 < th[1] ? kDest[state][1] : state);
  const bool new_case = (state == 0) & (next != 0);
  const uint8_t new_type = w1 < externalizing ? kExternalizing : kInternalizing;
  type = new_case ? new_type : type;
  const bool prevented_now = new_case & (new_type == kInternalizing) & (w2 < prevented);
  next = prevented_now ? 0 : next;
  return {next, next == 0 ? uint8_t{kNoType} : type, static_cast<bool>(new_case & !prevented_now)};
}

}  // namespace elevsim
