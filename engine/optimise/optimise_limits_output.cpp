// What --target, --constraint and --risk-quantile add to the files and text of
// `elevsim optimise` (layout in outputs/README.md, `/optimisation`).
#include "optimise_limits_output.hpp"

#include <cstdio>

#include "h5.hpp"

namespace elevsim {

namespace {

using h5::Handle;

std::string mnok(double nok) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", nok / 1e6);
  return buf;
}

const OutputInfo& info(Output o) {
  for (const OutputInfo& i : constraint_outputs())
    if (i.id == o) return i;
  return constraint_outputs().front();
}

std::string form(const Constraint& c) {
  if (c.probability == 0) return "expected value";
  char buf[48];
  std::snprintf(buf, sizeof buf, "chance %g", c.probability);
  return buf;
}

std::string place(const OptimiseResult& r, const ConstraintRow& row) {
  return row.county < 0 ? "Norway" : r.county_names[static_cast<size_t>(row.county)];
}

}  // namespace

std::string risk_form(const OptimiseOptions& o) {
  if (o.limits.risk_quantile == 0) return "mean";
  char buf[48];
  std::snprintf(buf, sizeof buf, "quantile %g", o.limits.risk_quantile);
  return buf;
}

void write_limits_root(hid_t g, const OptimiseResult& r) {
  h5::write_string_attr(g, "risk_form", risk_form(r.options));
  h5::write_double_attr(g, "risk_quantile", r.options.limits.risk_quantile);
  if (r.target.asked) {
    Handle t(H5Gcreate2(g, "target", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create target");
    const BudgetResult& ans = r.budgets.at(static_cast<size_t>(r.target.answer));
    const Candidate& best = r.trace.at(static_cast<size_t>(ans.best));
    h5::write_string_attr(t, "objective", objective_name(r.options.objective));
    h5::write_double_attr(t, "value", r.target.value);
    h5::write_int_attr(t, "reached", r.target.reached ? 1 : 0);
    h5::write_int_attr(t, "answer_budget", r.target.answer);
    h5::write_double_attr(t, "answer_budget_nok", ans.budget_nok);
    h5::write_double_attr(t, "below_nok", r.target.below_nok);
    h5::write_double_attr(t, "budget_max_nok", r.options.limits.budget_max);
    h5::write_double_attr(t, "tolerance", r.options.limits.target_tolerance);
    h5::write_double_attr(t, "objective_mean", best.mean);
    h5::write_double_attr(t, "objective_low", best.lo);
    h5::write_double_attr(t, "objective_high", best.hi);
    h5::write_double_attr(t, "probability_reached", r.target.probability);
    h5::write_string_attr(t, "method", r.target.method);
  }
  if (r.rows.empty()) return;
  Handle c(H5Gcreate2(g, "constraints", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create constraints");
  std::vector<std::string> label, expr, where, output, forms, unit;
  for (const ConstraintRow& row : r.rows) {
    const Constraint& k = r.constraints[static_cast<size_t>(row.constraint)];
    label.push_back(row_label(r.constraints, row, r.county_names));
    expr.push_back(k.text);
    where.push_back(place(r, row));
    output.push_back(info(k.output).name);
    forms.push_back(form(k));
    unit.push_back(info(k.output).unit);
  }
  Handle rs = h5::write_scale_strings(c, "row", label);
  h5::write_strings(c, "expression", expr, rs, "the --constraint as given");
  h5::write_strings(c, "place", where, rs, "Norway, or the county the row holds for");
  h5::write_strings(c, "output", output, rs, "the model output bounded");
  h5::write_strings(c, "form", forms, rs, "expected value (on the mean over replications) or chance P (in at least P of the PSA draws)");
  h5::write_strings(c, "unit", unit, rs, "the output's unit (value, bound and slack are in it)");
}

void write_limits_trace(hid_t g, hid_t cand, const OptimiseResult& r) {
  const size_t N = r.trace.size(), K = r.rows.size();
  std::vector<double> score, quant, feasible, slack;
  for (const Candidate& c : r.trace) {
    score.push_back(c.score);
    quant.push_back(c.quantile);
    feasible.push_back(c.feasible ? 1 : 0);
    slack.insert(slack.end(), c.slack.begin(), c.slack.end());
  }
  const std::string unit = objective_unit(r.options.objective);
  h5::write_doubles(g, "objective_score", score, {N}, {cand}, "what the search maximises: the mean, or the risk form's quantile", unit);
  h5::write_doubles(g, "objective_quantile", quant, {N}, {cand}, "the risk form's lower quantile over replications (NaN without --risk-quantile)", unit);
  h5::write_doubles(g, "feasible", feasible, {N}, {cand}, "1 where every constraint row holds", "1");
  if (K == 0) return;
  Handle row = h5::write_scale_ints(g, "constraint_row", [&] {
    std::vector<int64_t> v;
    for (size_t i = 0; i < K; ++i) v.push_back(static_cast<int64_t>(i));
    return v;
  }());
  h5::write_doubles(g, "constraint_slack", slack, {N, K}, {cand, row},
                    "slack of each constraint row (>= 0 holds), in the row's unit (/optimisation/constraints/unit)", "");
}

void write_limits_budget(hid_t g, const OptimiseResult& r, size_t b) {
  const BudgetResult& br = r.budgets[b];
  if (br.best >= 0) {
    const Candidate& best = r.trace[static_cast<size_t>(br.best)];
    h5::write_double_attr(g, "best_objective_quantile", best.quantile);
    h5::write_double_attr(g, "best_objective_score", best.score);
  }
  h5::write_int_attr(g, "is_target_answer", r.target.asked && static_cast<int>(b) == r.target.answer ? 1 : 0);
  if (r.rows.empty() || br.judged.empty()) return;
  const size_t K = r.rows.size();
  std::vector<std::string> label;
  for (const ConstraintRow& row : r.rows) label.push_back(row_label(r.constraints, row, r.county_names));
  Handle rs = h5::write_scale_strings(g, "constraint_row", label);
  std::vector<double> value, bound, slack, share, binds;
  for (size_t i = 0; i < K; ++i) {
    value.push_back(br.judged[i].value);
    bound.push_back(br.judged[i].bound);
    slack.push_back(br.judged[i].slack);
    share.push_back(br.judged[i].share_holding);
    binds.push_back(br.binds[i]);
  }
  h5::write_doubles(g, "constraint_value", value, {K}, {rs}, "the bounded output at the best, mean over replications", "");
  h5::write_doubles(g, "constraint_bound", bound, {K}, {rs}, "the bound, mean over replications", "");
  h5::write_doubles(g, "constraint_slack", slack, {K}, {rs},
                    "slack at the best (>= 0 holds): the mean's margin, or for the chance form the margin kept in the required share of draws", "");
  h5::write_doubles(g, "constraint_share_holding", share, {K}, {rs}, "share of replications (PSA draws) in which the row holds at the best", "1");
  h5::write_doubles(g, "constraint_binds", binds, {K}, {rs},
                    "1 where a candidate of this budget that scored higher than the best broke the row", "1");
  const Candidate& best = r.trace[static_cast<size_t>(br.best)];
  const size_t R = best.objective.size();
  std::vector<int64_t> reps(R);
  for (size_t i = 0; i < R; ++i) reps[i] = r.run.options.replication_begin + static_cast<int64_t>(i);
  Handle rep = h5::write_scale_ints(g, "replication", reps);
  h5::write_doubles(g, "constraint_value_per_replication", best.rows, {K, R}, {rs, rep},
                    "the bounded output at the best, per replication (PSA draw)", "");
}

void write_limits_frontier(hid_t g, hid_t b, const OptimiseResult& r) {
  const hsize_t B = r.budgets.size();
  std::vector<double> mark, score, quant;
  for (size_t k = 0; k < r.budgets.size(); ++k) {
    mark.push_back(r.target.asked && static_cast<int>(k) == r.target.answer ? 1 : 0);
    const int best = r.budgets[k].best;
    score.push_back(best < 0 ? NAN : r.trace[static_cast<size_t>(best)].score);
    quant.push_back(best < 0 ? NAN : r.trace[static_cast<size_t>(best)].quantile);
  }
  const std::string unit = objective_unit(r.options.objective);
  h5::write_doubles(g, "target_answer", mark, {B}, {b}, "1 at the least budget found to reach --target", "1");
  h5::write_doubles(g, "objective_score", score, {B}, {b}, "the best's score: its mean, or the risk form's quantile", unit);
  h5::write_doubles(g, "objective_quantile", quant, {B}, {b}, "the best's risk-form quantile (NaN without --risk-quantile)", unit);
  if (r.target.asked) h5::write_double_attr(g, "target_value", r.target.value);
}

void format_limits_budget(std::ostringstream& o, const OptimiseResult& r, size_t b) {
  const BudgetResult& br = r.budgets[b];
  char buf[512];
  if (br.best < 0) {
    o << "  no allocation evaluated met the constraints\n";
    return;
  }
  const Candidate& best = r.trace[static_cast<size_t>(br.best)];
  if (r.options.limits.risk_quantile > 0) {
    std::snprintf(buf, sizeof buf, "  risk form: maximised the %g quantile of the paired gain: %.4g (mean %.4g)\n",
                  r.options.limits.risk_quantile, best.quantile, best.mean);
    o << buf;
  }
  if (r.rows.empty()) return;
  o << "  constraints at the best (value, bound, slack; binds: a better-scoring allocation broke it):\n";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const Constraint& c = r.constraints[static_cast<size_t>(r.rows[i].constraint)];
    const RowJudgement& j = br.judged[i];
    std::snprintf(buf, sizeof buf, "    %-52s %10.4g %10.4g %+10.4g %s  holds in %.0f %% of draws%s\n",
                  row_label(r.constraints, r.rows[i], r.county_names).c_str(), j.value, j.bound, j.slack,
                  info(c.output).unit, 100 * j.share_holding, br.binds[i] ? "  BINDS" : "");
    o << buf;
  }
}

void format_target(std::ostringstream& o, const OptimiseResult& r) {
  if (!r.target.asked) return;
  const BudgetResult& ans = r.budgets.at(static_cast<size_t>(r.target.answer));
  const Candidate& best = r.trace.at(static_cast<size_t>(ans.best));
  char buf[640];
  const char* what = r.options.limits.risk_quantile > 0 ? "quantile" : "mean";
  if (r.target.reached)
    std::snprintf(buf, sizeof buf,
                  "\ntarget %s = %g (on the %s): reached with %s MNOK a year (not with %s MNOK; %s); objective %.4g "
                  "[%.4g, %.4g], reached in %.0f %% of replications\n",
                  objective_name(r.options.objective), r.target.value, what, mnok(ans.budget_nok).c_str(),
                  mnok(r.target.below_nok).c_str(), r.target.method.c_str(), best.mean, best.lo, best.hi,
                  100 * r.target.probability);
  else
    std::snprintf(buf, sizeof buf,
                  "\ntarget %s = %g: OUT OF REACH within --budget-max %s MNOK; the best there reaches %.4g [%.4g, %.4g] "
                  "(%s %.4g), in %.0f %% of replications\n",
                  objective_name(r.options.objective), r.target.value, mnok(ans.budget_nok).c_str(), best.mean, best.lo,
                  best.hi, what, best.score, 100 * r.target.probability);
  o << buf;
  o << "  frontier (budget MNOK: best score" << (r.rows.empty() ? "" : ", constraints met") << "):";
  for (size_t k = 0; k < r.budgets.size(); ++k) {
    const BudgetResult& br = r.budgets[k];
    if (br.best < 0) std::snprintf(buf, sizeof buf, "  %s: none feasible", mnok(br.budget_nok).c_str());
    else std::snprintf(buf, sizeof buf, "  %s: %.4g%s", mnok(br.budget_nok).c_str(), r.trace[br.best].score,
                       static_cast<int>(k) == r.target.answer ? " <- target" : "");
    o << buf;
  }
  o << "\n";
}

}  // namespace elevsim
