#pragma once
// The planners' questions beyond "the best split of this budget" (issue 23):
// the least money that reaches a target, constraints every candidate must
// meet (constraints.hpp), and a risk attitude that maximises a lower quantile
// of the paired gain instead of its mean.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace elevsim {

struct LimitOptions {
  std::vector<std::string> constraints;  // --constraint, parsed once the counties are known
  double risk_quantile = 0;  // 0: maximise the mean; else this lower quantile of the paired gain (0 < q < 0.5)
  bool has_target = false;   // --target OBJECTIVE=VALUE
  double target = NAN;       // the objective's value to reach, in its unit
  double budget_max = NAN;   // --budget-max (default 4 x the base's total)
  double target_tolerance = 0.05;  // the bracket's width as a share of its upper end when the search stops
};

// What --target found: the least budget whose best (constrained) allocation
// reaches the target, bracketed between a budget that does not and one that does.
struct TargetResult {
  bool asked = false;
  double value = NAN;
  bool reached = false;
  int answer = -1;         // index into OptimiseResult::budgets: the least budget reaching it, or the best at budget_max
  double below_nok = 0;    // the largest budget evaluated that did not reach it (0: no money)
  double probability = 0;  // share of replications (PSA draws) in which the answer's objective reaches the target
  std::string method;
};

// "dropouts_avoided=120" -> objective name and value; throws InputError.
void parse_target(const std::string& text, std::string* objective, double* value);
// Refuses limits that make no sense before anything is run (InputError):
// a target already met with no money, negative or NaN values, quantiles outside (0, 0.5).
void validate_limits(const LimitOptions& o, bool fixed_budget);

// The q-quantile of `v` (linear between order statistics, R's type 7).
double lower_quantile(std::vector<double> v, double q);

// The least budget reaching the target by bisection on [0, budget_max]: every
// step is one full optimisation at that budget (`best_at` returns the best
// score reached there, -inf when nothing evaluated met the constraints), and
// the bracket [did not reach, reached] halves until its width is at most
// `tolerance` times its upper end. The first step is at `first` (the base's
// own budget) when it lies below budget_max: a planner's question is usually
// near it. Fills `t` but for the probability and answer index.
void bisect_budget(const LimitOptions& o, double first, const std::function<double(double budget)>& best_at,
                   TargetResult& t, double* answer_budget);

}  // namespace elevsim
