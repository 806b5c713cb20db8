#pragma once
// Runs scenarios x replications, in parallel over replications with OpenMP.
// Each replication writes only its own slice of the results, so the output
// does not depend on the number of threads.
#include <cstdint>
#include <string>
#include <vector>

#include "run_result.hpp"

namespace elevsim {

RunResult run_scenarios(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt,
                        ReplicationSink* sink = nullptr);
// The same with parameters already in memory (calibration, tests): one
// ScenarioResult per scenario with `scenario` and `params` filled in.
// With a sink, each replication's datasets go to the sink as soon as they are
// computed (one call at a time) instead of being kept: memory stays bounded by
// the threads' work, whatever the number of replications. The result then has
// no datasets, but its scales and comparisons.
// same_params: the caller knows every scenario runs with the same parameters
// (run_scenarios: same files, no [params] in any scenario), so one replication's
// pupils and warm start can be shared by all (run/shared_warm_start.hpp).
RunResult run_prepared(std::vector<ScenarioResult> prepared, const RunOptions& opt, ReplicationSink* sink = nullptr,
                       bool same_params = false);
// Adds the replication dimension (size 1) and shapes to one replication's datasets.
void shape_replication(std::vector<Dataset>& datasets, const std::vector<Scale>& scales);

}  // namespace elevsim
