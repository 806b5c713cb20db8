#pragma once
// Checkpointed runs. Replications are run in batches; after each batch but
// the last, the batch is written as a shard into the folder OUT.checkpoint/
// (each shard atomically: temporary name, then rename). A run killed at any
// moment leaves only complete shards and no file under OUT; `--resume` reads
// the shards back, checks they belong to this very run, and computes the rest.
// One shard per batch keeps the checkpoint cost proportional to the new work,
// where rewriting one growing checkpoint file would cost the whole run so far.
#include <string>
#include <vector>

#include "runner.hpp"

namespace elevsim {

struct CheckpointOptions {
  // replications per batch; 0 = no checkpoints; -1 = about every `seconds`
  // (none if the whole run should take less)
  int every = -1;
  double seconds = 300;  // target time between checkpoints when every = -1
  bool resume = false;   // continue from OUT.checkpoint/ if it exists
};

std::string checkpoint_dir_for(const std::string& out);

// Runs opt's replication range (split across MPI ranks when launched by
// mpirun), checkpointing as above, and writes `out` on rank 0. Collective.
void run_checkpointed(const std::vector<Scenario>& scenarios, const std::string& params_dir, const RunOptions& opt,
                      const std::string& out, const CheckpointOptions& ck);

}  // namespace elevsim
