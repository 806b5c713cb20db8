#pragma once
// Paired comparison of each scenario with the reference (the first): common
// random numbers and a shared parameter draw make replication r of a scenario
// and of the reference differ only by what the scenario changes, so the
// per-replication differences are the effect (spec s.6).
#include <functional>
#include <string>
#include <vector>

#include "run_result.hpp"
#include "shards.hpp"
#include "summary.hpp"
#include "tally.hpp"

namespace elevsim {

// Gives a scenario's dataset by name, or nullptr if the run has none.
using DatasetSource = std::function<const Dataset*(const std::string& scenario, const std::string& name)>;

// The planner's figures of one scenario, per replication (levels, not differences).
std::vector<Indicator> planner_levels(const std::string& scenario, const DatasetSource& data);

// Indicators per scenario (not the reference) and replication; Indicator::scenario
// names the scenario compared with `reference`.
std::vector<Indicator> compare_scenarios(const std::vector<std::string>& scenarios, const DatasetSource& data,
                                         double value_per_completer_nok);

// Mean and 95 % interval of every comparison from its per-replication values
// (a ratio's mean is the ratio of the means of the figures beside it), so runs
// joined from slices (elevsim merge) summarise exactly as a single run.
void summarise_comparisons(std::vector<Indicator>& inds);

// The same from planner_levels already computed per scenario (levels[k] for names[k]).
std::vector<Indicator> compare_levels(const std::vector<std::string>& names,
                                      const std::vector<std::vector<Indicator>>& levels, double value_per_completer_nok);

// Recomputes the paired comparisons (/comparisons) of a run joined from
// slices, exactly as the runner computes them for a whole run.
void recompute_comparisons(RunResult& run, double value_per_completer_nok);

// The comparisons of files holding consecutive slices of one run, joined:
// per-replication differences concatenated, summaries recomputed by
// summarise_comparisons as for a single run (for merge, where the parameters
// are only text and compare_scenarios cannot run).
std::vector<Indicator> join_comparisons(const std::vector<std::vector<Indicator>>& slices);

std::string format_comparisons(const RunInfo& info, const std::vector<Indicator>& inds);

}  // namespace elevsim
