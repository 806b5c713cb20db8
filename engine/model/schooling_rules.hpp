#pragma once
// Schooling's rules for one pupil and one year (docs/model.md section 6,
// "Schooling"; spec s.3), each once: the batched passes (schooling_enrolled.cpp)
// and the reference path (schooling_reference.cpp, ELEVSIM_KERNELS=reference)
// both decide through these functions; tests/test_schooling_rules.cpp states
// them case by case. A word is a 32-bit draw; Streams::to_unit(w) its uniform.
#include <algorithm>
#include <array>
#include <cstdint>

#include "logistic_block.hpp"
#include "params.hpp"
#include "people.hpp"
#include "rng.hpp"
#include "schooling_params.hpp"

namespace elevsim {

// A yes (1) or no (0) of a rule: a byte rather than a bool, so that the batched
// passes, which call the rules for a block of pupils, vectorise (GCC 12 does
// not vectorise bools that mix with 32-bit compares).
using Flag = uint8_t;

// ---- Mental health lowers achievement (section 6, "Mental health lowers achievement")

// A pupil still in school or followed is followed: not completed, not done.
inline bool followed(uint8_t school) { return (school != kDone) & (school != kCompleted); }

// The achievement lost this year by a pupil in mental-health state mh_state
// at the end of last year: `complaints` in state 1, `disorder` in state 2,
// none in state 0 or when no longer followed (then 0: a - 0.0f is a).
inline float achievement_loss(float complaints, float disorder, uint8_t mh_state, bool is_followed) {
  const float loss = mh_state == 1 ? complaints : mh_state == 2 ? disorder : 0.0f;
  return is_followed ? loss : 0.0f;
}

// ---- Entering upper secondary (section 6, "Entering upper secondary")

// The autumn after grade 10: starts Vg1 with probability vg1_start_prob (word 0 of SchoolEntry).
inline bool starts_vg1(const SchoolingParams& s, uint32_t w0) { return Streams::to_unit(w0) < s.vg1_start_prob; }

// A pupil who has not started: years_out counts the autumns since grade 10,
// this one included. Starts with probability late_start_prob (word 0 of
// SchoolLateStart); one who does not and has waited late_start_max_years is no
// longer followed (gives up).
struct LateStart {
  bool starts = false, gives_up = false;
};
inline LateStart late_start(const SchoolingParams& s, int years_out, uint32_t w0) {
  LateStart r;
  r.starts = Streams::to_unit(w0) < s.late_start_prob;
  r.gives_up = !r.starts && years_out >= s.late_start_max_years;
  return r;
}

// A starter chooses the vocational programme (1) when word 1 of its
// SchoolEntry draw is below the logistic of its choice log-odds
// (Schooling::choice_logodds), else general (0).
inline uint8_t programme_chosen(uint32_t w1, double choice_logodds) {
  return below_logistic(w1, choice_logodds) ? 1 : 0;
}

// ---- Paths through upper secondary (section 6, "Levels" and "Paths")

// to_unit(w) < p for a fixed p, as a compare of words: w < below, or every
// word when p * 2^32 rounds past the last word (p = 1).
struct WordChance {
  uint32_t below = 0;
  Flag all = 0;
  Flag operator()(uint32_t w) const { return (w < below) | all; }
};
inline WordChance word_chance(double p) {
  const int64_t k = words_below(p);
  return {static_cast<uint32_t>(std::min<int64_t>(k, UINT32_MAX)), k > UINT32_MAX};
}

// Per (programme, level): whether it is the final level (Vg3 for general;
// påbygg or the second apprenticeship year for vocational), and whether
// passing it means choosing a path (vocational Vg2). A table, not
// comparisons: the batched pass reads it once per pupil.
enum LevelBits : uint8_t { kFinal = 1, kChoosePath = 2 };
inline constexpr std::array<std::array<uint8_t, kLevels>, kProgrammes> kLevelBits = {{
    {0, 0, kFinal, 0, 0, 0},                 // general: Vg1, Vg2, Vg3 (final)
    {0, kChoosePath, 0, kFinal, 0, kFinal},  // vocational: Vg1, Vg2, (Vg3), påbygg, apprentice 1, 2
}};
static_assert(kVg1 == 0 && kVg2 == 1 && kVg3 == 2 && kPabygg == 3 && kApprentice1 == 4 && kApprentice2 == 5);

// The level after passing `level`, whose path bits are kLevelBits[programme][level]:
// the next one, but after vocational Vg2 påbygg (when word w2 says so, with
// probability pabygg_share) or the apprenticeship.
inline uint8_t next_level(const WordChance& pabygg, uint8_t path, uint8_t level, uint32_t w2) {
  if (path & kChoosePath) return pabygg(w2) ? kPabygg : kApprentice1;
  return static_cast<uint8_t>(level + 1);
}

// A pupil placed at `level` when the run starts (cohorts already in upper
// secondary): past Vg2, a vocational pupil is on påbygg or the apprenticeship
// as one passing Vg2 now would be (word 2 of SchoolEntry).
inline uint8_t placed_level(const WordChance& pabygg, int level, uint8_t programme, uint32_t w2) {
  if (level != kVg3) return static_cast<uint8_t>(level);
  return next_level(pabygg, kLevelBits[programme][kVg2], kVg2, w2);
}

// ---- The deadline (section 6, "Deadline and completion")

// The completion windows by programme: window_general, window_vocational.
using Windows = std::array<int, kProgrammes>;
inline Windows windows(const SchoolingParams& s) { return {s.window_general, s.window_vocational}; }

// SSB's rule: in calendar year `year`, a pupil who first started Vg1 in
// vg1_year is in year k = year - vg1_year + 1 of upper secondary (k = 1 in the
// Vg1 year), and a completion counts if k <= 5 (general) or 6 (vocational).
inline bool within_window(const Windows& w, int programme, int year, int vg1_year) {
  return year - vg1_year + 1 <= w[programme];
}
// The deadline comes at the end of this year when next year is past the window:
// a pupil then not completed is counted by where it stands and no longer followed.
inline bool deadline_at_end(const Windows& w, int programme, int year, int vg1_year) {
  return !within_window(w, programme, year + 1, vg1_year);
}

// Where a non-completer stands at the deadline (Udir's categories): still
// enrolled, or, out of school, by the last level passed (one below the level
// to return to), or having attended a final year without passing it.
inline NoncompleterStatus noncompleter_status(uint8_t school, uint8_t level, bool final_failed) {
  if (school == kEnrolled) return kStillEnrolled;
  if (level == kVg1) return kNoLevelPassed;
  if (level == kVg2) return kPassedVg1;
  return final_failed ? kFinalNotPassed : kPassedVg2;
}

// ---- An enrolled pupil's year (section 6, "An enrolled pupil's year")

// The year's fixed chances as word thresholds.
struct EnrolledChances {
  uint32_t vg2_left_passed = 0;             // Streams::threshold(vg2_leave_passed)
  std::array<uint32_t, kLevels> fail_stop{};  // Streams::threshold(fail_stop[level])
  WordChance pabygg;                         // word_chance(pabygg_share)
};
inline EnrolledChances enrolled_chances(const SchoolingParams& s) {
  EnrolledChances c;
  c.vg2_left_passed = Streams::threshold(s.vg2_leave_passed);
  for (int lv = 0; lv < kLevels; ++lv) c.fail_stop[lv] = Streams::threshold(s.fail_stop[lv]);
  c.pabygg = word_chance(s.pabygg_share);
  return c;
}

// What the year's outcome needs of the pupil: its level, the level's path
// bits (kLevelBits) and the fail-stop threshold of the level.
struct Standing {
  uint8_t level = 0, path = 0;
  uint32_t fail_stop = 0;
};
inline Standing standing(const EnrolledChances& c, uint8_t level, uint8_t programme) {
  return {level, kLevelBits[programme][level], c.fail_stop[level]};
}

struct YearOutcome {
  uint8_t level = 0;      // the level next year (or to return to)
  Flag failed_final = 0;  // attended a final level to its end without passing it
  Flag stops = 0;         // out of school
  Flag completes = 0;     // completed
};

// The pupil leaves (`leaves`: word 0 against the leaving log-odds) or stays,
// and passes (`passes`: word 1 against the passing log-odds) or not:
// - leaves: out; a leaver during Vg2 passed it first when word 1 is below
//   vg2_leave_passed, and returns, if ever, to the next level;
// - stays and passes: completed after a final level, else on to the next level;
// - stays and fails: stops (out) when word 2 is below fail_stop[level], else
//   repeats the level; failing a final level is remembered.
inline YearOutcome enrolled_year(const EnrolledChances& c, const Standing& p, Flag leaves, Flag passes, uint32_t w1,
                                 uint32_t w2) {
  const Flag final_level = p.path & kFinal;
  const Flag stays = !leaves;
  const Flag passed_vg2_first = leaves & (p.level == kVg2) & (w1 < c.vg2_left_passed);
  const Flag moves_up = passed_vg2_first | (stays & passes & !final_level);
  const uint8_t level = moves_up ? next_level(c.pabygg, p.path, p.level, w2) : p.level;
  const Flag failed_final = stays & !passes & final_level;
  const Flag stops = leaves | (!passes & (w2 < p.fail_stop));
  const Flag completes = stays & passes & final_level;
  return {level, failed_final, stops, completes};
}

// ---- Returning (section 6, "Returning")

// The log-odds of returning next autumn of a pupil out of school for
// years_out years before this one.
inline double return_logodds(const SchoolingParams& s, int years_out, double achievement) {
  return s.return_intercept + s.return_per_year_out * years_out + s.return_achievement * achievement;
}

// Out of school: back next autumn (back: word 0 of SchoolReturn against
// return_logodds) at the level left, unless the deadline comes first.
struct OutYear {
  bool returns = false, deadline = false;
};
inline OutYear out_year(const Windows& w, int programme, int year, int vg1_year, bool back) {
  OutYear o;
  o.deadline = deadline_at_end(w, programme, year, vg1_year);
  o.returns = back & !o.deadline;
  return o;
}

// ---- The tallies

// Every tally of the module is (leading, county, sex, ses, background,
// programme[, last]), and a pupil's stratum is (county, sex, ses): the middle
// part of the index.
inline size_t demo_of(uint16_t stratum, uint8_t background, uint8_t programme) {
  return (static_cast<size_t>(stratum) * kBackgrounds + background) * kProgrammes + programme;
}

}  // namespace elevsim
