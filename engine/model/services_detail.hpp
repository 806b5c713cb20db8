#pragma once
// What the services' source files share (services.cpp, services_queue.cpp,
// services_admit.cpp, services_reference.cpp): the episode's decision, the
// capacity slots, the tally cells, and joining or carrying a queue place,
// which the batched and the reference path both do the same way. Not for
// other modules.
#include <cstddef>
#include <cstdint>

#include "draw_block.hpp"
#include "services.hpp"
#include "services_rules.hpp"
#include "services_tables.hpp"

namespace elevsim {

namespace services_detail {
// The episode draw of service k (its withdrawal, sessions and referral words).
inline Decision episode_decision(int k) {
  return static_cast<Decision>(static_cast<uint32_t>(Decision::SvcSchoolHealth) + k);
}
// Index of (year, county, service) in capacity_ and clinician_days_; warm-start
// years (t < 0) share the extra last year slice.
inline size_t slot(const Layout& L, int t, int county, int k) {
  return (static_cast<size_t>(t < 0 ? L.years : t) * L.counties + county) * kServices + k;
}
// Services::pending_list_: a place in the carried queue rather than a list
inline constexpr uint32_t kToCarried = 1u << 31;
// Tally cells of one county (its strata by grade): stratum_of puts the county first.
inline constexpr size_t kCountyCells = static_cast<size_t>(kSexes) * kSes * kGrades;
}  // namespace services_detail

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
  it.withdraw = static_cast<int16_t>(kNeverWeek);
  if (arrival >= (t + 1) * sim.params.services.weeks_per_year) {
    to = services_detail::kToCarried | static_cast<uint32_t>(carried_.size());
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

// Serving and keeping a place, as both paths do (inline: the batched queue
// calls them once a served pupil, in its tightest loop).
__attribute__((always_inline)) inline void Services::serve(Sim& sim, int t, const QueueYear& q, const Item& it, int w,
                                                           double& budget, float shift) {
  const ServicesParams& S = sim.params.services;
  People& P = sim.people;
  const int waited = q.t0 + w - it.arrival;
  budget -= it.sessions * q.weight;
  const size_t x = static_cast<size_t>(it.cell) * kServices + q.k;
  q.delivered[x] += it.sessions;
  q.treated[x] += 1;
  q.wait[x] += static_cast<uint32_t>(waited);
  if (effect(S, q.k) > 0) P.mh_recovery.write(owner()).push_back({it.id, shift});
  const int to = referred_to(it.refer_u, q.refer_municipal[it.state], q.refer_any[it.state]);
  if (to >= 0) {
    ++q.referrals[x];
    join(sim, t, q.county, to, it, q.t0 + w + S.service[q.k].referral_delay_weeks);
  }
}

__attribute__((always_inline)) inline void Services::keep_place(Sim& sim, const QueueYear& q, const Item& it) {
  if (it.withdraw < q.t0 + q.weeks) return;
  carry(sim, it, q.county, q.k);
  ++q.queue[static_cast<size_t>(it.cell) * kServices + q.k];
}

// withdraw_week from the table where the bucket's weeks are one figure,
// computed where they change (-1). Inline: it is called for every new queue place.
inline int32_t Services::withdraw_week(int32_t arrival, uint32_t u) const {
  const int f = withdraw_weeks_[u >> (32 - kWithdrawBits)];
  if (f >= 0) return withdrawn_by(arrival, f);
  return withdrawn_by(arrival, withdraw_weeks(u, log_stay_));
}

}  // namespace elevsim
