#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal.
#include <atomic>
#include <chrono>
#include <string>

namespace elevsim {

// Someone in the same process following the runs (`elevsim serve`'s job queue,
// which shows progress in the browser and cancels): told of every bar and tick.
// ticked() may throw to stop the run: the runner ticks inside its error
// handling, so the run ends after the replications in flight and its
// temporary file is removed.
class ProgressWatcher {
 public:
  virtual ~ProgressWatcher() = default;
  virtual void started(const std::string& label, long total) = 0;
  virtual void ticked(long done, long total) = 0;
};
// nullptr: nobody watches (the command line). Process-wide: one engine at a time.
void set_progress_watcher(ProgressWatcher* w);

class Progress {
 public:
  Progress(std::string label, long total, bool enabled);
  ~Progress();
  void tick();  // thread-safe

 private:
  void draw(long done);
  std::string label_;
  long total_;
  bool enabled_;
  std::atomic<long> done_{0};
  std::chrono::steady_clock::time_point start_;
};

}  // namespace elevsim
