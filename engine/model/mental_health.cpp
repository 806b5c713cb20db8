#include "mental_health.hpp"

#include <algorithm>

#include "draw_block.hpp"

namespace elevsim {

void MentalHealth::init(Sim& sim) {
  r_ = realise_mental_health(sim.params, sim.seed, sim.replication, sim.psa);
  const MentalHealthParams& mh = r_.mh;
  // The microsimulation draws untreated transitions and applies each pupil's
  // own treatment; the start states expect this year's treatment when services run.
  const Twin tw = run_twin(mh, sim.params.services.enabled);
  const TypedTwin typed = run_typed_twin(mh, tw, r_.externalizing_logodds);
  const TransitionTable T = transition_table(mh);
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c)
      for (int o = 0; o < kStates; ++o) {
        const double p0 = T[b][c](o, kDest[o][0]), p1 = T[b][c](o, kDest[o][1]);
        thr_[b][c][o] = {Streams::threshold(p0), Streams::threshold(p0 + p1)};
        if (o == 0) stay_thr_[b][c] = thr_[b][c][o][1];
      }
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
  complaints_.reset(sim.layout);
  disorder_.reset(sim.layout);
  new_cases_.reset(sim.layout);
  cases_by_type_.reset(sim.layout);
  new_by_type_.reset(sim.layout);
  // Initial states are drawn up front for every cohort, so that processes
  // stepping before this one in a pupil's first year see them too.
  for (int c = 0; c < sim.layout.cohorts; ++c) enter(sim, c, sim.layout.first_year_index(c));
}

void MentalHealth::enter(Sim& sim, int cohort, int t) {
  People& P = sim.people;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const uint32_t b = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1];
  const int g = sim.layout.grade_in(cohort, t);
  const auto& init_thr = init_thr_[g - 1];
  const auto& init_ext = init_ext_thr_[g - 1];
  const uint8_t* cell = P.cell.data();
  uint8_t* state = P.mh_state.data();
  uint8_t* years = P.mh_years.data();
  uint8_t* type = P.mh_type.data();
  for_each_draw(sim.rng, P.key.data(), nullptr, b, e, year, Decision::MhInitial,
                [&](uint32_t i, const DrawBlock& blk, uint32_t j) {
                  const uint32_t w0 = blk.w[0][j], w1 = blk.w[1][j];
                  const auto& th = init_thr[cell[i]];
                  const uint8_t s = w0 < th[0] ? 0 : (w0 < th[1] ? 1 : 2);
                  state[i] = s;
                  years[i] = 0;
                  type[i] = s == 0 ? kNoType : (w1 < init_ext[cell[i]][s == 2] ? kExternalizing : kInternalizing);
                });
}

template <bool InGrades>
void MentalHealth::step_cohort(Sim& sim, int t, int cohort, int ag, const People::Shift*& treated,
                               const People::Shift* end) {
  People& P = sim.people;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const uint32_t b = sim.layout.cohort_begin[cohort], e = sim.layout.cohort_begin[cohort + 1];
  // pupils past age-grade 13 who are still followed stay in the oldest band
  const int g = InGrades ? ag : 0;
  const int band = InGrades ? band_of_grade_[ag] : kBands - 1;
  const auto& thr = thr_[band];
  const auto& ext = ext_thr_[band];
  // tallies count age-grades 1-13 only: Tally::index(stratum, g) = stratum * kGrades + g - 1
  uint32_t *comp = InGrades ? complaints_.year(t) + (g - 1) : nullptr,
           *dis = InGrades ? disorder_.year(t) + (g - 1) : nullptr, *inc = InGrades ? new_cases_.year(t) + (g - 1) : nullptr;
  uint32_t *by_type = InGrades ? cases_by_type_.year(t) + CaseTypeTally::index(0, g) : nullptr,
           *new_by_type = InGrades ? new_by_type_.year(t) + TypeTally::index(0, g) : nullptr;
  const bool seen = InGrades && t >= 0;
  const uint8_t *cell = P.cell.data(), *sex = P.sex.data();
  const uint16_t* stratum = P.stratum.data();
  uint8_t *state = P.mh_state.data(), *type = P.mh_type.data(), *years = P.mh_years.data();
  const float* prevention_rr = P.mh_prevention_rr.data();
  // Locals, not members or the caller's pointer, which the byte stores below could alias
  const People::Shift* tr = treated;
  std::array<uint64_t, kStates> seen_pupils{};
  uint32_t next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
  // The rule is mh_year (mh_transitions.hpp); here only the pupil's thresholds
  // are found: its cell's, or for a treated pupil (the rare path) the row with
  // its recovery shift.
  const auto transition = [&](uint32_t i, uint32_t w0, uint32_t w1, uint32_t w2) {
    const uint8_t s = state[i];
    std::array<uint32_t, 2> th = thr[cell[i]][s];
    if (i >= next_treated) {
      float recovery_shift = 0.0f;
      while (tr != end && tr->id < i) ++tr;  // entries of pupils not simulated
      if (tr != end && tr->id == i) recovery_shift = (tr++)->logodds;
      next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
      if (recovery_shift != 0.0f) {
        th = shifted_.get(r_.mh, band, cell[i], s, recovery_shift);
        if (seen && s > 0) ++seen_.treated[band][s], seen_.shift_sum[band][s] += recovery_shift;
      }
    }
    const float rr = prevention_rr[i];
    const uint32_t prevented = rr < 1.0f ? Streams::threshold(1.0 - rr) : 0u;
    const MhYear y = mh_year(s, type[i], th, ext[sex[i]], prevented, w0, w1, w2);
    const uint8_t yrs = years[i];
    years[i] = y.state == s ? static_cast<uint8_t>(yrs + (yrs < 255)) : 0;
    state[i] = y.state;
    type[i] = y.type;
    seen_pupils[s] += seen;  // the state-0 slot is not used
    if (InGrades) {
      const size_t k = static_cast<size_t>(stratum[i]) * kGrades;
      comp[k] += y.state == 1;
      dis[k] += y.state == 2;
      inc[k] += y.onset;
      const bool is_case = y.state != 0;  // branch-free: a pupil in state 0 adds 0 to slot 0
      by_type[k * 4 + (is_case ? (y.state - 1) * 2 + (y.type - 1) : 0)] += is_case;
      new_by_type[k * 2 + (y.onset ? y.type - 1 : 0)] += y.onset;
    }
  };
  // The draws come a block of pupils at a time (draw_block.hpp); past grade 13
  // only the pupils still followed are drawn for. In grades 1-13 most pupils
  // stay in state 0 (stay_flags): only the others take the full transition.
  if (!InGrades) {
    for_each_draw(sim.rng, P.key.data(), P.active.data(), b, e, year, Decision::MhTransition,
                  [&](uint32_t i, const DrawBlock& blk, uint32_t j) {
                    transition(i, blk.w[0][j], blk.w[1][j], blk.w[2][j]);
                  });
  } else {
    DrawBlock blk;
    for (uint32_t i0 = b; i0 < e; i0 += kDrawBlock) {
      const uint32_t n = std::min(kDrawBlock, e - i0);
      draw_block(sim.rng, P.key.data() + i0, n, year, Decision::MhTransition, blk);
      stay_flags(P, band, i0, n, blk, tr, end);
      for_each_flagged(flags_.data(), n,
                       [&](uint32_t j) { transition(i0 + j, blk.w[0][j], blk.w[1][j], blk.w[2][j]); });
    }
  }
  treated = tr;
  for (int s = 1; s < kStates; ++s) seen_.pupils[band][s] += seen_pupils[s];
}

namespace {

// stay_flags' first pass: 0xFF for a pupil outside state 0, or whose word 0 is
// below its cell's threshold for leaving state 0. Compiled twice, for AVX-512
// (the loop gathers the thresholds 16 pupils at a time) and portable; integer
// comparisons only, so both flag the same pupils.
using FlagMovers = void (*)(const uint8_t*, const uint8_t*, const uint32_t*, const uint32_t*, uint8_t*, uint32_t);

[[gnu::always_inline]] inline void flag_movers_loop(const uint8_t* __restrict state, const uint8_t* __restrict cell,
                                                    const uint32_t* __restrict w0, const uint32_t* __restrict leave0,
                                                    uint8_t* __restrict flag, uint32_t n) {
  for (uint32_t j = 0; j < n; ++j) {
    const bool moves = (state[j] != 0) | (w0[j] < leave0[cell[j]]);
    flag[j] = static_cast<uint8_t>(-static_cast<int>(moves));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void flag_movers_avx512(const uint8_t* state,
                                                                              const uint8_t* cell, const uint32_t* w0,
                                                                              const uint32_t* leave0, uint8_t* flag,
                                                                              uint32_t n) {
  flag_movers_loop(state, cell, w0, leave0, flag, n);
}

void flag_movers_portable(const uint8_t* state, const uint8_t* cell, const uint32_t* w0, const uint32_t* leave0,
                          uint8_t* flag, uint32_t n) {
  flag_movers_loop(state, cell, w0, leave0, flag, n);
}

FlagMovers flag_movers() {
  static const FlagMovers f = cpu_has_avx512() ? flag_movers_avx512 : flag_movers_portable;
  return f;
}

}  // namespace

// Flags (0xFF) the pupils of a block whose year is more than staying in
// state 0: those outside state 0, those whose word 0 moves them out of it,
// those with a treatment entry. The others only add a year in state 0, done
// here: their type is already 0, they add to no tally, and prevention only
// ever stops an onset, so this is what mh_year would do to them.
void MentalHealth::stay_flags(People& P, int band, uint32_t i0, uint32_t n, const DrawBlock& blk,
                              const People::Shift* tr, const People::Shift* end) {
  const uint8_t* state = P.mh_state.data() + i0;
  const uint8_t* cell = P.cell.data() + i0;
  uint8_t* years = P.mh_years.data() + i0;
  uint8_t* flag = flags_.data();
  flag_movers()(state, cell, blk.w[0].data(), stay_thr_[band].data(), flag, n);
  for (; tr != end && tr->id < i0 + n; ++tr)
    if (tr->id >= i0) flag[tr->id - i0] = 0xFF;
  for (uint32_t j = 0; j < n; ++j) years[j] = static_cast<uint8_t>(years[j] + ((flag[j] == 0) & (years[j] < 255)));
  std::fill(flag + n, flag + ((n + 15) & ~15u), 0);
}

void MentalHealth::step(Sim& sim, int t) {
  People& P = sim.people;
  const std::vector<People::Shift>& treated = P.mh_recovery;
  const People::Shift* next = treated.data();
  const People::Shift* end = next + treated.size();
  for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) {
    const int ag = sim.layout.grade_in(c, t);
    if (ag <= kGrades)
      step_cohort<true>(sim, t, c, ag, next, end);
    else
      step_cohort<false>(sim, t, c, ag, next, end);
  }
}

void MentalHealth::results(Sim& sim, std::vector<Dataset>& out) {
  out.push_back(weigh(complaints_, sim.layout, "mh_complaints",
                      "pupils in mental-health state 1 (significant complaints, no disorder) after the year's transition"));
  out.push_back(weigh(disorder_, sim.layout, "mh_disorder",
                      "pupils in mental-health state 2 (diagnosable disorder) after the year's transition"));
  out.push_back(weigh(new_cases_, sim.layout, "mh_new_cases",
                      "pupils who moved from state 0 to state 1 or 2 during the year"));
  out.push_back(weigh_national(cases_by_type_, sim.layout, "mh_cases_by_type",
                               "pupils in state 1 or 2 after the year's transition, by problem type (national)"));
  out.push_back(weigh_national(new_by_type_, sim.layout, "mh_new_cases_by_type",
                               "pupils who moved from state 0 to state 1 or 2 during the year, by the new case's "
                               "problem type (national)"));
}

}  // namespace elevsim
