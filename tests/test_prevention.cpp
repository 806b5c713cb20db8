// Universal prevention and problem types at the level of transition rates:
// the rule (mh_year) by exact tallies over a lattice of draws, the typed
// twin's algebra, the decay of a delivered effect, and the first funded year
// of a simulated programme against the baseline (common random numbers).
#include <catch2/catch.hpp>

#include <cmath>

#include "helpers.hpp"
#include "interventions.hpp"
#include "mh_realise.hpp"
#include "query.hpp"
#include "twin.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

// N evenly spaced draws: a threshold for probability k/N lets exactly k of them through.
constexpr int kLattice = 40;
uint32_t lattice(int j) { return static_cast<uint32_t>((j + 0.5) / kLattice * 4294967296.0); }
uint32_t thr(double p) { return Streams::threshold(p); }

struct Counts {
  // [destination state][type]: outcomes of kLattice^3 equally likely draws
  std::array<std::array<long, 3>, kStates> n{};
  long onsets = 0;
};

Counts tally(uint8_t state, uint8_t type, double p0, double p1, double ext, double prevented) {
  Counts c;
  const std::array<uint32_t, 2> th{thr(p0), thr(p0 + p1)};
  for (int a = 0; a < kLattice; ++a)
    for (int b = 0; b < kLattice; ++b)
      for (int d = 0; d < kLattice; ++d) {
        const MhYear y = mh_year(state, type, th, thr(ext), thr(prevented), lattice(a), lattice(b), lattice(d));
        ++c.n[y.state][y.type];
        c.onsets += y.onset;
      }
  return c;
}

}  // namespace

TEST_CASE("prevention lowers internalizing onset only, by its risk ratio (exact tallies of the rule)",
          "[prevention][rule]") {
  constexpr long N = static_cast<long>(kLattice) * kLattice * kLattice;
  // from state 0: onset to 1 with 0.1, to 2 with 0.05; 30 % of new cases externalizing
  const Counts none = tally(0, kNoType, 0.10, 0.05, 0.30, 0.0);
  const Counts prev = tally(0, kNoType, 0.10, 0.05, 0.30, 0.40);  // risk ratio 0.6
  // p(onset to s, type) = p_s x share x (rr for internalizing): exact multiples of 1/N
  CHECK(none.n[1][kInternalizing] == std::lround(N * 0.10 * 0.70));
  CHECK(none.n[1][kExternalizing] == std::lround(N * 0.10 * 0.30));
  CHECK(prev.n[1][kInternalizing] == std::lround(N * 0.10 * 0.70 * 0.60));
  CHECK(prev.n[2][kInternalizing] == std::lround(N * 0.05 * 0.70 * 0.60));
  // externalizing onset unchanged by prevention
  CHECK(prev.n[1][kExternalizing] == none.n[1][kExternalizing]);
  CHECK(prev.n[2][kExternalizing] == none.n[2][kExternalizing]);
  CHECK(prev.onsets == none.onsets - std::lround(N * 0.15 * 0.70 * 0.40));
  // from state 1 (worsening to 2 with 0.1, remission to 0 with 0.3) and state 2: prevention changes nothing
  for (uint8_t type : {kInternalizing, kExternalizing}) {
    const Counts a = tally(1, type, 0.30, 0.10, 0.30, 0.0), b = tally(1, type, 0.30, 0.10, 0.30, 0.9);
    CHECK(a.n == b.n);
    CHECK(a.n[2][type] == std::lround(N * 0.10));  // the type is kept
    CHECK(a.n[0][kNoType] == std::lround(N * 0.30));
    const Counts c = tally(2, type, 0.20, 0.10, 0.30, 0.0), d = tally(2, type, 0.20, 0.10, 0.30, 0.9);
    CHECK(c.n == d.n);
    CHECK(c.onsets == 0);
  }
}

TEST_CASE("the typed twin: prevention scales the internalizing onset entries only, and types sum to the "
          "three-state twin", "[prevention][twin]") {
  const Params p = load_params(params_dir());
  const MentalHealthParams& mh = p.mental_health;
  const TransitionTable T = expected_transition_table(mh);
  for (int b = 0; b < kBands; ++b)
    for (int c : {0, 17, kCells - 1}) {
      const double e = externalizing_share(mh, sex_of_cell(c), b);
      const TypedMatrix A = typed_matrix(T[b][c], e, 1.0), B = typed_matrix(T[b][c], e, 0.7);
      for (int to = 1; to < kStates; ++to) {
        CHECK(B(0, typed_state(to, kInternalizing)) == Approx(0.7 * A(0, typed_state(to, kInternalizing))));
        CHECK(B(0, typed_state(to, kExternalizing)) == A(0, typed_state(to, kExternalizing)));
      }
      // rows of cases (worsening, remission, improvement) unchanged
      CHECK(B.bottomRows(kTypedStates - 1) == A.bottomRows(kTypedStates - 1));
      for (int r = 0; r < kTypedStates; ++r) CHECK(B.row(r).sum() == Approx(1.0).epsilon(1e-12));
    }
  const Twin tw = run_twin(mh, true);
  const TypedTwin typed = run_typed_twin(mh, tw);
  for (int g = 1; g <= kGrades; ++g)
    for (int c = 0; c < kCells; ++c) {
      const TypedDist& d = typed.post[g - 1][c];
      CHECK(d(0) == Approx(tw.post[g - 1][c](0)).margin(1e-12));
      for (int s = 1; s < kStates; ++s)
        CHECK(d(typed_state(s, kInternalizing)) + d(typed_state(s, kExternalizing)) ==
              Approx(tw.post[g - 1][c](s)).margin(1e-12));
    }
}

TEST_CASE("a delivered prevention effect decays as carryover^k, does not add up, and is gone when carryover is 0",
          "[prevention]") {
  CHECK(prevention_risk_ratio(0.8, 0.5, 0) == Approx(0.8));
  CHECK(prevention_risk_ratio(0.8, 0.5, 1) == Approx(0.9));
  CHECK(prevention_risk_ratio(0.8, 0.5, 2) == Approx(0.95));
  CHECK(prevention_risk_ratio(0.8, 0.0, 1) == 1.0f);
  CHECK(prevention_risk_ratio(0.8, 0.5, kNeverDelivered) == 1.0f);
  CHECK(prevention_risk_ratio(1.0, 0.5, 0) == 1.0f);  // no effect stays no effect
}

TEST_CASE("in the first funded year prevention lowers internalizing new cases and leaves externalizing ones "
          "and worsening exactly as in the baseline", "[prevention][crn]") {
  TempDir dir;
  Scenario base = load_scenario(baseline_path());
  Scenario prev = scenario_file(dir, "prevention", grant("per_capita", 300e6, "universal_prevention = 1.0"), 2);
  RunOptions o = run_options(2, 4242u, 0.05);
  o.psa = false;
  base.years = 2;
  RunResult r = run_in_memory(make_plan({base, prev}, params_dir(), o));
  auto new_cases = [&](int s, int type, int year) {
    return Query(dataset(r, "mh_new_cases_by_type", s)).where("year", year).where("problem_type", type).sum();
  };
  // year 0: every pupil starts the year as in the baseline
  CHECK(new_cases(1, 1, 0) == new_cases(0, 1, 0));  // externalizing
  CHECK(new_cases(1, 0, 0) < new_cases(0, 0, 0));   // internalizing
  // pupils in state 2 who were in state 1 at the start of year 0 are the same pupils: compare the
  // disorder cases, which only onset (fewer) and worsening (the same) create in year 0
  const double dis_prev = Query(dataset(r, "mh_disorder", 1)).where("year", 0).sum();
  const double dis_base = Query(dataset(r, "mh_disorder", 0)).where("year", 0).sum();
  CHECK(dis_prev <= dis_base);
}
