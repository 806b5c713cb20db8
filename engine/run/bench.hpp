#pragma once
// The benchmark behind `elevsim bench`: person-years per second per thread,
// for the model and for a bare probe run over the same pupils in the same
// process, so that rates can be read as fractions of what this machine does
// at least per pupil-year (one Philox4x32 draw, one table lookup, one counter
// increment) and mean the same on any machine.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model_params.hpp"
#include "scenario.hpp"

namespace elevsim {

class Sim;

struct BenchResult {
  int threads = 1;
  double person_years = 0;    // pupil-years stepped, all replications
  // Seconds summed over threads, each thread's own wall time:
  double seconds_probe = 0;   // the probe's passes
  double seconds_core = 0;    // the mental-health steps
  double seconds_model = 0;   // whole replications: synthesis, init, every step and the results
  double seconds_warm = 0;    // their part up to the first reported year, which scenarios with the same
                              // parameters share (run/shared_warm_start.hpp)
  std::vector<std::pair<std::string, double>> module_seconds;  // per module, thread 0, steps only
  double synthesis_seconds = 0;  // thread 0
  double init_seconds = 0;       // thread 0, every module's init
  double results_seconds = 0;    // thread 0, every module's results()
  uint64_t probe_checksum = 0;   // keeps the probe's work from being optimised away
  double probe_rate_per_thread() const { return person_years / seconds_probe; }
  double core_rate_per_thread() const { return person_years / seconds_core; }
  double model_rate_per_thread() const { return person_years / seconds_model; }
};

BenchResult run_bench(const Params& p, const Scenario& s, int threads, int reps_per_thread, double scale);

// The probe alone: for every pupil-year of the layout's simulated cohorts, one
// draw (made a block of 256 pupils at a time, core/draw_block.hpp, as the model
// makes its draws), one lookup by the pupil's cell and one counter increment. Returns a
// checksum of the counters, so the work cannot be optimised away.
uint64_t bench_probe(const Sim& sim);

}  // namespace elevsim
