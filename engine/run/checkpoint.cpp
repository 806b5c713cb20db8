#include "checkpoint.hpp"

#include <omp.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "compare.hpp"
#include "h5_writer.hpp"
#include "input_error.hpp"
#include "merge.hpp"
#include "mpi_run.hpp"
#include "shards.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// What this run's files must look like: the identity a checkpoint is checked against.
RunFile identity(const std::vector<Scenario>& scenarios, const std::string& params_dir, const RunOptions& opt,
                 const std::string& out) {
  RunFile f;
  f.path = "this run (--out " + out + ")";
  f.engine_version = kEngineVersion;
  f.run.options = opt;
  f.run.start_year = scenarios.at(0).start_year;
  f.run.years = scenarios.at(0).years;
  for (const Scenario& s : scenarios) {
    ScenarioResult sr;
    sr.params = load_params(params_dir, &s);
    sr.scenario = s;
    f.run.scenarios.push_back(std::move(sr));
  }
  return f;
}

// Temporary files of a writer that was killed: <stem>.partial-PID... in `dir`
// (any stem if `stem` is empty) whose PID is no longer running.
void remove_stale_partials(const fs::path& dir, const std::string& stem) {
  std::error_code ec;
  const fs::path d = dir.empty() ? fs::path(".") : dir;
  if (!fs::is_directory(d, ec)) return;
  for (const auto& e : fs::directory_iterator(d, ec)) {
    const std::string name = e.path().filename().string();
    const size_t p = name.find(".partial-");
    if (p == std::string::npos || (!stem.empty() && name.substr(0, p) != stem)) continue;
    const long pid = std::atol(name.c_str() + p + 9);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0) continue;  // a live writer
    fs::remove(e.path(), ec);
  }
}

std::string shard_name(int a, int b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "reps-%07d-%07d.h5", a, b);
  return buf;
}

// Reads the checkpoint of a previous attempt (rank 0 only). Returns the
// replications it holds, or an empty result if there is none.
RunResult load_checkpoint(const std::string& dir, const RunFile& me, const CheckpointOptions& ck) {
  RunResult acc;
  if (!fs::exists(dir)) {
    if (ck.resume) std::fprintf(stderr, "elevsim: no checkpoint at %s: starting from the first replication\n", dir.c_str());
    return acc;
  }
  if (!ck.resume)
    throw InputError(dir +
                     ": holds replications of an unfinished run; pass --resume to continue it, or remove it to start over");
  remove_stale_partials(dir, "");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".h5") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  int next = me.run.options.replication_begin;
  for (const std::string& p : files) {
    RunFile head = read_run_file(p, false);
    check_same_run(me, head);
    if (head.run.options.replication_begin != next || head.run.options.rep_end() > me.run.options.rep_end())
      throw InputError(p + ": holds replications " + std::to_string(head.run.options.replication_begin) + ".." +
                       std::to_string(head.run.options.rep_end() - 1) + ", which do not continue this run's " +
                       std::to_string(me.run.options.replication_begin) + ".." +
                       std::to_string(me.run.options.rep_end() - 1) + " at " + std::to_string(next) +
                       "; remove " + dir + " to start over");
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

}  // namespace

std::string checkpoint_dir_for(const std::string& out) { return out + ".checkpoint"; }

void run_checkpointed(const std::vector<Scenario>& scenarios, const std::string& params_dir, const RunOptions& opt,
                      const std::string& out, const CheckpointOptions& ck) {
  const bool root = mpi_root();
  const std::string dir = checkpoint_dir_for(out);
  RunResult acc;
  std::string error;
  RunFile me;
  if (root) {
    try {
      if (ck.resume) remove_stale_partials(fs::path(out).parent_path(), fs::path(out).filename().string());
      me = identity(scenarios, params_dir, opt, out);
      acc = load_checkpoint(dir, me, ck);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  throw_if_any_failed<InputError>(error);
  bool joined = !acc.scenarios.empty();  // acc holds more than one batch's slice: comparisons are recomputed
  int next = mpi_broadcast(acc.scenarios.empty() ? opt.replication_begin : acc.options.rep_end());
  const int end = opt.rep_end();
  // a batch of `unit` replications keeps every thread of every rank busy
  const int unit = std::max(1, (opt.threads > 0 ? opt.threads : omp_get_max_threads()) * mpi_size());
  int batch = ck.every > 0 ? ck.every : ck.every == 0 ? end - next : unit;
  const auto start = std::chrono::steady_clock::now();
  while (next < end) {
    batch = mpi_broadcast(std::min(batch, end - next));
    RunOptions o = opt;
    o.replication_begin = next;
    o.replication_end = next + batch;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      RunResult part = run_distributed(scenarios, params_dir, o);
      const auto t1 = std::chrono::steady_clock::now();
      const double secs = std::chrono::duration<double>(t1 - t0).count();
      if (root) {
        // automatic mode leaves runs expected to take less than ck.seconds in all uncheckpointed
        const double so_far = std::chrono::duration<double>(t1 - start).count();
        const bool worth = ck.every > 0 || so_far + secs * (end - o.replication_end) / batch > ck.seconds;
        if (o.replication_end < end && worth) {
          fs::create_directories(dir);
          write_run(part, (fs::path(dir) / shard_name(o.replication_begin, o.replication_end)).string());
        }
        if (acc.scenarios.empty()) {
          acc = std::move(part);
        } else {
          append_replications(acc, std::move(part));
          joined = true;
        }
        if (ck.every < 0) {
          // whole units, about ck.seconds of work each
          const double per_unit = std::max(secs / std::max(1, batch / unit), 1e-3);
          batch = unit * static_cast<int>(std::clamp(ck.seconds / per_unit, 1.0, 1e6 / unit));
        }
      }
    } catch (const PeerFailed&) {
      // the failing rank reaches the check below as well
    } catch (const std::exception& e) {
      error = e.what();
    }
    // every rank leaves the loop together, or the others would wait for rank 0 forever
    throw_if_any_failed(error);
    next = o.replication_end;
  }
  if (root) {
    acc.options = opt;
    // over all replications, as a single run computes them
    if (joined) recompute_comparisons(acc, me.run.scenarios.at(0).params.schooling.value_per_completer_nok);
    write_run(acc, out);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
}

}  // namespace elevsim
