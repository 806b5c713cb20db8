#pragma once
// The one-process executor: a plan's scenarios x a range of its replications,
// in parallel over replications with OpenMP. Each replication's datasets go to
// a sink as soon as they are computed (one call at a time), so the output does
// not depend on the number of threads and memory can stay bounded by the
// threads' work, whatever the number of replications.
#include "run_plan.hpp"

namespace elevsim {

// Runs `reps` of the plan into `sink` (sink.begin first, then one consume per
// scenario and replication). Returns the run without datasets: its scenarios,
// scales and paired comparisons.
RunResult run_replications(const RunPlan& plan, RepRange reps, ReplicationSink& sink);
// Fills R.psa for global replications [begin, end) after they ran in this
// process (MPI: rank 0 for the whole batch): the draws of every parameter drawn
// (with --psa), the interventions some scenario funds, the EVPPI groups.
void record_psa(RunResult& R, int begin, int end);

// The same with the datasets kept in memory, each scenario's replications
// stacked in replication order (checkpoint batches, MPI ranks, the optimiser,
// calibration, tests).
RunResult run_in_memory(const RunPlan& plan, RepRange reps);
inline RunResult run_in_memory(const RunPlan& plan) { return run_in_memory(plan, plan.replications()); }

// The plan's replications streamed into plan.out (a temporary file until the
// comparisons are in, removed if the run fails).
void run_streamed(const RunPlan& plan);

}  // namespace elevsim
