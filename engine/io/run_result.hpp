#pragma once
// What a run is asked to do and what it produces: the options, the datasets of
// every scenario and the sink that takes replications as they finish. Written
// and read by io/, produced by run/, summarised by analysis/.
#include <cstdint>
#include <string>
#include <vector>

#include "indicator.hpp"
#include "ladder.hpp"
#include "model_params.hpp"
#include "scenario.hpp"
#include "tally.hpp"
#include "text_hash.hpp"

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
  // text_hash of the parameter and population texts: as a file records it
  // when read back, else computed from `params` (inputs_hash below).
  std::string stored_inputs_hash;
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
  Ladder ladder;  // /ladder, when the run was asked for it (--ladder); empty otherwise
};

// The fingerprint a run file records of a scenario's parameter and population texts.
std::string inputs_hash(const Params& p);
inline std::string inputs_hash(const ScenarioResult& s) {
  return s.stored_inputs_hash.empty() ? inputs_hash(s.params) : s.stored_inputs_hash;
}

// Takes each replication's datasets as soon as they are computed (one call at
// a time) instead of the run keeping them.
class ReplicationSink {
 public:
  virtual ~ReplicationSink() = default;
  // Called once before any replication, with everything but the datasets.
  virtual void begin(const RunResult& run) = 0;
  // slot: the replication's position in this run's slice; the sink may keep the datasets
  virtual void consume(int scenario, int slot, std::vector<Dataset>&& datasets) = 0;
};

}  // namespace elevsim
