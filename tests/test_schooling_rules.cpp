// Schooling's rules for one pupil and one year (model/schooling_rules.hpp,
// docs/model.md section 6), case by case, without the runner. A word is a
// 32-bit draw; a word below a chance's threshold is a yes.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "schooling_rules.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

constexpr uint32_t kLow = 0, kHigh = UINT32_MAX;  // a word below any chance > 0; one above any < 1
constexpr uint32_t kHalf = 1u << 31;              // to_unit(kHalf - 1) < 0.5 <= to_unit(kHalf)

// (a default-constructed SchoolingParams crashes clang 14's constant evaluator)
SchoolingParams params() { return load_params(params_dir()).schooling; }

// Vg2 leavers pass it first below word 1000; stop after failing a level below
// 100 * (level + 1); påbygg for half the vocational Vg2 passers.
EnrolledChances chances() {
  EnrolledChances c;
  c.vg2_left_passed = 1000;
  for (int lv = 0; lv < kLevels; ++lv) c.fail_stop[lv] = 100u * (lv + 1);
  c.pabygg = word_chance(0.5);
  return c;
}

YearOutcome year_of(uint8_t level, uint8_t programme, bool leaves, bool passes, uint32_t w1, uint32_t w2) {
  const EnrolledChances c = chances();
  return enrolled_year(c, standing(c, level, programme), leaves, passes, w1, w2);
}

}  // namespace

TEST_CASE("schooling rule: mental health lowers the achievement of those followed, by last year's state",
          "[schooling_rules]") {
  CHECK(achievement_loss(0.1f, 0.3f, 0, true) == 0.0f);
  CHECK(achievement_loss(0.1f, 0.3f, 1, true) == 0.1f);   // complaints
  CHECK(achievement_loss(0.1f, 0.3f, 2, true) == 0.3f);   // disorder
  CHECK(achievement_loss(0.1f, 0.3f, 2, false) == 0.0f);  // completed or no longer followed
  for (uint8_t st : {kGrunnskole, kEnrolled, kOut, kNotStarted}) CHECK(followed(st));
  CHECK_FALSE(followed(kCompleted));
  CHECK_FALSE(followed(kDone));
}

TEST_CASE("schooling rule: the autumn after grade 10 a pupil starts Vg1 with vg1_start_prob", "[schooling_rules]") {
  SchoolingParams s = params();
  s.vg1_start_prob = 0.5;
  CHECK(starts_vg1(s, kHalf - 1));
  CHECK_FALSE(starts_vg1(s, kHalf));
  s.vg1_start_prob = 1.0;
  CHECK(starts_vg1(s, kHigh));
}

TEST_CASE("schooling rule: a late start each autumn, until late_start_max_years have passed", "[schooling_rules]") {
  SchoolingParams s = params();
  s.late_start_prob = 0.5;
  s.late_start_max_years = 3;
  const LateStart starts = late_start(s, 3, kLow);
  CHECK(starts.starts);
  CHECK_FALSE(starts.gives_up);  // the last chance taken
  const LateStart waits = late_start(s, 2, kHigh);
  CHECK_FALSE(waits.starts);
  CHECK_FALSE(waits.gives_up);
  const LateStart gives_up = late_start(s, 3, kHigh);
  CHECK_FALSE(gives_up.starts);
  CHECK(gives_up.gives_up);  // no longer followed
}

TEST_CASE("schooling rule: vocational when word 1 is below the logistic of the choice log-odds", "[schooling_rules]") {
  CHECK(programme_chosen(kHalf - 1, 0.0) == 1);  // logistic(0) = 0.5
  CHECK(programme_chosen(kHalf, 0.0) == 0);
  CHECK(programme_chosen(kHigh, 40.0) == 1);
  CHECK(programme_chosen(kLow, -40.0) == 0);
}

TEST_CASE("schooling rule: a fixed chance as a word threshold, exact at 0 and 1", "[schooling_rules]") {
  CHECK_FALSE(word_chance(0.0)(kLow));
  CHECK(word_chance(1.0)(kHigh));
  CHECK(word_chance(0.5)(kHalf - 1));
  CHECK_FALSE(word_chance(0.5)(kHalf));
  for (double p : {1e-9, 0.1, 0.3, 0.77, 1 - 1e-9})
    for (uint32_t w : {kLow, 12345u, kHalf, 3000000000u, kHigh})
      CHECK(word_chance(p)(w) == (Streams::to_unit(w) < p));
}

TEST_CASE("schooling rule: the paths, general Vg1-Vg3, vocational Vg2 then påbygg or the apprenticeship",
          "[schooling_rules]") {
  const WordChance half = word_chance(0.5);
  const auto next = [&](uint8_t programme, uint8_t level, uint32_t w2) {
    return next_level(half, kLevelBits[programme][level], level, w2);
  };
  CHECK(next(0, kVg1, kLow) == kVg2);
  CHECK(next(0, kVg2, kLow) == kVg3);
  CHECK(next(1, kVg1, kLow) == kVg2);
  CHECK(next(1, kVg2, kHalf - 1) == kPabygg);  // with probability pabygg_share
  CHECK(next(1, kVg2, kHalf) == kApprentice1);
  CHECK(next(1, kApprentice1, kLow) == kApprentice2);
  // final levels
  CHECK(kLevelBits[0][kVg3] == kFinal);
  CHECK(kLevelBits[1][kPabygg] == kFinal);
  CHECK(kLevelBits[1][kApprentice2] == kFinal);
  CHECK(kLevelBits[0][kVg2] == 0);
  // cohorts placed at the start: past Vg2, a vocational pupil takes a path as one passing Vg2 does
  CHECK(placed_level(half, kVg2, 1, kLow) == kVg2);
  CHECK(placed_level(half, kVg3, 0, kLow) == kVg3);
  CHECK(placed_level(half, kVg3, 1, kHalf - 1) == kPabygg);
  CHECK(placed_level(half, kVg3, 1, kHalf) == kApprentice1);
}

TEST_CASE("schooling rule: the deadline, year 5 (general) or 6 (vocational) after first starting Vg1",
          "[schooling_rules]") {
  const Windows w = {5, 6};
  CHECK(within_window(w, 0, 2020, 2020));  // the Vg1 year is year 1
  CHECK(within_window(w, 0, 2024, 2020));
  CHECK_FALSE(within_window(w, 0, 2025, 2020));
  CHECK(within_window(w, 1, 2025, 2020));
  CHECK_FALSE(within_window(w, 1, 2026, 2020));
  // the deadline comes at the end of the window's last year
  CHECK_FALSE(deadline_at_end(w, 0, 2023, 2020));
  CHECK(deadline_at_end(w, 0, 2024, 2020));
  CHECK_FALSE(deadline_at_end(w, 1, 2024, 2020));
  CHECK(deadline_at_end(w, 1, 2025, 2020));
}

TEST_CASE("schooling rule: a non-completer at the deadline is counted by where it stands", "[schooling_rules]") {
  CHECK(noncompleter_status(kEnrolled, kVg3, true) == kStillEnrolled);
  CHECK(noncompleter_status(kOut, kVg1, false) == kNoLevelPassed);
  CHECK(noncompleter_status(kOut, kVg2, false) == kPassedVg1);
  CHECK(noncompleter_status(kOut, kVg3, false) == kPassedVg2);
  CHECK(noncompleter_status(kOut, kApprentice1, false) == kPassedVg2);
  CHECK(noncompleter_status(kOut, kVg3, true) == kFinalNotPassed);
}

TEST_CASE("schooling rule: an enrolled pupil who stays and passes moves up, or completes a final level",
          "[schooling_rules]") {
  const YearOutcome up = year_of(kVg1, 0, false, true, kHigh, kHigh);
  CHECK(up.level == kVg2);
  CHECK_FALSE(up.stops);
  CHECK_FALSE(up.completes);
  CHECK(year_of(kVg2, 1, false, true, kHigh, kLow).level == kPabygg);  // word 2 picks the path
  CHECK(year_of(kVg2, 1, false, true, kHigh, kHigh).level == kApprentice1);
  for (auto [programme, level] : {std::pair<uint8_t, uint8_t>{0, kVg3}, {1, kPabygg}, {1, kApprentice2}}) {
    const YearOutcome done = year_of(level, programme, false, true, kLow, kLow);
    CHECK(done.completes);
    CHECK(done.level == level);
    CHECK_FALSE(done.stops);
    CHECK_FALSE(done.failed_final);
  }
}

TEST_CASE("schooling rule: an enrolled pupil who stays and fails repeats, or stops with fail_stop[level]",
          "[schooling_rules]") {
  const YearOutcome repeats = year_of(kVg2, 0, false, false, kLow, 200);  // fail_stop[Vg2] = 200
  CHECK(repeats.level == kVg2);
  CHECK_FALSE(repeats.stops);
  CHECK_FALSE(repeats.failed_final);
  const YearOutcome stops = year_of(kVg2, 0, false, false, kLow, 199);
  CHECK(stops.stops);
  CHECK(stops.level == kVg2);  // out, to return to the level failed
  // failing a final level is remembered, whether the pupil repeats or stops
  CHECK(year_of(kVg3, 0, false, false, kLow, kHigh).failed_final);
  CHECK(year_of(kVg3, 0, false, false, kLow, kLow).failed_final);
  CHECK_FALSE(year_of(kVg3, 0, false, false, kLow, kLow).completes);
}

TEST_CASE("schooling rule: a leaver is out, and one leaving during Vg2 passed it first with vg2_leave_passed",
          "[schooling_rules]") {
  const YearOutcome left = year_of(kVg1, 0, true, true, kLow, kLow);  // passing is not used
  CHECK(left.stops);
  CHECK(left.level == kVg1);
  CHECK_FALSE(left.completes);
  CHECK_FALSE(left.failed_final);
  CHECK(year_of(kVg2, 0, true, false, 999, kHigh).level == kVg3);  // word 1 below vg2_left_passed
  CHECK(year_of(kVg2, 0, true, false, 1000, kHigh).level == kVg2);
  CHECK(year_of(kVg2, 1, true, false, 999, kLow).level == kPabygg);  // word 2 picks the path
  CHECK(year_of(kVg2, 1, true, false, 999, kHigh).level == kApprentice1);
  CHECK_FALSE(year_of(kVg3, 0, true, true, kLow, kLow).completes);  // leaving a final level
  CHECK_FALSE(year_of(kVg3, 0, true, false, kLow, kLow).failed_final);
}

TEST_CASE("schooling rule: out of school, back next autumn unless the deadline comes first", "[schooling_rules]") {
  SchoolingParams s = params();
  s.return_intercept = -1.0;
  s.return_per_year_out = -0.5;
  s.return_achievement = 0.25;
  CHECK(return_logodds(s, 2, 0.4) == -1.0 - 0.5 * 2 + 0.25 * 0.4);
  const Windows w = {5, 6};
  const OutYear back = out_year(w, 0, 2022, 2020, true);
  CHECK(back.returns);
  CHECK_FALSE(back.deadline);
  CHECK_FALSE(out_year(w, 0, 2022, 2020, false).returns);
  const OutYear late = out_year(w, 0, 2024, 2020, true);  // would return in year 6
  CHECK_FALSE(late.returns);
  CHECK(late.deadline);
  CHECK(out_year(w, 1, 2024, 2020, true).returns);  // vocational: a year more
}

TEST_CASE("schooling tallies: (stratum, background, programme) in that order", "[schooling_rules]") {
  CHECK(demo_of(0, 0, 0) == 0);
  CHECK(demo_of(0, 0, 1) == 1);
  CHECK(demo_of(0, 1, 0) == kProgrammes);
  CHECK(demo_of(2, 1, 1) == (2 * kBackgrounds + 1) * kProgrammes + 1);
}
