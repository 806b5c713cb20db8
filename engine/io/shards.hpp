#pragma once
// Runs split by replication: a shard holds the global replications
// [replication_begin, replication_end) of a run of `replications`. Shards of
// one run (Slurm array tasks, MPI ranks, checkpoint batches) are joined in
// replication order into results bit-identical to a single run, whatever
// datasets and dimensions the run has (the replication dimension is first).
#include <string>

#include "run_result.hpp"

namespace elevsim {

// "A:B" -> [A, B); throws InputError naming `option` on anything else.
void parse_replication_range(const std::string& text, RunOptions& opt, const std::string& option = "--replication-range");

// Appends the replications of `part` to `into`: `part` must start where `into`
// ends and describe the same scenarios and datasets.
void append_replications(RunResult& into, RunResult&& part);

// The paired comparisons of a finished run, from its /comparisons group (none
// for a single scenario), with the summaries as stored.
std::vector<Indicator> read_comparisons(const std::string& path);

// A finished run read back from its HDF5 file, complete enough to be written
// again with write_run. Without `values`, only the metadata and the scales
// (datasets have names and dims but no values).
struct RunFile {
  std::string path;
  std::string engine_version;
  RunResult run;
};
RunFile read_run_file(const std::string& path, bool values = true);

// Throws InputError (one line naming both files and what differs) unless the
// two files come from the same run: engine version, seed, total replications,
// population scale, years, scenario names and texts, parameters and population.
void check_same_run(const RunFile& a, const RunFile& b);

// Copies the attributes of `src` over those of `dst` (root, scenario groups,
// datasets and scales), except the ones that describe `dst`'s own slice
// (replication_begin, replication_end, created_utc). A file rewritten from
// what read_run_file restored thus keeps every attribute of the original,
// including any this reader does not know about.
void copy_attributes(const std::string& src, const std::string& dst);

}  // namespace elevsim
