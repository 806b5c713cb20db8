#pragma once
// The services' rules for one pupil (docs/model.md, section 8 "Services and
// queues"; spec section 4), each once. The batched path of services*.cpp and
// the reference path (ELEVSIM_KERNELS=reference, services_reference.cpp) both
// decide through these functions: the batched path's tables (withdrawal weeks
// by the word's top bits, treatment shift by weeks waited) are filled by
// calling them, and its two serving lanes sort by serving_lane and
// arrival_order, the parts of served_before. tests/test_services_rules.cpp
// states each rule case by case; tests/test_services_tables.cpp checks the
// tables against them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "rng.hpp"
#include "service_catalogue.hpp"

namespace elevsim {

// Absolute weeks are stored in int16 per pupil; "never" (no withdrawal) is
// this week, below int16's limit.
inline constexpr int32_t kNeverWeek = 32000;

// ---- Episodes: sessions ---------------------------------------------------
// An episode has floor(m) sessions, plus one with probability frac(m) (mean m
// = sessions_per_episode): one more when the word is below this threshold.
inline uint32_t extra_session_threshold(double mean_sessions) {
  return Streams::threshold(mean_sessions - std::floor(mean_sessions));
}
// floor(m), or floor(m) + 1 with `extra` (stored in a byte: at most 255).
inline uint8_t episode_length(double mean_sessions, bool extra) {
  return static_cast<uint8_t>(std::min(255.0, std::floor(mean_sessions) + (extra ? 1 : 0)));
}
// The sessions of an episode drawn on the word u.
inline uint8_t episode_sessions(double mean_sessions, uint32_t u) {
  return episode_length(mean_sessions, u < extra_session_threshold(mean_sessions));
}

// ---- Episodes: withdrawal -------------------------------------------------
// log(1 - h) for the weekly withdrawal hazard h (withdraw_per_week > 0): the
// geometric draw's divisor.
inline double weekly_log_stay(double withdraw_per_week) { return std::log1p(-withdraw_per_week); }
// Whole weeks a pupil waits before withdrawing: geometric with weekly hazard
// h, from the word's uniform U: floor(log U / log(1 - h)).
inline double withdraw_weeks(uint32_t u, double log_stay) { return std::floor(std::log(Streams::to_unit(u)) / log_stay); }
// The absolute week by which a pupil arriving in week `arrival` has withdrawn:
// the week after it plus withdraw_weeks (whole weeks, as an int or a double),
// never later than kNeverWeek.
template <class Weeks>
inline int32_t withdrawn_by(int32_t arrival, Weeks weeks) {
  static_assert(std::is_same_v<Weeks, int> || std::is_same_v<Weeks, double>);
  return static_cast<int32_t>(std::min<Weeks>(kNeverWeek, arrival + 1 + weeks));
}
// The same from the word, at hazard h: kNeverWeek when h is 0.
inline int32_t withdraw_week(int32_t arrival, uint32_t u, double withdraw_per_week) {
  if (!(withdraw_per_week > 0)) return kNeverWeek;
  return withdrawn_by(arrival, withdraw_weeks(u, weekly_log_stay(withdraw_per_week)));
}

// ---- Serving --------------------------------------------------------------
// The next pupil served is, among those arrived and not withdrawn, the first
// by: state 2 before the others, then the earlier arrival, then the lower id.
// Lane 0 (state 2) is served before lane 1 (everyone else).
inline int serving_lane(int state) { return state != 2 ? 1 : 0; }
// Within a lane, the earlier arrival, then the lower id, as one number: the
// int16 arrival moved to unsigned order above the id.
inline uint64_t arrival_order(int16_t arrival, uint32_t id) {
  return (static_cast<uint64_t>(static_cast<uint16_t>(arrival) ^ 0x8000u) << 32) | id;
}
// Whether the waiting pupil a is served before b (each with state, arrival, id).
template <class Place>
inline bool served_before(const Place& a, const Place& b) {
  if (serving_lane(a.state) != serving_lane(b.state)) return serving_lane(a.state) < serving_lane(b.state);
  return arrival_order(a.arrival, a.id) < arrival_order(b.arrival, b.id);
}

// A pupil served after waiting `wait_weeks` gets this log-odds shift on this
// year's moves down: effect * 2^(-wait / wait_halving_weeks).
inline double treatment_shift(double effect, double wait_weeks, double halving_weeks) {
  return effect * std::exp2(-std::max(0.0, wait_weeks) / halving_weeks);
}

// A served pupil in state s is referred on when the word u is below the
// threshold of refer_municipal[s] + refer_bup[s]: to the municipal
// psychologist below refer_municipal[s]'s, else to BUP. -1: not referred.
inline int referred_to(uint32_t u, uint32_t municipal_threshold, uint32_t any_threshold) {
  if (u >= any_threshold) return -1;
  return u < municipal_threshold ? kMunicipal : kBup;
}

// ---- Carry-over -----------------------------------------------------------
// A pupil waiting at a service at the year's end leaves its queue before the
// next year when, after the year's transition, it has left school (grade 0) or
// the service's grades, or is back in state 0 (recovery ends the wait).
inline bool leaves_queue(int grade, int state, int first_grade, int last_grade) {
  return grade == 0 || state == 0 || grade < first_grade || grade > last_grade;
}

}  // namespace elevsim
