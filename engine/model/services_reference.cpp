// The services' reference path (ELEVSIM_KERNELS=reference): each pupil's
// episode draws made alone (Streams::bits), every rule of services_rules.hpp
// computed rather than read from a table, and each queue served through a
// std::priority_queue ordered by served_before, week by week, as
// docs/model.md (section 8) describes it. The batched path
// (services_admit.cpp, services_queue.cpp) must give the same tallies, the
// same treatment shifts and the same queue bit for bit
// (tests/test_reference_identical.py).
#include <algorithm>
#include <cmath>
#include <queue>
#include <vector>

#include "services.hpp"
#include "services_detail.hpp"
#include "services_rules.hpp"

namespace elevsim {

using services_detail::episode_decision;

// Every pupil pending at a service draws its episode and joins its list (or
// fills in the withdrawal of its place in the carried queue).
void Services::admit_reference(Sim& sim, int t, bool fresh) {
  const ServicesParams& S = sim.params.services;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  for (int k = 0; k < kServices; ++k) {
    for (size_t j = 0; j < pending_[k].size(); ++j) {
      const Item& from = pending_[k][j];
      const auto u = sim.rng.bits(from.key, year, episode_decision(k));
      // a new episode draws its withdrawal; a carried place keeps its own
      const int16_t withdraw =
          fresh ? static_cast<int16_t>(elevsim::withdraw_week(from.arrival, u[0], S.withdraw_per_week)) : from.withdraw;
      const uint32_t to = pending_list_[k][j];
      if (to & services_detail::kToCarried) {
        carried_[to & ~services_detail::kToCarried].withdraw = withdraw;
        continue;
      }
      Item it = from;
      it.withdraw = withdraw;
      it.sessions = episode_sessions(S.service[k].sessions_per_episode, u[1]);
      it.refer_u = u[2];
      lists_[to].push_back(it);
    }
    pending_[k].clear();
    pending_list_[k].clear();
  }
}

// Each first contact joins its service's list in its week, with its episode.
void Services::admit_contacts_reference(Sim& sim, int t) {
  const ServicesParams& S = sim.params.services;
  People& P = sim.people;
  const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
  const int32_t t0 = t * S.weeks_per_year, year_end = t0 + S.weeks_per_year;
  for (const People::Contact& c : P.svc_contacts) {
    const int k = c.service;
    const auto u = sim.rng.bits(c.key, year, episode_decision(k));
    const int32_t arrival = t0 + c.week;
    Item it{};
    it.id = c.id;
    it.key = c.key;
    it.refer_u = u[2];
    it.arrival = static_cast<int16_t>(arrival);
    it.withdraw = static_cast<int16_t>(elevsim::withdraw_week(arrival, u[0], S.withdraw_per_week));
    it.cell = c.cell;
    it.state = c.state;
    it.sessions = episode_sessions(S.service[k].sessions_per_episode, u[1]);
    if (arrival >= year_end)
      carry(sim, it, c.county, k);
    else
      lists_[static_cast<size_t>(c.county) * kServices + k].push_back(it);
  }
}

// Week by week, each open week adds its capacity to the budget; while budget
// remains, the first waiting pupil by served_before is served (or, if
// withdrawn, leaves). Whoever is still waiting at the year's end keeps the
// place, in serving order.
void Services::run_queue_reference(Sim& sim, int t, int county, int k) {
  const ServicesParams& S = sim.params.services;
  const ServiceParams& sp = S.service[k];
  const QueueYear q = queue_year(sim, t, county, k);
  const int W = q.weeks;
  const std::vector<Item>& list = lists_[static_cast<size_t>(county) * kServices + k];
  for (const Item& it : list) q.demanded[static_cast<size_t>(it.cell) * kServices + k] += it.sessions;

  std::vector<Item> arriving = list;
  std::sort(arriving.begin(), arriving.end(), [](const Item& a, const Item& b) { return a.arrival < b.arrival; });
  size_t arrived = 0;
  auto served_later = [](const Item& a, const Item& b) { return served_before(b, a); };
  std::priority_queue<Item, std::vector<Item>, decltype(served_later)> waiting(served_later);
  auto arrive_by = [&](int32_t week) {
    for (; arrived < arriving.size() && arriving[arrived].arrival <= week; ++arrived) waiting.push(arriving[arrived]);
  };

  double budget = debt_[county][k];
  for (int w = 0; w < W; ++w) {
    const bool open = q.unlimited || w < sp.open_weeks;
    if (!open) continue;
    if (!q.unlimited) budget += q.per_week;
    arrive_by(q.t0 + w);
    while ((q.unlimited || budget > 0) && !waiting.empty()) {
      const Item it = waiting.top();
      waiting.pop();
      if (it.withdraw <= q.t0 + w) continue;  // gave up waiting
      const int waited = q.t0 + w - it.arrival;
      serve(sim, t, q, it, w, budget, static_cast<float>(treatment_shift(effect(S, k), waited, S.wait_halving_weeks)));
    }
    if (budget > 0) budget = 0;  // unused clinician time is lost
  }
  if (!q.unlimited) debt_[county][k] = budget;
  arrive_by(q.t0 + W);
  for (; !waiting.empty(); waiting.pop()) keep_place(sim, q, waiting.top());
  admit(sim, t, true);  // the referrals
}

}  // namespace elevsim
