// The services' rules for one pupil (model/services_rules.hpp; docs/model.md
// section 8), case by case, without the runner: an episode's sessions, the
// week a waiting pupil withdraws, who is served next, the treatment shift by
// weeks waited, the referral on, and who leaves the queue at carry-over.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "services_rules.hpp"

using namespace elevsim;

namespace {

struct Place {
  uint8_t state;
  int16_t arrival;
  uint32_t id;
};

}  // namespace

TEST_CASE("services rule: an episode has floor(m) sessions, one more with probability frac(m)",
          "[services_rules]") {
  const uint32_t thr = Streams::threshold(0.75);
  CHECK(extra_session_threshold(2.75) == thr);
  CHECK(episode_sessions(2.75, 0u) == 3);
  CHECK(episode_sessions(2.75, thr - 1) == 3);  // below the threshold: one more
  CHECK(episode_sessions(2.75, thr) == 2);
  CHECK(episode_sessions(2.75, 0xFFFFFFFFu) == 2);
  // a whole mean: always that many
  CHECK(extra_session_threshold(3.0) == 0);
  CHECK(episode_sessions(3.0, 0u) == 3);
  CHECK(episode_sessions(16.0, 0xFFFFFFFFu) == 16);
  // stored in a byte: at most 255
  CHECK(episode_sessions(300.5, 0u) == 255);
  CHECK(episode_length(8.0, false) == 8);
  CHECK(episode_length(8.0, true) == 9);
}

TEST_CASE("services rule: withdrawal is geometric with the weekly hazard", "[services_rules]") {
  // at hazard 1/2, U < 1/4 means two whole weeks stayed, U just above it one
  const double ls = weekly_log_stay(0.5);
  CHECK(withdraw_weeks((1u << 30) - 1, ls) == 2);
  CHECK(withdraw_weeks(1u << 30, ls) == 1);
  CHECK(withdraw_weeks(0xFFFFFFFFu, ls) == 0);  // U near 1: withdraws at once
  // withdrawn by the week after arrival plus the whole weeks stayed
  CHECK(withdraw_week(100, 0xFFFFFFFFu, 0.5) == 101);
  CHECK(withdraw_week(100, (1u << 30) - 1, 0.5) == 103);
  CHECK(withdraw_week(-52, 0xFFFFFFFFu, 0.5) == -51);  // warm-start weeks are negative
  // no hazard: never
  CHECK(withdraw_week(100, 0u, 0.0) == kNeverWeek);
  // never later than kNeverWeek (as an int or a double)
  CHECK(withdraw_week(31999, 0u, 0.005) == kNeverWeek);
  CHECK(withdrawn_by(31999, 5) == kNeverWeek);
  CHECK(withdrawn_by(31999, 5.0) == kNeverWeek);
  CHECK(withdrawn_by(10, 5) == 16);
  // the mean over evenly spread words is the geometric mean (1 - h) / h
  const double h = 0.05, l = weekly_log_stay(h);
  double sum = 0;
  const int n = 1 << 20;
  for (int j = 0; j < n; ++j) sum += withdraw_weeks(static_cast<uint32_t>(j) << 12, l);
  CHECK(sum / n == Approx((1 - h) / h).epsilon(0.01));
}

TEST_CASE("services rule: state 2 is served first, then the earlier arrival, then the lower id",
          "[services_rules]") {
  const Place urgent_late{2, 30, 9}, early{1, 5, 1}, early_other{0, 5, 2}, late{1, 6, 0};
  CHECK(served_before(urgent_late, early));
  CHECK_FALSE(served_before(early, urgent_late));
  CHECK(served_before(early, late));         // same lane (states 0 and 1 alike): the earlier arrival
  CHECK(served_before(early, early_other));  // same arrival: the lower id
  CHECK_FALSE(served_before(early_other, early));
  CHECK_FALSE(served_before(early, early));
  CHECK(served_before(Place{1, -40, 7}, Place{1, 3, 2}));  // weeks before year 0 (warm start) come first
  CHECK(serving_lane(2) == 0);
  CHECK(serving_lane(1) == 1);
  CHECK(serving_lane(0) == 1);
}

TEST_CASE("services rule: within a lane, arrival_order is served_before as one number", "[services_rules]") {
  // the batched path's two lanes sort by arrival_order: the same order
  std::mt19937 gen(8);
  std::vector<Place> v;
  for (int j = 0; j < 2000; ++j)
    v.push_back({static_cast<uint8_t>(gen() % 3), static_cast<int16_t>(static_cast<int>(gen() % 400) - 200),
                 static_cast<uint32_t>(gen() % 50)});
  int differ = 0;
  for (size_t a = 0; a < v.size(); a += 7)
    for (size_t b = 0; b < v.size(); b += 3) {
      const bool by_key = serving_lane(v[a].state) != serving_lane(v[b].state)
                              ? serving_lane(v[a].state) < serving_lane(v[b].state)
                              : arrival_order(v[a].arrival, v[a].id) < arrival_order(v[b].arrival, v[b].id);
      differ += by_key != served_before(v[a], v[b]);
    }
  CHECK(differ == 0);
}

TEST_CASE("services rule: the treatment shift halves with every wait_halving_weeks waited", "[services_rules]") {
  CHECK(treatment_shift(0.4, 0, 26) == 0.4);
  CHECK(treatment_shift(0.4, 26, 26) == Approx(0.2));
  CHECK(treatment_shift(0.4, 52, 26) == Approx(0.1));
  CHECK(treatment_shift(0.4, 13, 26) == Approx(0.4 / std::sqrt(2.0)));
  CHECK(treatment_shift(0.4, -3, 26) == 0.4);  // no wait counts as less than none
  CHECK(treatment_shift(0.0, 5, 26) == 0.0);
}

TEST_CASE("services rule: a served pupil is referred to the municipal psychologist, BUP or not at all",
          "[services_rules]") {
  CHECK(referred_to(99, 100, 300) == kMunicipal);
  CHECK(referred_to(100, 100, 300) == kBup);
  CHECK(referred_to(299, 100, 300) == kBup);
  CHECK(referred_to(300, 100, 300) == -1);
  CHECK(referred_to(0, 0, 0) == -1);  // neither
}

TEST_CASE("services rule: at carry-over, leaving school or the service's grades or recovering ends the wait",
          "[services_rules]") {
  CHECK(leaves_queue(0, 2, 1, 13));    // left school
  CHECK(leaves_queue(5, 0, 1, 13));    // recovered (state 0)
  CHECK(leaves_queue(7, 1, 8, 13));    // below the service's grades
  CHECK(leaves_queue(11, 1, 1, 10));   // above them
  CHECK_FALSE(leaves_queue(8, 1, 8, 13));
  CHECK_FALSE(leaves_queue(13, 2, 8, 13));
}
