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

#include "mental_health_params.hpp"
#include "rng.hpp"

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

// A row as the simulation draws it: cumulative 32-bit thresholds, a word
// below [0] going to kDest[origin][0], below [1] to kDest[origin][1], at or
// above [1] staying. p: the row's two probabilities (transition_row).
using RowThresholds = std::array<uint32_t, 2>;
inline RowThresholds row_thresholds(std::array<double, 2> p) {
  return {Streams::threshold(p[0]), Streams::threshold(p[0] + p[1])};
}
// Those of every row of transition_table(mh): [band][cell][origin], untreated.
using ThresholdTable = std::array<std::array<std::array<RowThresholds, kStates>, kCells>, kBands>;
ThresholdTable threshold_table(const MentalHealthParams& mh);
// The same in expectation over this year's treatment: rows 1 and 2 mix the
// untreated row with the treated one by the calibrated treated shares.
TransitionTable expected_transition_table(const MentalHealthParams& mh);

// Problem types (spec s.2): a pupil in state 1 or 2 has one, drawn at onset
// and kept until remission to state 0.
enum ProblemType : uint8_t { kNoType = 0, kInternalizing = 1, kExternalizing = 2 };
static_assert(kExternalizing == kInternalizing + 1, "mh_year counts a type from internalizing");
inline constexpr int kTypes = 2;

// Probability that a new case is externalizing, by sex and band, with a
// log-odds shift of all shares (the PSA's draw; 0 gives the table's value).
inline double externalizing_share(const MentalHealthParams& mh, int sex, int band, double logodds_shift = 0) {
  const double p = sex == 0 ? mh.externalizing_share_female[band] : mh.externalizing_share_male[band];
  if (logodds_shift == 0 || p <= 0 || p >= 1) return p;
  return 1.0 / (1.0 + (1.0 - p) / p * std::exp(-logodds_shift));
}

// Start states (spec s.2 "Start states"): a pupil entering the simulation
// draws its state from the twin's distribution for its grade and cell (th:
// cumulative thresholds of states 0 and 1, w0 below th[0] is 0, below th[1]
// is 1, else 2) and, in state 1 or 2, its type: externalizing when w1 is
// below externalizing[state - 1], the typed twin's share in that state.
struct MhStart {
  uint8_t state, type;
};
inline MhStart mh_start(std::array<uint32_t, 2> th, std::array<uint32_t, 2> externalizing, uint32_t w0, uint32_t w1) {
  const uint8_t s = w0 < th[0] ? 0 : (w0 < th[1] ? 1 : 2);
  if (s == 0) return {0, kNoType};
  return {s, w1 < externalizing[s - 1] ? uint8_t{kExternalizing} : uint8_t{kInternalizing}};
}

// Universal prevention's threshold (spec s.5): a new internalizing case whose
// word 2 is below it stays in state 0; rr, the pupil's risk ratio this year
// (1: no prevention, threshold 0).
inline uint32_t prevention_threshold(float rr) { return rr < 1.0f ? Streams::threshold(1.0 - rr) : 0u; }

struct MhYear {
  uint8_t state, type;
  bool onset;  // a new case this year (0 -> 1 or 2)
};
// The three outcomes of a row in draw order: kDest[origin][0], kDest[origin][1], stay.
inline constexpr auto kOutcome = [] {
  std::array<std::array<uint8_t, 3>, kStates> t{};
  for (int o = 0; o < kStates; ++o)
    t[o] = {static_cast<uint8_t>(kDest[o][0]), static_cast<uint8_t>(kDest[o][1]), static_cast<uint8_t>(o)};
  return t;
}();
// Which of them the word w0 falls in: 0 below th[0], 1 below th[1], 2 at or
// above (th[0] <= th[1]). Counted rather than branched on: which pupils move
// follows no pattern a CPU could predict.
inline int row_outcome(std::array<uint32_t, 2> th, uint32_t w0) { return (w0 >= th[0]) + (w0 >= th[1]); }

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
inline MhYear mh_year(uint8_t state, uint8_t type, std::array<uint32_t, 2> th, uint32_t externalizing, uint32_t prevented,
                      uint32_t w0, uint32_t w1, uint32_t w2) {
  uint8_t next = kOutcome[state][row_outcome(th, w0)];
  const bool new_case = (state == 0) & (next != 0);
  const uint8_t new_type = kInternalizing + (w1 < externalizing);  // below: externalizing
  type = new_case ? new_type : type;
  const bool prevented_now = new_case & (new_type == kInternalizing) & (w2 < prevented);
  next = prevented_now ? 0 : next;
  return {next, next == 0 ? uint8_t{kNoType} : type, static_cast<bool>(new_case & !prevented_now)};
}

// Years in state (spec s.2): consecutive years in the current state, one
// more after a year that stays (at most 255), 0 after a move.
inline uint8_t years_in_state(uint8_t years, bool stays) {
  return stays ? static_cast<uint8_t>(years + (years < 255)) : uint8_t{0};
}

}  // namespace elevsim
