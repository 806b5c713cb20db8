#pragma once
// Decision uncertainty from the paired PSA draws: which scenario has the
// highest net benefit, how often, and what perfect information would be worth.
// Replication r of every scenario shares one parameter draw and the same
// random numbers, so the net benefits of replication r are one joint draw of
// the decision problem (spec s.6).
#include <string>
#include <vector>

#include "indicator.hpp"

namespace elevsim {

struct DecisionUncertainty {
  std::vector<std::string> scenarios;                    // the reference first
  std::vector<double> values;                            // value of one extra completer, NOK (ascending)
  std::vector<std::vector<double>> ceac;                 // [value][scenario]: P(highest net benefit)
  std::vector<std::vector<double>> expected_net_benefit; // [value][scenario]: mean over replications, NOK/year
  std::vector<double> evpi;                              // [value]: NOK per year
  double marked_value = 0;                               // the parameter value_per_completer_nok
  long replications = 0;
  size_t marked_index() const;                           // the row of `values` equal to marked_value
  bool empty() const { return scenarios.size() < 2 || values.empty(); }
};

// One value of a completer: net[s][r] is scenario s's net benefit in
// replication r. prob[s] is the share of replications in which s has the
// highest net benefit (ties shared equally, so the shares sum to 1); evpi is
// the mean over replications of the best net benefit minus the net benefit of
// the scenario best on average, term by term, so it is never negative and is
// exactly 0 when one scenario is best in every replication.
void ceac_point(const std::vector<std::vector<double>>& net, std::vector<double>& prob, std::vector<double>& mean,
                double& evpi);

// The values a CEAC is drawn over: 0 to kCeacMaxValueNok in kCeacSteps steps,
// with `marked` added where it falls between them.
std::vector<double> ceac_values(double marked);

// Net benefit of scenario s in replication r at value v: v * gain[s][r] - cost[s][r]
// (the reference has gain and cost 0 against itself).
DecisionUncertainty decision_uncertainty(const std::vector<std::string>& scenarios,
                                         const std::vector<std::vector<double>>& gain,
                                         const std::vector<std::vector<double>>& cost, double marked);

// The same from a run's paired comparisons (compare.hpp): gain is
// dropouts_avoided per cohort, cost spending_per_year, as in net_benefit_per_year.
DecisionUncertainty decision_from_comparisons(const std::vector<Indicator>& comparisons, const std::string& reference,
                                              double marked);

// What `elevsim compare` prints under the comparisons.
std::string format_decision(const DecisionUncertainty& d);

}  // namespace elevsim
