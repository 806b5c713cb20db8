// Schooling's batched passes: the pupils of each status queued, their draws a
// block at a time (draw_block.hpp), their logistic decisions by the table
// (logistic_block.hpp), and each pupil's year through the rules of
// schooling_rules.hpp. The reference path (schooling_reference.cpp) takes the
// same rules one pupil at a time; tests/test_reference_identical.py compares them.
#include <algorithm>
#include <bit>

#include "draw_block.hpp"
#include "logistic_block.hpp"
#include "schooling.hpp"
#include "schooling_rules.hpp"

namespace elevsim {

namespace {
// blk.w[k][j] = word k of the pupils ids[j]'s draw for decision d in year t.
// Out of line, as it was before flush_out grew (GCC then warns that keys may be unset).
[[gnu::noinline]] void draw_queue(const Sim& sim, const uint32_t* ids, uint32_t n, int t, Decision d, DrawBlock& blk) {
  std::array<uint32_t, kDrawBlock> keys;
  const People& P = sim.people;
  const uint32_t* key = P.key.data();
  for (uint32_t j = 0; j < n; ++j) keys[j] = key[ids[j]];
  draw_block(sim.rng, keys.data(), n, static_cast<uint32_t>(sim.calendar_year(t)), d, blk);
}
// Removes the first `done` of the n ids; returns how many are left.
uint32_t drop_front(uint32_t* ids, uint32_t n, uint32_t done) {
  std::copy(ids + done, ids + n, ids);
  return n - done;
}
}  // namespace

// Starts the pupils ids[0, n) in upper secondary at the same level (so with
// the same entry year): prog[j], the programme chosen (choice_logodds against
// word 1 of the pupil's SchoolEntry draw); w2[j], word 2: the path of a
// vocational pupil placed past Vg2. Through local pointers, which the byte
// stores cannot alias.
void Schooling::start_vg1(Sim& sim, int t, int level, const uint32_t* ids, const uint8_t* prog, const uint32_t* w2,
                          uint32_t n) {
  People& P = sim.people;
  uint8_t* programme = P.programme.write(owner()).data();
  uint8_t* school = P.school.write(owner()).data();
  uint8_t* years_out = P.years_out.write(owner()).data();
  uint8_t* level_of = P.level.write(owner()).data();
  uint8_t* mh_at_vg1 = P.mh_at_vg1.write(owner()).data();
  int16_t* vg1_year = P.vg1_year.write(owner()).data();
  const uint8_t *mh_state = P.mh_state.data(), *background = P.background.data();
  const auto* stratum = P.stratum.data();
  const WordChance pabygg = chances_.pabygg;
  const int16_t start = static_cast<int16_t>(sim.calendar_year(t) - level);
  const int k = start - sim.start_year;
  uint32_t* entrants = k >= 0 && k < entry_cohorts_ ? cohort_entrants_.row(k) : nullptr;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    programme[i] = prog[j];
    school[i] = kEnrolled;
    years_out[i] = 0;
    // pupils already past Vg1 at the start are placed on their programme's path
    // (a vocational pupil past Vg2 takes påbygg or the apprenticeship as one passing Vg2 does)
    level_of[i] = placed_level(pabygg, level, prog[j], w2[j]);
    vg1_year[i] = start;
    mh_at_vg1[i] = mh_state[i];
    if (entrants != nullptr)  // the same for the whole block
      ++entrants[demo_of(stratum[i], background[i], prog[j]) * kStates + mh_state[i]];
  }
}

// At the deadline: a pupil still enrolled, or out at the level to return to
// (one above the last level passed).
void Schooling::count_noncompleter(Sim& sim, uint32_t i) {
  People& P = sim.people;
  const int k = P.vg1_year[i] - sim.start_year;
  if (k < 0 || k >= entry_cohorts_) return;
  const int st = noncompleter_status(P.school[i], P.level[i], P.final_failed[i]);
  if (uint32_t* row = cohort_noncompleters_.row(k))
    ++row[demo_of(P.stratum[i], P.background[i], P.programme[i]) * kNoncompleterStatuses + st];
}

// The year's two decisions of the enrolled pupils ids[0, n): leaving (word 0)
// and passing (word 1). First their log-odds, then the decisions a block at a
// time, without a branch on either, so that one pupil's loads need not wait for
// the last one's outcome. Passing is decided for leavers too (a pure function
// of the word; not used).
void Schooling::decide_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n) {
  const People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  // enrolled_ is (year, demo_of, level): the year's row indexed by hand
  uint32_t* enrolled = t >= 0 ? enrolled_.row(t) : warm_row_.data();
  // locals, all of them: the byte stores below could alias any member, vector pointer or parameter
  const auto *level = P.level.data(), *programme = P.programme.data(), *background = P.background.data();
  const auto *mh_state = P.mh_state.data(), *mh_type = P.mh_type.data(), *cell = P.cell.data();
  const auto* county = P.county.data();
  const auto* stratum = P.stratum.data();
  const auto *vg1_year = P.vg1_year.data(), *arrival_year = P.arrival_year.data();
  const auto *achievement = P.achievement.data(), *leave_shift = P.leave_shift.data();
  const double *leave_base = leave_base_.data(), *county_leave = county_leave_.data();
  const std::array<double, kLevels> pass_level = s.pass_level;
  const double leave_achievement = s.leave_achievement, pass_achievement = s.pass_achievement;
  const int year = sim.calendar_year(t);
  const Windows window = windows_;
  const EnrolledChances chances = chances_;
  uint8_t *level_of = level_of_.data(), *path_of = path_of_.data(), *deadline_of = deadline_of_.data();
  uint32_t* fail_stop_of = fail_stop_of_.data();
  double *x0 = x0_.data(), *x1 = x1_.data();
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const uint8_t lv = level[i], prog = programme[i], bg = background[i], ms = mh_state[i];
    const int start = vg1_year[i];
    ++enrolled[demo_of(stratum[i], bg, prog) * kLevels + lv];
    // for apply_enrolled, which then reads nothing of the pupil's but to write
    const Standing st = standing(chances, lv, prog);
    level_of[j] = st.level;
    path_of[j] = st.path;
    fail_stop_of[j] = st.fail_stop;
    deadline_of[j] = deadline_at_end(window, prog, year, start);  // the deadline, if going on (staying enrolled)
    const bool recent = recent_arrival(s, bg, start, arrival_year[i]);
    const bool ext = (ms >= 1) & (mh_type[i] == 2);
    const float a = achievement[i];
    x0[j] = leave_x(leave_base[leave_base_index(lv, prog, cell[i], recent, ms, ext)], leave_achievement, a,
                    county_leave[county[i]], leave_shift[i]);
    x1[j] = pass_x(pass_level[lv], pass_achievement, a);
  }
  below_logistic_block(blk_.w[0].data(), x0, n, below0_.data());
  below_logistic_block(blk_.w[1].data(), x1, n, below1_.data());
  if (measure_mix_ && t >= 0) tally_leave_mix(sim, ids, n);
}

// Each enrolled pupil's leaving variance p(1 - p), p = logistic(x0_), by state and type.
void Schooling::tally_leave_mix(const Sim& sim, const uint32_t* ids, uint32_t n) {
  const People& P = sim.people;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const double p = logistic(x0_[j]);
    leave_mix_[P.mh_state[i]][(P.mh_state[i] >= 1) & (P.mh_type[i] == 2)] += p * (1 - p);
  }
}

// The rest of the enrolled pupils' year, given their decisions and what
// decide_enrolled kept of them: first the outcomes, a block at a time and
// without a branch on them; then the new levels and final-year flags; then
// the few who leave, complete or reach their deadline, found by bit masks.
void Schooling::apply_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n) {
  People& P = sim.people;
  alignas(16) std::array<uint8_t, kDrawBlock> new_level, failed, stops, completes, closes;
  {
    // Every array indexed by j, and the rule inlined, so that the loop vectorises: no
    // table (the pupil's Standing from decide_enrolled) and 32-bit compares only.
    const uint32_t *word1 = blk_.w[1].data(), *word2 = blk_.w[2].data(), *fail_stop_of = fail_stop_of_.data();
    const uint8_t *leaves_of = below0_.data(), *passes_of = below1_.data();
    const uint8_t *level_of = level_of_.data(), *path_of = path_of_.data(), *deadline_of = deadline_of_.data();
    const EnrolledChances chances = chances_;
    for (uint32_t j = 0; j < n; ++j) {
      const Standing st{level_of[j], path_of[j], fail_stop_of[j]};
      const YearOutcome o = enrolled_year(chances, st, leaves_of[j], passes_of[j], word1[j], word2[j]);
      new_level[j] = o.level;
      failed[j] = o.failed_final;
      stops[j] = o.stops;
      completes[j] = o.completes;
      closes[j] = (!o.completes) & deadline_of[j];  // those who leave or go on and reach their deadline
    }
  }
  uint8_t* level = P.level.write(owner()).data();  // locals: the byte stores could alias any member or vector pointer
  uint8_t* final_failed = P.final_failed.write(owner()).data();
  for (uint32_t j = 0; j < n; ++j) {
    level[ids[j]] = new_level[j];
    final_failed[ids[j]] |= failed[j];
  }
  finish_enrolled(sim, t, ids, n, stops.data(), completes.data(), closes.data());
}

// The enrolled pupils ids[j] who leave (stops[j]), complete (completes[j]) or,
// left or going on, reach their deadline at the end of this year (closes[j],
// from decide_enrolled's deadline_of_), found 64 at a time by bit masks and taken through
// local pointers, which the byte stores cannot alias. The deadline is closed
// last: count_noncompleter sees a leaver already out.
void Schooling::finish_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n, const uint8_t* stops,
                                const uint8_t* completes, const uint8_t* closes) {
  People& P = sim.people;
  // warm_row_: a sink in warm-start years, as large as a row of either
  uint32_t* leavers = t >= 0 ? leavers_.row(t) : warm_row_.data();
  uint32_t* completers = t >= 0 ? completers_.row(t) : warm_row_.data();
  uint8_t* school = P.school.write(owner()).data();
  uint8_t* years_out = P.years_out.write(owner()).data();
  const uint8_t *programme = P.programme.data(), *background = P.background.data(), *mh_at_vg1 = P.mh_at_vg1.data();
  const auto* stratum = P.stratum.data();
  const int16_t* vg1_year = P.vg1_year.data();
  const uint8_t* level_of = level_of_.data();
  const int year = sim.calendar_year(t), first = sim.start_year, cohorts = entry_cohorts_;
  const Windows window = windows_;
  const auto demo = [&](uint32_t i) { return demo_of(stratum[i], background[i], programme[i]); };
  const auto index = [](uint32_t j0, uint64_t b) { return j0 + static_cast<uint32_t>(std::countr_zero(b)); };
  for (uint32_t j0 = 0; j0 < n; j0 += 64) {
    const uint32_t m = std::min(n - j0, 64u);
    for (uint64_t b = byte_equal_bits(stops + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t j = index(j0, b), i = ids[j];
      ++leavers[demo(i) * kLevels + level_of[j]];
      school[i] = kOut;
      years_out[i] = 0;
    }
    for (uint64_t b = byte_equal_bits(completes + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t i = ids[index(j0, b)];
      const size_t d = demo(i);
      school[i] = kCompleted;
      ++completers[d];
      const int k = vg1_year[i] - first;
      if (k >= 0 && k < cohorts && within_window(window, programme[i], year, vg1_year[i]))
        ++cohort_completed_.row(k)[d * kStates + mh_at_vg1[i]];
    }
    for (uint64_t b = byte_equal_bits(closes + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t i = ids[index(j0, b)];
      count_noncompleter(sim, i);
      P.school.write(owner())[i] = kDone;
    }
  }
}

// Pupils ids[0, n) at Vg1 entry: their SchoolEntry draws in blk_ and, in
// below0_, whether word 1 chooses the vocational programme
// (programme_chosen, a block at a time).
void Schooling::entry_draws(const Sim& sim, int t, const uint32_t* ids, uint32_t n) {
  draw_queue(sim, ids, n, t, Decision::SchoolEntry, blk_);
  for (uint32_t j = 0; j < n; ++j) x0_[j] = choice_logodds(sim, ids[j]);
  below_logistic_block(blk_.w[1].data(), x0_.data(), n, below0_.data());
}

// Pupils who finished grade 10 without starting Vg1: a late start (this year's
// Vg1, queued as enrolled) or, past the last chance, no longer followed. The
// starters' programme is chosen by their SchoolEntry draws, a block at a time.
void Schooling::flush_late(Sim& sim, int t) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  while (in_school_.n >= kDrawBlock) flush_enrolled(sim, t);  // room for every starter
  const uint32_t n = std::min(not_started_.n, kDrawBlock);
  const uint32_t* ids = not_started_.ids.data();
  draw_queue(sim, ids, n, t, Decision::SchoolLateStart, blk_);
  std::array<uint32_t, kDrawBlock> starters{};  // cleared: GCC cannot see that draw_queue reads only those set
  uint32_t m = 0;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    P.years_out.write(owner())[i] = static_cast<uint8_t>(P.years_out[i] + 1);
    const LateStart ls = late_start(s, P.years_out[i], blk_.w[0][j]);
    if (ls.gives_up) P.school.write(owner())[i] = kDone;
    starters[m] = i;
    m += ls.starts;
  }
  entry_draws(sim, t, starters.data(), m);
  start_vg1(sim, t, kVg1, starters.data(), below0_.data(), blk_.w[2].data(), m);
  std::copy(starters.begin(), starters.begin() + m, in_school_.ids.begin() + in_school_.n);
  in_school_.n += m;
  not_started_.n = drop_front(not_started_.ids.data(), not_started_.n, n);
}


// The autumn after grade 10: start Vg1 (then a year enrolled, queued) or not
// yet. The programme is decided a block at a time, for those who do not start
// too (a pure function of the word; not used).
void Schooling::flush_entry(Sim& sim, int t) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  while (in_school_.n >= kDrawBlock) flush_enrolled(sim, t);  // room for every starter
  const uint32_t n = std::min(entering_.n, kDrawBlock);
  const uint32_t* ids = entering_.ids.data();
  entry_draws(sim, t, ids, n);
  // the starters listed without a branch (queued as enrolled), with their programmes and words 2
  uint32_t* starters = in_school_.ids.data() + in_school_.n;
  std::array<uint8_t, kDrawBlock> prog;
  std::array<uint32_t, kDrawBlock> w2;
  uint32_t m = 0;
  uint8_t* school = P.school.write(owner()).data();
  uint8_t* years_out = P.years_out.write(owner()).data();
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const bool starts = starts_vg1(s, blk_.w[0][j]);
    school[i] = kNotStarted;  // start_vg1 sets the starters' afterwards
    years_out[i] = 0;
    starters[m] = i;
    prog[m] = below0_[j];
    w2[m] = blk_.w[2][j];
    m += starts;
  }
  start_vg1(sim, t, kVg1, starters, prog.data(), w2.data(), m);
  in_school_.n += m;
  entering_.n = drop_front(entering_.ids.data(), entering_.n, n);
}

void Schooling::flush_enrolled(Sim& sim, int t) {
  const uint32_t n = std::min(in_school_.n, kDrawBlock);
  draw_queue(sim, in_school_.ids.data(), n, t, Decision::SchoolOutcome, blk_);
  decide_enrolled(sim, t, in_school_.ids.data(), n);
  apply_enrolled(sim, t, in_school_.ids.data(), n);
  in_school_.n = drop_front(in_school_.ids.data(), in_school_.n, n);
}

// The out-of-school pupils' year, a block at a time (through
// local pointers, which the byte stores cannot alias): a year more out, the
// return counted without a branch (a count of 0 adds nothing), and back next
// autumn at the level left, unless the deadline comes first (count_noncompleter,
// which sees the pupil still out).
void Schooling::flush_out(Sim& sim, int t) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t n = std::min(out_of_school_.n, kDrawBlock);
  const uint32_t* ids = out_of_school_.ids.data();
  draw_queue(sim, ids, n, t, Decision::SchoolReturn, blk_);
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    x0_[j] = return_logodds(s, P.years_out[i], P.achievement[i]);
  }
  below_logistic_block(blk_.w[0].data(), x0_.data(), n, below0_.data());
  uint32_t* returners = t >= 0 ? returners_.row(t) : warm_row_.data();  // warm_row_: a sink, larger than a row
  const auto* stratum = P.stratum.data();
  const auto* vg1_year = P.vg1_year.data();
  const uint8_t *background = P.background.data(), *programme = P.programme.data();
  uint8_t* years_out = P.years_out.write(owner()).data();
  uint8_t* school = P.school.write(owner()).data();
  const uint8_t* back_of = below0_.data();
  const int year = sim.calendar_year(t);
  const Windows window = windows_;
  std::array<uint32_t, kDrawBlock> closing;
  uint32_t nk = 0;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const uint8_t back = back_of[j], prog = programme[i], st = school[i];
    years_out[i] = static_cast<uint8_t>(std::min(years_out[i] + 1, 255));
    returners[demo_of(stratum[i], background[i], prog)] += back;
    const OutYear o = out_year(window, prog, year, vg1_year[i], back);
    school[i] = o.returns ? static_cast<uint8_t>(kEnrolled) : st;
    closing[nk] = i;
    nk += o.deadline;
  }
  for (uint32_t k = 0; k < nk; ++k) {
    count_noncompleter(sim, closing[k]);
    P.school.write(owner())[closing[k]] = kDone;
  }
  out_of_school_.n = drop_front(out_of_school_.ids.data(), out_of_school_.n, n);
}

}  // namespace elevsim
