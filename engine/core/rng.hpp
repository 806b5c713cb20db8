#pragma once
// Keyed random streams. Every draw is a pure function of
// (seed, replication, pupil id, year, decision): Philox4x32-10 is keyed by
// (seed, replication) and its counter is (pupil, year, decision, 0).
// Nothing depends on the order in which pupils, threads or ranks are visited,
// and two scenarios see the same draw for the same pupil decision (common
// random numbers).
// philox.h first: it sets up the feature macros MicroURNG.hpp relies on.
#include <Random123/philox.h>
// clang-format off
#include <Random123/MicroURNG.hpp>
// clang-format on

#include <cstdint>

namespace elevsim {

// Each stochastic decision has its own number; never reuse or renumber one,
// or results of earlier runs can no longer be reproduced.
enum class Decision : uint32_t {
  SynthSex = 1,  // one draw: sex, ses, background and child welfare from its four words
  SynthAchievement = 5,
  SynthArrival = 6,
  MhInitial = 10,
  MhTransition = 11,
  SchoolEntry = 20,
  SchoolOutcome = 21,
  SchoolReturn = 22,
  SchoolLateStart = 23,
  GrantSelection = 30,
  InterventionReach = 31,
  ParamDraw = 100,
  // help and services
  HelpSeeking = 110,
  HelpSeekingRoute = 114,
  // one word per pupil, four pupils (ids 4j .. 4j+3) per draw keyed by j
  HelpSeekingState0 = 115,
  // a pupil's episode at a service in a year: withdrawal, sessions, referral;
  // SvcSchoolHealth + the service's index (episode_decision, services_detail.hpp)
  SvcSchoolHealth = 116,
  SvcBupSchool = 117,
  SvcMunicipal = 118,
  SvcBup = 119,
};

// The year slot used for draws that happen before the first simulated year.
inline constexpr uint32_t kYearSynthesis = 0xFFFFu;

class Streams {
 public:
  using Engine = r123::Philox4x32;
  using ctr_type = Engine::ctr_type;
  using key_type = Engine::key_type;

  Streams(uint32_t seed, uint32_t replication) : key_{{seed, replication}} {}

  // Four independent uniform 32-bit words for one decision.
  ctr_type bits(uint32_t pupil, uint32_t year, Decision d) const {
    return engine_(ctr_type{{pupil, year, static_cast<uint32_t>(d), 0u}}, key_);
  }

  // A C++ URNG over the same key, for Boost.Random distributions that need a
  // variable number of words (normal, gamma, ...).
  r123::MicroURNG<Engine> urng(uint32_t pupil, uint32_t year, Decision d) const {
    return r123::MicroURNG<Engine>(ctr_type{{pupil, year, static_cast<uint32_t>(d), 0u}}, key_);
  }

  // Probability p as a 32-bit threshold: u < threshold(p) happens with probability p.
  static uint32_t threshold(double p) {
    if (p <= 0.0) return 0u;
    if (p >= 1.0) return 0xFFFFFFFFu;
    return static_cast<uint32_t>(p * 4294967296.0);
  }
  static double to_unit(uint32_t u) { return (u + 0.5) * (1.0 / 4294967296.0); }

  const key_type& key() const { return key_; }

 private:
  Engine engine_;
  key_type key_;
};

}  // namespace elevsim
