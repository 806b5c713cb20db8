// The batched services path reads two tables that claim to be exact
// (services_tables.hpp): the withdrawal weeks by the top kWithdrawBits bits
// of the draw's word, and the treatment shift by whole weeks waited. Each
// entry is checked here against the rule it is filled from
// (services_rules.hpp): a tabled withdrawal is the computed one for every
// word of its bucket tried (both ends, and random words inside), at the
// parameter file's hazard and a range around it; a bucket left to the rule
// (-1) is one where the weeks change.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "helpers.hpp"
#include "services_rules.hpp"
#include "services_tables.hpp"
#include "uncertain.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

// withdraw_per_week of params/services.toml (a fixed value: it has no PSA
// range), and hazards from a tenth of it to a hundred times it.
std::vector<double> hazards() {
  const double file = load_params(params_dir()).services.withdraw_per_week;
  REQUIRE(file > 0);
  std::vector<double> h = {file};
  for (double f : {0.1, 0.2, 0.5, 2.0, 5.0, 10.0, 40.0, 100.0}) h.push_back(file * f);
  return h;
}

}  // namespace

TEST_CASE("withdraw_table: every tabled bucket gives withdraw_weeks for every word tried",
          "[services][services_tables]") {
  constexpr uint32_t n = 1u << kWithdrawBits, shift = 32 - kWithdrawBits;
  std::mt19937 gen(20);
  std::uniform_int_distribution<uint32_t> inside(0, (1u << shift) - 1);
  for (const double h : hazards()) {
    CAPTURE(h);
    const double ls = weekly_log_stay(h);
    const std::vector<int16_t>& table = withdraw_table(ls);
    REQUIRE(table.size() == n);
    uint32_t tabled = 0, mismatches = 0, wrong_left = 0;
    for (uint32_t b = 0; b < n; ++b) {
      const uint32_t first = b << shift, last = first | ((1u << shift) - 1);
      const double at_first = withdraw_weeks(first, ls);
      if (table[b] < 0) {
        // left to the rule: the weeks at this bucket's first word and the
        // next bucket's differ, or lie outside int16
        const double at_next = withdraw_weeks(b + 1 < n ? (b + 1) << shift : 0xFFFFFFFFu, ls);
        wrong_left += at_first == at_next && at_first >= 0 && at_first < 32767;
        continue;
      }
      ++tabled;
      std::vector<uint32_t> words = {first, first + 1, last - 1, last};
      for (int r = 0; r < 8; ++r) words.push_back(first | inside(gen));
      for (const uint32_t u : words) {
        mismatches += withdraw_weeks(u, ls) != table[b];
        // and the week it gives, as the batched path (an int) and the rule (a double) clamp it
        mismatches += withdrawn_by(31990, static_cast<int>(table[b])) != withdraw_week(31990, u, h);
        mismatches += withdrawn_by(-520, static_cast<int>(table[b])) != withdraw_week(-520, u, h);
      }
    }
    CHECK(mismatches == 0);
    CHECK(wrong_left == 0);
    // the table decides most words (at the file's hazard about 14 in 15)
    CHECK(tabled > n / 2);
  }
}

TEST_CASE("withdraw_table: the weeks never rise with the word, so a bucket's ends decide it",
          "[services][services_tables]") {
  // what the table's exactness rests on, checked on a fine grid of words
  for (const double h : hazards()) {
    CAPTURE(h);
    const double ls = weekly_log_stay(h);
    double before = withdraw_weeks(0, ls);
    uint32_t rises = 0;
    for (uint64_t u = 1; u <= 0xFFFFFFFFull; u += 4099) {
      const double here = withdraw_weeks(static_cast<uint32_t>(u), ls);
      rises += here > before;
      before = here;
    }
    CHECK(rises == 0);
  }
}

TEST_CASE("treatment_shift_table: every tabled wait is the computed shift exactly", "[services][services_tables]") {
  const Params p = load_params(params_dir());
  const ServicesParams& S = p.services;
  const Uncertain& scale = S.treatment_effect_scale;
  for (int k = 0; k < kServices; ++k) {
    // the service's effect at the scale's value and its PSA range's ends
    for (const double m : {scale.value, scale.low, scale.high}) {
      for (const double halving : {S.wait_halving_weeks, 1.0, 4.0, 52.0}) {
        const double effect = S.service[k].treatment_effect * m;
        CAPTURE(k, m, halving);
        const std::vector<float> table = treatment_shift_table(effect, halving);
        REQUIRE(table.size() == static_cast<size_t>(kTabledWaits));
        int mismatches = 0;
        for (int w = 0; w < kTabledWaits; ++w)
          mismatches += table[w] != static_cast<float>(treatment_shift(effect, w, halving));
        CHECK(mismatches == 0);
      }
    }
  }
}
