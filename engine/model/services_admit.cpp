// Pupils joining a service's list, a block of draws at a time
// (draw_block.hpp): last year's queue and referrals (admit), this year's
// first contacts (admit_contacts).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "draw_block.hpp"
#include "services.hpp"
#include "services_detail.hpp"

namespace elevsim {

using services_detail::episode_decision;

namespace {
// episode_sessions (services_rules.hpp) set up once per mean: the word only
// decides which of its two counts.
struct SessionDraw {
  uint32_t thr;
  std::array<uint8_t, 2> out;
  explicit SessionDraw(double m)
      : thr(extra_session_threshold(m)), out{episode_length(m, false), episode_length(m, true)} {}
  uint8_t operator()(uint32_t u) const { return out[u < thr]; }
};
}  // namespace

// The episode draws of the pupils pending at each service, a block at a
// time; each pupil then joins its list, in the order pending. `fresh`: new
// episodes, which draw their withdrawal too (a carried place keeps its own).
void Services::admit(Sim& sim, int t, bool fresh) {
  if (reference_rules()) return admit_reference(sim, t, fresh);
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
        if (to & services_detail::kToCarried) {
          carried_[to & ~services_detail::kToCarried].withdraw = withdraw;
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
  if (reference_rules()) return admit_contacts_reference(sim, t);
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
      withdraw.fill(static_cast<int16_t>(kNeverWeek));
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

}  // namespace elevsim
