#pragma once
// Grants and interventions (spec s.5): turns each scenario grant into money
// per county and intervention, buys whole units at the (PSA-drawn) unit cost,
// and each year sets the levers the processes read: per-pupil internalizing-onset
// risk ratios (universal prevention), per-pupil leaving shifts (follow-up), and per-county
// identification, help-seeking and extra service capacity.
#include <array>
#include <vector>

#include "intervention_params.hpp"
#include "scenario.hpp"
#include "sim.hpp"

namespace elevsim {

// Money and units of one scenario, [year][county][intervention].
struct Spending {
  int years = 0, counties = 0;
  std::vector<double> allocated, spent, units;
  size_t at(int t, int c, int k) const { return (static_cast<size_t>(t) * counties + c) * kInterventions + k; }
};

// Years since a pupil last took part in universal prevention: this value
// means never (a pupil's carryover is then no effect at all).
inline constexpr int kNeverDelivered = 255;
float prevention_risk_ratio(double rr, double carryover, int years_since_delivery);

Spending plan_spending(const Params& p, const Scenario& s, const InterventionValues& v, uint32_t seed,
                       uint32_t replication);

class Interventions : public Module {
 public:
  // per-pupil levers: onset (universal prevention), leaving (follow-up)
  static constexpr PupilFields kFields{"mh_prevention_rr leave_shift", "key county school achievement"};
  // The scenario's grants drive the spending; it must outlive the module.
  explicit Interventions(const Scenario& scenario) : scenario_(&scenario) {}
  const char* name() const override { return "interventions"; }
  bool idle_in_warm_start() const override { return true; }
  void init(Sim& sim) override;
  void step(Sim& sim, int t) override;
  void results(Sim& sim, std::vector<Dataset>& out) override;

 private:
  void prevention(Sim& sim, int t);
  void followup(Sim& sim, int t);

  const Scenario* scenario_;
  InterventionValues v_;
  Spending spend_;
  bool any_[kInterventions] = {};
  std::vector<double> strength_[kInterventions];  // per county: reached share of the full effect
  std::vector<double> staff_stock_;               // trained staff still in post, per county
  std::vector<double> prevention_cover_;          // share of eligible pupils reached, per county
  std::vector<float> reach_;                      // per pupil: uptake rank in [0, 1) for universal prevention
  std::vector<uint8_t> years_since_;              // per pupil: years since last reached (kNeverDelivered: never)
  std::vector<uint32_t> followup_ids_;            // this year's at-risk pupils in funded counties (followup)
};

}  // namespace elevsim
