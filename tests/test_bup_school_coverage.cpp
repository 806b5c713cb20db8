// BUP clinicians at school reach the share of pupils their FTE cover at the
// pilot's staffing (help_seeking.cpp, params/services.toml).
#include <catch2/catch.hpp>

#include "help_seeking.hpp"
#include "helpers.hpp"

using namespace elevsim;
using namespace elevsim::test;

TEST_CASE("BUP-at-school coverage is FTE over the pilot's staffing, 1 at or above it", "[services][bup_school]") {
  const Params p = load_params(params_dir());
  const ServicesParams& S = p.services;
  const double ppg = 5000;  // pupils per grade of a county
  const double pupils = ppg * 3;  // grades 11-13
  const double full = S.bup_school_full_fte_per_1000_pupils * pupils / 1000;
  REQUIRE(S.fte(kBupSchool, 0, ppg) == 0);  // none in the baseline
  CHECK(bup_school_coverage(S, 0, ppg, 0) == 0);
  CHECK(bup_school_coverage(S, 0, ppg, full / 4) == Approx(0.25));
  CHECK(bup_school_coverage(S, 0, ppg, full) == 1.0);
  CHECK(bup_school_coverage(S, 0, ppg, 3 * full) == 1.0);
}
