// What `elevsim optimise` writes: the run file of the reference, base and best
// with /optimisation (layout in outputs/README.md), the best as a scenario
// file, and the text a planner reads.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "h5.hpp"
#include "output_file.hpp"
#include "h5_writer.hpp"
#include "input_error.hpp"
#include "optimise.hpp"
#include "optimise_limits_output.hpp"
#include "compare.hpp"
#include "decision.hpp"
#include "decision_file.hpp"
#include "numbers.hpp"
#include "runner.hpp"
#include "shards.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

using h5::Handle;

// The allocations a budget's answer is compared among: the best, the base, then
// each shipped scenario of that budget (as in `versus`), with their objectives
// per replication (paired: the same draws).
struct Options {
  std::vector<std::string> names;
  std::vector<std::vector<double>> objective;
};
Options compared_allocations(const OptimiseResult& r, size_t b) {
  const BudgetResult& br = r.budgets[b];
  Options o;
  o.names.push_back("best");
  o.objective.push_back(r.trace[br.best].objective);
  for (size_t v = 0; v < br.versus.size(); ++v) {
    int idx = v == 0 ? br.base : -1;
    for (size_t c = 0; idx < 0 && c < r.trace.size(); ++c)
      if (r.trace[c].kind == "shipped" && r.trace[c].label == br.versus[v].against &&
          r.trace[c].budget_nok == br.budget_nok)
        idx = static_cast<int>(c);
    if (idx < 0 || r.trace[static_cast<size_t>(idx)].objective.size() != o.objective[0].size()) continue;
    o.names.push_back(br.versus[v].against);
    o.objective.push_back(r.trace[static_cast<size_t>(idx)].objective);
  }
  return o;
}

std::string stem(const std::string& out) {
  fs::path p(out);
  return (p.parent_path() / p.stem()).string();
}

std::string mnok(double nok) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", nok / 1e6);
  return buf;
}

// OUT.best.toml, or OUT.best-<MNOK>MNOK.toml per budget of a frontier
std::string best_path(const OptimiseResult& r, const std::string& out, size_t b) {
  if (r.budgets.size() == 1 || r.target.asked) return stem(out) + ".best.toml";  // --target: the answer's only
  return stem(out) + ".best-" + mnok(r.budgets[b].budget_nok) + "MNOK.toml";
}

std::string reference_path(const std::string& out) { return stem(out) + ".reference.toml"; }

std::string reproduce_command(const OptimiseResult& r, const std::string& out, size_t b) {
  const RunOptions& o = r.run.options;
  char buf[128];
  std::snprintf(buf, sizeof buf, " -r %d -s %u --scale %.10g%s", o.replications, o.seed, o.scale, o.psa ? "" : " --no-psa");
  return "elevsim run " + reference_path(out) + " " + best_path(r, out, b) + buf;
}

// Published like every output (output_file.hpp): never over a file that appeared meanwhile.
void write_text(const std::string& path, const std::string& text) {
  TempFile t(path);
  {
    std::ofstream o(t.path());
    o << text;
    o.close();
    if (!o) throw InputError(t.path(), 0, "", "cannot write (disk full?)");
  }
  t.commit();
}

void write_trace(hid_t opt, const OptimiseResult& r) {
  Handle g(H5Gcreate2(opt, "trace", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create trace");
  const size_t N = r.trace.size(), R = N ? r.trace[0].objective.size() : 0, C = r.county_names.size();
  std::vector<int64_t> ids(N), reps(R);
  for (size_t i = 0; i < N; ++i) ids[i] = static_cast<int64_t>(i);
  for (size_t i = 0; i < R; ++i) reps[i] = r.run.options.replication_begin + static_cast<int64_t>(i);
  std::vector<std::string> interventions(std::begin(kInterventionNames), std::end(kInterventionNames));
  Handle cand = h5::write_scale_ints(g, "candidate", ids);
  Handle rep = h5::write_scale_ints(g, "replication", reps);
  Handle iv = h5::write_scale_strings(g, "intervention", interventions);
  Handle county = h5::write_scale_strings(g, "county", r.county_names);
  std::vector<std::string> kind, label;
  std::vector<double> budget, share, cshare, obj, mean, lo, hi;
  for (const Candidate& c : r.trace) {
    kind.push_back(c.kind);
    label.push_back(c.label);
    budget.push_back(c.budget_nok);
    share.insert(share.end(), c.shares.begin(), c.shares.end());
    for (size_t k = 0; k < C; ++k) cshare.push_back(c.county_shares.empty() ? NAN : c.county_shares[k]);
    obj.insert(obj.end(), c.objective.begin(), c.objective.end());
    mean.push_back(c.mean);
    lo.push_back(c.lo);
    hi.push_back(c.hi);
  }
  const std::string unit = objective_unit(r.options.objective);
  h5::write_strings(g, "kind", kind, cand, "base, seed, search, shipped or marginal");
  h5::write_strings(g, "label", label, cand, "the scenario compared, or the intervention given extra money");
  h5::write_doubles(g, "budget_nok", budget, {N}, {cand}, "the candidate's budget", "NOK per year");
  h5::write_doubles(g, "intervention_share", share, {N, kInterventions}, {cand, iv}, "share of the money per intervention", "1");
  h5::write_doubles(g, "county_share", cshare, {N, C}, {cand, county},
                    "share of the money per county (NaN: the allocation rule decides)", "1");
  h5::write_doubles(g, "objective", obj, {N, R}, {cand, rep}, "objective against the no-grant reference", unit);
  h5::write_doubles(g, "objective_mean", mean, {N}, {cand}, "mean over replications", unit);
  h5::write_doubles(g, "objective_low", lo, {N}, {cand}, "2.5 percentile over replications", unit);
  h5::write_doubles(g, "objective_high", hi, {N}, {cand}, "97.5 percentile over replications", unit);
  write_limits_trace(g, cand, r);
}

void write_budget(hid_t opt, const OptimiseResult& r, size_t b) {
  const BudgetResult& br = r.budgets[b];
  const std::string name = "budget_" + std::to_string(b);
  Handle g(H5Gcreate2(opt, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create " + name);
  h5::write_double_attr(g, "budget_nok", br.budget_nok);
  h5::write_int_attr(g, "best_candidate", br.best);
  h5::write_int_attr(g, "base_candidate", br.base);
  h5::write_string_attr(g, "best_scenario", br.best_scenario.scenario.name);
  h5::write_string_attr(g, "base_scenario", br.base_scenario.scenario.name);
  h5::write_int_attr(g, "search_evaluations", br.search_evaluations);
  h5::write_string_attr(g, "stop_reason", br.stop_reason);
  std::string binding;
  for (const std::string& s : br.binding) binding += (binding.empty() ? "" : "; ") + s;
  h5::write_string_attr(g, "binding_bounds", binding);
  const std::string unit = objective_unit(r.options.objective);
  std::vector<std::string> names;
  std::vector<double> mean, lo, hi, share;
  for (const Paired& p : br.versus) {
    names.push_back(p.against);
    mean.push_back(p.mean), lo.push_back(p.lo), hi.push_back(p.hi), share.push_back(p.share_better);
  }
  Handle vs = h5::write_scale_strings(g, "versus", names);
  const hsize_t V = names.size();
  h5::write_doubles(g, "versus_mean", mean, {V}, {vs}, "best minus the scenario, paired, mean", unit);
  h5::write_doubles(g, "versus_low", lo, {V}, {vs}, "best minus the scenario, 2.5 percentile", unit);
  h5::write_doubles(g, "versus_high", hi, {V}, {vs}, "best minus the scenario, 97.5 percentile", unit);
  h5::write_doubles(g, "versus_share_better", share, {V}, {vs}, "share of replications in which the best scores higher", "1");
  {
    // robustness: every compared allocation against every other, paired by replication
    const Options opts = compared_allocations(r, b);
    const std::vector<std::vector<double>> beats = probability_beats(opts.objective);
    const std::vector<double> regret = expected_regret(opts.objective);
    std::vector<double> flat;
    for (const auto& row : beats) flat.insert(flat.end(), row.begin(), row.end());
    const hsize_t O = opts.names.size();
    Handle os = h5::write_scale_strings(g, "option", opts.names);
    Handle ov = h5::write_scale_strings(g, "option_versus", opts.names);
    h5::write_doubles(g, "option_probability_beats", flat, {O, O}, {os, ov},
                      "share of replications in which the option's objective is higher than option_versus's (ties half)",
                      "1");
    h5::write_doubles(g, "option_expected_regret", regret, {O}, {os},
                      "mean over replications of the highest objective among the options minus the option's", unit);
  }
  write_limits_budget(g, r, b);
  if (!br.has_marginal) return;
  std::vector<std::string> interventions(std::begin(kInterventionNames), std::end(kInterventionNames));
  Handle iv = h5::write_scale_strings(g, "intervention", interventions);
  std::vector<double> mm, ml, mh;
  for (const Paired& p : br.marginal) mm.push_back(p.mean), ml.push_back(p.lo), mh.push_back(p.hi);
  const std::string per = unit + " per extra MNOK";
  h5::write_doubles(g, "marginal_mean", mm, {kInterventions}, {iv}, "gain per extra MNOK to the intervention, mean", per);
  h5::write_doubles(g, "marginal_low", ml, {kInterventions}, {iv}, "gain per extra MNOK, 2.5 percentile", per);
  h5::write_doubles(g, "marginal_high", mh, {kInterventions}, {iv}, "gain per extra MNOK, 97.5 percentile", per);
}

// The frontier: the best per budget, one row per budget.
void write_frontier(hid_t opt, const OptimiseResult& r) {
  Handle g(H5Gcreate2(opt, "frontier", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create frontier");
  std::vector<double> budget, mean, lo, hi, nok, base_mean;
  for (const BudgetResult& br : r.budgets) {
    budget.push_back(br.budget_nok);
    base_mean.push_back(r.trace[br.base].mean);
    if (br.best < 0) {  // --target: no allocation at this budget met the constraints
      mean.push_back(NAN), lo.push_back(NAN), hi.push_back(NAN);
      nok.insert(nok.end(), kInterventions, NAN);
      continue;
    }
    const Candidate& c = r.trace[br.best];
    mean.push_back(c.mean), lo.push_back(c.lo), hi.push_back(c.hi);
    for (double s : c.shares) nok.push_back(s * br.budget_nok);
  }
  Handle b = h5::write_scale_ints(g, "budget", [&] {
    std::vector<int64_t> v;
    for (size_t i = 0; i < r.budgets.size(); ++i) v.push_back(static_cast<int64_t>(i));
    return v;
  }());
  std::vector<std::string> interventions(std::begin(kInterventionNames), std::end(kInterventionNames));
  Handle iv = h5::write_scale_strings(g, "intervention", interventions);
  const hsize_t B = r.budgets.size();
  const std::string unit = objective_unit(r.options.objective);
  h5::write_doubles(g, "budget_nok", budget, {B}, {b}, "budget", "NOK per year");
  h5::write_doubles(g, "objective_mean", mean, {B}, {b}, "best allocation's objective, mean", unit);
  h5::write_doubles(g, "objective_low", lo, {B}, {b}, "best allocation's objective, 2.5 percentile", unit);
  h5::write_doubles(g, "objective_high", hi, {B}, {b}, "best allocation's objective, 97.5 percentile", unit);
  h5::write_doubles(g, "base_objective_mean", base_mean, {B}, {b}, "the base allocation's objective, mean", unit);
  h5::write_doubles(g, "best_nok", nok, {B, kInterventions}, {b, iv}, "best allocation: money per intervention",
                    "NOK per year");
  write_limits_frontier(g, b, r);
}

}  // namespace

std::vector<std::string> optimisation_text_outputs(const std::string& out, const std::vector<double>& budgets) {
  std::vector<std::string> paths{reference_path(out)};
  if (budgets.size() == 1) return {reference_path(out), stem(out) + ".best.toml"};
  for (double b : budgets) paths.push_back(stem(out) + ".best-" + mnok(b) + "MNOK.toml");
  return paths;
}

void write_optimisation(const OptimiseResult& r, const std::string& out) {
  RunResult run = r.run;
  recompute_comparisons(run, run.scenarios.at(0).params.schooling.value_per_completer_nok);
  // the draws, and the interventions funded by any of the file's scenarios (EVPPI leaves the others out)
  record_psa(run, run.options.replication_begin, run.options.rep_end());
  TempFile t(out);  // removed on any error or signal
  const std::string& tmp = t.path();
  write_run(run, tmp);
  {
    Handle fapl = h5::file_access();
    Handle f(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, fapl), H5Fclose, "open " + tmp);
    Handle g(H5Gcreate2(f, "optimisation", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /optimisation");
    h5::write_string_attr(g, "objective", objective_name(r.options.objective));
    h5::write_string_attr(g, "objective_unit", objective_unit(r.options.objective));
    h5::write_double_attr(g, "equity_weight", r.options.equity_weight);
    h5::write_string_attr(g, "over", over_name(r.options.over));
    h5::write_string_attr(g, "method", r.method);
    h5::write_string_attr(g, "base_file", r.base_path);
    h5::write_string_attr(g, "reference_scenario", run.scenarios[0].scenario.name);
    h5::write_int_attr(g, "evaluations", r.options.evaluations);
    h5::write_int_attr(g, "seed", r.run.options.seed);
    h5::write_int_attr(g, "replications", r.run.options.replications);
    h5::write_double_attr(g, "scale", r.run.options.scale);
    h5::write_string_attr(g, "reproduce", reproduce_command(r, out, r.target.asked ? r.target.answer : 0));
    write_limits_root(g, r);
    write_trace(g, r);
    for (size_t b = 0; b < r.budgets.size(); ++b) write_budget(g, r, b);
    write_frontier(g, r);
  }
  write_text(reference_path(out), run.scenarios[0].scenario.text);
  for (size_t b = 0; b < r.budgets.size(); ++b)
    if (r.budgets[b].best >= 0 && (!r.target.asked || static_cast<int>(b) == r.target.answer))
      write_text(best_path(r, out, b), r.budgets[b].best_scenario.scenario.text);
  t.commit();
}

namespace {

void format_budget(std::ostringstream& o, const OptimiseResult& r, const std::string& out, size_t b) {
  const BudgetResult& br = r.budgets[b];
  char buf[512];
  if (br.best < 0) {
    std::snprintf(buf, sizeof buf, "\nbudget %s MNOK a year: %d evaluations, %s\n", mnok(br.budget_nok).c_str(),
                  br.search_evaluations, br.stop_reason.c_str());
    o << buf;
    return;
  }
  const Candidate& best = r.trace[br.best];
  const Candidate& base = r.trace[br.base];
  const char* unit = objective_unit(r.options.objective);
  std::snprintf(buf, sizeof buf, "\nbudget %s MNOK a year: %d evaluations, %s\n", mnok(br.budget_nok).c_str(),
                br.search_evaluations, br.stop_reason.c_str());
  o << buf;
  o << (br.best == br.base ? "  nothing better than the base allocation was found; it stays the answer\n"
                           : "  best allocation (money per year):\n");
  for (int k = 0; k < kInterventions; ++k)
    if (best.shares[k] > 0 || base.shares[k] > 0) {
      std::snprintf(buf, sizeof buf, "    %-24s %8.2f MNOK (%5.1f %%)   base %8.2f MNOK\n", kInterventionNames[k],
                    best.shares[k] * br.budget_nok / 1e6, 100 * best.shares[k], base.shares[k] * base.budget_nok / 1e6);
      o << buf;
    }
  std::snprintf(buf, sizeof buf, "  objective (%s): best %.4g [%.4g, %.4g], base %.4g [%.4g, %.4g]\n", unit, best.mean,
                best.lo, best.hi, base.mean, base.lo, base.hi);
  o << buf;
  for (const Paired& p : br.versus) {
    std::snprintf(buf, sizeof buf, "  best minus %-28s %+.4g [%+.4g, %+.4g], better in %.0f %% of replications\n",
                  p.against.c_str(), p.mean, p.lo, p.hi, 100 * p.share_better);
    o << buf;
  }
  format_limits_budget(o, r, b);
  if (!br.binding.empty()) {
    o << "  bounds that bind:";
    for (const std::string& s : br.binding) o << "\n    " << s;
    o << "\n";
  }
  if (br.has_marginal) {
    o << "  marginal gain per extra MNOK a year at the best allocation (" << unit << "):\n";
    for (int k = 0; k < kInterventions; ++k) {
      const Paired& p = br.marginal[k];
      std::snprintf(buf, sizeof buf, "    %-24s %+.4g [%+.4g, %+.4g]\n", kInterventionNames[k], p.mean, p.lo, p.hi);
      o << buf;
    }
  }
  {
    const Options opts = compared_allocations(r, b);
    const std::vector<std::vector<double>> beats = probability_beats(opts.objective);
    const std::vector<double> regret = expected_regret(opts.objective);
    o << "  robustness (" << unit << ", paired by replication): expected regret, and the share of replications in which\n"
         "  the row beats the column\n";
    o << format_regret_table(opts.names, regret, beats, "regret", [](double v) {
                               char t[32];
                               std::snprintf(t, sizeof t, "%.4g", v);
                               return std::string(t);
                             }, "    ",
                             32);
  }
  o << "  best as a scenario: " << best_path(r, out, b) << "; reproduce: " << reproduce_command(r, out, b) << "\n";
}

}  // namespace

std::string format_optimisation(const OptimiseResult& r, const std::string& out) {
  std::ostringstream o;
  const RunOptions& ro = r.run.options;
  o << "elevsim optimise " << r.base_path << ": objective " << objective_name(r.options.objective) << " ("
    << objective_unit(r.options.objective) << "), over " << over_name(r.options.over) << ", " << ro.replications
    << " replications, scale " << ro.scale << ", seed " << ro.seed << "\n";
  o << "paired against the no-grant reference with common random numbers and shared PSA draws; mean [95 % interval]\n";
  o << "method: " << r.method << "\n";
  if (r.options.limits.risk_quantile > 0)
    o << "risk form: the search maximises the " << r.options.limits.risk_quantile
      << " quantile of the paired gain over the replications (PSA draws), not its mean\n";
  // --target: the steps are in the frontier line; the answer in full
  for (size_t b = 0; b < r.budgets.size(); ++b)
    if (!r.target.asked || static_cast<int>(b) == r.target.answer) format_budget(o, r, out, b);
  format_target(o, r);
  // what the answer rests on: the file's /decision (net benefit against the reference)
  try {
    const DecisionUncertainty d = read_decision(out);
    if (!d.groups.empty() && !d.evppi_group.empty()) {
      // at the parameter's value of a completer; where the choice is sure there (EVPI 0), at the value
      // of the CEAC's range where it is least sure
      size_t m = d.marked_index();
      if (!(d.evpi[m] > 0))
        m = static_cast<size_t>(std::max_element(d.evpi.begin(), d.evpi.end()) - d.evpi.begin());
      if (m != d.marked_index())
        o << "\nat " << format_money_plain(d.marked_value) << " per completer the choice is the same in every draw (EVPI 0)";
      o << "\nthe answer rests most on (EVPPI of the net benefit at " << format_money_plain(d.values[m])
        << " per completer; EVPI " << format_money_plain(d.evpi[m]) << " a year):\n";
      std::vector<size_t> order(d.groups.size());
      for (size_t g = 0; g < order.size(); ++g) order[g] = g;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return d.evppi_group[m][a] > d.evppi_group[m][b]; });
      for (size_t i = 0; i < order.size() && i < 3; ++i) {
        const size_t g = order[i];
        o << "  " << i + 1 << ". " << d.groups[g].label_en << " (" << d.groups[g].id << "): "
          << format_money_plain(d.evppi_group[m][g]) << (d.evppi_clipped[m][g] ? " (at the EVPI: clipped)" : "")
          << " a year; evidence [" << d.groups[g].grade << "] " << d.groups[g].source << "\n";
      }
      if (d.replications < kEvppiRoughBelow)
        o << "  rough with " << d.replications << " replications (a few hundred give stable figures); "
          << "`elevsim compare` shows every group across the values of a completer\n";
    }
  } catch (const std::exception&) {
    // the summary does without it; `elevsim compare` reports a broken file
  }
  o << "\nwrote " << out << "\n";
  return o.str();
}

}  // namespace elevsim
