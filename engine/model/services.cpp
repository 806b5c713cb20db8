#include "services.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "draw_block.hpp"
#include "services_rules.hpp"

namespace elevsim {

namespace {
Decision episode_decision(int k) { return static_cast<Decision>(static_cast<uint32_t>(Decision::SvcSchoolHealth) + k); }
// episode_sessions (services_rules.hpp) set up once per mean: the word only
// decides which of its two counts.
struct SessionDraw {
  uint32_t thr;
  std::array<uint8_t, 2> out;
  explicit SessionDraw(double m)
      : thr(extra_session_threshold(m)), out{episode_length(m, false), episode_length(m, true)} {}
  uint8_t operator()(uint32_t u) const { return out[u < thr]; }
};
// Index of (year, county, service) in capacity_ and clinician_days_; warm-start
// years (t < 0) share the extra last year slice.
size_t slot(const Layout& L, int t, int county, int k) {
  return (static_cast<size_t>(t < 0 ? L.years : t) * L.counties + county) * kServices + k;
}
constexpr int32_t kNever = kNeverWeek;
// Services::pending_list_: a place in the carried queue rather than a list
constexpr uint32_t kToCarried = 1u << 31;

// Sorts by pupil id (an LSD radix sort, 11 bits a pass, stable), so that
// what follows reads the pupil arrays in order rather than at random.
template <class T, class Id>
void sort_by_pupil(std::vector<T>& v, std::vector<T>& tmp, Id id) {
  uint32_t top = 0;
  for (const auto& s : v) top |= id(s);
  tmp.resize(v.size());
  for (int shift = 0; shift < 32 && (top >> shift) != 0; shift += 11) {
    std::array<uint32_t, 2049> start{};
    for (const auto& s : v) ++start[((id(s) >> shift) & 2047) + 1];
    for (int b = 0; b < 2048; ++b) start[b + 1] += start[b];
    for (const auto& s : v) tmp[start[(id(s) >> shift) & 2047]++] = s;
    v.swap(tmp);
  }
}

// Merges the ascending run [m, end) into the ascending [lo, m), from the
// back: only what sorts after the run's first element moves. Keys unique.
template <class T, class Key>
void merge_back(T* lo, T* m, T* end, std::vector<T>& scratch, Key key) {
  scratch.assign(m, end);
  T *p = m, *out = end;
  const T* q = scratch.data() + scratch.size();
  while (q != scratch.data()) {  // selects rather than branches: the larger is as good as random
    const bool from_p = p != lo && key(p[-1]) > key(q[-1]);
    *--out = from_p ? p[-1] : q[-1];
    p -= from_p;
    q -= !from_p;
  }
}

// Keeps one shift per pupil, the largest: a pupil treated at two services
// gets the stronger shift.
void by_pupil_keep_max(std::vector<People::Shift>& v, std::vector<People::Shift>& tmp) {
  sort_by_pupil(v, tmp, [](const People::Shift& s) { return s.id; });
  size_t n = 0;
  for (size_t j = 0; j < v.size(); ++j) {
    if (n > 0 && v[n - 1].id == v[j].id)
      v[n - 1].logodds = std::max(v[n - 1].logodds, v[j].logodds);
    else
      v[n++] = v[j];
  }
  v.resize(n);
}

// 14 bits: a table of 32 KiB stays in the first-level cache; about one word
// in fifteen falls where the weeks change within a bucket (at the usual hazard).
constexpr uint32_t kWithdrawBits = 14;

// withdraw_weeks by the top kWithdrawBits bits of the word, where they alone decide it;
// -1 where they do not. The weeks never rise with the word (the words' units
// are 2^-32 apart, their logarithms far more than libm's error), so equal
// weeks at a bucket's first word and the next bucket's mean the same weeks
// for every word between. Each thread keeps the last table it made.
const std::vector<int16_t>& withdraw_table(double log_stay) {
  thread_local double made_for = std::numeric_limits<double>::quiet_NaN();
  thread_local std::vector<int16_t> table;
  if (made_for == log_stay) return table;
  constexpr uint32_t n = 1u << kWithdrawBits, shift = 32 - kWithdrawBits;
  table.assign(n, -1);
  double next = withdraw_weeks(0, log_stay);
  for (uint32_t b = 0; b < n; ++b) {
    const double here = next;
    next = withdraw_weeks(b + 1 < n ? (b + 1) << shift : 0xFFFFFFFFu, log_stay);
    if (here == next && here >= 0 && here < 32767) table[b] = static_cast<int16_t>(here);
  }
  made_for = log_stay;
  return table;
}

// Tally cells of one county (its strata by grade): stratum_of puts the county first.
constexpr size_t kCountyCells = static_cast<size_t>(kSexes) * kSes * kGrades;

// Waits (in weeks) up to which each service's treatment shift is tabled.
constexpr int kTabledWaits = 1024;
}  // namespace

double Services::treatment_shift(double effect, double wait_weeks, double halving_weeks) {
  return elevsim::treatment_shift(effect, wait_weeks, halving_weeks);
}

void Services::init(Sim& sim) {
  const ServicesParams& S = sim.params.services;
  const Layout& L = sim.layout;
  fte_.assign(L.counties, {});
  debt_.assign(L.counties, {});
  for (int c = 0; c < L.counties; ++c)
    for (int k = 0; k < kServices; ++k) fte_[c][k] = S.fte(k, c, sim.params.population.counties[c].pupils_per_grade);
  for (int k = 0; k < kServices; ++k) {
    const std::string name = std::string("services.") + kServiceKeys[k];
    time_share_[k] = realise_uncertain(S.service[k].time_share, name + ".time_share", sim.seed, sim.replication, sim.psa);
    earmarked_share_[k] = realise_uncertain(S.service[k].earmarked_time_share, name + ".earmarked_time_share", sim.seed,
                                            sim.replication, sim.psa);
  }
  treatment_scale_ = realise_uncertain(S.treatment_effect_scale, "services.treatment_effect_scale", sim.seed,
                                       sim.replication, sim.psa);
  lists_.resize(static_cast<size_t>(L.counties) * kServices);
  for (auto* t : {&demanded_, &delivered_, &queue_, &referrals_, &treated_, &wait_}) t->reset(L);
  // one more year slice for the warm-start years, never written out
  capacity_.assign(static_cast<size_t>(L.years + 1) * L.counties * kServices, 0.0);
  clinician_days_.assign(capacity_.size(), 0.0);
  carried_.clear();
  set_tables(S);
}

void Services::set_tables(const ServicesParams& S) {
  log_stay_ = weekly_log_stay(S.withdraw_per_week);
  if (S.withdraw_per_week > 0) withdraw_weeks_ = withdraw_table(log_stay_);
  // the reference path computes every withdrawal and treatment shift (the
  // tables claim to be exact)
  if (reference_rules()) withdraw_weeks_.assign(withdraw_weeks_.size(), -1);
  for (int k = 0; k < kServices; ++k) {
    shift_by_wait_[k].assign(kTabledWaits, 0.0f);
    for (int w = 0; w < kTabledWaits; ++w)
      shift_by_wait_[k][w] = static_cast<float>(treatment_shift(effect(S, k), w, S.wait_halving_weeks));
  }
}

int32_t Services::withdraw_week(int32_t arrival, uint32_t u) const {
  const int f = withdraw_weeks_[u >> (32 - kWithdrawBits)];
  if (f >= 0) return withdrawn_by(arrival, f);
  return withdrawn_by(arrival, withdraw_weeks(u, log_stay_));
}

namespace {
// Simulated pupils of county c in grades 1-13 in year index t (whole cohorts,
// as the layout holds them).
double pupils_in_school(const Layout& L, int t, int c) {
  double n = 0;
  for (int k = 0; k < L.cohorts; ++k) {
    const int g = L.grade_in(k, t);
    if (g < 1 || g > kGrades) continue;
    const size_t b = static_cast<size_t>(k) * L.counties + c;
    n += L.block_begin[b + 1] - L.block_begin[b];
  }
  return n;
}
}  // namespace

void Services::set_capacity(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  const Layout& L = sim.layout;
  for (int c = 0; c < L.counties; ++c) {
    std::array<double, kServices> f = fte_[c];
    if (S.staff_follow_pupils) {
      const double r = pupils_in_school(L, t, c) * L.county_weight[c] /
                       (kGrades * sim.params.population.counties[c].pupils_per_grade);
      for (double& x : f) x *= r;
    }
    for (int k = 0; k < kServices; ++k) {
      // today's staff at the service's time share, FTE bought with a grant at their earmarked one
      // (none bought: + 0.0, the baseline's figure to the bit)
      const double days = S.service[k].days_per_fte_year;
      const size_t j = slot(L, t, c, k);
      clinician_days_[j] = f[k] * days * time_share_[k] + sim.levers.extra_fte[k][c] * days * earmarked_share_[k];
      capacity_[j] = clinician_days_[j] * S.service[k].sessions_per_day;
    }
  }
}

// Queues `from` again, arriving at `arrival`, at service k of `county`
// (draws to come): in this year's list, or in the carried queue if it
// arrives after the year's end, where its place is taken now, in order, and
// its withdrawal filled in by admit. Items are written in place, field by
// field: one built aside and copied would be read back wider than written.
__attribute__((always_inline)) inline void Services::join(Sim& sim, int t, int county, int k, const Item& from,
                                                          int32_t arrival) {
  uint32_t to = static_cast<uint32_t>(county * kServices + k);
  Item& it = pending_[k].emplace_back(from);
  it.arrival = static_cast<int16_t>(arrival);
  it.withdraw = static_cast<int16_t>(kNever);
  if (arrival >= (t + 1) * sim.params.services.weeks_per_year) {
    to = kToCarried | static_cast<uint32_t>(carried_.size());
    carry(sim, it, county, k);
  }
  pending_list_[k].push_back(to);
}

__attribute__((always_inline)) inline void Services::carry(Sim& sim, const Item& it, int county, int k) {
  (void)sim;  // the pupil is marked waiting at the step's end (mark_waiting)
  Waiting& w = carried_.emplace_back();
  w.id = it.id;
  w.key = it.key;
  w.arrival = it.arrival;
  w.withdraw = it.withdraw;
  w.stratum = static_cast<uint16_t>(it.cell / kGrades);
  w.county = static_cast<uint8_t>(county);
  w.service = static_cast<uint8_t>(k);
}

// Orders pending_[k] (pending_list_[k] with it) by arrival, stably. Last
// year's queue comes by pupil, so this is arrival then id: the order
// sort_lanes wants within a bucket, where week 0 gathers every earlier
// arrival and would otherwise be sorted whole. Only speed depends on it.
// (Referrals come by arrival already, a week's ids in a few runs; sorting
// those here costs more than sort_lanes's merging them.)
void Services::order_pending(int k) {
  std::vector<Item>& items = pending_[k];
  std::vector<uint32_t>& to = pending_list_[k];
  const size_t n = items.size();
  if (n < 2) return;
  int32_t lo = items[0].arrival, hi = lo;
  for (const Item& it : items) {
    lo = std::min<int32_t>(lo, it.arrival);
    hi = std::max<int32_t>(hi, it.arrival);
  }
  order_count_.assign(static_cast<size_t>(hi - lo) + 2, 0);
  for (const Item& it : items) ++order_count_[static_cast<size_t>(it.arrival - lo) + 1];
  for (size_t b = 1; b < order_count_.size(); ++b) order_count_[b] += order_count_[b - 1];
  pending_scratch_.resize(n);
  pending_list_scratch_.resize(n);
  for (size_t j = 0; j < n; ++j) {
    const uint32_t at = order_count_[static_cast<size_t>(items[j].arrival - lo)]++;
    pending_scratch_[at] = items[j];
    pending_list_scratch_[at] = to[j];
  }
  items.swap(pending_scratch_);
  to.swap(pending_list_scratch_);
}

// The episode draws of the pupils pending at each service, a block at a
// time; each pupil then joins its list, in the order pending. `fresh`: new
// episodes, which draw their withdrawal too (a carried place keeps its own).
void Services::admit(Sim& sim, int t, bool fresh) {
  const ServicesParams& S = sim.params.services;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const Streams rng = sim.rng;
  const bool withdraws = fresh && S.withdraw_per_week > 0;
  DrawBlock blk;
  std::array<uint32_t, kDrawBlock> keys;
  for (int k = 0; k < kServices; ++k) {
    std::vector<Item>& items = pending_[k];
    const SessionDraw draw_sessions(S.service[k].sessions_per_episode);
    for (size_t b = 0; b < items.size(); b += kDrawBlock) {
      const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kDrawBlock, items.size() - b));
      for (uint32_t j = 0; j < n; ++j) keys[j] = items[b + j].key;
      draw_block(rng, keys.data(), n, year, episode_decision(k), blk);
      for (uint32_t j = 0; j < n; ++j) {
        const Item& from = items[b + j];
        const int16_t withdraw = withdraws ? static_cast<int16_t>(withdraw_week(from.arrival, blk.w[0][j])) : from.withdraw;
        const uint32_t to = pending_list_[k][b + j];
        if (to & kToCarried) {
          carried_[to & ~kToCarried].withdraw = withdraw;
          continue;
        }
        Item& it = lists_[to].emplace_back(from);
        it.withdraw = withdraw;
        it.sessions = draw_sessions(blk.w[1][j]);
        it.refer_u = blk.w[2][j];
      }
    }
    items.clear();
    pending_list_[k].clear();
  }
}

// This year's first contacts, a block of each service's at a time: as join
// and admit do, without the copy.
void Services::admit_contacts(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  People& P = sim.people;
  const std::vector<People::Contact>& contacts = P.svc_contacts;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const int32_t t0 = t * S.weeks_per_year, year_end = t0 + S.weeks_per_year;
  const Streams rng = sim.rng;
  DrawBlock blk;
  std::array<uint32_t, kDrawBlock> keys;
  std::array<std::array<uint32_t, kDrawBlock>, kServices> stage;
  std::array<uint32_t, kServices> staged{};
  auto flush = [&](int k) {
    const uint32_t n = staged[k];
    staged[k] = 0;
    for (uint32_t j = 0; j < n; ++j) keys[j] = contacts[stage[k][j]].key;
    draw_block(rng, keys.data(), n, year, episode_decision(k), blk);
    const SessionDraw draw_sessions(S.service[k].sessions_per_episode);
    // Locals rather than the closure's references: the item stores below
    // could alias those, which would reload them for every item.
    const People::Contact* const cs = contacts.data();
    const uint32_t* const st = stage[k].data();
    std::vector<Item>* const lists = lists_.data();
    const int32_t base = t0, end = year_end;
    // the withdrawals first, in a loop of their own: the table's loads overlap
    std::array<int16_t, kDrawBlock> withdraw;
    if (S.withdraw_per_week > 0)
      for (uint32_t j = 0; j < n; ++j) withdraw[j] = static_cast<int16_t>(withdraw_week(base + cs[st[j]].week, blk.w[0][j]));
    else
      withdraw.fill(static_cast<int16_t>(kNever));
    for (uint32_t j = 0; j < n; ++j) {
      const People::Contact& c = cs[st[j]];
      const int32_t arrival = base + c.week;
      std::vector<Item>& list = lists[static_cast<size_t>(c.county) * kServices + k];
      Item& it = list.emplace_back();  // written in place (see join)
      it.id = c.id;
      it.key = c.key;
      it.refer_u = blk.w[2][j];
      it.arrival = static_cast<int16_t>(arrival);
      it.withdraw = withdraw[j];
      it.cell = c.cell;
      it.state = c.state;
      it.sessions = draw_sessions(blk.w[1][j]);
      if (arrival >= end) {  // never, as help-seeking sets the weeks
        carry(sim, it, c.county, k);
        list.pop_back();
      }
    }
  };
  for (uint32_t q = 0; q < contacts.size(); ++q) {
    const int k = contacts[q].service;
    stage[k][staged[k]++] = q;
    if (staged[k] == kDrawBlock) flush(k);
  }
  for (int k = 0; k < kServices; ++k)
    if (staged[k] > 0) flush(k);
}

// Last year's queue: leaving school or recovering (the year's transition)
// ends the wait; who arrives this year joins the service's list.
void Services::carry_over(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  const Layout& L = sim.layout;
  People& P = sim.people;
  const int32_t year_end = (t + 1) * S.weeks_per_year;
  const uint32_t first = L.cohort_begin[sim.first_cohort(t)], last = L.cohort_begin[sim.last_cohort(t) + 1];
  // carried_ is by pupil, stably (mark_waiting): a pupil's last place is the one that counts
  size_t kept = 0;
  for (size_t j = 0; j < carried_.size(); ++j) {
    const Waiting w = carried_[j];
    if (j + 1 < carried_.size() && carried_[j + 1].id == w.id) continue;
    const uint32_t i = w.id;
    // a cohort no longer simulated is never visited again
    if (i < first || i >= last) continue;
    const int k = w.service;
    const int g = P.grade[i];
    const uint8_t s = P.mh_state[i];
    if (leaves_queue(g, s, S.service[k].first_grade, S.service[k].last_grade)) {
      P.svc_queue.write(owner())[i] = 0;
    } else if (w.arrival < year_end) {
      P.svc_queue.write(owner())[i] = 0;
      pending_[k].push_back({i, w.key, 0, w.arrival, w.withdraw, static_cast<uint16_t>(Tally::index(w.stratum, g)), s, 0});
      pending_list_[k].push_back(static_cast<uint32_t>(w.county * kServices + k));
    } else {
      carried_[kept++] = w;
    }
  }
  carried_.resize(kept);
  for (int k = 0; k < kServices; ++k) order_pending(k);
  admit(sim, t, false);
}

void Services::step(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  if (!S.enabled) return;
  const Layout& L = sim.layout;
  People& P = sim.people;
  set_capacity(sim, t);
  P.mh_recovery.write(owner()).clear();  // treatment acts on this year's transition only
  for (auto& l : lists_) l.clear();
  // The lists' order does not matter: sort_lanes orders every pupil.
  carry_over(sim, t);
  admit_contacts(sim, t);
  for (int c = 0; c < L.counties; ++c)
    for (int k = 0; k < kServices; ++k) run_queue(sim, t, c, k);
  // the marks first: the treatment shifts, which mental health reads next,
  // then stay in the cache (the other way round it ran about 3 % slower)
  mark_waiting(P);
  by_pupil_keep_max(P.mh_recovery.write(owner()), shift_scratch_);
}

// Sorts the carried queue by pupil (stable: a pupil's later place stays
// after the earlier, and carry_over keeps the last) and marks each pupil in
// it as waiting, in pupil order rather than at random as places are taken.
// Where a pupil has two places, the later one's mark is written last, as
// when every place was marked as taken.
void Services::mark_waiting(People& P) {
  sort_by_pupil(carried_, carried_scratch_, [](const Waiting& w) { return w.id; });
  uint8_t* const queue = P.svc_queue.write(owner()).data();
  for (const Waiting& w : carried_) queue[w.id] = static_cast<uint8_t>(w.service + 1);
}

void Services::sort_lanes(const std::vector<Item>& list, int32_t t0, int weeks, size_t cell0, uint32_t* demanded) {
  const size_t n = list.size(), buckets = 2 * static_cast<size_t>(weeks);
  bucket_start_.assign(buckets + 1, 0);
  bucket_count2_.assign(buckets + 1, 0);
  bucket_of_.resize(n);
  // Two sets of counts, taken turn about: consecutive items often add to the
  // same count, and one set would wait on its own last store each time.
  // The county's cells (from cell0) are counted here, any other directly.
  std::array<std::array<uint32_t, kCountyCells>, 2> dem{};
  uint32_t* const count[2] = {bucket_start_.data(), bucket_count2_.data()};
  for (size_t j = 0; j < n; ++j) {
    const Item& it = list[j];
    // arithmetic rather than branches: the lane is as good as random
    const int b = serving_lane(it.state) * weeks + std::max(0, it.arrival - t0);
    bucket_of_[j] = static_cast<uint16_t>(b);
    ++count[j & 1][b + 1];
    const size_t c = it.cell - cell0;
    if (c < kCountyCells)
      dem[j & 1][c] += it.sessions;
    else
      demanded[static_cast<size_t>(it.cell) * kServices] += it.sessions;
  }
  for (size_t c = 0; c < kCountyCells; ++c) demanded[(cell0 + c) * kServices] += dem[0][c] + dem[1][c];
  for (size_t b = 0; b < buckets; ++b) bucket_start_[b + 1] += bucket_start_[b] + bucket_count2_[b + 1];
  bucket_fill_ = bucket_start_;
  bucket_sorted_to_.assign(buckets, 0);
  sorted_.resize(n);
  // A bucket is mostly in order already (first contacts are listed by pupil,
  // last year's queue by arrival and id: order_pending); referrals appended
  // later may not be. Where the order first breaks is noted.
  // within a lane (and so a bucket), served_before is arrival_order's order
  auto order = [](const Item& a) { return arrival_order(a.arrival, a.id); };
  auto first = [&](const Item& a, const Item& b) { return order(a) < order(b); };
  for (size_t j = 0; j < n; ++j) {
    const uint32_t b = bucket_of_[j];
    const uint32_t at = bucket_fill_[b]++;
    if (at > bucket_start_[b] && bucket_sorted_to_[b] == 0 && first(list[j], sorted_[at - 1])) bucket_sorted_to_[b] = at;
    sorted_[at] = list[j];
  }
  // The rest of an unsorted bucket is sorted and merged into its sorted
  // beginning from the back (only what sorts after the rest's first moves).
  // No two items of a list share arrival and id (a pupil is in a list once a
  // year), so this order is the one any sort gives.
  // The rest is mostly a few ascending runs (referrals come in their
  // source's serving order, a run per arrival week there): each is merged in
  // turn, and after kMaxRuns what is left is sorted first.
  constexpr int kMaxRuns = 6;
  for (size_t b = 0; b < buckets; ++b) {
    const uint32_t mid = bucket_sorted_to_[b];
    if (mid == 0) continue;
    Item* const lo = sorted_.data() + bucket_start_[b];
    Item* const hi = sorted_.data() + bucket_start_[b + 1];
    int runs = 0;
    for (Item* m = sorted_.data() + mid; m != hi;) {
      Item* run_end = m + 1;
      if (++runs > kMaxRuns) {
        std::sort(m, hi, first);
        run_end = hi;
      }
      while (run_end != hi && first(run_end[-1], *run_end)) ++run_end;
      merge_back(lo, m, run_end, merge_scratch_, order);
      m = run_end;
    }
  }
}

// Pupils are served by priority: state 2 first, then the earliest arrival,
// then the lowest id, among those arrived. With the list sorted into the two
// lanes (sort_lanes), that is the head of lane 0 if it has arrived, else the
// head of lane 1: what a priority queue would give, without one.
void Services::run_queue(Sim& sim, int t, int county, int k) {
  const ServicesParams& S = sim.params.services;
  const ServiceParams& sp = S.service[k];
  People& P = sim.people;
  const int W = S.weeks_per_year;
  const int32_t t0 = t * W;
  const std::vector<Item>& list = lists_[static_cast<size_t>(county) * kServices + k];
  uint32_t* dem = demanded_.year(t);
  uint32_t* del = delivered_.year(t);
  uint32_t* que = queue_.year(t);
  uint32_t* ref = referrals_.year(t);
  uint32_t* trt = treated_.year(t);
  uint32_t* wai = wait_.year(t);
  sort_lanes(list, t0, W, static_cast<size_t>(county) * kCountyCells, dem + k);
  const double weight = sim.layout.county_weight[county];
  // waits whose treatment shift is tabled (none on the reference path: computed)
  const int tabled = reference_rules() ? 0 : kTabledWaits;
  const bool unlimited = std::isinf(fte_[county][k]);
  const size_t cap_at = slot(sim.layout, t, county, k);
  const double per_week = unlimited ? 0.0 : capacity_[cap_at] / sp.open_weeks;
  double budget = debt_[county][k];
  const uint32_t thr_mun[3] = {Streams::threshold(sp.refer_municipal[0]), Streams::threshold(sp.refer_municipal[1]),
                               Streams::threshold(sp.refer_municipal[2])};
  const uint32_t thr_any[3] = {Streams::threshold(sp.refer_municipal[0] + sp.refer_bup[0]),
                               Streams::threshold(sp.refer_municipal[1] + sp.refer_bup[1]),
                               Streams::threshold(sp.refer_municipal[2] + sp.refer_bup[2])};
  size_t a = 0, b = bucket_start_[W];  // the lanes' heads
  for (int w = 0; w < W; ++w) {
    const bool open = unlimited || w < sp.open_weeks;
    if (!open) continue;
    if (!unlimited) budget += per_week;
    while (unlimited || budget > 0) {
      const Item* next = a < bucket_start_[w + 1] ? &sorted_[a++] : b < bucket_start_[W + w + 1] ? &sorted_[b++] : nullptr;
      if (!next) break;
      const Item it = *next;
      if (it.withdraw <= t0 + w) continue;  // gave up waiting
      const uint32_t i = it.id;
      const int waited = t0 + w - it.arrival;
      budget -= it.sessions * weight;
      const size_t x = static_cast<size_t>(it.cell) * kServices + k;
      del[x] += it.sessions;
      trt[x] += 1;
      wai[x] += static_cast<uint32_t>(waited);
      if (effect(S, k) > 0)
        P.mh_recovery.write(owner()).push_back({i, waited < tabled ? shift_by_wait_[k][waited]
                                                          : static_cast<float>(treatment_shift(
                                                                effect(S, k), waited, S.wait_halving_weeks))});
      const int s = it.state;
      const int to = referred_to(it.refer_u, thr_mun[s], thr_any[s]);
      if (to >= 0) {
        ++ref[x];
        join(sim, t, county, to, *next, t0 + w + sp.referral_delay_weeks);
      }
    }
    if (budget > 0) budget = 0;  // unused clinician time is lost
  }
  if (!unlimited) debt_[county][k] = budget;
  auto stay = [&](const Item& it) {
    if (it.withdraw < t0 + W) return;
    carry(sim, it, county, k);
    ++que[static_cast<size_t>(it.cell) * kServices + k];
  };
  for (; a < bucket_start_[W]; ++a) stay(sorted_[a]);
  for (; b < bucket_start_[2 * W]; ++b) stay(sorted_[b]);
  admit(sim, t, true);  // the referrals
}

void Services::results(Sim& sim, std::vector<Dataset>& out) {
  const Layout& L = sim.layout;
  const std::string pupils = "pupils (scaled to the real population)";
  const std::string sessions = "sessions (scaled to the real population)";
  out.push_back(weigh(demanded_, L, "sessions_demanded",
                      "sessions of every episode waiting for or started at the service during the year "
                      "(served, withdrawn or still waiting)", sessions));
  out.push_back(weigh(delivered_, L, "sessions_delivered", "sessions of episodes the service started during the year",
                      sessions));
  out.push_back(weigh(queue_, L, "queue_end_of_year", "pupils still waiting for the service at the end of the year",
                      pupils));
  out.push_back(weigh(referrals_, L, "referrals",
                      "pupils the service referred on to another service (municipal psychologist or BUP) this year",
                      pupils));
  out.push_back(weigh(treated_, L, "treated", "pupils who started an episode at the service during the year", pupils));
  out.push_back(weigh(wait_, L, "wait_weeks",
                      "weeks waited by the pupils who started an episode, summed (divide by treated for a mean)",
                      "pupil-weeks (scaled to the real population)"));
  // per (year, county, service)
  auto small = [&](std::string name, std::string desc, std::string units, std::vector<double> v) {
    Dataset d;
    d.name = std::move(name);
    d.description = std::move(desc);
    d.units = std::move(units);
    d.dims = {"year", "county", "service"};
    d.values = std::move(v);
    out.push_back(std::move(d));
  };
  const size_t reported = static_cast<size_t>(L.years) * L.counties * kServices;
  std::vector<double> mean_wait(reported, std::numeric_limits<double>::quiet_NaN());
  const size_t cells = static_cast<size_t>(kSexes) * kSes * kGrades;
  for (int t = 0; t < L.years; ++t)
    for (int c = 0; c < L.counties; ++c)
      for (int k = 0; k < kServices; ++k) {
        uint64_t n = 0, w = 0;
        for (size_t j = 0; j < cells; ++j) {
          const size_t x = ((static_cast<size_t>(t) * L.counties + c) * cells + j) * kServices + k;
          n += treated_.n[x];
          w += wait_.n[x];
        }
        if (n > 0) mean_wait[(static_cast<size_t>(t) * L.counties + c) * kServices + k] = static_cast<double>(w) / n;
      }
  small("mean_wait_weeks", "mean weeks from joining the queue to starting an episode, over pupils who started one "
        "(NaN where none did)", "weeks", std::move(mean_wait));
  capacity_.resize(reported);
  clinician_days_.resize(reported);
  small("capacity_sessions", "sessions the service's staff can hold in the year (infinite if unlimited)", "sessions",
        capacity_);
  small("clinician_days", "clinician-days available for pupils' mental-health sessions in the year: FTE x days_per_fte_year x time_share (grant-bought FTE: x earmarked_time_share)", "days",
        clinician_days_);
}

}  // namespace elevsim
