#include "jobs.hpp"

#include <unistd.h>

#include <filesystem>

#include "output_file.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled") {}
};

// Follows the runner's progress bars for the job on the worker, and stops the
// run (by throwing from the tick, inside the runner's error handling) once
// the job is cancelled.
class JobWatcher : public ProgressWatcher {
 public:
  explicit JobWatcher(Job& j) : j_(j) { set_progress_watcher(this); }
  ~JobWatcher() override { set_progress_watcher(nullptr); }
  void started(const std::string&, long total) override {
    std::lock_guard<std::mutex> g(j_.m);
    j_.done = 0;
    j_.total = total;
    ++j_.runs_started;
  }
  void ticked(long done, long total) override {
    {
      std::lock_guard<std::mutex> g(j_.m);
      j_.done = done;
      j_.total = total;
    }
    if (j_.cancel.load()) throw Cancelled();
  }

 private:
  Job& j_;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

JobQueue::JobQueue(const DataStore& store, int max_jobs) : store_(store), max_jobs_(max_jobs) {
  worker_ = std::thread([this] { loop(); });
}

JobQueue::~JobQueue() { stop(); }

std::shared_ptr<Job> JobQueue::submit(std::shared_ptr<Job> job) {
  std::lock_guard<std::mutex> g(m_);
  if (stopping_) throw QueueFull("the server is shutting down");
  int active = 0;
  for (auto& j : jobs_) {
    std::lock_guard<std::mutex> gj(j->m);
    if (j->state == "queued" || j->state == "running") {
      if (j->key == job->key && j->kind == job->kind && !j->cancel) return j;
      ++active;
    }
  }
  if (active >= max_jobs_)
    throw QueueFull("too many runs at once: " + std::to_string(active) + " queued or running (limit " +
                    std::to_string(max_jobs_) + "); wait for one to finish or cancel one");
  job->id = next_id_++;
  jobs_.push_back(job);
  queue_.push_back(job);
  cv_.notify_one();
  return job;
}

std::shared_ptr<Job> JobQueue::find(int id) const {
  std::lock_guard<std::mutex> g(m_);
  for (auto& j : jobs_)
    if (j->id == id) return j;
  return nullptr;
}

std::vector<std::shared_ptr<Job>> JobQueue::all() const {
  std::lock_guard<std::mutex> g(m_);
  return jobs_;
}

void JobQueue::cancel(int id) {
  if (auto j = find(id)) {
    j->cancel = true;
    std::lock_guard<std::mutex> g(j->m);
    if (j->state == "queued") j->state = "cancelled";
  }
}

void JobQueue::stop() {
  {
    std::lock_guard<std::mutex> g(m_);
    stopping_ = true;
    for (auto& j : jobs_) j->cancel = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

void JobQueue::loop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> g(m_);
      cv_.wait(g, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    if (job->cancel) continue;
    execute(*job);
  }
}

void JobQueue::execute(Job& job) {
  {
    std::lock_guard<std::mutex> g(job.m);
    job.state = "running";
    job.started = std::chrono::steady_clock::now();
  }
  const fs::path final_dir = store_.run_dir(job.key);
  const fs::path dir = store_.runs() / (job.key + ".partial-" + std::to_string(::getpid()));
  std::string state = "done", error;
  try {
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    {
      JobWatcher watch(job);
      if (job.kind == "run") execute_run(job, dir.string());
      else execute_optimise(job, dir.string(), store_);
    }
    if (job.cancel) throw Cancelled();
    fs::remove_all(final_dir, ec);  // an earlier copy of the same inputs: identical by construction
    fs::rename(dir, final_dir);
    sync_path(store_.runs().string(), true);
    const double secs = seconds_since(job.started);
    if (job.kind == "run" && job.work > 0) pace_.store(secs / job.work);
    if (on_finished) on_finished(job.key);
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove_all(dir, ec);  // nothing partial stays in the data folder
    state = job.cancel ? "cancelled" : "failed";
    error = job.cancel ? "" : e.what();
  }
  std::lock_guard<std::mutex> g(job.m);
  job.state = state;
  job.error = error;
  job.partial.reset();  // the finished run answers from its file now
  job.elapsed_s = seconds_since(job.submitted);
}

}  // namespace elevsim
