#include "estimate.hpp"

#include <omp.h>
#include <unistd.h>

#include <cstdio>

#include "input_error.hpp"

namespace elevsim {

namespace {

// Measured on the reference machine (README, "Speed"): the headline run of
// 1000 replications of two scenarios on the full population took 585 s of CPU,
// about 0.3 s per replication and scenario at scale 1, and the cost grows with
// the population; a replication of one scenario writes about 2 MB (gzip; 3.7 MB
// of values); each thread holds about 0.75 GiB of pupils at scale 1.
constexpr double kCpuSecondsPerRepScenario = 0.3;
constexpr double kOutputBytesPerRepScenario = 2e6;
constexpr double kValueBytesPerRepScenario = 3.7e6;
constexpr double kThreadBytesAtScale1 = 0.75 * (1ull << 30);
constexpr double kBaseBytes = 0.2 * (1ull << 30);

constexpr double kGiB = 1ull << 30;
constexpr double kNoticeWall = 600, kNoticeMemory = 4 * kGiB, kNoticeOutput = 1 * kGiB;
constexpr double kLimitWall = 24 * 3600, kLimitOutput = 100 * kGiB;

double machine_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 1e18;
}

std::string duration(double s) {
  char buf[64];
  if (s < 120) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 7200) std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  else if (s < 172800) std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  else std::snprintf(buf, sizeof buf, "%.0f days", s / 86400);
  return buf;
}

std::string bytes(double b) {
  char buf[64];
  if (b < kGiB) std::snprintf(buf, sizeof buf, "%.0f MB", b / 1e6);
  else if (b < 1024 * kGiB) std::snprintf(buf, sizeof buf, "%.1f GiB", b / kGiB);
  else std::snprintf(buf, sizeof buf, "%.1f TiB", b / (1024 * kGiB));
  return buf;
}

}  // namespace

WorkEstimate estimate_work(double rep_scenarios, double stored, double scale, int threads, bool streams, int ranks) {
  WorkEstimate e;
  e.threads = threads > 0 ? threads : omp_get_max_threads();
  e.ranks = ranks > 0 ? ranks : 1;
  e.cpu_seconds = rep_scenarios * kCpuSecondsPerRepScenario * scale;
  e.wall_seconds = e.cpu_seconds / (e.threads * e.ranks);
  e.output_bytes = stored * kOutputBytesPerRepScenario;
  // a streamed run keeps no results in memory; otherwise they are held until written
  e.memory_bytes = kBaseBytes + e.threads * kThreadBytesAtScale1 * scale + (streams ? 0 : stored * kValueBytesPerRepScenario);
  return e;
}

void check_work(const WorkEstimate& e, bool allow_large, const std::string& what, bool print) {
  const double memory_limit = machine_memory();
  const bool beyond = e.wall_seconds > kLimitWall || e.output_bytes > kLimitOutput || e.memory_bytes > memory_limit;
  const bool notice = e.wall_seconds > kNoticeWall || e.output_bytes > kNoticeOutput || e.memory_bytes > kNoticeMemory;
  const std::string where = e.ranks > 1 ? std::to_string(e.ranks) + " ranks x " + std::to_string(e.threads) + " thread(s)"
                                        : std::to_string(e.threads) + " thread(s)";
  const std::string text = what + ": estimated " + duration(e.wall_seconds) + " on " + where + ", " +
                           bytes(e.memory_bytes) + " of memory" + (e.ranks > 1 ? " per rank, " : ", ") +
                           bytes(e.output_bytes) + " of output";
  if (beyond && !allow_large)
    throw InputError("--allow-large: " + text + ", beyond the limits (24 h, the machine's " + bytes(memory_limit) +
                     " of memory, 100 GiB of output); pass --allow-large to run it anyway, or use fewer replications "
                     "or a smaller --scale");
  if ((beyond || notice) && print) std::fprintf(stderr, "elevsim: %s\n", text.c_str());
}

}  // namespace elevsim
