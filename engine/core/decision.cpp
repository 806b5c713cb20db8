#include "decision.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "evppi.hpp"
#include "input_error.hpp"
#include "intervention_catalogue.hpp"
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

std::vector<std::vector<double>> probability_beats(const std::vector<std::vector<double>>& net) {
  const size_t S = net.size(), R = S ? net[0].size() : 0;
  std::vector<std::vector<double>> p(S, std::vector<double>(S, 0.0));
  if (R == 0) return p;
  for (size_t a = 0; a < S; ++a)
    for (size_t b = 0; b < S; ++b) {
      if (a == b) continue;
      double wins = 0;
      for (size_t r = 0; r < R; ++r) wins += net[a][r] > net[b][r] ? 1.0 : net[a][r] == net[b][r] ? 0.5 : 0.0;
      p[a][b] = wins / static_cast<double>(R);
    }
  return p;
}

std::vector<double> expected_regret(const std::vector<std::vector<double>>& net) {
  const size_t S = net.size(), R = S ? net[0].size() : 0;
  std::vector<double> regret(S, 0.0);
  if (R == 0) return regret;
  for (size_t r = 0; r < R; ++r) {
    double top = net[0][r];
    for (size_t s = 1; s < S; ++s) top = std::max(top, net[s][r]);
    for (size_t s = 0; s < S; ++s) regret[s] += top - net[s][r];
  }
  for (double& x : regret) x /= static_cast<double>(R);
  return regret;
}

std::vector<size_t> DecisionUncertainty::groups_by_evppi() const {
  std::vector<size_t> order(groups.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  if (evppi_group.empty()) return order;
  const std::vector<double>& e = evppi_group[marked_index()];
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return e[a] > e[b]; });
  return order;
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
    d.expected_regret.push_back(expected_regret(net));
  }
  // pairwise, at the marked value
  for (size_t s = 0; s < scenarios.size(); ++s)
    for (long r = 0; r < d.replications; ++r) net[s][r] = d.values[d.marked_index()] * gain[s][r] - cost[s][r];
  d.prob_beats = probability_beats(net);
  return d;
}

namespace {
// The intervention a parameter belongs to by its name (interventions.<k>.*), or -1.
int intervention_of(const std::string& name) {
  const std::string prefix = "interventions.";
  if (name.compare(0, prefix.size(), prefix) != 0) return -1;
  for (int k = 0; k < kInterventions; ++k) {
    const std::string head = prefix + kInterventionNames[k] + ".";
    if (name.compare(0, head.size(), head) == 0) return k;
  }
  return -1;
}
}  // namespace

void add_evppi(DecisionUncertainty& d, const std::vector<std::vector<double>>& gain,
               const std::vector<std::vector<double>>& cost, const PsaDraws& draws, const std::string& groups_toml,
               const std::string& file) {
  if (d.empty() || groups_toml.empty()) return;
  d.groups = read_psa_groups(groups_toml, file);
  d.evppi_method =
      "regression (Strong, Oakley & Brennan 2014, Med Decis Making 34:311): each scenario's net benefit regressed on "
      "the group's draws, additive polynomial/ridge smoother chosen by generalised cross-validation; clipped to "
      "[0, EVPI]";
  const size_t R = static_cast<size_t>(d.replications);
  const bool have_draws = !draws.empty() && draws.values.size() == R;
  // each drawn parameter's group; a parameter in none gets the group "unassigned"
  std::vector<std::vector<size_t>> members(d.groups.size());
  std::vector<std::vector<size_t>> left_out(d.groups.size());
  for (size_t j = 0; have_draws && j < draws.names.size(); ++j) {
    int g = group_of(d.groups, draws.names[j], file, false);
    if (g < 0) {
      if (d.groups.empty() || d.groups.back().id != "unassigned") {
        d.groups.push_back({"unassigned", "Parametre uten gruppe i " + file, "Parameters without a group in " + file,
                            "see the parameters' own comments in params/", "A", {}});
        members.emplace_back();
        left_out.emplace_back();
      }
      g = static_cast<int>(d.groups.size()) - 1;
    }
    const int k = intervention_of(draws.names[j]);
    const bool funded =
        k < 0 || std::find(draws.funded.begin(), draws.funded.end(), kInterventionNames[k]) != draws.funded.end();
    (funded ? members : left_out)[static_cast<size_t>(g)].push_back(j);
  }
  const size_t G = d.groups.size(), S = d.scenarios.size();
  d.group_parameters.assign(G, "");
  d.group_note.assign(G, "");
  for (size_t g = 0; g < G; ++g) {
    for (size_t j : members[g]) d.group_parameters[g] += (d.group_parameters[g].empty() ? "" : ",") + draws.names[j];
    if (!members[g].empty()) continue;
    if (!have_draws)
      d.group_note[g] = "not drawn (a run without --psa)";
    else if (!left_out[g].empty())
      d.group_note[g] = "no scenario funds the interventions its parameters act through";
    else
      d.group_note[g] = "none of its parameters is drawn";
  }
  std::vector<std::vector<double>> net(S, std::vector<double>(R));
  for (size_t v = 0; v < d.values.size(); ++v) {
    for (size_t s = 0; s < S; ++s)
      for (size_t r = 0; r < R; ++r) net[s][r] = d.values[v] * gain[s][r] - cost[s][r];
    std::vector<double> row(G, 0.0);
    std::vector<char> clipped(G, 0);
    for (size_t g = 0; g < G; ++g) {
      if (members[g].empty()) continue;  // structurally 0: no net benefit depends on it
      std::vector<std::vector<double>> x(R, std::vector<double>(members[g].size()));
      for (size_t r = 0; r < R; ++r)
        for (size_t i = 0; i < members[g].size(); ++i) x[r][i] = draws.values[r][members[g][i]];
      const double e = evppi_regression(net, x).value;
      clipped[g] = e > d.evpi[v];
      row[g] = std::min(std::max(e, 0.0), d.evpi[v]);
    }
    d.evppi_group.push_back(row);
    d.evppi_clipped.push_back(clipped);
  }
}

DecisionUncertainty decision_from_comparisons(const std::vector<Indicator>& comparisons, const std::string& reference,
                                              double marked, const PsaDraws* draws, const std::string& groups_toml,
                                              const std::string& groups_file) {
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
  DecisionUncertainty d = decision_uncertainty(names, gain, cost, marked);
  if (draws) add_evppi(d, gain, cost, *draws, groups_toml, groups_file);
  return d;
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
  if (!d.expected_regret.empty() && !d.prob_beats.empty()) {
    o << "  at " << format_money_plain(d.marked_value)
      << ", paired by replication: expected regret (mean of the best net benefit in the draw minus the scenario's)\n"
         "  and the share of draws in which the row's net benefit beats the column's:\n";
    o << format_regret_table(d.scenarios, d.expected_regret[m], d.prob_beats, "regret/year",
                             [](double v) { return format_money_plain(v); }, "  ",
                             40);
  }
  o << format_evppi(d);
  return o.str();
}

std::string format_regret_table(const std::vector<std::string>& names, const std::vector<double>& regret_values,
                                const std::vector<std::vector<double>>& beats, const std::string& regret_header,
                                const std::function<std::string(double)>& regret, const std::string& indent,
                                size_t name_width) {
  std::ostringstream o;
  const int w = static_cast<int>(name_width);
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s%-*s %12s", indent.c_str(), w, "", regret_header.c_str());
  o << buf;
  for (size_t t = 0; t < names.size(); ++t) {
    std::snprintf(buf, sizeof buf, " %8s", ("vs " + std::to_string(t + 1)).c_str());
    o << buf;
  }
  o << "\n";
  for (size_t s = 0; s < names.size(); ++s) {
    std::snprintf(buf, sizeof buf, "%s%-*s %12s", indent.c_str(), w,
                  (std::to_string(s + 1) + " " + names[s]).substr(0, name_width).c_str(),
                  regret(regret_values[s]).c_str());
    o << buf;
    for (size_t t = 0; t < names.size(); ++t) {
      if (s == t)
        std::snprintf(buf, sizeof buf, " %8s", "-");
      else
        std::snprintf(buf, sizeof buf, " %8.2f", beats[s][t]);
      o << buf;
    }
    o << "\n";
  }
  return o.str();
}

std::string format_evppi(const DecisionUncertainty& d) {
  if (d.empty() || d.groups.empty() || d.evppi_group.empty()) return "";
  std::ostringstream o;
  char buf[320];
  const size_t m = d.marked_index();
  o << "\nwhat the answer rests on: expected value of partial perfect information (EVPPI) per group of parameters\n"
    << "  method: " << d.evppi_method << "\n";
  std::vector<size_t> cols;
  for (size_t v = 0; v < d.values.size(); ++v)
    if (v == m || std::fmod(d.values[v], 1e6) == 0) cols.push_back(v);
  std::snprintf(buf, sizeof buf, "  %-34s %5s", "group (value of a completer:)", "grade");
  o << buf;
  for (size_t v : cols) {
    std::snprintf(buf, sizeof buf, " %11s", format_money_plain(d.values[v]).c_str());
    o << buf;
  }
  o << "  share of EVPI\n";
  bool any_clipped = false;
  for (size_t g : d.groups_by_evppi()) {
    std::snprintf(buf, sizeof buf, "  %-34s %5s", d.groups[g].id.substr(0, 34).c_str(), d.groups[g].grade.c_str());
    o << buf;
    for (size_t v : cols) {
      const bool clip = d.evppi_clipped[v][g];
      any_clipped |= clip;
      std::snprintf(buf, sizeof buf, " %10s%s", format_money_plain(d.evppi_group[v][g]).c_str(), clip ? "*" : " ");
      o << buf;
    }
    if (d.evpi[m] > 0)
      std::snprintf(buf, sizeof buf, "  %5.0f %%", 100 * d.evppi_group[m][g] / d.evpi[m]);
    else
      std::snprintf(buf, sizeof buf, "  %7s", "-");
    o << buf;
    if (!d.group_note[g].empty()) o << "  (0: " << d.group_note[g] << ")";
    o << "\n";
  }
  std::snprintf(buf, sizeof buf, "  %-34s %5s", "EVPI (all parameters and chance)", "");
  o << buf;
  for (size_t v : cols) {
    std::snprintf(buf, sizeof buf, " %10s ", format_money_plain(d.evpi[v]).c_str());
    o << buf;
  }
  o << "\n";
  if (any_clipped) o << "  * the regression's estimate exceeded the EVPI (its error with few draws) and is shown at the EVPI\n";
  o << "  NOK per year; EVPPI = 0 exactly where no compared scenario's net benefit depends on the group.\n";
  if (d.replications < kEvppiRoughBelow)
    o << "  rough with " << d.replications << " replications: the regression needs many draws (a few hundred for stable "
      << "figures); read the order of the groups, not the figures\n";
  return o.str();
}

}  // namespace elevsim
