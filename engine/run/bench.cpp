#include "bench.hpp"

#include <omp.h>

#include <chrono>

#include "population.hpp"
#include "modules.hpp"
#include "sim.hpp"

namespace elevsim {

BenchResult run_bench(const Params& p, const Scenario& s, int threads, int reps_per_thread, double scale) {
  using clock = std::chrono::steady_clock;
  Layout L = make_layout(p.population, s.start_year, s.years, scale, p.mental_health.warm_start_years);
  BenchResult r;
  r.threads = threads;
  double core_max = 0, py = 0;
  const auto t0 = clock::now();
#pragma omp parallel num_threads(threads) reduction(+ : py) reduction(max : core_max)
  {
    People people;
    double core = 0, synth = 0;
    std::vector<double> per_module;
    for (int k = 0; k < reps_per_thread; ++k) {
      Sim sim(p, s.start_year, L, people, 12345u, static_cast<uint32_t>(omp_get_thread_num() * reps_per_thread + k),
              default_modules(s));
      const auto s0 = clock::now();
      synthesize(p.population, L, sim.rng, s.start_year, people);
      synth += std::chrono::duration<double>(clock::now() - s0).count();
      for (auto& m : sim.modules) m->init(sim);
      per_module.resize(sim.modules.size(), 0.0);
      for (int t = -L.burnin; t < L.years; ++t) {
        for (size_t k = 0; k < sim.modules.size(); ++k) {
          auto& m = sim.modules[k];
          const bool is_core = std::string(m->name()) == "mental_health";
          const auto a = clock::now();
          m->step(sim, t);
          const double dt = std::chrono::duration<double>(clock::now() - a).count();
          per_module[k] += dt;
          if (is_core) core += dt;
        }
        for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c)
          py += L.cohort_begin[c + 1] - L.cohort_begin[c];
      }
    }
    core_max = core;
    if (omp_get_thread_num() == 0) {
      r.synthesis_seconds = synth;
      Sim names(p, s.start_year, L, people, 0u, 0u, default_modules(s));
      for (size_t k = 0; k < per_module.size(); ++k) r.module_seconds.emplace_back(names.modules[k]->name(), per_module[k]);
    }
  }
  r.seconds_all = std::chrono::duration<double>(clock::now() - t0).count();
  r.seconds_core = core_max;
  r.person_years = py;
  return r;
}

}  // namespace elevsim
