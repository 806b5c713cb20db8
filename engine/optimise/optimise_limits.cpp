#include "optimise_limits.hpp"

#include <algorithm>
#include <cstdlib>

#include "input_error.hpp"

namespace elevsim {

namespace {
std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

void parse_target(const std::string& text, std::string* objective, double* value) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--target: expected OBJECTIVE=VALUE (e.g. dropouts_avoided=120), got \"" + text + "\"");
  *objective = text.substr(0, eq);
  const std::string v = text.substr(eq + 1);
  char* end = nullptr;
  *value = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0') throw InputError("--target: the value after = is not a number: \"" + text + "\"");
}

void validate_limits(const LimitOptions& o, bool fixed_budget) {
  if (o.risk_quantile != 0 && !(o.risk_quantile > 0 && o.risk_quantile < 0.5))
    throw InputError("--risk-quantile: expected a lower quantile 0 < q < 0.5 (e.g. 0.1), got " + num(o.risk_quantile));
  if (!o.has_target) {
    if (!std::isnan(o.budget_max)) throw InputError("--budget-max: only with --target (the least money for a target)");
    if (o.target_tolerance != LimitOptions{}.target_tolerance)
      throw InputError("--target-tolerance: only with --target (the least money for a target)");
    return;
  }
  if (fixed_budget) throw InputError("--target and --budget/--budgets: the target's search chooses the budget; give one of them");
  if (!std::isfinite(o.target))
    throw InputError("--target: the value must be a finite number, got " + num(o.target));
  // every objective is measured against the no-grant reference, where it is 0
  if (o.target <= 0)
    throw InputError("--target: " + num(o.target) +
                     " is already met by the base without money (every objective is 0 at the no-grant reference); "
                     "ask for a gain above 0");
  if (!std::isnan(o.budget_max) && (!(o.budget_max > 0) || !std::isfinite(o.budget_max) || o.budget_max > 1e11))
    throw InputError("--budget-max: expected NOK per year in (0, 1e11], got " + num(o.budget_max));
  if (!(o.target_tolerance >= 0.001 && o.target_tolerance <= 0.5))
    throw InputError("--target-tolerance: expected a share of the budget in [0.001, 0.5], got " + num(o.target_tolerance));
}

double lower_quantile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const double h = q * static_cast<double>(v.size() - 1);
  const size_t i = static_cast<size_t>(std::floor(h));
  if (i + 1 >= v.size()) return v.back();
  return v[i] + (h - static_cast<double>(i)) * (v[i + 1] - v[i]);
}

void bisect_budget(const LimitOptions& o, double first, const std::function<double(double)>& best_at, TargetResult& t,
                   double* answer_budget) {
  t.asked = true;
  t.value = o.target;
  double lo = 0, hi = NAN;
  if (first > 0 && first < o.budget_max) {
    if (best_at(first) >= o.target) hi = first;
    else lo = first;
  }
  if (std::isnan(hi)) {
    if (best_at(o.budget_max) < o.target) {
      t.reached = false;
      t.below_nok = o.budget_max;
      *answer_budget = o.budget_max;
      t.method = "out of reach: the best allocation at --budget-max does not reach the target";
      return;
    }
    hi = o.budget_max;
  }
  int steps = 0;
  while (hi - lo > o.target_tolerance * hi) {
    // whole thousands of NOK: a budget a planner can write down
    double mid = std::round((lo + hi) / 2 / 1000) * 1000;
    if (mid <= lo || mid >= hi) break;
    if (best_at(mid) >= o.target) hi = mid;
    else lo = mid;
    ++steps;
  }
  t.reached = true;
  t.below_nok = lo;
  *answer_budget = hi;
  t.method = "bisection on the budget: each step the best allocation found at that budget (an optimisation with "
             "the constraints), the bracket halved until its width is at most " +
             num(100 * o.target_tolerance) + " % of its upper end";
}

}  // namespace elevsim
