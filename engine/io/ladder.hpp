#pragma once
// The effect ladder (`elevsim run --ladder`, /ladder of a run file). One unit
// of money (10 MNOK a year, per capita nationwide) given to each intervention
// in turn, on top of the run's reference scenario, at the run's seed,
// replications, scale and PSA draws: what that money buys, paired replication
// by replication with the reference (common random numbers).
#include <string>
#include <vector>

#include "indicator.hpp"

namespace elevsim {

// One figure of the ladder: per intervention, the paired difference from the
// reference per replication with its mean and 95 % interval.
struct LadderFigure {
  std::string key, label, unit;
  std::vector<Indicator> by_intervention;  // in the order of Ladder::interventions
};

struct Ladder {
  double budget_nok = 0;         // per intervention and year
  std::string allocation;        // "per_capita"
  std::string reference;         // the scenario every rung is compared with
  std::vector<std::string> interventions, units;  // intervention keys and the unit each buys
  std::vector<LadderFigure> figures;
  bool empty() const { return interventions.empty(); }
  // the figure of this key, or nullptr
  const LadderFigure* figure(const std::string& key) const;
};

}  // namespace elevsim
