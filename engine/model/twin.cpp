#include "twin.hpp"

#include <algorithm>

#include "population.hpp"

namespace elevsim {

Twin run_twin(const MentalHealthParams& mh, bool treatment) {
  Twin tw;
  tw.P = treatment ? expected_transition_table(mh) : transition_table(mh);
  for (int c = 0; c < kCells; ++c) {
    StateDist d(1.0, 0.0, 0.0);
    for (int k = 0; k < mh.entry_burnin_years; ++k) d = d * tw.P[0][c];
    for (int g = 1; g <= kGrades; ++g) {
      tw.band[g - 1] = mh.band_of_grade(g);
      const TransitionMatrix& P = tw.P[tw.band[g - 1]][c];
      tw.pre[g - 1][c] = d;
      tw.new_case[g - 1][c] = d(0) * (P(0, 1) + P(0, 2));
      d = d * P;
      tw.post[g - 1][c] = d;
    }
  }
  return tw;
}

TypedMatrix typed_matrix(const TransitionMatrix& P, double externalizing, double prevention_rr) {
  TypedMatrix T = TypedMatrix::Zero();
  for (int to = 1; to < kStates; ++to) {
    T(0, typed_state(to, kInternalizing)) = P(0, to) * (1 - externalizing) * prevention_rr;
    T(0, typed_state(to, kExternalizing)) = P(0, to) * externalizing;
  }
  T(0, 0) = 1 - T.row(0).tail(kTypedStates - 1).sum();
  for (int from = 1; from < kStates; ++from)
    for (int type = kInternalizing; type <= kExternalizing; ++type)
      for (int to = 0; to < kStates; ++to) T(typed_state(from, type), typed_state(to, type)) = P(from, to);
  return T;
}

TypedTwin run_typed_twin(const MentalHealthParams& mh, const Twin& tw, double externalizing_logodds) {
  TypedTwin out;
  for (int c = 0; c < kCells; ++c) {
    const int sex = sex_of_cell(c);
    TypedDist d = TypedDist::Zero();
    d(0) = 1;
    const TypedMatrix entry = typed_matrix(tw.P[0][c], externalizing_share(mh, sex, 0, externalizing_logodds));
    for (int k = 0; k < mh.entry_burnin_years; ++k) d = d * entry;
    for (int g = 1; g <= kGrades; ++g) {
      const int b = tw.band[g - 1];
      out.pre[g - 1][c] = d;
      d = d * typed_matrix(tw.P[b][c], externalizing_share(mh, sex, b, externalizing_logodds));
      out.post[g - 1][c] = d;
    }
  }
  return out;
}

std::array<double, kCells> population_cell_weights(const PopulationParams& p) {
  std::array<double, kCells> w{};
  for (const County& c : p.counties) {
    auto s = cell_shares(p, c);
    for (int k = 0; k < kCells; ++k) w[k] += c.pupils_per_grade * s[k];
  }
  return w;
}

double twin_share(const Twin& tw, const std::array<double, kCells>& w, int g0, int g1, unsigned states,
                  bool (*use)(int cell), bool after) {
  double num = 0, den = 0;
  for (int g = g0; g <= g1; ++g)
    for (int c = 0; c < kCells; ++c) {
      if (use && !use(c)) continue;
      const StateDist& d = after ? tw.post[g - 1][c] : tw.pre[g - 1][c];
      for (int s = 0; s < kStates; ++s)
        if (states & (1u << s)) num += w[c] * d(s);
      den += w[c];
    }
  return den > 0 ? num / den : 0.0;
}

GradeCellStates twin_history(const Twin& tw, int from_grade, const std::array<double, kStates>& per_year) {
  GradeCellStates out{};
  for (int g = 1; g <= kGrades; ++g)
    for (int c = 0; c < kCells; ++c)
      for (int st = 0; st < kStates; ++st) {
        double e = 0;
        const double now = tw.pre[g - 1][c](st);
        for (int h = from_grade; h < g && now > 0; ++h) {
          TransitionMatrix M = TransitionMatrix::Identity();
          for (int k = h; k < g; ++k) M = M * tw.P[tw.band[k - 1]][c];
          for (int j = 0; j < kStates; ++j) e += tw.pre[h - 1][c](j) * M(j, st) / now * per_year[j];
        }
        out[g - 1][c][st] = e;
      }
  return out;
}

double twin_persistence(const Twin& tw, const std::array<double, kCells>& w, int g0, int years) {
  double num = 0, den = 0;
  for (int c = 0; c < kCells; ++c) {
    const StateDist& d = tw.post[g0 - 1][c];
    StateDist v(0.0, d(1), 0.0);
    den += w[c] * v.sum();
    for (int k = 1; k <= years; ++k) {
      const int g = std::min(g0 + k, kGrades);
      v = v * tw.P[tw.band[g - 1]][c];
    }
    num += w[c] * (v(1) + v(2));
  }
  return den > 0 ? num / den : 0.0;
}

}  // namespace elevsim
