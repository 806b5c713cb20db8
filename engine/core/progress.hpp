#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal.
#include <atomic>
#include <chrono>
#include <string>

namespace elevsim {

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
