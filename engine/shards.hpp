#pragma once
// Runs split by replication: a shard holds the global replications
// [replication_begin, replication_end) of a run of `replications`. Shards of
// one run (Slurm array tasks, MPI ranks, checkpoint batches) are joined in
// replication order into results bit-identical to a single run, whatever
// datasets and dimensions the run has (the replication dimension is first).
#include <string>

#include "runner.hpp"

namespace elevsim {

// "A:B" -> [A, B); throws InputError naming `option` on anything else.
void parse_replication_range(const std::string& text, RunOptions& opt, const std::string& option = "--replication-range");

// Appends the replications of `part` to `into`: `part` must start where `into`
// ends and describe the same scenarios and datasets.
void append_replications(RunResult& into, RunResult&& part);

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

// Copies attributes the writer does not know about (added by a newer module of
// the same engine version) from `src` to `dst`, for the root, every scenario
// group and every dataset, so rewriting a file never drops metadata.
void copy_missing_attributes(const std::string& src, const std::string& dst);

}  // namespace elevsim
