// Tallies (core/tally.hpp): a coarser tally derived from a finer one, and the
// mental-health datasets that are derived that way. A pupil is counted once,
// in the tallies by state and type; mh_complaints, mh_disorder and
// mh_new_cases are their sums over types.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "query.hpp"
#include "tally.hpp"

using namespace elevsim;
using namespace elevsim::test;

TEST_CASE("sum_inner adds the chosen inner entries of every (year, stratum, grade) and nothing else", "[tally]") {
  GradeTally<4> t;
  t.years = 2;
  t.strata = 3;
  const size_t cells = static_cast<size_t>(t.years) * t.strata * kGrades;
  t.n.resize(cells * 4);
  for (size_t i = 0; i < t.n.size(); ++i) t.n[i] = static_cast<uint32_t>(i * 7 + 1);
  const Tally first = sum_inner(t, 0, 2), second = sum_inner(t, 2, 2), one = sum_inner(t, 3, 1);
  REQUIRE(first.n.size() == cells);
  CHECK(first.years == 2);
  CHECK(first.strata == 3);
  for (size_t c = 0; c < cells; ++c) {
    CHECK(first.n[c] == t.n[4 * c] + t.n[4 * c + 1]);
    CHECK(second.n[c] == t.n[4 * c + 2] + t.n[4 * c + 3]);
    CHECK(one.n[c] == t.n[4 * c + 3]);
  }
}

TEST_CASE("complaints, disorder and new cases by county are the by-type datasets summed over types and counties",
          "[mental_health][tally]") {
  const RunResult r = run_baseline(2, 777u, 0.05, 0, 3);
  const Dataset &by_type = dataset(r, "mh_cases_by_type"), &new_by_type = dataset(r, "mh_new_cases_by_type");
  for (int year = 0; year < 3; ++year) {
    const double complaints = Query(dataset(r, "mh_complaints")).where("year", year).sum();
    const double disorder = Query(dataset(r, "mh_disorder")).where("year", year).sum();
    const double new_cases = Query(dataset(r, "mh_new_cases")).where("year", year).sum();
    REQUIRE(complaints > 0);
    REQUIRE(disorder > 0);
    REQUIRE(new_cases > 0);
    // weighted in another order (by county, then nationally): equal to rounding
    CHECK(Query(by_type).where("year", year).where("case_state", 0).sum() == Approx(complaints).epsilon(1e-12));
    CHECK(Query(by_type).where("year", year).where("case_state", 1).sum() == Approx(disorder).epsilon(1e-12));
    CHECK(Query(new_by_type).where("year", year).sum() == Approx(new_cases).epsilon(1e-12));
  }
}
