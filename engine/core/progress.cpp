#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace elevsim {

namespace {
std::atomic<ProgressWatcher*> g_watcher{nullptr};
}

void set_progress_watcher(ProgressWatcher* w) { g_watcher.store(w); }

Progress::Progress(std::string label, long total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()) {
  if (ProgressWatcher* w = g_watcher.load()) w->started(label_, total_);
  if (enabled_) draw(0);
}

Progress::~Progress() {
  if (enabled_) std::fputc('\n', stderr);
}

void Progress::tick() {
  long d = ++done_;
  if (ProgressWatcher* w = g_watcher.load()) w->ticked(d, total_);
  if (!enabled_) return;
#pragma omp critical(elevsim_progress)
  draw(d);
}

void Progress::draw(long done) {
  const int width = 30;
  const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = done > 0 ? secs * (total_ - done) / done : 0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld  %.1fs elapsed, ~%.0fs left ", label_.c_str(), filled,
               "##############################", width - filled, "", done, total_, secs, eta);
  std::fflush(stderr);
}

}  // namespace elevsim
