#include "bench.hpp"

#include <omp.h>

#include <array>
#include <ctime>

#include "draw_block.hpp"
#include "modules.hpp"
#include "population.hpp"
#include "sim.hpp"

namespace elevsim {

namespace {

// Each thread's own CPU time, not wall time: on a machine shared with other
// work the rates then still say what a thread does per second it runs.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};
double since(double a) { return Clock::now() - a; }

// One thread's times over its replications.
struct ThreadTimes {
  double synth = 0, init = 0, core = 0, model = 0, probe = 0, results = 0, py = 0, warm = 0;
  std::vector<double> per_module;
  uint64_t checksum = 0;
};

// One replication: the model as Sim::run steps it, each part timed, then the
// probe over the same pupils and years.
void bench_replication(const Params& p, const Scenario& s, const Layout& L, People& people, uint32_t rep,
                       ThreadTimes& tt) {
  const auto m0 = Clock::now();
  Sim sim(p, s.start_year, L, people, 12345u, rep, default_modules(s));
  auto a = Clock::now();
  synthesize(p.population, L, sim.rng, s.start_year, people);
  tt.synth += since(a);
  a = Clock::now();
  for (auto& m : sim.modules) m->init(sim);
  tt.init += since(a);
  tt.per_module.resize(sim.modules.size(), 0.0);
  for (int t = -L.burnin; t < L.years; ++t) {
    for (size_t k = 0; k < sim.modules.size(); ++k) {
      a = Clock::now();
      sim.modules[k]->step(sim, t);
      const double dt = since(a);
      tt.per_module[k] += dt;
      if (std::string(sim.modules[k]->name()) == "mental_health") tt.core += dt;
    }
    for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c) tt.py += L.cohort_begin[c + 1] - L.cohort_begin[c];
    if (t == -1) tt.warm += since(m0);
  }
  a = Clock::now();
  std::vector<Dataset> out;
  for (auto& m : sim.modules) m->results(sim, out);
  tt.results += since(a);
  tt.model += since(m0);
  a = Clock::now();
  tt.checksum += bench_probe(sim);
  tt.probe += since(a);
}

}  // namespace

uint64_t bench_probe(const Sim& sim) {
  const Layout& L = sim.layout;
  const People& P = sim.people;
  // an arbitrary threshold per cell: the lookup is what is timed, not the values
  std::array<uint32_t, kCells> table{};
  for (int c = 0; c < kCells; ++c) table[c] = Streams::threshold((c + 1.0) / (kCells + 1.0));
  std::array<uint32_t, kCells> count{};
  const uint32_t* key = P.key.data();
  const uint8_t* cell = P.cell.data();
  for (int t = -L.burnin; t < L.years; ++t) {
    const uint32_t year = static_cast<uint32_t>(sim.calendar_year(t));
    for (int c = sim.first_cohort(t); c <= sim.last_cohort(t); ++c)
      // the draws a block at a time, as the model's pupil loops make them
      for_each_draw(sim.rng, key, nullptr, L.cohort_begin[c], L.cohort_begin[c + 1], year, Decision::MhTransition,
                    [&](uint32_t i, const DrawBlock& blk, uint32_t j) { count[cell[i]] += blk.w[0][j] < table[cell[i]]; });
  }
  uint64_t sum = 0;
  for (uint32_t n : count) sum = sum * 31 + n;
  return sum;
}

BenchResult run_bench(const Params& p, const Scenario& s, int threads, int reps_per_thread, double scale) {
  Layout L = make_layout(p.population, s.start_year, s.years, scale, p.mental_health.warm_start_years);
  BenchResult r;
  r.threads = threads;
  std::vector<ThreadTimes> times(threads);
#pragma omp parallel num_threads(threads)
  {
    People people;
    const int th = omp_get_thread_num();
    for (int k = 0; k < reps_per_thread; ++k)
      bench_replication(p, s, L, people, static_cast<uint32_t>(th * reps_per_thread + k), times[th]);
  }
  uint64_t checksum = 0;
  for (const ThreadTimes& tt : times) {
    r.person_years += tt.py;
    r.seconds_probe += tt.probe;
    r.seconds_core += tt.core;
    r.seconds_model += tt.model;
    r.seconds_warm += tt.warm;
    checksum ^= tt.checksum;
  }
  r.probe_checksum = checksum;
  const ThreadTimes& t0 = times[0];
  r.synthesis_seconds = t0.synth;
  r.init_seconds = t0.init;
  r.results_seconds = t0.results;
  People none;
  Sim names(p, s.start_year, L, none, 0u, 0u, default_modules(s));
  for (size_t k = 0; k < t0.per_module.size(); ++k) r.module_seconds.emplace_back(names.modules[k]->name(), t0.per_module[k]);
  return r;
}

}  // namespace elevsim
