#pragma once
// Runs scenarios x replications, in parallel over replications with OpenMP.
// Each replication writes only its own slice of the results, so the output
// does not depend on the number of threads.
#include <cstdint>
#include <string>
#include <vector>

#include "params.hpp"
#include "scenario.hpp"
#include "summary.hpp"
#include "tally.hpp"

namespace elevsim {

struct RunOptions {
  uint32_t seed = 20250101;
  int replications = 20;  // replications of the whole run (all shards together)
  // The slice this process runs, global indices [replication_begin, replication_end);
  // -1 = replications. The Philox key uses the global index, so replication r is
  // the same whichever shard, rank or resumed run computes it.
  int replication_begin = 0, replication_end = -1;
  int threads = 0;  // 0 = OpenMP's default
  double scale = 1.0;
  bool progress = false;
  bool psa = true;  // one draw of the uncertain parameters per replication, shared by all scenarios
  int rep_end() const { return replication_end < 0 ? replications : replication_end; }
};

struct ScenarioResult {
  Scenario scenario;
  Params params;
  std::vector<Dataset> datasets;  // values laid out (replication, year, county, sex, ses, grade)
};

struct RunResult {
  RunOptions options;
  std::vector<std::string> county_names;
  std::vector<Scale> scales;  // every dimension datasets may use; `replication` holds the global indices run
  int start_year = 0, years = 0;
  std::vector<ScenarioResult> scenarios;
  std::vector<Indicator> comparisons;  // each scenario against the first (compare.hpp)
};

RunResult run_scenarios(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt);
// The same with parameters already in memory (calibration, tests): one
// ScenarioResult per scenario with `scenario` and `params` filled in.
RunResult run_prepared(std::vector<ScenarioResult> prepared, const RunOptions& opt);

}  // namespace elevsim
