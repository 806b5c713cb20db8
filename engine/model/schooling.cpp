#include "schooling.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "draw_block.hpp"
#include "twin.hpp"
#include "uncertain.hpp"

namespace elevsim {

namespace {
double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The word w with Streams::to_unit(w) < v exactly when w < words_below(v):
// to_unit(w) = (w + 0.5) * 2^-32 and v * 2^32 - 0.5 are exact in doubles (for
// 0 <= v < 2^20), so u < v is w + 0.5 < v * 2^32, that is w < ceil(v * 2^32 - 0.5).
int64_t words_below(double v) { return std::max(0.0, std::ceil(std::ldexp(v, 32) - 0.5)); }

// logistic(x) at x = -16, -16 + 1/16, ..., 16, less and plus a margin, as
// word thresholds (words_below), so a block compares words without converting
// them. The finer the grid, the fewer words fall between two bounds and take the exp.
struct LogisticBounds {
  static constexpr int kPerUnit = 16, kSteps = 32 * kPerUnit;
  std::array<int64_t, kSteps + 1> low_words{}, high_words{};
  LogisticBounds() {
    for (int k = 0; k <= kSteps; ++k) {
      const double h = logistic(-16.0 + static_cast<double>(k) / kPerUnit);
      low_words[k] = words_below(h - 1e-9);
      high_words[k] = words_below(h + 1e-9);
    }
  }
};
const LogisticBounds kLogistic;

// The table's verdict on whether to_unit(w[j]) < logistic(x[j]) for j < n,
// exactly as comparing with the computed logistic(x) would decide, but without
// the exp: logistic increases, the computed value is within about 1e-16 of the
// true one, and on [x_k, x_k+1] the true value lies between those at the ends
// (an x rounded onto a grid point moves logistic far less than the 1e-9
// margin), so a word outside [low[k], high[k+1]) is decided by the table:
// below[j]. At most about one in sixty falls inside: undecided[j]. No branch
// and no exp, so that the loop vectorises (with gathers from the table where
// the CPU has AVX2 or AVX-512).
inline __attribute__((always_inline)) void table_verdicts(const uint32_t* __restrict w, const double* __restrict x,
                                                          uint32_t n, uint8_t* __restrict below,
                                                          uint8_t* __restrict undecided) {
  // pointers, not the object: GCC does not vectorise loads from a dynamically initialised global
  const int64_t* __restrict low_words = kLogistic.low_words.data();
  const int64_t* __restrict high_words = kLogistic.high_words.data();
  for (uint32_t j = 0; j < n; ++j) {
    const double f = (x[j] + 16.0) * LogisticBounds::kPerUnit;  // exact scaling: a power of 2
    const bool inside = (f >= 0.0) & (f < LogisticBounds::kSteps);  // false for NaN too
    const int k = static_cast<int>(inside ? f : 0.0);
    const int64_t word = w[j];
    const bool low = word < low_words[k], high = word >= high_words[k + 1];
    below[j] = low;
    undecided[j] = !(inside & (low | high));
  }
}

using Verdicts = void (*)(const uint32_t*, const double*, uint32_t, uint8_t*, uint8_t*);

__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"))) void table_verdicts_avx512(
    const uint32_t* w, const double* x, uint32_t n, uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

__attribute__((target("avx2"))) void table_verdicts_avx2(const uint32_t* w, const double* x, uint32_t n,
                                                          uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

void table_verdicts_default(const uint32_t* w, const double* x, uint32_t n, uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

// The widest the pupil loops may use (vector_isa: the CPU's, capped by
// ELEVSIM_KERNELS), chosen on first use. Integer compares and exact double
// arithmetic only, so every kernel gives the same verdicts (tests/test_kernels_identical.py).
Verdicts pick_verdicts() {
  switch (vector_isa()) {
    case VectorIsa::Avx512: return table_verdicts_avx512;
    case VectorIsa::Avx2: return table_verdicts_avx2;
    default: return table_verdicts_default;
  }
}
Verdicts verdicts_kernel() {
  static const Verdicts k = pick_verdicts();
  return k;
}

// below[j] = to_unit(w[j]) < logistic(x[j]) for j < n (n <= kDrawBlock): the
// table's verdicts a block at a time, then the exp for the few it leaves undecided.
void below_logistic_block(const uint32_t* w, const double* x, uint32_t n, uint8_t* below) {
  alignas(8) std::array<uint8_t, kDrawBlock> undecided{};  // cleared: the last eight may pass n
  verdicts_kernel()(w, x, n, below, undecided.data());
  for (uint32_t j0 = 0; j0 < n; j0 += 8) {
    uint64_t eight;  // eight flags at once: mostly all clear
    std::memcpy(&eight, undecided.data() + j0, sizeof eight);
    if (eight == 0) continue;
    for (uint32_t j = j0; j < std::min(n, j0 + 8); ++j)
      if (undecided[j]) below[j] = Streams::to_unit(w[j]) < logistic(x[j]);
  }
}

// The paths through upper secondary, per (programme, level): whether it is the
// final level (Vg3 for general; påbygg or the second apprenticeship year for
// vocational), and whether passing it means choosing a path (vocational Vg2).
// A table rather than comparisons and no branch (nor a select the compiler
// could make one) on its bits: the programme and the words are coin flips from
// one pupil to the next, so branches on them are mispredicted about half the time.
enum LevelBits : uint8_t { kFinal = 1, kChoosePath = 2 };
constexpr std::array<std::array<uint8_t, kLevels>, kProgrammes> kLevelBits = {{
    {0, 0, kFinal, 0, 0, 0},                    // general: Vg1, Vg2, Vg3 (final)
    {0, kChoosePath, 0, kFinal, 0, kFinal},  // vocational: Vg1, Vg2, (Vg3), påbygg, apprentice 1, 2
}};
static_assert(kVg1 == 0 && kVg2 == 1 && kVg3 == 2 && kPabygg == 3 && kApprentice1 == 4 && kApprentice2 == 5);
// The level after passing lv; after vocational Vg2, påbygg or apprenticeship
// by the word u: påbygg when to_unit(u) < pabygg_share, that is u < pabygg_words
// (= words_below(pabygg_share)).
// bits: kLevelBits[programme][lv].
uint8_t next_level_bits(int64_t pabygg_words, uint8_t bits, int lv, uint32_t u) {
  const int path = kApprentice1 - (static_cast<int64_t>(u) < pabygg_words);  // kApprentice1 - 1 is kPabygg
  const int choose = (bits & kChoosePath) >> 1;
  return static_cast<uint8_t>(lv + 1 + choose * (path - (lv + 1)));
}
uint8_t next_level(int64_t pabygg_words, int programme, int lv, uint32_t u) {
  return next_level_bits(pabygg_words, kLevelBits[programme][lv], lv, u);
}
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

// Bit k set when school[k] == status, for k < n <= 64: sixteen bytes compared
// at once (SSE2, in every x86-64) when the chunk is whole.
uint64_t status_bits(const uint8_t* school, uint32_t n, uint8_t status) {
  uint64_t bits = 0;
  if (n < 64) {
    for (uint32_t k = 0; k < n; ++k) bits |= static_cast<uint64_t>(school[k] == status) << k;
    return bits;
  }
  const __m128i v = _mm_set1_epi8(static_cast<char>(status));
  for (int q = 0; q < 4; ++q) {
    const __m128i sixteen = _mm_loadu_si128(reinterpret_cast<const __m128i*>(school + 16 * q));
    bits |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(sixteen, v)))) << (16 * q);
  }
  return bits;
}

// Every tally of this module is (leading, county, sex, ses, background,
// programme[, last]), and a pupil's stratum is (county, sex, ses): the middle
// part of the index, computed without the general index's chain of products.
size_t demo_of(const People& P, uint32_t i, int prog) {
  return (static_cast<size_t>(P.stratum[i]) * kBackgrounds + P.background[i]) * kProgrammes + prog;
}
// Adds v at (leading, demo[, last]) of g, whose last dimension has last_size
// values (1 when there is none); nothing for a negative leading index.
void count(GridTally& g, int leading, size_t demo, int last_size, int last, uint32_t v = 1) {
  if (uint32_t* row = g.row(leading)) row[demo * last_size + last] += v;
}
}  // namespace

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
  vg2_passed_thr_ = Streams::threshold(sp.vg2_leave_passed);
  pabygg_words_ = words_below(sp.pabygg_share);
  for (int lv = 0; lv < kLevels; ++lv) fail_stop_thr_[lv] = Streams::threshold(sp.fail_stop[lv]);
  People& P = sim.people;
  const int strata = L.counties * kSexes * kSes;
  cohort_strata_.assign(static_cast<size_t>(L.cohorts) * strata, 0u);
  for (int c = 0; c < L.cohorts; ++c)
    for (uint32_t i = L.cohort_begin[c]; i < L.cohort_begin[c + 1]; ++i) ++cohort_strata_[c * strata + P.stratum[i]];
  std::fill(P.grade.begin(), P.grade.end(), 0);
  std::fill(P.active.begin(), P.active.end(), 0);
  std::fill(P.school.begin(), P.school.end(), kGrunnskole);
  std::fill(P.final_failed.begin(), P.final_failed.end(), 0);
}

// Log-odds of choosing the vocational programme. The sex and ses terms come
// from tables (choice_sex_, choice_ses_) rather than branches, which sex and ses,
// coin flips from pupil to pupil, would mispredict. An absent term adds +0.0,
// which changes no sum but -0.0 (to +0.0), and the sign of a zero changes
// neither logistic(x) nor the table's interval.
double Schooling::choice_logodds(const Sim& sim, uint32_t i) const {
  const People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const double x = s.choice_intercept + s.choice_achievement * P.achievement[i];
  return x + choice_sex_[P.sex[i]] + choice_ses_[P.ses[i]] + county_choice_[P.county[i]];
}

// Starts the pupils ids[0, n) in upper secondary at the same level (so with
// the same entry year): prog[j], the programme chosen (choice_logodds against
// word 1 of the pupil's SchoolEntry draw); w2[j], word 2: the path of a
// vocational pupil placed past Vg2. Through local pointers, which the byte
// stores cannot alias.
void Schooling::start_vg1(Sim& sim, int t, int level, const uint32_t* ids, const uint8_t* prog, const uint32_t* w2,
                          uint32_t n) {
  People& P = sim.people;
  uint8_t* programme = P.programme.data();
  uint8_t* school = P.school.data();
  uint8_t* years_out = P.years_out.data();
  uint8_t* level_of = P.level.data();
  uint8_t* mh_at_vg1 = P.mh_at_vg1.data();
  int16_t* vg1_year = P.vg1_year.data();
  const uint8_t *mh_state = P.mh_state.data(), *background = P.background.data();
  const auto* stratum = P.stratum.data();
  const int64_t pabygg_words = pabygg_words_;
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
    level_of[i] = level == kVg3 ? next_level(pabygg_words, prog[j], kVg2, w2[j]) : static_cast<uint8_t>(level);
    vg1_year[i] = start;
    mh_at_vg1[i] = mh_state[i];
    if (entrants != nullptr)  // the same for the whole block
      ++entrants[((static_cast<size_t>(stratum[i]) * kBackgrounds + background[i]) * kProgrammes + prog[j]) * kStates +
                 mh_state[i]];  // demo_of
  }
}

// At the deadline: a pupil still enrolled, or out at the level to return to
// (one above the last level passed).
void Schooling::count_noncompleter(Sim& sim, uint32_t i) {
  People& P = sim.people;
  const int k = P.vg1_year[i] - sim.start_year;
  if (k < 0 || k >= entry_cohorts_) return;
  int st = kStillEnrolled;
  if (P.school[i] != kEnrolled)
    st = P.level[i] == kVg1 ? kNoLevelPassed : P.level[i] == kVg2 ? kPassedVg1 : P.final_failed[i] ? kFinalNotPassed
                                                                                                  : kPassedVg2;
  count(cohort_noncompleters_, k, demo_of(P, i, P.programme[i]), kNoncompleterStatuses, st);
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
  const int recent_years = s.recent_arrival_years, year = sim.calendar_year(t);
  const std::array<int, kProgrammes> window = {s.window_general, s.window_vocational};  // within_window's
  uint8_t *level_of = level_of_.data(), *path_of = path_of_.data(), *deadline_of = deadline_of_.data();
  uint32_t* fail_stop_of = fail_stop_of_.data();
  const std::array<uint32_t, kLevels> fail_stop = fail_stop_thr_;
  double *x0 = x0_.data(), *x1 = x1_.data();
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const int lv = level[i], prog = programme[i], bg = background[i], ms = mh_state[i], start = vg1_year[i];
    ++enrolled[((static_cast<size_t>(stratum[i]) * kBackgrounds + bg) * kProgrammes + prog) * kLevels + lv];  // demo_of
    // for apply_enrolled, which then reads nothing of the pupil's but to write
    level_of[j] = static_cast<uint8_t>(lv);
    path_of[j] = kLevelBits[prog][lv];
    fail_stop_of[j] = fail_stop[lv];
    deadline_of[j] = year - start + 2 > window[prog];  // the deadline, if going on (staying enrolled)
    const bool recent = (bg == 2) & (start - arrival_year[i] < recent_years);
    const int ext = (ms >= 1) & (mh_type[i] == 2);
    const double a = achievement[i];
    // leave_base_ is [level][programme][sex][ses][background]...: (sex, ses, background) = cell / 2
    x0[j] = leave_base[((((lv * kProgrammes + prog) * (kCells / 2) + (cell[i] >> 1)) * 2 + recent) * kStates + ms) *
                           2 + ext] +
            leave_achievement * a + county_leave[county[i]] + leave_shift[i];
    x1[j] = pass_level[lv] + pass_achievement * a;
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
    // Every array indexed by j and only compares, ands and selects, so that the loop
    // vectorises: no table (fail_stop_of from decide_enrolled) and 32-bit compares only
    // (u < pabygg_words_ <= 2^32 is u < min(pabygg_words_, 2^32 - 1) or pabygg_words_ = 2^32).
    const uint32_t *word1 = blk_.w[1].data(), *word2 = blk_.w[2].data(), *fail_stop_of = fail_stop_of_.data();
    const uint8_t *leaves_of = below0_.data(), *passes_of = below1_.data();
    const uint8_t *level_of = level_of_.data(), *path_of = path_of_.data(), *deadline_of = deadline_of_.data();
    const uint32_t vg2_passed = vg2_passed_thr_;
    const uint32_t pabygg_below = static_cast<uint32_t>(std::min<int64_t>(pabygg_words_, UINT32_MAX));
    const uint8_t pabygg_all = pabygg_words_ > UINT32_MAX;
    for (uint32_t j = 0; j < n; ++j) {
      const uint32_t w1 = word1[j], w2 = word2[j];
      const uint8_t lv = level_of[j], path = path_of[j];
      // flags of 0 or 1, negated by ^ 1
      const uint8_t leaves = leaves_of[j], passes = passes_of[j], last = path & kFinal, choose = path >> 1;
      const uint8_t stays = leaves ^ 1, fails = passes ^ 1;
      // Some who leave during Vg2 passed it first (word 1; word 2 picks the vocational path
      // as for those who go on): they return, if ever, to the next level.
      const uint8_t vg2_left_passed = leaves & (lv == kVg2) & (w1 < vg2_passed);
      const uint8_t advance = vg2_left_passed | (stays & passes & (last ^ 1));
      // Failing a level: some stop (after a final year: "completed without passing"), the rest repeat it.
      const uint8_t stop = leaves | (fails & (w2 < fail_stop_of[j]));
      const uint8_t done = stays & passes & last;
      // next_level_bits: after vocational Vg2 påbygg or the apprenticeship, else the next level
      const uint8_t pabygg = (w2 < pabygg_below) | pabygg_all;
      const uint8_t next = choose ? static_cast<uint8_t>(kApprentice1 - pabygg) : static_cast<uint8_t>(lv + 1);
      new_level[j] = advance ? next : lv;
      failed[j] = stays & fails & last;
      stops[j] = stop;
      completes[j] = done;
      closes[j] = (done ^ 1) & deadline_of[j];  // those who leave or go on and reach their deadline
    }
  }
  uint8_t* level = P.level.data();  // locals: the byte stores could alias any member or vector pointer
  uint8_t* final_failed = P.final_failed.data();
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
  const SchoolingParams& s = sim.params.schooling;
  // warm_row_: a sink in warm-start years, as large as a row of either
  uint32_t* leavers = t >= 0 ? leavers_.row(t) : warm_row_.data();
  uint32_t* completers = t >= 0 ? completers_.row(t) : warm_row_.data();
  uint8_t* school = P.school.data();
  uint8_t* years_out = P.years_out.data();
  const uint8_t *programme = P.programme.data(), *background = P.background.data(), *mh_at_vg1 = P.mh_at_vg1.data();
  const auto* stratum = P.stratum.data();
  const int16_t* vg1_year = P.vg1_year.data();
  const uint8_t* level_of = level_of_.data();
  const int year = sim.calendar_year(t), first = sim.start_year, cohorts = entry_cohorts_;
  const std::array<int, kProgrammes> window = {s.window_general, s.window_vocational};  // within_window's
  const auto demo = [&](uint32_t i) {  // demo_of
    return (static_cast<size_t>(stratum[i]) * kBackgrounds + background[i]) * kProgrammes + programme[i];
  };
  const auto index = [](uint32_t j0, uint64_t b) { return j0 + static_cast<uint32_t>(std::countr_zero(b)); };
  for (uint32_t j0 = 0; j0 < n; j0 += 64) {
    const uint32_t m = std::min(n - j0, 64u);
    for (uint64_t b = status_bits(stops + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t j = index(j0, b), i = ids[j];
      ++leavers[demo(i) * kLevels + level_of[j]];
      school[i] = kOut;
      years_out[i] = 0;
    }
    for (uint64_t b = status_bits(completes + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t i = ids[index(j0, b)];
      const size_t d = demo(i);
      school[i] = kCompleted;
      ++completers[d];
      const int k = vg1_year[i] - first;
      if (k >= 0 && k < cohorts && year - vg1_year[i] + 1 <= window[programme[i]])
        ++cohort_completed_.row(k)[d * kStates + mh_at_vg1[i]];
    }
    for (uint64_t b = status_bits(closes + j0, m, 1); b != 0; b &= b - 1) {
      const uint32_t i = ids[index(j0, b)];
      count_noncompleter(sim, i);
      P.school[i] = kDone;
    }
  }
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
    P.years_out[i] = static_cast<uint8_t>(P.years_out[i] + 1);
    const bool starts = Streams::to_unit(blk_.w[0][j]) < s.late_start_prob;
    if (!starts && P.years_out[i] >= s.late_start_max_years) P.school[i] = kDone;
    starters[m] = i;
    m += starts;
  }
  draw_queue(sim, starters.data(), m, t, Decision::SchoolEntry, blk_);
  for (uint32_t j = 0; j < m; ++j) x0_[j] = choice_logodds(sim, starters[j]);
  below_logistic_block(blk_.w[1].data(), x0_.data(), m, below0_.data());
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
  const double start_prob = sim.params.schooling.vg1_start_prob;
  while (in_school_.n >= kDrawBlock) flush_enrolled(sim, t);  // room for every starter
  const uint32_t n = std::min(entering_.n, kDrawBlock);
  const uint32_t* ids = entering_.ids.data();
  draw_queue(sim, ids, n, t, Decision::SchoolEntry, blk_);
  for (uint32_t j = 0; j < n; ++j) x0_[j] = choice_logodds(sim, ids[j]);
  below_logistic_block(blk_.w[1].data(), x0_.data(), n, below0_.data());
  // the starters listed without a branch (queued as enrolled), with their programmes and words 2
  uint32_t* starters = in_school_.ids.data() + in_school_.n;
  std::array<uint8_t, kDrawBlock> prog;
  std::array<uint32_t, kDrawBlock> w2;
  uint32_t m = 0;
  uint8_t* school = P.school.data();
  uint8_t* years_out = P.years_out.data();
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const bool starts = Streams::to_unit(blk_.w[0][j]) < start_prob;
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
    x0_[j] = s.return_intercept + s.return_per_year_out * P.years_out[i] + s.return_achievement * P.achievement[i];
  }
  below_logistic_block(blk_.w[0].data(), x0_.data(), n, below0_.data());
  uint32_t* returners = t >= 0 ? returners_.row(t) : warm_row_.data();  // warm_row_: a sink, larger than a row
  const auto* stratum = P.stratum.data();
  const auto* vg1_year = P.vg1_year.data();
  const uint8_t *background = P.background.data(), *programme = P.programme.data();
  uint8_t* years_out = P.years_out.data();
  uint8_t* school = P.school.data();
  const uint8_t* back_of = below0_.data();
  const int year = sim.calendar_year(t);
  const std::array<int, kProgrammes> window = {s.window_general, s.window_vocational};  // within_window's
  std::array<uint32_t, kDrawBlock> closing;
  uint32_t nk = 0;
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t i = ids[j];
    const uint8_t back = back_of[j], prog = programme[i], st = school[i];
    years_out[i] = static_cast<uint8_t>(std::min(years_out[i] + 1, 255));
    returners[(static_cast<size_t>(stratum[i]) * kBackgrounds + background[i]) * kProgrammes + prog] += back;  // demo_of
    const bool deadline = year - vg1_year[i] + 2 > window[prog];  // not within_window next year
    school[i] = back & !deadline ? static_cast<uint8_t>(kEnrolled) : st;
    closing[nk] = i;
    nk += deadline;
  }
  for (uint32_t k = 0; k < nk; ++k) {
    count_noncompleter(sim, closing[k]);
    P.school[closing[k]] = kDone;
  }
  out_of_school_.n = drop_front(out_of_school_.ids.data(), out_of_school_.n, n);
}

// The first simulated year of a cohort already past the grade where mental
// health begins to lower achievement, or already in Vg2/Vg3.
void Schooling::place_first_cohort(Sim& sim, int t, int c, int ag) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t b = sim.layout.cohort_begin[c], e = sim.layout.cohort_begin[c + 1];
  if (ag > s.achievement_loss_from_grade) {
    // These pupils have no simulated history: charge the earlier years at
    // their expected states given the state they start in (the twin's chain
    // run backwards by Bayes' rule), so the first cohorts are neither spared
    // the mediated effect nor charged too much for it.
    for (uint32_t i = b; i < e; ++i)
      P.achievement[i] -= static_cast<float>(history_loss_[std::min(ag, kGrades) - 1][P.cell[i]][P.mh_state[i]]);
  }
  if (ag <= kVg1Grade) return;
  for (uint32_t i0 = b; i0 < e; i0 += kDrawBlock) {
    const uint32_t n = std::min(kDrawBlock, e - i0);
    draw_block(sim.rng, P.key.data() + i0, n, static_cast<uint32_t>(sim.calendar_year(t)), Decision::SchoolEntry, blk_);
    for (uint32_t j = 0; j < n; ++j) x0_[j] = choice_logodds(sim, i0 + j);
    below_logistic_block(blk_.w[1].data(), x0_.data(), n, below0_.data());
    std::array<uint32_t, kDrawBlock> ids;
    for (uint32_t j = 0; j < n; ++j) ids[j] = i0 + j;
    start_vg1(sim, t, ag - kVg1Grade, ids.data(), below0_.data(), blk_.w[2].data(), n);
  }
}

// Mental health lowers the grades of those still in school or followed:
// last year's end state, from the given grade on. Written without a branch so
// that it vectorises: the loss is selected by bit masks, and x - (+0.0f) is x.
void Schooling::lower_achievement(Sim& sim, uint32_t b, uint32_t e) {
  People& P = sim.people;
  const SchoolingParams& s = sim.params.schooling;
  const uint32_t complaints = std::bit_cast<uint32_t>(static_cast<float>(s.achievement_loss_complaints));
  const uint32_t disorder = std::bit_cast<uint32_t>(static_cast<float>(s.achievement_loss_disorder));
  const uint8_t* school = P.school.data();
  const uint8_t* ms = P.mh_state.data();
  float* a = P.achievement.data();
  for (uint32_t i = b; i < e; ++i) {
    const uint32_t followed = (school[i] != kDone) & (school[i] != kCompleted);
    const uint32_t loss = ((0u - (ms[i] == 1)) & complaints) | ((0u - (ms[i] == 2)) & disorder);
    a[i] -= std::bit_cast<float>(loss & (0u - followed));
  }
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
  if (ag <= kGrades) std::fill(P.active.begin() + b, P.active.begin() + e, 1);
}

// Queues the pupils [b, e) by status, 64 at a time: a bit mask per status
// (status_bits), then the ids of its set bits. Past age-grade 13 most pupils
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
    const uint64_t entering = vg1_age ? status_bits(school + i0, n, kGrunnskole) : 0;
    const uint64_t enrolled = status_bits(school + i0, n, kEnrolled), out = status_bits(school + i0, n, kOut);
    const uint64_t not_started = status_bits(school + i0, n, kNotStarted);
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
    std::fill(P.grade.begin() + b, P.grade.begin() + e, static_cast<uint8_t>(ag <= kGrades ? ag : 0));
    if (ag <= kGrades)
      for (int k = 0; k < strata; ++k) n[Tally::index(static_cast<uint16_t>(k), ag)] += cohort_strata_[c * strata + k];
    if (ag < s.achievement_loss_from_grade && ag < kVg1Grade) {
      // young grunnskole cohorts: nothing happens per pupil
      std::fill(P.active.begin() + b, P.active.begin() + e, 1);
      continue;
    }
    school_cohort(sim, t, c, ag, L.first_year_index(c) == t);
  }
  // the queues carry over from cohort to cohort (a short block costs as much as a full one)
  while (entering_.n > 0) flush_entry(sim, t);
  while (not_started_.n > 0) flush_late(sim, t);
  while (in_school_.n > 0) flush_enrolled(sim, t);
  while (out_of_school_.n > 0) flush_out(sim, t);
  // past age-grade 13, only those still followed are simulated (known once the queues are done)
  const uint8_t* school = P.school.data();
  uint8_t* active = P.active.data();
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
