// Serving a service's queue, the batched way (services_rules.hpp's serving
// order, as two lanes sorted by arrival), and carrying last year's queue over.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "services.hpp"
#include "services_detail.hpp"
#include "services_tables.hpp"

namespace elevsim {

using services_detail::kCountyCells;
using services_detail::slot;

namespace {
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
}  // namespace

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

Services::QueueYear Services::queue_year(Sim& sim, int t, int county, int k) {
  const ServicesParams& S = sim.params.services;
  const ServiceParams& sp = S.service[k];
  QueueYear q;
  q.county = county;
  q.k = k;
  q.weeks = S.weeks_per_year;
  q.t0 = t * S.weeks_per_year;
  q.unlimited = std::isinf(fte_[county][k]);
  q.weight = sim.layout.county_weight[county];
  q.per_week = q.unlimited ? 0.0 : capacity_[slot(sim.layout, t, county, k)] / sp.open_weeks;
  q.demanded = demanded_.year(t);
  q.delivered = delivered_.year(t);
  q.queue = queue_.year(t);
  q.referrals = referrals_.year(t);
  q.treated = treated_.year(t);
  q.wait = wait_.year(t);
  for (int s = 0; s < kStates; ++s) {
    q.refer_municipal[s] = Streams::threshold(sp.refer_municipal[s]);
    q.refer_any[s] = Streams::threshold(sp.refer_municipal[s] + sp.refer_bup[s]);
  }
  return q;
}

// Pupils are served by priority: state 2 first, then the earliest arrival,
// then the lowest id, among those arrived. With the list sorted into the two
// lanes (sort_lanes), that is the head of lane 0 if it has arrived, else the
// head of lane 1: what a priority queue would give, without one.
void Services::run_queue(Sim& sim, int t, int county, int k) {
  if (reference_rules()) return run_queue_reference(sim, t, county, k);
  const ServicesParams& S = sim.params.services;
  const ServiceParams& sp = S.service[k];
  const QueueYear q = queue_year(sim, t, county, k);
  const int W = q.weeks;
  const std::vector<Item>& list = lists_[static_cast<size_t>(county) * kServices + k];
  sort_lanes(list, q.t0, W, static_cast<size_t>(county) * kCountyCells, q.demanded + k);
  double budget = debt_[county][k];
  size_t a = 0, b = bucket_start_[W];  // the lanes' heads
  for (int w = 0; w < W; ++w) {
    const bool open = q.unlimited || w < sp.open_weeks;
    if (!open) continue;
    if (!q.unlimited) budget += q.per_week;
    while (q.unlimited || budget > 0) {
      const Item* next = a < bucket_start_[w + 1] ? &sorted_[a++] : b < bucket_start_[W + w + 1] ? &sorted_[b++] : nullptr;
      if (!next) break;
      const Item it = *next;
      if (it.withdraw <= q.t0 + w) continue;  // gave up waiting
      const int waited = q.t0 + w - it.arrival;
      const float shift = waited < kTabledWaits ? shift_by_wait_[k][waited]
                                                : static_cast<float>(treatment_shift(effect(S, k), waited,
                                                                                     S.wait_halving_weeks));
      serve(sim, t, q, it, w, budget, shift);
    }
    if (budget > 0) budget = 0;  // unused clinician time is lost
  }
  if (!q.unlimited) debt_[county][k] = budget;
  for (; a < bucket_start_[W]; ++a) keep_place(sim, q, sorted_[a]);
  for (; b < bucket_start_[2 * W]; ++b) keep_place(sim, q, sorted_[b]);
  admit(sim, t, true);  // the referrals
}

}  // namespace elevsim
