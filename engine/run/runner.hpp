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
  // the reference's value of one extra completer, which net benefit and the
  // decision uncertainty (/decision) are computed at; kept with the
  // comparisons so a merge, which has the parameters only as text, has it
  double value_per_completer_nok = 0;
};

class ReplicationSink;
RunResult run_scenarios(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt,
                        ReplicationSink* sink = nullptr);
// The same with parameters already in memory (calibration, tests): one
// ScenarioResult per scenario with `scenario` and `params` filled in.
// With a sink, each replication's datasets go to the sink as soon as they are
// computed (one call at a time) instead of being kept: memory stays bounded by
// the threads' work, whatever the number of replications. The result then has
// no datasets, but its scales and comparisons.
class ReplicationSink {
 public:
  virtual ~ReplicationSink() = default;
  // Called once before any replication, with everything but the datasets.
  virtual void begin(const RunResult& run) = 0;
  // slot: the replication's position in this run's slice
  virtual void consume(int scenario, int slot, const std::vector<Dataset>& datasets) = 0;
};
RunResult run_prepared(std::vector<ScenarioResult> prepared, const RunOptions& opt, ReplicationSink* sink = nullptr);
// Adds the replication dimension (size 1) and shapes to one replication's datasets.
void shape_replication(std::vector<Dataset>& datasets, const std::vector<Scale>& scales);

}  // namespace elevsim
