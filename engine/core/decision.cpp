#include "decision.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "numbers.hpp"

namespace elevsim {

namespace {
// The range a planner's value of one extra completer plausibly takes: from
// nothing to several times the parameter's 0.9 MNOK (the CEAC's x-axis, not a
// model number).
constexpr double kCeacMaxValueNok = 5e6;
constexpr int kCeacSteps = 50;
}  // namespace

size_t DecisionUncertainty::marked_index() const {
  size_t best = 0;
  for (size_t v = 1; v < values.size(); ++v)
    if (std::fabs(values[v] - marked_value) < std::fabs(values[best] - marked_value)) best = v;
  return best;
}

std::vector<double> ceac_values(double marked) {
  std::vector<double> v;
  for (int k = 0; k <= kCeacSteps; ++k) v.push_back(kCeacMaxValueNok * k / kCeacSteps);
  if (std::isfinite(marked) && marked >= 0 && std::find(v.begin(), v.end(), marked) == v.end()) {
    v.push_back(marked);
    std::sort(v.begin(), v.end());
  }
  return v;
}

void ceac_point(const std::vector<std::vector<double>>& net, std::vector<double>& prob, std::vector<double>& mean,
                double& evpi) {
  const size_t S = net.size(), R = S ? net[0].size() : 0;
  prob.assign(S, 0.0);
  mean.assign(S, 0.0);
  evpi = 0;
  if (S == 0 || R == 0) return;
  for (size_t s = 0; s < S; ++s) {
    for (double x : net[s]) mean[s] += x;
    mean[s] /= static_cast<double>(R);
  }
  const size_t best_on_average = static_cast<size_t>(std::max_element(mean.begin(), mean.end()) - mean.begin());
  double loss = 0;
  for (size_t r = 0; r < R; ++r) {
    double top = net[0][r];
    for (size_t s = 1; s < S; ++s) top = std::max(top, net[s][r]);
    int ties = 0;
    for (size_t s = 0; s < S; ++s) ties += net[s][r] == top;
    for (size_t s = 0; s < S; ++s)
      if (net[s][r] == top) prob[s] += 1.0 / ties;
    // each term >= 0, and 0 wherever the scenario best on average is best
    loss += top - net[best_on_average][r];
  }
  for (double& p : prob) p /= static_cast<double>(R);
  evpi = loss / static_cast<double>(R);
}

DecisionUncertainty decision_uncertainty(const std::vector<std::string>& scenarios,
                                         const std::vector<std::vector<double>>& gain,
                                         const std::vector<std::vector<double>>& cost, double marked) {
  DecisionUncertainty d;
  d.scenarios = scenarios;
  d.marked_value = marked;
  d.replications = gain.empty() ? 0 : static_cast<long>(gain[0].size());
  if (scenarios.size() < 2 || d.replications == 0) return d;
  d.values = ceac_values(marked);
  std::vector<std::vector<double>> net(scenarios.size(), std::vector<double>(d.replications));
  for (double v : d.values) {
    for (size_t s = 0; s < scenarios.size(); ++s)
      for (long r = 0; r < d.replications; ++r) net[s][r] = v * gain[s][r] - cost[s][r];
    std::vector<double> prob, mean;
    double evpi = 0;
    ceac_point(net, prob, mean, evpi);
    d.ceac.push_back(prob);
    d.expected_net_benefit.push_back(mean);
    d.evpi.push_back(evpi);
  }
  return d;
}

DecisionUncertainty decision_from_comparisons(const std::vector<Indicator>& comparisons, const std::string& reference,
                                              double marked) {
  std::vector<std::string> names{reference};
  std::vector<std::vector<double>> gain, cost;
  for (const Indicator& i : comparisons)
    if (std::find(names.begin(), names.end(), i.scenario) == names.end()) names.push_back(i.scenario);
  auto series = [&](const std::string& s, const char* key) -> const std::vector<double>* {
    for (const Indicator& i : comparisons)
      if (i.scenario == s && i.key == key) return &i.per_replication;
    return nullptr;
  };
  for (size_t k = 1; k < names.size(); ++k) {
    const std::vector<double>* g = series(names[k], "dropouts_avoided");
    const std::vector<double>* c = series(names[k], "spending_per_year");
    // a run without schooling or spending has no net benefit to decide on
    if (!g || !c || g->size() != c->size()) return {};
    gain.push_back(*g);
    cost.push_back(*c);
  }
  if (gain.empty()) return {};
  // the reference against itself: no gain, no extra cost
  gain.insert(gain.begin(), std::vector<double>(gain[0].size(), 0.0));
  cost.insert(cost.begin(), std::vector<double>(gain[0].size(), 0.0));
  return decision_uncertainty(names, gain, cost, marked);
}

std::string format_decision(const DecisionUncertainty& d) {
  if (d.empty()) return "";
  std::ostringstream o;
  char buf[256];
  const size_t m = d.marked_index();
  o << "\ndecision uncertainty (" << d.replications << " paired PSA draws; value of one extra completer "
    << format_money_plain(d.marked_value) << ")\n";
  o << "  probability of the highest net benefit (cost-effectiveness acceptability):\n";
  std::snprintf(buf, sizeof buf, "  %-40s", "value of a completer");
  o << buf;
  std::vector<size_t> rows;
  for (size_t v = 0; v < d.values.size(); ++v)
    if (v == m || std::fmod(d.values[v], 1e6) == 0) rows.push_back(v);
  for (size_t v : rows) {
    std::snprintf(buf, sizeof buf, " %9s", format_money_plain(d.values[v]).c_str());
    o << buf;
  }
  o << "\n";
  for (size_t s = 0; s < d.scenarios.size(); ++s) {
    std::snprintf(buf, sizeof buf, "  %-40s", d.scenarios[s].c_str());
    o << buf;
    for (size_t v : rows) {
      std::snprintf(buf, sizeof buf, " %9.2f", d.ceac[v][s]);
      o << buf;
    }
    o << "\n";
  }
  std::snprintf(buf, sizeof buf, "  %-40s", "EVPI per year");
  o << buf;
  for (size_t v : rows) {
    std::snprintf(buf, sizeof buf, " %9s", format_money_plain(d.evpi[v]).c_str());
    o << buf;
  }
  o << "\n  expected value of perfect information at " << format_money_plain(d.marked_value) << ": "
    << format_money_plain(d.evpi[m]) << " per year\n";
  return o.str();
}

}  // namespace elevsim
