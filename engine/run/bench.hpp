#pragma once
// The benchmark behind `elevsim bench`: person-years per second per thread.
#include <string>
#include <utility>
#include <vector>

#include "model_params.hpp"
#include "scenario.hpp"

namespace elevsim {

struct BenchResult {
  int threads = 1;
  double person_years = 0;           // pupil-years stepped, all replications
  double seconds_core = 0;           // wall time of the mental-health steps
  double seconds_all = 0;            // wall time of whole replications (synthesis included)
  std::vector<std::pair<std::string, double>> module_seconds;  // per module, thread 0, steps only
  double synthesis_seconds = 0;      // thread 0
  double core_rate_per_thread() const { return person_years / seconds_core / threads; }
  double all_rate_per_thread() const { return person_years / seconds_all / threads; }
};

BenchResult run_bench(const Params& p, const Scenario& s, int threads, int reps_per_thread, double scale);

}  // namespace elevsim
