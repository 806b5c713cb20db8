#pragma once
// The effect ladder (`elevsim run --ladder`, io/ladder.hpp): each intervention
// in turn gets one unit of money, per capita nationwide for the whole run, on
// top of the plan's reference scenario; the rungs run with the plan's seed,
// replications, scale and PSA draws beside a fresh run of the reference, so
// every figure is a paired difference (common random numbers). Replications
// are reduced to a few numbers as they finish, so memory stays flat.
#include "run_plan.hpp"

namespace elevsim {

// What each rung is given: NOK per year, allocated per capita to the counties.
inline constexpr double kLadderBudgetNok = 10e6;

// The rung of intervention k: the reference with one more grant.
ScenarioResult ladder_rung(const ScenarioResult& reference, int intervention, double budget_nok);

// Runs the reference and the six rungs over all of the plan's replications.
Ladder run_ladder(const RunPlan& plan, double budget_nok = kLadderBudgetNok);

}  // namespace elevsim
