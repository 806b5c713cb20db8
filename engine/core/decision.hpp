#pragma once
// Decision uncertainty from the paired PSA draws: which scenario has the
// highest net benefit, how often, and what perfect information would be worth.
// Replication r of every scenario shares one parameter draw and the same
// random numbers, so the net benefits of replication r are one joint draw of
// the decision problem (spec s.6).
#include <functional>
#include <string>
#include <vector>

#include "indicator.hpp"
#include "psa.hpp"

namespace elevsim {

struct DecisionUncertainty {
  std::vector<std::string> scenarios;                    // the reference first
  std::vector<double> values;                            // value of one extra completer, NOK (ascending)
  std::vector<std::vector<double>> ceac;                 // [value][scenario]: P(highest net benefit)
  std::vector<std::vector<double>> expected_net_benefit; // [value][scenario]: mean over replications, NOK/year
  std::vector<double> evpi;                              // [value]: NOK per year
  double marked_value = 0;                               // the parameter value_per_completer_nok
  long replications = 0;
  // [value][scenario]: mean over replications of the best net benefit in that
  // replication minus the scenario's (the regret); the lowest is the best on
  // average's, which equals the EVPI
  std::vector<std::vector<double>> expected_regret;
  // [scenario][versus], at the marked value: share of replications in which the
  // scenario's net benefit is higher than versus's (ties count half)
  std::vector<std::vector<double>> prob_beats;
  // EVPPI per group of uncertain parameters (psa.hpp; empty without /psa draws)
  std::vector<PsaGroup> groups;
  std::vector<std::string> group_parameters;  // [group]: the parameters used, comma-separated; "" = EVPPI exactly 0
  std::vector<std::string> group_note;        // [group]: why a group is 0 ("not drawn", "no scenario funds ...")
  std::vector<std::vector<double>> evppi_group;  // [value][group]: NOK per year, 0 <= . <= evpi
  std::vector<std::vector<char>> evppi_clipped;  // [value][group]: the regression's estimate exceeded the EVPI
  std::string evppi_method;
  // The groups by EVPPI at the marked value, highest first (ties: file order).
  std::vector<size_t> groups_by_evppi() const;
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

// Share of draws in which a beats b (ties half), and each option's expected
// regret, from paired draws net[option][draw] (higher is better).
std::vector<std::vector<double>> probability_beats(const std::vector<std::vector<double>>& net);
std::vector<double> expected_regret(const std::vector<std::vector<double>>& net);

// Adds EVPPI per group (evppi.hpp) to d, computed from the same gains and
// costs, the draws of the replications (rows in the order of gain's) and the
// groups of groups_toml (file: its name in messages). A parameter drawn in no
// group goes into a group of its own ("unassigned"); a parameter named
// interventions.<k>.* is left out when draws.funded lacks k; a group with no
// parameter left is 0 exactly. Every value is clipped to [0, EVPI] (the
// regression can overshoot the EVPI by its error; evppi_clipped says where).
void add_evppi(DecisionUncertainty& d, const std::vector<std::vector<double>>& gain,
               const std::vector<std::vector<double>>& cost, const PsaDraws& draws, const std::string& groups_toml,
               const std::string& file);

// The same from a run's paired comparisons (compare.hpp): gain is
// dropouts_avoided per cohort, cost spending_per_year, as in net_benefit_per_year.
// With draws (non-empty) and groups_toml, also EVPPI per group (add_evppi).
DecisionUncertainty decision_from_comparisons(const std::vector<Indicator>& comparisons, const std::string& reference,
                                              double marked, const PsaDraws* draws = nullptr,
                                              const std::string& groups_toml = "", const std::string& groups_file = "");

// What `elevsim compare` prints under the comparisons.
std::string format_decision(const DecisionUncertainty& d);
// The robustness table `compare` and `optimise` print: a row per option
// ("1 name", cut to name_width), its expected regret (expected_regret, as
// `regret` words it) and the share of draws in which it beats each column
// (probability_beats), each line after `indent`.
std::string format_regret_table(const std::vector<std::string>& names, const std::vector<double>& regret_values,
                                const std::vector<std::vector<double>>& beats, const std::string& regret_header,
                                const std::function<std::string(double)>& regret, const std::string& indent,
                                size_t name_width);
// Below this many replications an EVPPI is marked as rough (the regression
// needs draws; Strong et al. used thousands): a reporting threshold, not a model number.
inline constexpr long kEvppiRoughBelow = 100;
// The EVPPI part of it (empty without groups).
std::string format_evppi(const DecisionUncertainty& d);

}  // namespace elevsim
