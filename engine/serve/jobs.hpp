#pragma once
// The server's job queue: runs and optimisations, one engine at a time by
// default, each through the ordinary runner (the same code path as `elevsim
// run`) into a folder of the data folder that appears only when complete.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "optimise.hpp"
#include "report_data.hpp"
#include "run_plan.hpp"
#include "store.hpp"

namespace elevsim {

// Before any run has set the pace: wall seconds per replication of one scenario
// at full scale, measured on 2 idle cores (baseline beside a grant scenario,
// 20 replications: 18 s of CPU), only for the first estimate of a session.
inline constexpr double kPriorPaceSeconds = 0.25;

// The queue is full: the client is told to wait (HTTP 429).
struct QueueFull : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Job {
  int id = 0;
  std::string kind;  // "run" or "optimise"
  std::string key;   // the cache key: the finished folder is runs/KEY
  std::vector<std::pair<std::string, std::string>> scenarios;  // name, TOML text; the first is the reference (or the base)
  RunPlan plan;                                                 // run: checked when submitted
  OptimiseOptions optimise;                                     // optimise
  std::string params_dir;
  double estimate_s = 0;  // before it starts, from the pace of earlier runs
  double work = 0;        // replications x scale x scenario runs, for the estimate
  std::atomic<bool> cancel{false};

  mutable std::mutex m;  // guards what follows
  std::string state = "queued";  // queued, running, done, failed, cancelled
  std::string error;
  long done = 0, total = 0;  // replications of the current run (x scenarios)
  int runs_started = 0;      // runner calls (an optimisation makes one per candidate)
  int runs_expected = 1;
  std::chrono::steady_clock::time_point submitted = std::chrono::steady_clock::now(), started;
  double first_result_s = -1, elapsed_s = 0;  // from submission
  std::shared_ptr<const ReportData> partial;  // run: the paired figures of the replications so far
};

class JobQueue {
 public:
  // runs at once: jobs running or waiting (beyond it, submit throws QueueFull)
  JobQueue(const DataStore& store, int max_jobs);
  ~JobQueue();
  // The job already queued or running for the same key, else `job` queued.
  std::shared_ptr<Job> submit(std::shared_ptr<Job> job);
  std::shared_ptr<Job> find(int id) const;
  std::vector<std::shared_ptr<Job>> all() const;
  void cancel(int id);
  // Cancels every job and stops the worker (a running job ends after its
  // replications in flight and leaves nothing in the data folder).
  void stop();
  // Seconds per unit of work measured on the last finished run (0 = none yet).
  double pace() const { return pace_.load(); }
  // Called on the worker when a run folder is complete (the server reads it in).
  std::function<void(const std::string& key)> on_finished;

 private:
  void loop();
  void execute(Job& job);
  const DataStore& store_;
  int max_jobs_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::shared_ptr<Job>> jobs_;
  int next_id_ = 1;
  bool stopping_ = false;
  std::atomic<double> pace_{0};
  std::thread worker_;
};

// Held around every HDF5 call of the server (the running job's writes, the
// routes' reads, reports and CSV exports): Debian's HDF5 locks each call, but
// its high-level library (dimension scales, attributes) makes several calls
// that must not interleave with another thread's.
std::mutex& hdf5_mutex();

// Runs one job into DIR (the partial folder); throws on failure or cancel.
void execute_run(Job& job, const std::string& dir);
void execute_optimise(Job& job, const std::string& dir, const DataStore& store);

}  // namespace elevsim
