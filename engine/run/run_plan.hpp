#pragma once
// One plan per run, built and checked once at the top (the command line, the
// optimiser, calibration, tests): the scenarios with their parameters, the
// replications and how they are drawn, where the file goes, how it is
// checkpointed and over how many processes. The executors (runner.hpp: one
// process, in memory or streaming to the file; checkpoint.hpp: batches;
// mpi_run.hpp: ranks) each take the plan and a range of replications, so the
// options travel one way only: plan -> executor -> sink.
#include <string>
#include <vector>

#include "run_result.hpp"

namespace elevsim {

// Global replications [begin, end): the Philox key uses the global index, so
// replication r is the same whichever batch, rank or shard computes it.
struct RepRange {
  int begin = 0, end = 0;
  int size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool operator==(const RepRange&) const = default;
};

struct CheckpointOptions {
  // replications per batch; 0 = no checkpoints; -1 = about every `seconds`
  // (none if the whole run should take less)
  int every = -1;
  double seconds = 300;  // target time between checkpoints when every = -1
  bool resume = false;   // continue from OUT.checkpoint/ if it exists
};

struct RunPlan {
  std::vector<ScenarioResult> scenarios;  // the first is the reference; parameters loaded, no datasets
  RunOptions options;  // seed, replications, this run's slice of them, threads, scale, PSA, progress
  std::string out;     // the file run_streamed and run_checkpointed write
  CheckpointOptions checkpoint;
  int ranks = 1;  // processes sharing every batch (MPI ranks)
  // Every scenario runs with the same parameter files and none overrides them ([params]):
  // one replication's pupils and warm start can be shared by all (run/shared_warm_start.hpp).
  bool same_params = false;
  // The effect ladder (run/ladder_run.hpp), computed before the run when asked
  // for (--ladder) and written with the comparisons; empty otherwise.
  Ladder ladder;

  RepRange replications() const { return {options.replication_begin, options.rep_end()}; }
  // The options a result of `reps` records (its slice of the run).
  RunOptions options_for(RepRange reps) const;
  std::string checkpoint_dir() const { return out + ".checkpoint"; }
  // One process and no checkpoint asked for or left behind: every replication
  // goes to the file as soon as it is done (run_streamed), so memory does not
  // grow with the replications; otherwise run_checkpointed.
  bool streams() const;
  // OpenMP threads per rank: options.threads, or OpenMP's default.
  int threads() const;

  // Rank `rank`'s share of `batch`: contiguous blocks in rank order, the first
  // batch.size() % ranks of them one longer; rank 0 always has one when the
  // batch is not empty (it learns the datasets' layout from its own).
  RepRange share(RepRange batch, int rank) const;
  // Replications per batch that keep every thread of every rank busy.
  int batch_unit() const;
  // The first batch's size: checkpoint.every, all of `todo` when every = 0,
  // else one unit (automatic mode times it).
  int first_batch(RepRange todo) const;
  // Automatic mode (every = -1): the next batch's size after one of `batch`
  // replications took `secs`, whole units of about checkpoint.seconds each.
  // Otherwise `batch` unchanged.
  int next_batch(int batch, double secs) const;
  // Whether the batch just done, ending at `batch_end`, is written as a
  // checkpoint shard: always with fixed batches; in automatic mode only when
  // the whole run, at the pace so far, should take over checkpoint.seconds.
  bool worth_checkpoint(int batch_end, int batch, double secs_so_far, double batch_secs) const;
};

// Loads each scenario's parameters from `params_dir` and checks the plan (see below).
RunPlan make_plan(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt);
// The same with parameters already in memory (optimiser, calibration, tests).
// Throws InputError unless there is a scenario, replications >= 1, the slice
// lies within them, every scenario shares the first one's start year and
// years, names are unique and the grants fit the population.
RunPlan make_plan(std::vector<ScenarioResult> prepared, const RunOptions& opt);

}  // namespace elevsim
