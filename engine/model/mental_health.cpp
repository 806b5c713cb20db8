#include "mental_health.hpp"

#include <algorithm>

#include "draw_block.hpp"
#include "flag_pass.hpp"

namespace elevsim {

void MentalHealth::init(Sim& sim) {
  r_ = realise_mental_health(sim.params, sim.seed, sim.replication, sim.psa);
  const MentalHealthParams& mh = r_.mh;
  // The microsimulation draws untreated transitions and applies each pupil's
  // own treatment; the start states expect this year's treatment when services run.
  const Twin tw = run_twin(mh, sim.params.services.enabled);
  const TypedTwin typed = run_typed_twin(mh, tw, r_.externalizing_logodds);
  thr_ = threshold_table(mh);
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c) stay_thr_[b][c] = thr_[b][c][0][1];
  // Pupils already in school at the start, and each new grade-1 cohort, take
  // their state (and type) from the twin's distribution for their grade, so the
  // start population is in the model's own equilibrium rather than in an arbitrary one.
  for (int g = 1; g <= kGrades; ++g) {
    band_of_grade_[g] = static_cast<uint8_t>(mh.band_of_grade(g));
    for (int c = 0; c < kCells; ++c) {
      const StateDist& d = tw.pre[g - 1][c];
      init_thr_[g - 1][c] = {Streams::threshold(d(0)), Streams::threshold(d(0) + d(1))};
      const TypedDist& td = typed.pre[g - 1][c];
      for (int s = 1; s < kStates; ++s) {
        const double e = td(typed_state(s, kExternalizing)), i = td(typed_state(s, kInternalizing));
        init_ext_thr_[g - 1][c][s - 1] = Streams::threshold(e + i > 0 ? e / (e + i) : 0.0);
      }
    }
  }
  for (int b = 0; b < kBands; ++b)
    for (int s = 0; s < kSexes; ++s)
      ext_thr_[b][s] = Streams::threshold(externalizing_share(mh, s, b, r_.externalizing_logodds));
  shifted_.clear();
  cases_by_type_.reset(sim.layout);
  new_by_type_.reset(sim.layout);
  // Initial states are drawn up front for every cohort, so that processes
  // stepping before this one in a pupil's first year see them too.
  for (int c = 0; c < sim.layout.cohorts; ++c) enter(sim, c, sim.layout.first_year_index(c));
}

// Start states through mh_start; on the reference path each draw made alone.
void MentalHealth::enter(Sim& sim, int cohort, int t) {
  People& P = sim.people;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const uint32_t b = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1];
  const int g = sim.layout.grade_in(cohort, t);
  const auto& init_thr = init_thr_[g - 1];
  const auto& init_ext = init_ext_thr_[g - 1];
  const uint8_t* cell = P.cell.data();
  uint8_t* state = P.mh_state.write(owner()).data();
  uint8_t* years = P.mh_years.write(owner()).data();
  uint8_t* type = P.mh_type.write(owner()).data();
  const auto start = [&](uint32_t i, uint32_t w0, uint32_t w1) {
    const MhStart s = mh_start(init_thr[cell[i]], init_ext[cell[i]], w0, w1);
    state[i] = s.state;
    years[i] = 0;
    type[i] = s.type;
  };
  if (reference_rules()) {
    for (uint32_t i = b; i < e; ++i) {
      const auto w = sim.rng.bits(P.key[i], year, Decision::MhInitial);
      start(i, w[0], w[1]);
    }
    return;
  }
  for_each_draw(sim.rng, P.key.data(), nullptr, b, e, year, Decision::MhInitial,
                [&](uint32_t i, const DrawBlock& blk, uint32_t j) { start(i, blk.w[0][j], blk.w[1][j]); });
}

struct MentalHealth::CohortYear {
  uint32_t year = 0;
  int band = 0;
  bool seen = false;  // grades 1-13 in a reported year: counted in treatment_seen()
  // the tallies' entries of stratum 0 at the cohort's age-grade (null past
  // grade 13): GradeTally<Inner>::index(stratum, g) = (stratum * kGrades + g - 1) * Inner
  uint32_t *by_type = nullptr, *new_by_type = nullptr;
  uint8_t *state = nullptr, *type = nullptr, *years = nullptr;
  const uint16_t* stratum = nullptr;
  std::array<uint64_t, kStates> seen_pupils{};  // by origin state; the state-0 slot is not used
};

MentalHealth::CohortYear MentalHealth::cohort_year(Sim& sim, int t, int ag) {
  People& P = sim.people;
  CohortYear cy;
  cy.year = static_cast<uint32_t>(sim.calendar_year(t));
  // pupils past age-grade 13 who are still followed stay in the oldest band
  cy.band = ag <= kGrades ? band_of_grade_[ag] : kBands - 1;
  cy.seen = ag <= kGrades && t >= 0;
  if (ag <= kGrades) {
    cy.by_type = cases_by_type_.year(t) + CaseTypeTally::index(0, ag);
    cy.new_by_type = new_by_type_.year(t) + TypeTally::index(0, ag);
  }
  cy.state = P.mh_state.write(owner()).data();
  cy.type = P.mh_type.write(owner()).data();
  cy.years = P.mh_years.write(owner()).data();
  cy.stratum = P.stratum.data();
  return cy;
}

namespace {

// The inner slot of cases_by_type_ (case_state x problem_type: (s - 1) *
// kTypes + t - 1) of a pupil in state s with type t, and of new_by_type_
// (problem_type: t - 1); 0 where the pair is not a case, which adds 0 there.
constexpr auto kCaseSlot = [] {
  std::array<std::array<uint8_t, kTypes + 1>, kStates> slot{};
  for (int s = 1; s < kStates; ++s)
    for (int t = 1; t <= kTypes; ++t) slot[s][t] = static_cast<uint8_t>((s - 1) * kTypes + t - 1);
  return slot;
}();
constexpr std::array<uint8_t, kTypes + 1> kTypeSlot{0, 0, 1};
static_assert((kStates - 1) * kTypes == 4 && kTypes == 2, "CaseTypeTally and TypeTally (core/tally.hpp) are sized so");

// The pupil's recovery shift this year: its entry in People::mh_recovery
// (sorted by pupil, walked by tr), 0 without one. Entries of pupils not
// simulated are passed over.
inline float recovery_shift(const People::Shift*& tr, const People::Shift* end, uint32_t i) {
  while (tr != end && tr->id < i) ++tr;
  return tr != end && tr->id == i ? (tr++)->logodds : 0.0f;
}

}  // namespace

// After one pupil's year (mh_year from state `from`): its state, type and
// years in state (years_in_state), the year's tallies in grades 1-13, and the
// treatment the year saw.
template <bool InGrades>
[[gnu::always_inline]] inline void MentalHealth::record(CohortYear& cy, uint32_t i, uint8_t from, MhYear y,
                                                        float recovery) {
  cy.years[i] = years_in_state(cy.years[i], y.state == from);
  cy.state[i] = y.state;
  cy.type[i] = y.type;
  cy.seen_pupils[from] += cy.seen;
  if (recovery != 0.0f && cy.seen && from > 0) ++seen_.treated[cy.band][from], seen_.shift_sum[cy.band][from] += recovery;
  if (InGrades) {
    // Slots from tables, not branches (which pupils are cases follows no
    // pattern a CPU could predict): a pupil who is not a case, or not a new
    // one, adds 0 to whatever slot its state and type give.
    const size_t k = static_cast<size_t>(cy.stratum[i]) * kGrades;
    cy.by_type[k * (kStates - 1) * kTypes + kCaseSlot[y.state][y.type]] += y.state != 0;
    cy.new_by_type[k * kTypes + kTypeSlot[y.type]] += y.onset;
  }
}

// The reference path: each pupil in order, its draw made alone, its
// thresholds the cell's row or, treated, its own row computed afresh (no
// memo), then the rule and the bookkeeping. The batched path below must give
// the same (tests/test_reference_identical.py).
template <bool InGrades>
void MentalHealth::step_cohort_reference(Sim& sim, CohortYear& cy, int cohort, const People::Shift*& treated,
                                         const People::Shift* end) {
  const People& P = sim.people;
  for (uint32_t i = sim.layout.cohort_begin[cohort]; i < sim.layout.cohort_begin[cohort + 1]; ++i) {
    if (!InGrades && !P.active[i]) continue;
    const auto w = sim.rng.bits(P.key[i], cy.year, Decision::MhTransition);
    const uint8_t s = P.mh_state[i];
    const float recovery = recovery_shift(treated, end, i);
    const RowThresholds th = recovery != 0.0f
                                 ? row_thresholds(transition_row(r_.mh, cy.band, P.cell[i], s, 0.0, recovery))
                                 : thr_[cy.band][P.cell[i]][s];
    const MhYear y = mh_year(s, P.mh_type[i], th, ext_thr_[cy.band][P.sex[i]],
                             prevention_threshold(P.mh_prevention_rr[i]), w[0], w[1], w[2]);
    record<InGrades>(cy, i, s, y, recovery);
  }
}

// The batched path: the rule is mh_year; here only the pupil's thresholds are
// found, its cell's or, for a treated pupil (the rare path), the row with its
// recovery shift (memoised), and the draws come a block of pupils at a time
// (draw_block.hpp).
template <bool InGrades>
void MentalHealth::step_cohort(Sim& sim, CohortYear& cohort_year, int cohort, const People::Shift*& treated,
                               const People::Shift* end) {
  People& P = sim.people;
  const uint32_t b = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1];
  // Locals, not members or the caller's, which the byte stores could alias
  CohortYear cy = cohort_year;
  const auto& thr = thr_[cy.band];
  const auto& ext = ext_thr_[cy.band];
  const uint8_t *cell = P.cell.data(), *sex = P.sex.data();
  const float* prevention_rr = P.mh_prevention_rr.data();
  const People::Shift* tr = treated;
  uint32_t next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
  // Both lambdas always inline: as a call per pupil, the closure's pointers
  // were reloaded after every byte store (measured: 3 % of mental health).
  const auto transition = [&](uint32_t i, uint32_t w0, uint32_t w1, uint32_t w2) __attribute__((always_inline)) {
    const uint8_t s = cy.state[i];
    RowThresholds th = thr[cell[i]][s];
    float recovery = 0.0f;
    if (i >= next_treated) {
      recovery = recovery_shift(tr, end, i);
      next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
      if (recovery != 0.0f) th = shifted_.get(r_.mh, cy.band, cell[i], s, recovery);
    }
    const MhYear y = mh_year(s, cy.type[i], th, ext[sex[i]], prevention_threshold(prevention_rr[i]), w0, w1, w2);
    record<InGrades>(cy, i, s, y, recovery);
  };
  // Past grade 13 only the pupils still followed are drawn for. In grades
  // 1-13 most pupils stay in state 0 (stay_flags): only the others take the
  // full transition.
  if (!InGrades) {
    for_each_draw(sim.rng, P.key.data(), P.active.data(), b, e, cy.year, Decision::MhTransition,
                  [&](uint32_t i, const DrawBlock& blk, uint32_t j) {
                    transition(i, blk.w[0][j], blk.w[1][j], blk.w[2][j]);
                  });
  } else {
    DrawBlock blk;
    for (uint32_t i0 = b; i0 < e; i0 += kDrawBlock) {
      const uint32_t n = std::min(kDrawBlock, e - i0);
      draw_block(sim.rng, P.key.data() + i0, n, cy.year, Decision::MhTransition, blk);
      stay_flags(P, cy.band, i0, n, blk, tr, end);
      for_each_flagged(flags_.data(), n, [&](uint32_t j) __attribute__((always_inline)) {
        transition(i0 + j, blk.w[0][j], blk.w[1][j], blk.w[2][j]);
      });
    }
  }
  treated = tr;
  cohort_year.seen_pupils = cy.seen_pupils;
}

// Flags (0xFF) the pupils of a block whose year is more than staying in
// state 0: those outside state 0, those whose word 0 moves them out of it,
// those with a treatment entry. The others only add a year in state 0, done
// here: a pupil in state 0 whose word 0 is at or above its row's threshold
// [1] stays in state 0 under mh_year, whatever its other words and its
// prevention, with no onset, no type and no tally (tests/test_mh_rule.cpp).
void MentalHealth::stay_flags(People& P, int band, uint32_t i0, uint32_t n, const DrawBlock& blk,
                              const People::Shift* tr, const People::Shift* end) {
  const uint8_t* state = P.mh_state.data() + i0;
  const uint8_t* cell = P.cell.data() + i0;
  uint8_t* years = P.mh_years.write(owner()).data() + i0;
  uint8_t* flag = flags_.data();
  flag_nonzero_or_word_below(state, cell, blk.w[0].data(), stay_thr_[band].data(), flag, n);
  for (; tr != end && tr->id < i0 + n; ++tr)
    if (tr->id >= i0) flag[tr->id - i0] = 0xFF;
  for (uint32_t j = 0; j < n; ++j) years[j] = flag[j] == 0 ? years_in_state(years[j], true) : years[j];
  std::fill(flag + n, flag + ((n + 15) & ~15u), 0);
}

void MentalHealth::step(Sim& sim, int t) {
  People& P = sim.people;
  const std::vector<People::Shift>& treated = P.mh_recovery;
  const People::Shift* next = treated.data();
  const People::Shift* end = next + treated.size();
  const bool reference = reference_rules();
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const int ag = sim.layout.grade_in(c, t);
    CohortYear cy = cohort_year(sim, t, ag);
    if (ag <= kGrades)
      reference ? step_cohort_reference<true>(sim, cy, c, next, end) : step_cohort<true>(sim, cy, c, next, end);
    else
      reference ? step_cohort_reference<false>(sim, cy, c, next, end) : step_cohort<false>(sim, cy, c, next, end);
    for (int s = 1; s < kStates; ++s) seen_.pupils[cy.band][s] += cy.seen_pupils[s];
  }
}

void MentalHealth::results(Sim& sim, std::vector<Dataset>& out) {
  out.push_back(weigh(sum_inner(cases_by_type_, 0, kTypes), sim.layout, "mh_complaints",
                      "pupils in mental-health state 1 (significant complaints, no disorder) after the year's transition"));
  out.push_back(weigh(sum_inner(cases_by_type_, kTypes, kTypes), sim.layout, "mh_disorder",
                      "pupils in mental-health state 2 (diagnosable disorder) after the year's transition"));
  out.push_back(weigh(sum_inner(new_by_type_, 0, kTypes), sim.layout, "mh_new_cases",
                      "pupils who moved from state 0 to state 1 or 2 during the year"));
  out.push_back(weigh_national(cases_by_type_, sim.layout, "mh_cases_by_type",
                               "pupils in state 1 or 2 after the year's transition, by problem type (national)"));
  out.push_back(weigh_national(new_by_type_, sim.layout, "mh_new_cases_by_type",
                               "pupils who moved from state 0 to state 1 or 2 during the year, by the new case's "
                               "problem type (national)"));
}

}  // namespace elevsim
