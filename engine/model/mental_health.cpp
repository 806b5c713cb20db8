#include "mental_health.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "draw_block.hpp"

namespace elevsim {

void MentalHealth::init(Sim& sim) {
  const MentalHealthParams& mh = sim.params.mental_health;
  // The microsimulation draws untreated transitions and applies each pupil's
  // own treatment; the start states expect this year's treatment when services run.
  const Twin tw = run_twin(mh, sim.params.services.enabled);
  const TransitionTable T = transition_table(mh);
  for (int b = 0; b < kBands; ++b)
    for (int c = 0; c < kCells; ++c)
      for (int o = 0; o < kStates; ++o) {
        const double p0 = T[b][c](o, kDest[o][0]), p1 = T[b][c](o, kDest[o][1]);
        thr_[b][c][o] = {Streams::threshold(p0), Streams::threshold(p0 + p1)};
        if (o == 0) stay_thr_[b][c] = thr_[b][c][o][1];
      }
  // Pupils already in school at the start, and each new grade-1 cohort, take
  // their state from the twin's distribution for their grade, so the start
  // population is in the model's own equilibrium rather than in an arbitrary one.
  for (int g = 1; g <= kGrades; ++g) {
    band_of_grade_[g] = static_cast<uint8_t>(mh.band_of_grade(g));
    for (int c = 0; c < kCells; ++c) {
      const StateDist& d = tw.pre[g - 1][c];
      init_thr_[g - 1][c] = {Streams::threshold(d(0)), Streams::threshold(d(0) + d(1))};
    }
  }
  for (int b = 0; b < kBands; ++b)
    for (int s = 0; s < kSexes; ++s) ext_thr_[b][s] = Streams::threshold(externalizing_share(mh, s, b));
  shifted_.clear();
  // no onset shift learnt yet (NaN matches none): the parameters may differ by replication
  onset_value_ = std::numeric_limits<float>::quiet_NaN();
  onset_stay_for_.fill(std::numeric_limits<float>::quiet_NaN());
  complaints_.reset(sim.layout);
  disorder_.reset(sim.layout);
  new_cases_.reset(sim.layout);
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
  const auto& ext = ext_thr_[band_of_grade_[g]];
  const uint8_t* cell = P.cell.data();
  const uint8_t* sex = P.sex.data();
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
                  type[i] = s == 0 ? 0 : (w1 < ext[sex[i]] ? 2 : 1);
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
  const bool seen = InGrades && t >= 0;
  const uint8_t *cell = P.cell.data(), *sex = P.sex.data();
  const uint16_t* stratum = P.stratum.data();
  uint8_t *state = P.mh_state.data(), *type = P.mh_type.data(), *years = P.mh_years.data();
  const float* onset_shift = P.mh_onset_shift.data();
  // Locals, not members or the caller's pointer, which the byte stores below could alias
  const People::Shift* tr = treated;
  std::array<uint64_t, kStates> seen_pupils{};
  // word 0 decides the transition, word 1 the problem type of a new case
  uint32_t next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
  const auto transition = [&](uint32_t i, uint32_t w0, uint32_t w1) {
    float recovery_shift = 0.0f;
    const uint8_t s = state[i];
    std::array<uint32_t, 2> th = thr[cell[i]][s];
    uint32_t onset_bits;
    std::memcpy(&onset_bits, &onset_shift[i], sizeof onset_bits);
    // One rarely taken branch for the rare paths, a pupil reached by treatment
    // or prevention this year (an onset shift of +-0 is none).
    if ((i >= next_treated) | ((onset_bits << 1) != 0)) {
      while (tr != end && tr->id < i) ++tr;  // entries of pupils not simulated
      if (tr != end && tr->id == i) recovery_shift = (tr++)->logodds;
      next_treated = tr != end ? tr->id : 0xFFFFFFFFu;
      if (recovery_shift != 0.0f) {
        th = shifted_.get(sim.params.mental_health, band, cell[i], s, onset_shift[i], recovery_shift);
        if (seen && s > 0) ++seen_.treated[band][s], seen_.shift_sum[band][s] += recovery_shift;
      } else if (onset_shift[i] != 0.0f) {
        th = shifted_.get_onset(sim.params.mental_health, band, cell[i], s, onset_shift[i]);
        onset_value_ = onset_shift[i];
      }
    }
    const uint8_t ns = w0 < th[0] ? kDest[s][0] : (w0 < th[1] ? kDest[s][1] : s);
    const bool onset = (s == 0) & (ns != 0);
    // Branch-free: which pupils change state follows no pattern a CPU could
    // predict, and a mispredicted branch costs more than the selects.
    uint8_t ty = type[i];
    ty = onset ? (w1 < ext[sex[i]] ? 2 : 1) : ty;
    type[i] = ns == 0 ? 0 : ty;
    const uint8_t y = years[i];
    years[i] = ns == s ? static_cast<uint8_t>(y + (y < 255)) : 0;
    state[i] = ns;
    seen_pupils[s] += seen;  // the state-0 slot is not used
    if (InGrades) {
      const size_t k = static_cast<size_t>(stratum[i]) * kGrades;
      comp[k] += ns == 1;
      dis[k] += ns == 2;
      inc[k] += onset;
    }
  };
  // The draws come a block of pupils at a time (draw_block.hpp); past grade 13
  // only the pupils still followed are drawn for. In grades 1-13 most pupils
  // stay in state 0 (stay_flags): only the others take the full transition.
  if (!InGrades) {
    for_each_draw(sim.rng, P.key.data(), P.active.data(), b, e, year, Decision::MhTransition,
                  [&](uint32_t i, const DrawBlock& blk, uint32_t j) { transition(i, blk.w[0][j], blk.w[1][j]); });
  } else {
    DrawBlock blk;
    for (uint32_t i0 = b; i0 < e; i0 += kDrawBlock) {
      const uint32_t n = std::min(kDrawBlock, e - i0);
      draw_block(sim.rng, P.key.data() + i0, n, year, Decision::MhTransition, blk);
      stay_flags(sim.params.mental_health, P, band, i0, n, blk, tr, end);
      for_each_flagged(flags_.data(), n, [&](uint32_t j) { transition(i0 + j, blk.w[0][j], blk.w[1][j]); });
    }
  }
  treated = tr;
  for (int s = 1; s < kStates; ++s) seen_.pupils[band][s] += seen_pupils[s];
}

namespace {

// stay_flags' first pass: 0xFF for a pupil outside state 0, or whose word 0 is
// below its cell's threshold for leaving state 0, or with an onset shift (an
// onset shift of +-0 is none). Compiled twice, for AVX-512 (the loop gathers
// the thresholds 16 pupils at a time) and portable; integer and float
// comparisons only, so both flag the same pupils.
// leave0[cell]: the threshold without an onset shift; shifted[cell]: with the
// onset shift v (prevention's one value); any other shift flags the pupil.
struct LeaveRows {
  const uint32_t* leave0;
  const uint32_t* shifted;
  float v;
};
using FlagMovers = void (*)(const uint8_t*, const uint8_t*, const float*, const uint32_t*, LeaveRows, uint8_t*,
                            uint32_t);

[[gnu::always_inline]] inline void flag_movers_loop(const uint8_t* __restrict state, const uint8_t* __restrict cell,
                                                    const float* __restrict onset, const uint32_t* __restrict w0,
                                                    LeaveRows rows, uint8_t* __restrict flag, uint32_t n) {
  const uint32_t* __restrict leave0 = rows.leave0;
  const uint32_t* __restrict shifted = rows.shifted;
  for (uint32_t j = 0; j < n; ++j) {
    const float o = onset[j];
    const uint32_t th = o == 0.0f ? leave0[cell[j]] : shifted[cell[j]];
    const bool moves = (state[j] != 0) | (w0[j] < th) | ((o != 0.0f) & (o != rows.v));
    flag[j] = static_cast<uint8_t>(-static_cast<int>(moves));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void flag_movers_avx512(const uint8_t* state,
                                                                              const uint8_t* cell, const float* onset,
                                                                              const uint32_t* w0, LeaveRows rows,
                                                                              uint8_t* flag, uint32_t n) {
  flag_movers_loop(state, cell, onset, w0, rows, flag, n);
}

void flag_movers_portable(const uint8_t* state, const uint8_t* cell, const float* onset, const uint32_t* w0,
                          LeaveRows rows, uint8_t* flag, uint32_t n) {
  flag_movers_loop(state, cell, onset, w0, rows, flag, n);
}

FlagMovers flag_movers() {
  static const FlagMovers f = cpu_has_avx512() ? flag_movers_avx512 : flag_movers_portable;
  return f;
}

}  // namespace

// Flags (0xFF) the pupils of a block whose year is more than staying in
// state 0: those outside state 0, those whose word 0 moves them out of it,
// those with an onset shift or a treatment entry. The others only add a year
// in state 0, done here: their type is already 0 and they add to no tally, so
// this is what the full transition would do to them.
void MentalHealth::stay_flags(const MentalHealthParams& mh, People& P, int band, uint32_t i0, uint32_t n, const DrawBlock& blk,
                              const People::Shift* tr, const People::Shift* end) {
  const uint8_t* state = P.mh_state.data() + i0;
  const uint8_t* cell = P.cell.data() + i0;
  const float* onset = P.mh_onset_shift.data() + i0;
  uint8_t* years = P.mh_years.data() + i0;
  uint8_t* flag = flags_.data();
  // prevention's onset shift (learnt from the last pupil that took it): the
  // rows of its state-0 pupils, so that those who stay need no full transition
  uint32_t was, now;
  std::memcpy(&was, &onset_stay_for_[band], sizeof was);
  std::memcpy(&now, &onset_value_, sizeof now);
  if (was != now && onset_value_ != 0.0f) {
    for (int c = 0; c < kCells; ++c) onset_stay_thr_[band][c] = shifted_.get_onset(mh, band, c, 0, onset_value_)[1];
    onset_stay_for_[band] = onset_value_;
  }
  const LeaveRows rows{stay_thr_[band].data(), onset_stay_thr_[band].data(), onset_stay_for_[band]};
  flag_movers()(state, cell, onset, blk.w[0].data(), rows, flag, n);
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
}

}  // namespace elevsim
