// Schooling's reference path (ELEVSIM_KERNELS=reference): each cohort's
// pupils one at a time, in pupil order, through the rules of
// schooling_rules.hpp, each draw made alone (Streams::bits, with the decisions
// and words of the batched passes) and each logistic decision computed
// directly (below_logistic, no table). Every pupil's year depends on its own
// fields only and the tallies are sums, so the batched passes, which take the
// pupils status by status in another order, must give the same run files
// (tests/test_reference_identical.py).
#include <algorithm>

#include "logistic_block.hpp"
#include "schooling.hpp"
#include "schooling_rules.hpp"

namespace elevsim {

namespace {
// The words of pupil `key`'s draw for decision d in year t, made alone.
Streams::ctr_type draw(const Sim& sim, uint32_t key, int t, Decision d) {
  return sim.rng.bits(key, static_cast<uint32_t>(sim.calendar_year(t)), d);
}
}  // namespace

// One cohort's school year, as school_cohort, pupil by pupil: each pupil's
// status at the start of the year says which year it has.
void Schooling::school_cohort_reference(Sim& sim, int t, int c, int ag, bool first_year) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t b = sim.layout.cohort_begin[c], e = sim.layout.cohort_begin[c + 1];
  if (first_year) place_first_cohort_reference(sim, t, c, ag);
  if (ag >= s.achievement_loss_from_grade) lower_achievement(sim, b, e);
  if (ag >= kVg1Grade) {
    for (uint32_t i = b; i < e; ++i) {
      switch (P.school[i]) {
        case kGrunnskole:
          if (ag == kVg1Grade) entry_reference(sim, t, i);  // the autumn after grade 10 only
          break;
        case kNotStarted: late_reference(sim, t, i); break;
        case kEnrolled: enrolled_reference(sim, t, i); break;
        case kOut: out_reference(sim, t, i); break;
        default: break;
      }
    }
  }
  if (ag <= kGrades) std::fill(P.active.write(owner()).begin() + b, P.active.write(owner()).begin() + e, 1);
}

// place_first_cohort, pupil by pupil.
void Schooling::place_first_cohort_reference(Sim& sim, int t, int c, int ag) {
  const People& P = sim.people;
  const uint32_t b = sim.layout.cohort_begin[c], e = sim.layout.cohort_begin[c + 1];
  charge_history(sim, b, e, ag);
  if (ag <= kVg1Grade) return;
  for (uint32_t i = b; i < e; ++i) {
    const auto w = draw(sim, P.key[i], t, Decision::SchoolEntry);
    const uint8_t prog = programme_chosen(w[1], choice_logodds(sim, i));
    start_vg1(sim, t, ag - kVg1Grade, &i, &prog, &w[2], 1);
  }
}

// The autumn after grade 10: starts Vg1 (then a year enrolled) or not yet.
void Schooling::entry_reference(Sim& sim, int t, uint32_t i) {
  People& P = sim.people;
  const auto w = draw(sim, P.key[i], t, Decision::SchoolEntry);
  P.school.write(owner())[i] = kNotStarted;
  P.years_out.write(owner())[i] = 0;
  if (!starts_vg1(sim.params.schooling, w[0])) return;
  const uint8_t prog = programme_chosen(w[1], choice_logodds(sim, i));
  start_vg1(sim, t, kVg1, &i, &prog, &w[2], 1);
  enrolled_reference(sim, t, i);
}

// Not started yet: a late start (then a year enrolled), or giving up.
void Schooling::late_reference(Sim& sim, int t, uint32_t i) {
  People& P = sim.people;
  P.years_out.write(owner())[i] = static_cast<uint8_t>(P.years_out[i] + 1);
  const uint32_t w0 = draw(sim, P.key[i], t, Decision::SchoolLateStart)[0];
  const LateStart ls = late_start(sim.params.schooling, P.years_out[i], w0);
  if (ls.gives_up) P.school.write(owner())[i] = kDone;
  if (!ls.starts) return;
  const auto w = draw(sim, P.key[i], t, Decision::SchoolEntry);
  const uint8_t prog = programme_chosen(w[1], choice_logodds(sim, i));
  start_vg1(sim, t, kVg1, &i, &prog, &w[2], 1);
  enrolled_reference(sim, t, i);
}

// An enrolled pupil's year: leaving and passing, the outcome (enrolled_year),
// and the deadline.
void Schooling::enrolled_reference(Sim& sim, int t, uint32_t i) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const int year = sim.calendar_year(t);
  const uint8_t lv = P.level[i], prog = P.programme[i], ms = P.mh_state[i];
  const size_t demo = demo_of(P.stratum[i], P.background[i], prog);
  (t >= 0 ? enrolled_.row(t) : warm_row_.data())[demo * kLevels + lv] += 1;
  const bool recent = recent_arrival(s, P.background[i], P.vg1_year[i], P.arrival_year[i]);
  const bool ext = (ms >= 1) & (P.mh_type[i] == 2);
  const float a = P.achievement[i];
  const double x_leave = leave_x(leave_base_[leave_base_index(lv, prog, P.cell[i], recent, ms, ext)],
                                 s.leave_achievement, a, county_leave_[P.county[i]], P.leave_shift[i]);
  const double x_pass = pass_x(s.pass_level[lv], s.pass_achievement, a);
  if (measure_mix_ && t >= 0) {
    const double p = logistic(x_leave);
    leave_mix_[ms][ext] += p * (1 - p);
  }
  const auto w = draw(sim, P.key[i], t, Decision::SchoolOutcome);
  const bool leaves = below_logistic(w[0], x_leave), passes = below_logistic(w[1], x_pass);
  const YearOutcome o = enrolled_year(chances_, standing(chances_, lv, prog), leaves, passes, w[1], w[2]);
  const bool deadline = deadline_at_end(windows_, prog, year, P.vg1_year[i]);
  P.level.write(owner())[i] = o.level;
  P.final_failed.write(owner())[i] |= o.failed_final;
  if (o.stops) {
    (t >= 0 ? leavers_.row(t) : warm_row_.data())[demo * kLevels + lv] += 1;
    P.school.write(owner())[i] = kOut;
    P.years_out.write(owner())[i] = 0;
  }
  if (o.completes) {
    P.school.write(owner())[i] = kCompleted;
    (t >= 0 ? completers_.row(t) : warm_row_.data())[demo] += 1;
    const int k = P.vg1_year[i] - sim.start_year;
    if (k >= 0 && k < entry_cohorts_ && within_window(windows_, prog, year, P.vg1_year[i]))
      ++cohort_completed_.row(k)[demo * kStates + P.mh_at_vg1[i]];
  } else if (deadline) {  // left or going on: counted where it stands (a leaver already out)
    count_noncompleter(sim, i);
    P.school.write(owner())[i] = kDone;
  }
}

// A year out of school: back next autumn, or not; the deadline.
void Schooling::out_reference(Sim& sim, int t, uint32_t i) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t w0 = draw(sim, P.key[i], t, Decision::SchoolReturn)[0];
  const bool back = below_logistic(w0, return_logodds(s, P.years_out[i], P.achievement[i]));
  P.years_out.write(owner())[i] = static_cast<uint8_t>(std::min(P.years_out[i] + 1, 255));
  (t >= 0 ? returners_.row(t) : warm_row_.data())[demo_of(P.stratum[i], P.background[i], P.programme[i])] += back;
  const OutYear o = out_year(windows_, P.programme[i], sim.calendar_year(t), P.vg1_year[i], back);
  if (o.returns) P.school.write(owner())[i] = kEnrolled;
  if (o.deadline) {
    count_noncompleter(sim, i);
    P.school.write(owner())[i] = kDone;
  }
}

}  // namespace elevsim
