// Mental health's rules for one pupil (model/mh_transitions.hpp, spec section
// 2 and, for prevention, section 5), case by case, without the runner: the
// year (mh_year: word 0 the transition, word 1 the type of a new case, word 2
// whether prevention stops an internalizing onset), years in state, the start
// state; and the exactness claims the batched path rests on: the state-0 stay
// shortcut of MentalHealth::stay_flags and the memo of treated pupils' rows
// (ShiftedThresholds).
#include <catch2/catch.hpp>

#include <random>

#include "helpers.hpp"
#include "mh_transitions.hpp"
#include "shifted_thresholds.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

// a row: to kDest[origin][0] below 1000, to kDest[origin][1] below 3000, else stay
constexpr RowThresholds kRow{1000, 3000};
constexpr uint32_t kExt = 500;  // a new case is externalizing when word 1 is below 500

MhYear year(uint8_t state, uint8_t type, uint32_t w0, uint32_t w1 = 0xFFFFFFFFu, uint32_t w2 = 0xFFFFFFFFu,
            uint32_t prevented = 0) {
  return mh_year(state, type, kRow, kExt, prevented, w0, w1, w2);
}

}  // namespace

TEST_CASE("mh rule: word 0 at or above the row's second threshold stays, type kept, no onset", "[mh_rule]") {
  for (uint32_t w0 : {3000u, 3001u, 0xFFFFFFFFu}) {
    const MhYear a = year(0, kNoType, w0, 0, 0, 0xFFFFFFFFu);
    CHECK((a.state == 0 && a.type == kNoType && !a.onset));
    const MhYear b = year(1, kExternalizing, w0);
    CHECK((b.state == 1 && b.type == kExternalizing && !b.onset));
    const MhYear c = year(2, kInternalizing, w0);
    CHECK((c.state == 2 && c.type == kInternalizing && !c.onset));
  }
}

TEST_CASE("mh rule: onset from state 0, to complaints below the first threshold, to disorder below the second, "
          "its type from word 1",
          "[mh_rule]") {
  const MhYear a = year(0, kNoType, 999, 499);
  CHECK((a.state == 1 && a.type == kExternalizing && a.onset));
  const MhYear b = year(0, kNoType, 0, 500);
  CHECK((b.state == 1 && b.type == kInternalizing && b.onset));
  const MhYear c = year(0, kNoType, 1000, 0);
  CHECK((c.state == 2 && c.type == kExternalizing && c.onset));
  const MhYear d = year(0, kNoType, 2999, 0xFFFFFFFFu);
  CHECK((d.state == 2 && d.type == kInternalizing && d.onset));
}

TEST_CASE("mh rule: prevention stops an internalizing onset when word 2 is below its threshold, and nothing else",
          "[mh_rule][prevention]") {
  constexpr uint32_t prevented = 2000;
  // an internalizing onset: stopped below the threshold, not at it
  const MhYear a = year(0, kNoType, 10, kExt, 1999, prevented);
  CHECK((a.state == 0 && a.type == kNoType && !a.onset));
  const MhYear b = year(0, kNoType, 2000, kExt, 2000, prevented);
  CHECK((b.state == 2 && b.type == kInternalizing && b.onset));
  // an externalizing onset is never stopped
  const MhYear c = year(0, kNoType, 10, 0, 0, 0xFFFFFFFFu);
  CHECK((c.state == 1 && c.type == kExternalizing && c.onset));
  // worsening (1 -> 2) and the moves of cases are untouched
  const MhYear d = year(1, kInternalizing, 2000, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  CHECK((d.state == 2 && d.type == kInternalizing && !d.onset));
  const MhYear e = year(2, kInternalizing, 3000, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  CHECK((e.state == 2 && e.type == kInternalizing));
  // the threshold of a risk ratio: 1 - rr, none at rr >= 1
  CHECK(prevention_threshold(1.0f) == 0u);
  CHECK(prevention_threshold(1.5f) == 0u);
  CHECK(prevention_threshold(0.6f) == Streams::threshold(1.0 - 0.6f));
  CHECK(prevention_threshold(0.0f) == 0xFFFFFFFFu);
}

TEST_CASE("mh rule: recovery and worsening, remission to state 0 clears the type, other moves keep it",
          "[mh_rule]") {
  // from 1: remission to 0, worsening to 2
  const MhYear a = year(1, kExternalizing, 999);
  CHECK((a.state == 0 && a.type == kNoType && !a.onset));
  const MhYear b = year(1, kExternalizing, 1000);
  CHECK((b.state == 2 && b.type == kExternalizing && !b.onset));
  // from 2: to kDest[2][0] = 0 below the first threshold, to kDest[2][1] = 1 below the second
  const MhYear c = year(2, kInternalizing, 0);
  CHECK((c.state == 0 && c.type == kNoType && !c.onset));
  const MhYear d = year(2, kInternalizing, 2999);
  CHECK((d.state == 1 && d.type == kInternalizing && !d.onset));
  // word 1 and word 2 decide nothing for a case
  CHECK(year(1, kInternalizing, 999, 0, 0, 0xFFFFFFFFu).state == 0);
  CHECK(year(2, kInternalizing, 1000, 0, 0, 0xFFFFFFFFu).type == kInternalizing);
}

TEST_CASE("mh rule: years in state count up by one a year that stays, to at most 255, and restart at 0 after a move",
          "[mh_rule]") {
  CHECK(years_in_state(0, true) == 1);
  CHECK(years_in_state(7, true) == 8);
  CHECK(years_in_state(254, true) == 255);
  CHECK(years_in_state(255, true) == 255);
  CHECK(years_in_state(7, false) == 0);
  CHECK(years_in_state(255, false) == 0);
}

TEST_CASE("mh rule: a start state from the twin's distribution, and in state 1 or 2 a type", "[mh_rule]") {
  const std::array<uint32_t, 2> th{100, 200}, ext{50, 150};  // externalizing shares of states 1 and 2
  const MhStart a = mh_start(th, ext, 99, 0);
  CHECK((a.state == 0 && a.type == kNoType));
  const MhStart b = mh_start(th, ext, 100, 49);
  CHECK((b.state == 1 && b.type == kExternalizing));
  const MhStart c = mh_start(th, ext, 199, 50);
  CHECK((c.state == 1 && c.type == kInternalizing));
  const MhStart d = mh_start(th, ext, 200, 149);
  CHECK((d.state == 2 && d.type == kExternalizing));
  const MhStart e = mh_start(th, ext, 0xFFFFFFFFu, 150);
  CHECK((e.state == 2 && e.type == kInternalizing));
}

// The claim MentalHealth::stay_flags rests on: a pupil in state 0 whose word 0
// is at or above its row's threshold [1] (the one stay_flags compares with)
// only adds a year in state 0, whatever its prevention and its words 1 and 2;
// and one below it leaves state 0 unless prevention stops it.
TEST_CASE("mh rule: the state-0 stay shortcut is what mh_year does, in every band and cell",
          "[mh_rule][stay_flags]") {
  const Params p = load_params(params_dir());
  const MentalHealthParams& mh = p.mental_health;
  const ThresholdTable T = threshold_table(mh);
  const uint32_t words[] = {0u, 1u, 0x7FFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFFu};
  long checked = 0;
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c) {
      const RowThresholds th = T[b][c][0];
      REQUIRE(th[0] <= th[1]);
      for (int s = 0; s < kSexes; ++s) {
        const uint32_t ext = Streams::threshold(externalizing_share(mh, s, b));
        for (uint32_t w0 : {th[1], th[1] + 1, th[1] + (0xFFFFFFFFu - th[1]) / 2, 0xFFFFFFFFu})
          for (uint32_t prevented : words)
            for (uint32_t w1 : words)
              for (uint32_t w2 : words) {
                const MhYear y = mh_year(0, kNoType, th, ext, prevented, w0, w1, w2);
                CHECK((y.state == 0 && y.type == kNoType && !y.onset));
                ++checked;
              }
        // just below it: an onset, unless prevention stops an internalizing one
        if (th[1] > 0) CHECK(mh_year(0, kNoType, th, ext, 0, th[1] - 1, 0, 0).onset);
      }
    }
  CHECK(checked == static_cast<long>(kBands) * kCells * kSexes * 4 * 125);
  // and for any row: the claim does not depend on the shipped parameters
  std::mt19937 gen(20);
  for (int k = 0; k < 20000; ++k) {
    uint32_t a = gen(), z = gen();
    if (a > z) std::swap(a, z);
    const uint32_t w0 = z + static_cast<uint32_t>(gen() % (0xFFFFFFFFull - z + 1));
    const MhYear y = mh_year(0, kNoType, {a, z}, gen(), gen(), w0, gen(), gen());
    CHECK((y.state == 0 && y.type == kNoType && !y.onset));
  }
}

TEST_CASE("mh rule: the threshold table is each row's thresholds, the memo of treated rows returns what "
          "transition_row gives",
          "[mh_rule][shifted_thresholds]") {
  const Params p = load_params(params_dir());
  const MentalHealthParams& mh = p.mental_health;
  const ThresholdTable T = threshold_table(mh);
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c)
      for (int o = 0; o < kStates; ++o) CHECK(T[b][c][o] == row_thresholds(transition_row(mh, b, c, o, 0.0, 0.0)));
  // many shifts, each asked for again and again, in an order that makes slots collide
  ShiftedThresholds memo;
  memo.clear();
  std::mt19937 gen(7);
  std::vector<float> shifts{0.25f, -0.0f, 1e-30f, 0.5f, 0.50000006f};
  for (int k = 0; k < 200; ++k) shifts.push_back(std::uniform_real_distribution<float>(-1.0f, 3.0f)(gen));
  long asked = 0;
  for (int round = 0; round < 3; ++round)
    for (float d : shifts)
      for (int b = 0; b < kBands; ++b)
        for (int c = round; c < kCells; c += 7)
          for (int o = 0; o < kStates; ++o) {
            CHECK(memo.get(mh, b, c, o, d) == row_thresholds(transition_row(mh, b, c, o, 0.0, d)));
            ++asked;
          }
  CHECK(asked > 1u << 12);  // more keys than the memo has slots
}

TEST_CASE("mh rule: the word's outcome is the number of the row's thresholds at or below it", "[mh_rule]") {
  CHECK(row_outcome(kRow, 0) == 0);
  CHECK(row_outcome(kRow, 999) == 0);
  CHECK(row_outcome(kRow, 1000) == 1);
  CHECK(row_outcome(kRow, 2999) == 1);
  CHECK(row_outcome(kRow, 3000) == 2);
  CHECK(row_outcome(kRow, 0xFFFFFFFFu) == 2);
  // a destination of probability 0: no word reaches it
  CHECK(row_outcome({1000, 1000}, 999) == 0);
  CHECK(row_outcome({1000, 1000}, 1000) == 2);
  CHECK(row_outcome({0, 0}, 0) == 2);
  // the outcomes in draw order: the two destinations, then staying
  for (int o = 0; o < kStates; ++o) {
    CHECK(kOutcome[o][0] == kDest[o][0]);
    CHECK(kOutcome[o][1] == kDest[o][1]);
    CHECK(kOutcome[o][2] == o);
  }
}
