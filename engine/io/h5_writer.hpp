#pragma once
// Writes a finished run to HDF5 (the layout is documented in outputs/README.md).
// The file appears under its final name only when complete: it is written to
// a temporary file beside it, flushed to disk and renamed (output_file.hpp).
#include <memory>
#include <string>

#include "run_result.hpp"

namespace elevsim {

void write_run(const RunResult& run, const std::string& path);

// The same file, written replication by replication while the run goes on
// (runner's sink), so a long run never holds its results in memory. The file
// is bit-identical in its datasets to write_run's. Until finish() it lives
// under a temporary name, removed if the run fails.
class StreamWriter : public ReplicationSink {
 public:
  explicit StreamWriter(std::string path);
  ~StreamWriter() override;
  void begin(const RunResult& run) override;
  void consume(int scenario, int slot, std::vector<Dataset>&& datasets) override;
  void finish(const RunResult& run);  // writes the comparisons and renames

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace elevsim
