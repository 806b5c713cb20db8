#pragma once
// `elevsim optimise`: how should a grant budget be spent? Searches the split of
// the money across the interventions and/or its allocation among the counties
// for the largest expected objective.
//
// Method (and why): every candidate is a scenario run by the ordinary runner
// (run_in_memory) with the same seed, replications and PSA draws as the
// reference, so with common random numbers the mean objective over the
// replications is a deterministic function of the allocation (sample-average
// approximation) and candidates differ only by what their allocation changes.
// That function has no derivatives (whole units are bought, pupils are
// discrete), so the search is NLopt's COBYLA: derivative-free, it takes the
// per-intervention bounds as bounds and the simplex (shares add up to 1) as
// linear inequality constraints on the free shares, and converges in few
// evaluations, which matters when one evaluation is a microsimulation. It starts
// from the best of a coarse seed (the base allocation and every intervention on
// its own), and the answer is the best candidate evaluated, so it is never worse
// than the base on the paired evaluations.
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "constraints.hpp"
#include "intervention_catalogue.hpp"
#include "optimise_limits.hpp"
#include "runner.hpp"

namespace elevsim {

enum class Objective { DropoutsAvoided, DisorderPrevalence, Treated, NetBenefit, EquityDropouts };
enum class SearchOver { Split, Counties, Both };

Objective parse_objective(const std::string& s);  // throws InputError
SearchOver parse_over(const std::string& s);
const char* objective_name(Objective o);
const char* objective_unit(Objective o);
const char* over_name(SearchOver o);

struct OptimiseOptions {
  Objective objective = Objective::DropoutsAvoided;
  double equity_weight = 1.0;  // a low-ses dropout avoided counts this many times
  SearchOver over = SearchOver::Split;
  std::vector<double> budgets;  // NOK per year; more than one: the frontier
  int evaluations = 40;         // candidate evaluations of the search per budget, base and seeds included
  bool marginal = true;         // one more evaluation per intervention: the gain of extra money
  LimitOptions limits;          // target, constraints, risk form (optimise_limits.hpp)
  RunOptions run;
};

// One evaluated allocation.
struct Candidate {
  std::string kind;  // base, seed, search, shipped, marginal
  std::string label;  // the shipped scenario's name, the intervention given more money, ...
  double budget_nok = 0;
  std::array<double, kInterventions> shares{};  // of the money, per intervention
  std::vector<double> county_shares;            // of the money, per county; empty when the rule decides
  std::vector<double> objective;                // per replication, against the reference
  double mean = 0, lo = 0, hi = 0;
  double quantile = NAN;  // the risk form's lower quantile of `objective` (NaN without --risk-quantile)
  double score = 0;       // what the search maximises: `mean`, or `quantile` with --risk-quantile
  std::vector<double> rows;   // the constrained outputs, row x replication (constraints.hpp)
  std::vector<double> slack;  // per constraint row, >= 0 where it holds
  bool feasible = true;       // every row holds
};

// A paired comparison of the best allocation with another candidate.
struct Paired {
  std::string against;
  double mean = 0, lo = 0, hi = 0;  // best minus other, 95 % interval over replications
  double share_better = 0;          // share of replications in which the best scores higher
};

struct BudgetResult {
  double budget_nok = 0;
  int base = -1, best = -1;  // indices into OptimiseResult::trace
  std::vector<Paired> versus;  // the base first, then shipped scenarios of the same budget
  std::vector<std::string> binding;  // "followup_los at its upper bound 0.5", ...
  std::array<Paired, kInterventions> marginal{};  // objective gained per extra MNOK, per intervention
  bool has_marginal = false;
  ScenarioResult best_scenario;
  ScenarioResult base_scenario;
  int search_evaluations = 0;
  std::string stop_reason;
  std::vector<double> best_full;  // the best's allocation vector (empty when the base won)
  std::vector<RowJudgement> judged;  // every constraint row at the best
  std::vector<int> binds;            // per row: a better-scoring candidate broke it
};

struct OptimiseResult {
  OptimiseOptions options;
  std::string base_path, method;
  std::vector<std::string> county_names;
  std::array<double, kInterventions> min_share{}, max_share{};
  std::vector<Candidate> trace;
  std::vector<BudgetResult> budgets;
  std::vector<Constraint> constraints;  // parsed --constraint
  std::vector<ConstraintRow> rows;      // one per constraint and place
  std::vector<double> today_rows;       // the rows at the no-grant reference, row x replication
  TargetResult target;                  // --target (optimise_limits.hpp)
  RunResult run;  // reference, base and best scenarios with their datasets, for the output file
};

// base: the scenario whose grants are re-split; shipped: scenarios to compare
// the best with (only those with the same total budget are used).
OptimiseResult optimise(const Scenario& base, const std::vector<Scenario>& shipped, const std::string& params_dir,
                        const OptimiseOptions& opt);
// Refuses options and bounds that leave nothing to search (InputError).
void validate_optimise(const Scenario& base, const OptimiseOptions& opt);
// The --constraint expressions parsed against the counties of `p`, and the
// limits checked (optimise_limits.hpp, constraints.hpp); InputError on any
// fault, before anything is simulated.
std::vector<Constraint> parse_limits(const Scenario& base, const Params& p, const OptimiseOptions& opt);
// --budget-max, or 4 x the base's total budget.
double budget_max(const Scenario& base, const OptimiseOptions& opt);

// Writes OUT (an ordinary run file of the reference, base and best, plus
// /optimisation), OUT.best.toml and OUT.reference.toml; each file appears only
// when complete.
void write_optimisation(const OptimiseResult& r, const std::string& out);
std::string format_optimisation(const OptimiseResult& r, const std::string& out);

}  // namespace elevsim
