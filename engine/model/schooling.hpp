#pragma once
// School progression, programme choice and dropout (spec s.3).
// Grunnskole: one grade a year. After grade 10 pupils start Vg1 (or later),
// choose a programme, and each year pass, repeat, leave (and maybe return) or
// complete, until they complete or reach SSB's 5-year (general) / 6-year
// (vocational) deadline after first starting Vg1.
#include <array>

#include "draw_block.hpp"
#include "grid_tally.hpp"
#include "schooling_rules.hpp"
#include "sim.hpp"
#include "twin.hpp"

namespace elevsim {

// How many Vg1 entry cohorts, from the start year on, reach their deadline
// within a run of `years` years.
int complete_entry_cohorts(const SchoolingParams& s, int years);

// leave_base_'s index (Schooling::init): [level][programme][sex][ses][background][recent][mh_state][externalizing],
// where (sex, ses, background) is the pupil's transition-model cell / 2 (cell_of).
inline size_t leave_base_index(int level, int programme, uint8_t cell, bool recent, int mh_state, bool externalizing) {
  return ((((static_cast<size_t>(level) * kProgrammes + programme) * (kCells / 2) + (cell >> 1)) * 2 + recent) *
              kStates +
          mh_state) *
             2 +
         externalizing;
}
// An immigrant who arrived fewer than recent_arrival_years before the Vg1 year.
inline bool recent_arrival(const SchoolingParams& s, uint8_t background, int vg1_year, int arrival_year) {
  return (background == 2) & (vg1_year - arrival_year < s.recent_arrival_years);
}
// The leaving log-odds of an enrolled pupil: leave_logodds at achievement 0
// (base, from leave_base_), plus its achievement, county and lever terms.
inline double leave_x(double base, double leave_achievement, float achievement, double county_term, float lever) {
  return base + leave_achievement * achievement + county_term + lever;
}
// The passing log-odds: pass_level[level] + pass_achievement * achievement.
inline double pass_x(double pass_level, double pass_achievement, float achievement) {
  return pass_level + pass_achievement * achievement;
}

// Log-odds of leaving at the end of this year for an enrolled pupil (mh_type: 1
// internalizing, 2 externalizing; any for mh_state 0). The one statement of the
// rule: Schooling's per-pupil path adds achievement, county and lever terms to a
// table of this function's values at achievement 0.
double leave_logodds(const SchoolingParams& s, int level, int programme, double achievement, int sex, int ses, int bg,
                     bool recent_arrival, int mh_state, int mh_type);

// Sets s.leave_mh to this replication's direct mental-health terms (the PSA draw of
// each, named "schooling." + kLeaveMhKeys, or the central values without PSA) and
// s.leave_mh_recentre to minus their departures from the central values, weighted
// by s.leave_mh_weight: the baseline's expected leavers stay, to first order, those
// the coefficients were calibrated for.
void realise_dropout_link(SchoolingParams& s, uint32_t seed, uint32_t replication, bool psa);

// The central baseline's leaving variance by mental-health state and problem type:
// [state][type is externalizing], sums of p(1 - p) over enrolled pupil-years.
using LeaveMix = std::array<std::array<double, 2>, kStates>;

class Schooling : public Module {
 public:
  // achievement: lowered by poor mental health (set at synthesis)
  static constexpr PupilFields kFields{
      "grade active school level programme vg1_year years_out mh_at_vg1 final_failed achievement",
      "key sex ses background county cell stratum arrival_year mh_state mh_type leave_shift"};
  const char* name() const override { return "schooling"; }
  static WriteKey<Schooling> owner() { return {}; }
  std::unique_ptr<Module> clone() const override { return std::make_unique<Schooling>(*this); }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;
  // Calibration: tally leave_mix() over the reported years of the coming run.
  void measure_leave_mix() { measure_mix_ = true; }
  const LeaveMix& leave_mix() const { return leave_mix_; }

 private:
  // Pupils waiting for the same decision's draw, so that it comes a block at a
  // time (draw_block.hpp). Room for two blocks: a queue is flushed down to less
  // than a block before more arrive, and at most a block arrives at once (a
  // scan's 64 pupils, or an entry or late-start block's starters).
  struct Queue {
    std::array<uint32_t, 2 * kDrawBlock> ids;
    uint32_t n = 0;
  };
  void school_cohort(Sim& sim, int t, int c, int ag, bool first_year);
  void place_first_cohort(Sim& sim, int t, int c, int ag);
  void lower_achievement(Sim& sim, uint32_t b, uint32_t e);
  void scan_cohort(Sim& sim, int t, uint32_t b, uint32_t e, bool vg1_age);
  void flush_entry(Sim& sim, int t);
  void flush_enrolled(Sim& sim, int t);
  void flush_out(Sim& sim, int t);
  double choice_logodds(const Sim& sim, uint32_t i) const;
  void entry_draws(const Sim& sim, int t, const uint32_t* ids, uint32_t n);
  void start_vg1(Sim& sim, int t, int level, const uint32_t* ids, const uint8_t* prog, const uint32_t* w2, uint32_t n);
  void flush_late(Sim& sim, int t);
  void flush_full(Sim& sim, int t);
  void decide_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n);
  void apply_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n);
  void finish_enrolled(Sim& sim, int t, const uint32_t* ids, uint32_t n, const uint8_t* stops, const uint8_t* completes,
                       const uint8_t* closes);
  void count_noncompleter(Sim& sim, uint32_t i);
  void tally_leave_mix(const Sim& sim, const uint32_t* ids, uint32_t n);
  // The reference path (schooling_reference.cpp): one pupil at a time, each draw alone.
  void school_cohort_reference(Sim& sim, int t, int c, int ag, bool first_year);
  void place_first_cohort_reference(Sim& sim, int t, int c, int ag);
  void entry_reference(Sim& sim, int t, uint32_t i);
  void late_reference(Sim& sim, int t, uint32_t i);
  void enrolled_reference(Sim& sim, int t, uint32_t i);
  void out_reference(Sim& sim, int t, uint32_t i);
  void charge_history(Sim& sim, uint32_t b, uint32_t e, int ag);

  Tally pupils_;
  GridTally enrolled_, leavers_, returners_, completers_, cohort_entrants_, cohort_completed_, cohort_noncompleters_;
  int entry_cohorts_ = 0;
  std::vector<uint32_t> cohort_strata_;  // simulated pupils per (cohort, stratum)
  std::vector<double> county_leave_, county_choice_;  // the county terms, one per county
  std::array<double, kSexes> choice_sex_{};  // choice_logodds' sex and ses terms
  std::array<double, kSes> choice_ses_{};
  bool measure_mix_ = false;
  LeaveMix leave_mix_{};
  std::vector<double> leave_base_;  // [level][programme][sex][ses][background][recent][mh_state][externalizing]
  GradeCellStates history_loss_{};  // [grade-1][cell][state at the start]: twin_history of the loss
  // at the Vg1 age-grade, about to start or not; not started (may start late); enrolled; out
  Queue entering_, not_started_, in_school_, out_of_school_;
  DrawBlock blk_;  // the words of the queue being flushed
  // log-odds and decisions (below_logistic_block) of the block being
  // processed: 0 for leaving, the programme choice and the return; 1 for passing
  std::array<double, kDrawBlock> x0_, x1_;
  std::array<uint8_t, kDrawBlock> below0_, below1_;
  // of the enrolled block (decide_enrolled): level, kLevelBits[programme][level], and
  // whether the pupil's deadline comes at the end of this year if going on
  std::array<uint8_t, kDrawBlock> level_of_, path_of_, deadline_of_;
  std::array<uint32_t, kDrawBlock> fail_stop_of_;  // chances_.fail_stop[level]
  std::vector<uint32_t> warm_row_;  // enrolled_'s and returners_' counts in warm-start years (never read)
  EnrolledChances chances_;  // enrolled_year's thresholds
  Windows windows_{};        // the deadline's
};

// Log-odds of choosing the vocational programme (inline: the enrolled passes
// call it for every starter). The sex and ses terms come
// from tables (choice_sex_, choice_ses_) rather than branches, which sex and ses,
// coin flips from pupil to pupil, would mispredict. An absent term adds +0.0,
// which changes no sum but -0.0 (to +0.0), and the sign of a zero changes
// neither logistic(x) nor the table's interval.
inline double Schooling::choice_logodds(const Sim& sim, uint32_t i) const {
  const People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const double x = s.choice_intercept + s.choice_achievement * P.achievement[i];
  return x + choice_sex_[P.sex[i]] + choice_ses_[P.ses[i]] + county_choice_[P.county[i]];
}

}  // namespace elevsim
