#pragma once
// Checkpointed runs. Replications are run in batches; after each batch but
// the last, the batch is written as a shard into the folder OUT.checkpoint/
// (each shard atomically: temporary name, then rename). A run killed at any
// moment leaves only complete shards and no file under OUT; `--resume` reads
// the shards back, checks they belong to this very run, and computes the rest.
// One shard per batch keeps the checkpoint cost proportional to the new work,
// where rewriting one growing checkpoint file would cost the whole run so far.
#include "run_plan.hpp"

namespace elevsim {

// The checkpointed executor: the plan's replications in batches (run_on_ranks:
// split across MPI ranks when launched by mpirun), checkpointing as above, and
// `plan.out` written on rank 0. Collective.
void run_checkpointed(const RunPlan& plan);

}  // namespace elevsim
