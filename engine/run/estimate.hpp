#pragma once
// An estimate before big work (README "Large runs"): a run's or an
// optimisation's time, memory and output size from figures measured on this
// project's reference machine, printed when large and refused beyond the
// documented limits unless --allow-large says to proceed.
#include <string>

namespace elevsim {

struct WorkEstimate {
  double cpu_seconds = 0;   // summed over threads
  double wall_seconds = 0;  // on `threads` threads
  double memory_bytes = 0;  // peak resident
  double output_bytes = 0;  // the run file
  int threads = 1;  // per process
  int ranks = 1;
};

// `rep_scenarios` replication-scenario pairs simulated (an optimisation's
// evaluations included), `stored` of them written to the output file.
// Memory is per process; time is spread over `ranks` processes (MPI) of `threads` each.
WorkEstimate estimate_work(double rep_scenarios, double stored, double scale, int threads, bool streams, int ranks = 1);

// Above the notice thresholds (10 min of wall time, 4 GiB of memory, 1 GiB of
// output) prints the estimate on stderr; beyond the limits (24 h of wall time,
// the machine's memory, 100 GiB of output) throws InputError naming `option`
// unless `allow_large`.
// `print`: false on all MPI ranks but the first (each checks, one says so).
void check_work(const WorkEstimate& e, bool allow_large, const std::string& what, bool print = true);

}  // namespace elevsim
