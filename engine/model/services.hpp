#pragma once
// The help services with finite capacity (spec section 4). Per county and
// service, a year is run week by week: each open week adds capacity (FTE x
// clinician-days x sessions per day), waiting pupils are served by priority
// (state 2 first, then longest waiting), an episode's sessions are drawn from
// that budget, and whoever is not served by the year's end stays in the queue
// for the next year. Waiting pupils may withdraw. A served pupil may be
// referred on to a later service, and treatment raises this year's chance of
// moving down a mental-health state by a log-odds shift that halves with
// every `wait_halving_weeks` waited. The rules for one pupil, once:
// services_rules.hpp; the year: services.cpp, services_admit.cpp,
// services_queue.cpp, or services_reference.cpp with ELEVSIM_KERNELS=reference.
#include <array>
#include <cstdint>
#include <vector>

#include "sim.hpp"

namespace elevsim {

class Services : public Module {
 public:
  // mh_recovery: this year's treatment, rebuilt each year
  static constexpr PupilFields kFields{"svc_queue mh_recovery",
                                       "grade mh_state svc_contacts"};
  const char* name() const override { return "services"; }
  std::unique_ptr<Module> clone() const override { return std::make_unique<Services>(*this); }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;

  // Log-odds added to recovery for a pupil served after `wait_weeks`.
  static double treatment_shift(double effect, double wait_weeks, double halving_weeks);

  // A waiting pupil, with the attributes the queue needs copied in so that
  // serving does not read the pupil arrays at random.
  struct Item {
    uint32_t id;
    uint32_t key;               // random-stream id, for a referral's draws
    uint32_t refer_u;           // uniform word deciding the referral
    int16_t arrival, withdraw;  // absolute weeks
    uint16_t cell;              // stratum * kGrades + grade - 1, the tally cell
    uint8_t state;              // mental-health state at the start of the year; 2 is served first
    uint8_t sessions;
  };

 private:
  // the key to the pupil fields Services owns (People, PupilField)
  static WriteKey<Services> owner() { return {}; }
  // A queue place carried into a later year: arrived after the year's end,
  // or not served by it. People::svc_queue marks the pupil as waiting.
  struct Waiting {
    uint32_t id, key;
    int16_t arrival, withdraw;
    uint16_t stratum;
    uint8_t county, service;
  };

  void set_capacity(Sim& sim, int t);
  void set_tables(const ServicesParams& S);
  // Also adds each item's sessions to demanded[cell * kServices].
  // cell0: the county's first tally cell.
  void sort_lanes(const std::vector<Item>& list, int32_t t0, int weeks, size_t cell0, uint32_t* demanded);
  void run_queue(Sim& sim, int t, int county, int k);
  // One service's year in one county, as both run_queue and its reference
  // path serve it: the weeks, the capacity, the tallies' rows and the
  // referral thresholds by state.
  struct QueueYear {
    int county = 0, k = 0, weeks = 0;
    int32_t t0 = 0;  // the year's first absolute week
    bool unlimited = false;
    double weight = 0, per_week = 0;
    uint32_t *demanded = nullptr, *delivered = nullptr, *queue = nullptr, *referrals = nullptr, *treated = nullptr,
             *wait = nullptr;
    std::array<uint32_t, kStates> refer_municipal{}, refer_any{};
  };
  QueueYear queue_year(Sim& sim, int t, int county, int k);
  // Serves `it` in week w of the year (section 8): its sessions off the
  // budget, the tallies, its treatment shift `shift` (by weeks waited) and any
  // onward referral. Both paths serve through it.
  void serve(Sim& sim, int t, const QueueYear& q, const Item& it, int w, double& budget, float shift);
  // At the year's end: a pupil still waiting, not withdrawn by then, keeps the place.
  void keep_place(Sim& sim, const QueueYear& q, const Item& it);
  void carry_over(Sim& sim, int t);
  void mark_waiting(People& P);
  void order_pending(int k);
  void admit(Sim& sim, int t, bool fresh);
  void admit_contacts(Sim& sim, int t);
  void join(Sim& sim, int t, int county, int k, const Item& from, int32_t arrival);
  void carry(Sim& sim, const Item& it, int county, int k);
  // The reference path (ELEVSIM_KERNELS=reference, services_reference.cpp):
  // run_queue through a priority queue ordered by served_before, admit and
  // admit_contacts with each pupil's draws made alone, every rule computed.
  void run_queue_reference(Sim& sim, int t, int county, int k);
  void admit_reference(Sim& sim, int t, bool fresh);
  void admit_contacts_reference(Sim& sim, int t);
  int32_t withdraw_week(int32_t arrival, uint32_t u) const;

  std::vector<std::array<double, kServices>> fte_;   // per county, from the parameters (the levers add to it)
  std::vector<std::array<double, kServices>> debt_;  // sessions overspent, carried to the next week
  std::vector<std::vector<Item>> lists_;             // [county * kServices + k]: this year's waiting pupils
  // Pupils joining a service, waiting for their episode draws, which come a
  // block of pupils at a time (draw_block.hpp); with the list each joins
  // (county * kServices + k), or kToCarried | its place in carried_.
  std::array<std::vector<Item>, kServices> pending_;
  std::array<std::vector<uint32_t>, kServices> pending_list_;
  std::vector<uint32_t> order_count_, pending_list_scratch_;
  std::vector<Item> pending_scratch_;
  // A list in serving order: lane 0 (state 2) then lane 1 (the others), each
  // by arrival week (bucket lane * weeks + week, weeks before the year's start
  // in week 0), then by arrival and id within a bucket.
  std::vector<Item> sorted_;
  std::vector<uint32_t> bucket_start_, bucket_fill_, bucket_count2_;
  std::vector<uint16_t> bucket_of_;
  std::vector<uint32_t> bucket_sorted_to_;  // where a bucket's order first breaks; 0 if it does not
  std::vector<Item> merge_scratch_;
  std::vector<People::Shift> shift_scratch_;
  // Queue places carried into the next year, in the order they were taken: a
  // later place of the same pupil replaces an earlier one.
  std::vector<Waiting> carried_, carried_scratch_;
  double log_stay_ = 0;  // log(1 - withdraw_per_week), the geometric withdrawal's divisor
  // Weeks until withdrawal by the top bits of the draw's word, where they
  // alone decide it (-1 where they do not: computed then).
  std::vector<int16_t> withdraw_weeks_;
  // Each service's treatment shift by weeks waited, for the usual waits.
  std::array<std::vector<float>, kServices> shift_by_wait_;
  ServiceTally demanded_, delivered_, queue_, referrals_, treated_, wait_;
  std::vector<double> capacity_, clinician_days_;  // (year, county, service)
  std::array<double, kServices> time_share_{};     // this replication's draw of each service's time_share
  std::array<double, kServices> earmarked_share_{};  // ... and of its earmarked_time_share (grant-bought FTE)
  double treatment_scale_ = 1;                     // this replication's draw of treatment_effect_scale
  // service k's treatment effect in this replication (log-odds for a pupil served at once)
  double effect(const ServicesParams& S, int k) const { return S.service[k].treatment_effect * treatment_scale_; }
};

}  // namespace elevsim
