#include "mh_transitions.hpp"

#include <cmath>

namespace elevsim {

double risk_logodds(const MentalHealthParams& mh, int band, int cell) {
  const int cw = cell % 2;
  const int bg = (cell / 2) % kBackgrounds;
  const int ses = (cell / (2 * kBackgrounds)) % kSes;
  const int sex = cell / (2 * kBackgrounds * kSes);
  double r = 0;
  if (sex == 0) r += mh.female[band] + (band >= mh.female_adolescent_first_band ? mh.female_adolescent : 0.0);
  if (ses == 0) r += mh.ses_low[band];
  if (ses == 2) r += mh.ses_high;
  if (bg == 1) r += mh.descendant;
  if (bg == 2) r += mh.immigrant;
  if (cw) r += mh.child_welfare;
  return r;
}

namespace {
// eta[origin][k] for destination kDest[origin][k]; staying has eta 0.
std::array<double, 2> etas(const MentalHealthParams& mh, int band, int cell, int o, double extra_onset,
                           double extra_recovery) {
  const double r = risk_logodds(mh, band, cell) + extra_onset;
  const double d = extra_recovery;
  if (o == 0) return {mh.onset_complaints[band] + mh.onset_shift + r, mh.onset_disorder[band] + mh.onset_shift + r};
  if (o == 1) return {mh.remission[band] + mh.remission_shift + d, mh.worsening[band] + mh.worsening_shift + r};
  // kDest[2] = {0, 1}: full remission (2 -> 0), then improvement to complaints (2 -> 1)
  return {mh.disorder_remit[band] + d, mh.disorder_improve[band] + d};
}
}  // namespace

std::array<double, 2> transition_row(const MentalHealthParams& mh, int band, int cell, int origin, double extra_onset,
                                     double extra_recovery) {
  const auto eta = etas(mh, band, cell, origin, extra_onset, extra_recovery);
  const double e0 = std::exp(eta[0]), e1 = std::exp(eta[1]);
  const double z = 1.0 + e0 + e1;
  return {e0 / z, e1 / z};
}

TransitionMatrix transition_matrix(const MentalHealthParams& mh, int band, int cell, double extra_onset,
                                   double extra_recovery) {
  TransitionMatrix P = TransitionMatrix::Zero();
  for (int o = 0; o < kStates; ++o) {
    const auto eta = etas(mh, band, cell, o, extra_onset, extra_recovery);
    const double e0 = std::exp(eta[0]), e1 = std::exp(eta[1]);
    const double z = 1.0 + e0 + e1;
    P(o, kDest[o][0]) = e0 / z;
    P(o, kDest[o][1]) = e1 / z;
    P(o, o) = 1.0 / z;
  }
  return P;
}

TransitionTable transition_table(const MentalHealthParams& mh) {
  TransitionTable T;
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c) T[b][c] = transition_matrix(mh, b, c);
  return T;
}

ThresholdTable threshold_table(const MentalHealthParams& mh) {
  const TransitionTable T = transition_table(mh);
  ThresholdTable th;
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c)
      for (int o = 0; o < kStates; ++o) th[b][c][o] = row_thresholds({T[b][c](o, kDest[o][0]), T[b][c](o, kDest[o][1])});
  return th;
}

TransitionTable expected_transition_table(const MentalHealthParams& mh) {
  TransitionTable T = transition_table(mh);
  for (int b = 0; b < kBands; ++b) {
    const double share[kStates] = {0, mh.treated_share_complaints[b], mh.treated_share_disorder[b]};
    const double shift[kStates] = {0, mh.treated_shift_complaints[b], mh.treated_shift_disorder[b]};
    for (int c = 0; c < kCells; ++c)
      for (int o = 1; o < kStates; ++o) {
        if (share[o] <= 0) continue;
        const auto row = transition_row(mh, b, c, o, 0.0, shift[o]);
        Eigen::RowVector3d treated = Eigen::RowVector3d::Zero();
        treated(kDest[o][0]) = row[0];
        treated(kDest[o][1]) = row[1];
        treated(o) = 1 - row[0] - row[1];
        T[b][c].row(o) = (1 - share[o]) * T[b][c].row(o) + share[o] * treated;
      }
  }
  return T;
}

}  // namespace elevsim
