#include "schooling.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "draw_block.hpp"
#include "logistic_block.hpp"
#include "schooling_rules.hpp"
#include "twin.hpp"
#include "uncertain.hpp"

namespace elevsim {

int complete_entry_cohorts(const SchoolingParams& s, int years) {
  return std::max(0, years - std::max(s.window_general, s.window_vocational) + 1);
}

double leave_logodds(const SchoolingParams& s, int level, int programme, double achievement, int sex, int ses, int bg,
                     bool recent_arrival, int mh_state, int mh_type) {
  double x = s.leave_level[level] + (level == kVg1 ? s.leave_vg1_shift : level == kVg2 ? s.leave_vg2_shift
                                                                                        : s.leave_late_shift);
  x += s.leave_achievement * achievement;
  if (sex == 1) x += s.leave_male;
  if (programme == 1) x += s.leave_vocational;
  if (ses == 0) x += s.leave_ses_low;
  if (ses == 2) x += s.leave_ses_high;
  if (bg == 1) x += s.leave_descendant;
  if (bg == 2) x += s.leave_immigrant;
  if (recent_arrival) x += s.leave_recent_arrival;
  // the direct effect of the pupil's problems, by type and state, over what achievement carries
  if (mh_state >= 1) x += s.leave_mh[mh_type == 2][mh_state - 1];
  x += s.leave_mh_recentre;
  return x + std::log(s.leave_hazard_factor);
}

void realise_dropout_link(SchoolingParams& s, uint32_t seed, uint32_t replication, bool psa) {
  double shift = 0;
  for (int ty = 0; ty < 2; ++ty)
    for (int st = 0; st < 2; ++st) {
      const Uncertain& u = s.leave_mh_uncertain[ty][st];
      const double v = realise_uncertain(u, std::string("schooling.") + kLeaveMhKeys[ty][st], seed, replication, psa);
      shift -= s.leave_mh_weight[ty][st] * (v - u.value);
      s.leave_mh[ty][st] = v;
    }
  s.leave_mh_recentre = shift;
}

void Schooling::init(Sim& sim) {
  const Layout& L = sim.layout;
  const int C = L.counties, Y = L.years;
  pupils_.reset(L);
  enrolled_ = GridTally({"year", "county", "sex", "ses", "background", "programme", "level"},
                        {Y, C, kSexes, kSes, kBackgrounds, kProgrammes, kLevels});
  leavers_ = enrolled_;
  returners_ = GridTally({"year", "county", "sex", "ses", "background", "programme"},
                         {Y, C, kSexes, kSes, kBackgrounds, kProgrammes});
  completers_ = returners_;
  entry_cohorts_ = complete_entry_cohorts(sim.params.schooling, Y);
  cohort_entrants_ = GridTally({"entry_year", "county", "sex", "ses", "background", "programme", "mh_state"},
                               {std::max(entry_cohorts_, 1), C, kSexes, kSes, kBackgrounds, kProgrammes, kStates});
  cohort_completed_ = cohort_entrants_;
  cohort_noncompleters_ = GridTally({"entry_year", "county", "sex", "ses", "background", "programme", "status"},
                                    {std::max(entry_cohorts_, 1), C, kSexes, kSes, kBackgrounds, kProgrammes,
                                     kNoncompleterStatuses});
  // history_loss_[g-1][cell][s]: expected achievement lost in grades
  // [from, g) by a pupil who starts grade g in state s, as the mental-health
  // twin expects it (the start states follow the same twin).
  // this replication's direct mental-health terms (PSA), re-centred on the calibrated baseline
  SchoolingParams sp = sim.params.schooling;
  realise_dropout_link(sp, sim.seed, sim.replication, sim.psa);
  history_loss_ = twin_history(run_twin(sim.params.mental_health, sim.params.services.enabled),
                               sp.achievement_loss_from_grade,
                               {0.0, sp.achievement_loss_complaints, sp.achievement_loss_disorder});
  // every discrete term of the leaving hazard, so a pupil-year costs one lookup
  leave_mix_ = {};
  leave_base_.clear();
  for (int lv = 0; lv < kLevels; ++lv)
    for (int prog = 0; prog < kProgrammes; ++prog)
      for (int sex = 0; sex < kSexes; ++sex)
        for (int ses = 0; ses < kSes; ++ses)
          for (int bg = 0; bg < kBackgrounds; ++bg)
            for (int recent = 0; recent < 2; ++recent)
              for (int ms = 0; ms < kStates; ++ms)
                for (int ext = 0; ext < 2; ++ext)
                  leave_base_.push_back(leave_logodds(sp, lv, prog, 0.0, sex, ses, bg, recent, ms, ext ? 2 : 1));
  county_leave_ = sp.county_leave;
  county_choice_ = sp.county_choice;
  county_leave_.resize(C, 0.0);
  county_choice_.resize(C, 0.0);
  warm_row_.assign(enrolled_.counts().size() / Y, 0u);
  choice_sex_ = {0.0, sp.choice_male};
  choice_ses_ = {sp.choice_ses_low, 0.0, sp.choice_ses_high};
  chances_ = enrolled_chances(sp);
  windows_ = windows(sp);
  People& P = sim.people;
  const int strata = L.counties * kSexes * kSes;
  cohort_strata_.assign(static_cast<size_t>(L.cohorts) * strata, 0u);
  for (int c = 0; c < L.cohorts; ++c)
    for (uint32_t i = L.cohort_begin[c]; i < L.cohort_begin[c + 1]; ++i) ++cohort_strata_[c * strata + P.stratum[i]];
  std::fill(P.grade.write(owner()).begin(), P.grade.write(owner()).end(), 0);
  std::fill(P.active.write(owner()).begin(), P.active.write(owner()).end(), 0);
  std::fill(P.school.write(owner()).begin(), P.school.write(owner()).end(), kGrunnskole);
  std::fill(P.final_failed.write(owner()).begin(), P.final_failed.write(owner()).end(), 0);
}

// The first simulated year of a cohort already past the grade where mental
// health begins to lower achievement, or already in Vg2/Vg3.
void Schooling::place_first_cohort(Sim& sim, int t, int c, int ag) {
  People& P = sim.people;
  const uint32_t b = sim.layout.cohort_begin[c], e = sim.layout.cohort_begin[c + 1];
  charge_history(sim, b, e, ag);
  if (ag <= kVg1Grade) return;
  for (uint32_t i0 = b; i0 < e; i0 += kDrawBlock) {
    const uint32_t n = std::min(kDrawBlock, e - i0);
    draw_block(sim.rng, P.key.data() + i0, n, static_cast<uint32_t>(sim.calendar_year(t)), Decision::SchoolEntry, blk_);
    for (uint32_t j = 0; j < n; ++j) x0_[j] = choice_logodds(sim, i0 + j);  // programme_chosen, a block at a time
    below_logistic_block(blk_.w[1].data(), x0_.data(), n, below0_.data());
    std::array<uint32_t, kDrawBlock> ids;
    for (uint32_t j = 0; j < n; ++j) ids[j] = i0 + j;
    start_vg1(sim, t, ag - kVg1Grade, ids.data(), below0_.data(), blk_.w[2].data(), n);
  }
}

// The pupils [b, e) of a cohort first simulated at age-grade ag have no
// simulated history: past the grade where mental health begins to lower
// achievement, charge the earlier years at their expected states given the
// state they start in (the twin's chain run backwards by Bayes' rule), so the
// first cohorts are neither spared the mediated effect nor charged too much for it.
void Schooling::charge_history(Sim& sim, uint32_t b, uint32_t e, int ag) {
  People& P = sim.people;
  if (ag <= sim.params.schooling.achievement_loss_from_grade) return;
  for (uint32_t i = b; i < e; ++i)
    P.achievement.write(owner())[i] -= static_cast<float>(history_loss_[std::min(ag, kGrades) - 1][P.cell[i]][P.mh_state[i]]);
}

// Mental health lowers the grades of those still in school or followed:
// last year's end state, from the given grade on (achievement_loss). Without
// a branch, so that it vectorises: a - 0.0f is a.
void Schooling::lower_achievement(Sim& sim, uint32_t b, uint32_t e) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const float complaints = static_cast<float>(s.achievement_loss_complaints);
  const float disorder = static_cast<float>(s.achievement_loss_disorder);
  const uint8_t* school = P.school.data();
  const uint8_t* ms = P.mh_state.data();
  float* a = P.achievement.write(owner()).data();
  for (uint32_t i = b; i < e; ++i) a[i] -= achievement_loss(complaints, disorder, ms[i], followed(school[i]));
}

// One cohort's school year. Every pupil's year depends on its own fields only
// (the tallies are sums), so pupils are taken status by status: each status's
// draws come a block at a time from a queue, in whatever order, with the same
// words and the same results as pupil by pupil.
void Schooling::school_cohort(Sim& sim, int t, int c, int ag, bool first_year) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t b = sim.layout.cohort_begin[c], e = sim.layout.cohort_begin[c + 1];
  if (first_year) place_first_cohort(sim, t, c, ag);
  if (ag >= s.achievement_loss_from_grade) lower_achievement(sim, b, e);
  if (ag >= kVg1Grade) scan_cohort(sim, t, b, e, ag == kVg1Grade);  // before, nothing but the loss happens
  if (ag <= kGrades) std::fill(P.active.write(owner()).begin() + b, P.active.write(owner()).begin() + e, 1);
}

// Queues the pupils [b, e) by status, 64 at a time: a bit mask per status
// (byte_equal_bits), then the ids of its set bits. Past age-grade 13 most pupils
// have completed or are no longer followed, and their bits cost nothing.
// Before a chunk each queue holds less than a block and a chunk adds less than
// a block, so nothing overflows.
void Schooling::scan_cohort(Sim& sim, int t, uint32_t b, uint32_t e, bool vg1_age) {
  const People& P = sim.people;
  const uint8_t* school = P.school.data();
  const auto append = [](Queue& q, uint32_t i0, uint64_t bits) {
    for (; bits != 0; bits &= bits - 1) q.ids[q.n++] = i0 + static_cast<uint32_t>(std::countr_zero(bits));
  };
  for (uint32_t i0 = b; i0 < e; i0 += 64) {
    const uint32_t n = std::min(e - i0, 64u);
    // grunnskole pupils start Vg1 or not the autumn after grade 10 only
    const uint64_t entering = vg1_age ? byte_equal_bits(school + i0, n, kGrunnskole) : 0;
    const uint64_t enrolled = byte_equal_bits(school + i0, n, kEnrolled), out = byte_equal_bits(school + i0, n, kOut);
    const uint64_t not_started = byte_equal_bits(school + i0, n, kNotStarted);
    if ((entering | enrolled | out | not_started) == 0) continue;
    append(entering_, i0, entering);
    append(in_school_, i0, enrolled);
    append(out_of_school_, i0, out);
    append(not_started_, i0, not_started);
    flush_full(sim, t);
  }
}

// Flushes every queue holding a block, the queues feeding the enrolled one
// first. The entry and late-start flushes make room for their starters in the
// enrolled queue first, so it holds less than two blocks.
void Schooling::flush_full(Sim& sim, int t) {
  while (entering_.n >= kDrawBlock) flush_entry(sim, t);
  while (not_started_.n >= kDrawBlock) flush_late(sim, t);
  while (in_school_.n >= kDrawBlock) flush_enrolled(sim, t);
  while (out_of_school_.n >= kDrawBlock) flush_out(sim, t);
}

void Schooling::step(Sim& sim, int t) {
  const Layout& L = sim.layout;
  const SchoolingParams& s = sim.params.schooling;
  People& P = sim.people;
  uint32_t* n = pupils_.year(t);
  const int strata = L.counties * kSexes * kSes;
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const int ag = sim.layout.grade_in(c, t);
    const uint32_t b = L.cohort_begin[c], e = L.cohort_begin[c + 1];
    // whole-cohort facts: the age-grade, and the pupils by stratum (fixed per cohort)
    std::fill(P.grade.write(owner()).begin() + b, P.grade.write(owner()).begin() + e, static_cast<uint8_t>(ag <= kGrades ? ag : 0));
    if (ag <= kGrades)
      for (int k = 0; k < strata; ++k) n[Tally::index(static_cast<uint16_t>(k), ag)] += cohort_strata_[c * strata + k];
    if (ag < s.achievement_loss_from_grade && ag < kVg1Grade) {
      // young grunnskole cohorts: nothing happens per pupil
      std::fill(P.active.write(owner()).begin() + b, P.active.write(owner()).begin() + e, 1);
      continue;
    }
    if (reference_rules())
      school_cohort_reference(sim, t, c, ag, L.first_year_index(c) == t);
    else
      school_cohort(sim, t, c, ag, L.first_year_index(c) == t);
  }
  // the queues carry over from cohort to cohort (a short block costs as much as a full one)
  while (entering_.n > 0) flush_entry(sim, t);
  while (not_started_.n > 0) flush_late(sim, t);
  while (in_school_.n > 0) flush_enrolled(sim, t);
  while (out_of_school_.n > 0) flush_out(sim, t);
  // past age-grade 13, only those still followed are simulated (known once the queues are done)
  const uint8_t* school = P.school.data();
  uint8_t* active = P.active.write(owner()).data();
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t) && L.grade_in(c, t) > kGrades; ++c) {
    const uint32_t b = L.cohort_begin[c], e = L.cohort_begin[c + 1];  // locals: the byte stores may alias
    for (uint32_t i = b; i < e; ++i)
      active[i] = (school[i] == kEnrolled) | (school[i] == kOut) | (school[i] == kNotStarted);
  }
}

void Schooling::results(Sim& sim, std::vector<Dataset>& out) {
  const Layout& L = sim.layout;
  out.push_back(weigh(pupils_, L, "pupils",
                      "pupils of the age-grade (the grade their cohort attends), in or out of school"));
  out.push_back(enrolled_.weigh(L, "enrolled", "pupils enrolled in upper secondary during the year, by level"));
  out.push_back(leavers_.weigh(L, "leavers", "enrolled pupils who left upper secondary at the end of the year"));
  out.push_back(returners_.weigh(L, "returners", "pupils out of school who return the next autumn"));
  out.push_back(completers_.weigh(L, "completers",
                                  "pupils who completed upper secondary (study or vocational competence) this year"));
  if (entry_cohorts_ > 0) {
    out.push_back(cohort_entrants_.weigh(
        L, "cohort_entrants", "pupils first starting Vg1 in entry_year, by programme and mental-health state at entry"));
    out.push_back(cohort_completed_.weigh(
        L, "cohort_completed",
        "of cohort_entrants, those who completed within 5 (general) / 6 (vocational) years of first starting Vg1"));
    out.push_back(cohort_noncompleters_.weigh(
        L, "cohort_noncompleters",
        "of cohort_entrants, those not completed at their 5/6-year deadline, by where they stand then (status)"));
  }
}

}  // namespace elevsim
