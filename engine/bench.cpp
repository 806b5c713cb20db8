#include "bench.hpp"

#include <omp.h>

#include <chrono>

#include "population.hpp"
#include "sim.hpp"

namespace elevsim {

BenchResult run_bench(const Params& p, const Scenario& s, int threads, int reps_per_thread, double scale) {
  using clock = std::chrono::steady_clock;
  Layout L = make_layout(p.population, s.years, scale);
  BenchResult r;
  r.threads = threads;
  double core_max = 0, py = 0;
  const auto t0 = clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : py) reduction(max : core_max)
  {
    People people;
    double core = 0;
    for (int k = 0; k < reps_per_thread; ++k) {
      Sim sim(p, s, L, people, 12345u, static_cast<uint32_t>(omp_get_thread_num() * reps_per_thread + k));
      synthesize(p, L, sim.rng, s.start_year, people);
      for (auto& m : sim.modules) m->init(sim);
      for (int t = 0; t < L.years; ++t) {
        for (auto& m : sim.modules) {
          const bool is_core = std::string(m->name()) == "mental_health";
          const auto a = clock::now();
          m->step(sim, t);
          if (is_core) core += std::chrono::duration<double>(clock::now() - a).count();
        }
        for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c)
          py += L.cohort_begin[c + 1] - L.cohort_begin[c];
      }
    }
    core_max = core;
  }
  r.seconds_all = std::chrono::duration<double>(clock::now() - t0).count();
  r.seconds_core = core_max;
  r.person_years = py;
  return r;
}

}  // namespace elevsim
