#include "checkpoint.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "compare.hpp"
#include "h5_writer.hpp"
#include "input_error.hpp"
#include "mpi_run.hpp"
#include "output_file.hpp"
#include "shards.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// What this run's files must look like: the identity a checkpoint is checked against.
RunFile identity(const RunPlan& plan) {
  RunFile f;
  f.path = "this run (--out " + plan.out + ")";
  f.engine_version = kEngineVersion;
  f.run.options = plan.options;
  f.run.start_year = plan.scenarios.at(0).scenario.start_year;
  f.run.years = plan.scenarios[0].scenario.years;
  f.run.scenarios = plan.scenarios;
  return f;
}

std::string shard_name(RepRange reps) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "reps-%07d-%07d.h5", reps.begin, reps.end);
  return buf;
}

// Reads the checkpoint of a previous attempt (rank 0 only). Returns the
// replications it holds, or an empty result if there is none.
RunResult load_checkpoint(const RunPlan& plan) {
  const std::string dir = plan.checkpoint_dir();
  RunResult acc;
  if (!fs::exists(dir)) {
    if (plan.checkpoint.resume)
      std::fprintf(stderr, "elevsim: no checkpoint at %s: starting from the first replication\n", dir.c_str());
    return acc;
  }
  if (!plan.checkpoint.resume)
    throw InputError(dir +
                     ": holds replications of an unfinished run; pass --resume to continue it, or remove it to start over");
  remove_stale_temporaries(dir, "");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".h5") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  const RunFile me = identity(plan);
  const RepRange all = plan.replications();
  int next = all.begin;
  for (const std::string& p : files) {
    RunFile head = read_run_file(p, false);
    check_same_run(me, head);
    if (head.run.options.replication_begin != next || head.run.options.rep_end() > all.end)
      throw InputError(p + ": holds replications " + std::to_string(head.run.options.replication_begin) + ".." +
                       std::to_string(head.run.options.rep_end() - 1) + ", which do not continue this run's " +
                       std::to_string(all.begin) + ".." + std::to_string(all.end - 1) + " at " +
                       std::to_string(next) + "; remove " + dir + " to start over");
    RunResult part = read_run_file(p).run;
    next = part.options.rep_end();
    if (acc.scenarios.empty())
      acc = std::move(part);
    else
      append_replications(acc, std::move(part));
  }
  if (!acc.scenarios.empty())
    std::fprintf(stderr, "elevsim: resuming from %s: replications %d..%d are done\n", dir.c_str(),
                 acc.options.replication_begin, acc.options.rep_end() - 1);
  else
    std::fprintf(stderr, "elevsim: no checkpoint at %s: starting from the first replication\n", dir.c_str());
  return acc;
}

bool holds_shards(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".h5") return true;
  return false;
}

// Rank 0 clears what killed writers left and reads the checkpoint; a refusal stops every rank.
RunResult resume_from(const RunPlan& plan) {
  RunResult acc;
  std::string error;
  if (mpi_root()) {
    try {
      const fs::path out(plan.out);
      if (plan.checkpoint.resume) remove_stale_temporaries(out.parent_path(), out.filename().string());
      acc = load_checkpoint(plan);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  throw_if_any_failed<InputError>(error);
  return acc;
}

void run_batches(const RunPlan& plan) {
  const bool root = mpi_root();
  RunResult acc = resume_from(plan);
  bool joined = !acc.scenarios.empty();  // acc holds more than one batch's slice: comparisons are recomputed
  int next = mpi_broadcast(acc.scenarios.empty() ? plan.options.replication_begin : acc.options.rep_end());
  const int end = plan.options.rep_end();
  int batch = plan.first_batch({next, end});
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  while (next < end) {
    batch = mpi_broadcast(std::min(batch, end - next));
    const RepRange reps{next, next + batch};
    const auto t0 = std::chrono::steady_clock::now();
    try {
      RunResult part = run_on_ranks(plan, reps);
      const auto t1 = std::chrono::steady_clock::now();
      const double secs = std::chrono::duration<double>(t1 - t0).count();
      if (root) {
        if (plan.worth_checkpoint(reps.end, batch, std::chrono::duration<double>(t1 - start).count(), secs)) {
          fs::create_directories(plan.checkpoint_dir());
          write_run(part, (fs::path(plan.checkpoint_dir()) / shard_name(reps)).string());
        }
        if (acc.scenarios.empty()) {
          acc = std::move(part);
        } else {
          append_replications(acc, std::move(part));
          joined = true;
        }
        batch = plan.next_batch(batch, secs);
      }
    } catch (const PeerFailed&) {
      // the failing rank reaches the check below as well
    } catch (const std::exception& e) {
      error = e.what();
    }
    // every rank leaves the loop together, or the others would wait for rank 0 forever
    throw_if_any_failed(error);
    next = reps.end;
  }
  if (root) {
    acc.options = plan.options;
    // over all replications, as a single run computes them
    if (joined) recompute_comparisons(acc, plan.scenarios.at(0).params.schooling.value_per_completer_nok);
    acc.ladder = plan.ladder;
    write_run(acc, plan.out);
    std::error_code ec;
    fs::remove_all(plan.checkpoint_dir(), ec);
  }
}

}  // namespace

void run_checkpointed(const RunPlan& plan) {
  const std::string dir = plan.checkpoint_dir();
  std::error_code ec;
  const bool existed = fs::exists(dir, ec);
  try {
    run_batches(plan);
  } catch (...) {
    // a checkpoint this run started that holds no complete shard is of no use to --resume
    if (mpi_root() && !existed && !holds_shards(dir)) fs::remove_all(dir, ec);
    throw;
  }
}

}  // namespace elevsim
