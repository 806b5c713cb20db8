#include "runner.hpp"

#include <omp.h>

#include <atomic>
#include <exception>

#include "compare.hpp"
#include "h5_writer.hpp"
#include "modules.hpp"
#include "progress.hpp"
#include "schooling.hpp"
#include "shared_warm_start.hpp"
#include "sim.hpp"

namespace elevsim {

namespace {

// planner figures per scenario and slot of the range, for the comparisons
using Levels = std::vector<std::vector<std::vector<Indicator>>>;

// Adds the replication dimension (size 1) and shapes to one replication's datasets.
void shape_replication(std::vector<Dataset>& datasets, const std::vector<Scale>& scales) {
  for (Dataset& d : datasets) {
    d.dims.insert(d.dims.begin(), "replication");
    d.shape.clear();
    for (const std::string& dim : d.dims) {
      if (dim == "replication") {
        d.shape.push_back(1);
        continue;
      }
      for (const Scale& sc : scales)
        if (sc.name == dim) d.shape.push_back(sc.size());
    }
    if (d.shape.size() != d.dims.size()) throw std::logic_error("dataset " + d.name + " has an unknown dimension");
  }
}

// The result of `reps` before any replication: scenarios, county names and the scales of this slice.
RunResult start_result(const RunPlan& plan, RepRange reps) {
  RunResult R;
  R.options = plan.options_for(reps);
  R.scenarios = plan.scenarios;
  R.start_year = R.scenarios.at(0).scenario.start_year;
  R.years = R.scenarios[0].scenario.years;
  for (auto& c : R.scenarios[0].params.population.counties) R.county_names.push_back(c.name);
  R.scales = output_scales(R.options.replications, R.start_year, R.years, R.county_names,
                           complete_entry_cohorts(R.scenarios[0].params.schooling, R.years));
  for (Scale& sc : R.scales)
    if (sc.name == "replication") {
      sc.ints.clear();
      for (int r = reps.begin; r < reps.end; ++r) sc.ints.push_back(r);
    }
  R.value_per_completer_nok = R.scenarios[0].params.schooling.value_per_completer_nok;
  return R;
}

// The comparisons from each scenario's one-replication planner figures
// (levels[scenario][slot]) joined into per-replication vectors: the same
// values compare_scenarios gives on the stacked datasets.
std::vector<Indicator> compare_joined(const RunResult& R, const Levels& levels) {
  std::vector<std::string> names;
  for (auto& sr : R.scenarios) names.push_back(sr.scenario.name);
  std::vector<std::vector<Indicator>> joined(levels.size());
  for (size_t s = 0; s < levels.size(); ++s)
    for (size_t rep = 0; rep < levels[s].size(); ++rep)
      for (size_t k = 0; k < levels[s][rep].size(); ++k) {
        if (rep == 0) {
          joined[s].push_back(levels[s][rep][k]);
        } else {
          joined[s][k].per_replication.push_back(levels[s][rep][k].per_replication.at(0));
        }
      }
  for (auto& v : joined)
    for (Indicator& i : v) finish_indicator(i);
  return compare_levels(names, joined, R.value_per_completer_nok);
}

// The planner figures of one replication's datasets (for the comparisons).
std::vector<Indicator> figures_of(const std::string& scenario, const std::vector<Dataset>& ds) {
  return planner_levels(scenario, [&](const std::string&, const std::string& n) -> const Dataset* {
    for (const Dataset& d : ds)
      if (d.name == n) return &d;
    return nullptr;
  });
}

// Every replication of R on OpenMP threads. A job is one replication of every
// scenario when they can share its warm start (run/shared_warm_start.hpp), else
// one replication of one scenario; emit(scenario, slot, datasets) takes each.
// No exception may leave an OpenMP region (undefined behaviour): errors go to
// keep(), and the remaining jobs are skipped once one failed.
template <class Emit, class Keep>
void run_jobs(const RunPlan& plan, const RunResult& R, Emit&& emit, Keep&& keep, const std::atomic<bool>& failed) {
  const int rep0 = R.options.replication_begin;
  const int n_reps = R.options.rep_end() - rep0;
  const int n_scen = static_cast<int>(R.scenarios.size());
  // Layouts are the same for every scenario unless one overrides the population
  // (e.g. constant_cohorts); draws are keyed by Layout::key, so they line up either way.
  std::vector<Layout> layouts;
  for (auto& sr : R.scenarios)
    layouts.push_back(make_layout(sr.params.population, R.start_year, R.years, R.options.scale,
                                  sr.params.mental_health.warm_start_years));
  const bool share = can_share_warm_start(R.scenarios, plan.same_params);
  const long jobs = share ? n_reps : static_cast<long>(n_reps) * n_scen;
  if (plan.options.threads > 0) omp_set_num_threads(plan.options.threads);
#pragma omp parallel
  {
    People people, snapshot;  // one pupil array (and its copy) per thread, reused across replications
#pragma omp for schedule(dynamic, 1)
    for (long job = 0; job < jobs; ++job) {
      if (failed.load(std::memory_order_relaxed)) continue;
      // rep: the slot in this slice; rep0 + rep: the global replication, which keys every draw
      const int rep = static_cast<int>(share ? job : job / n_scen), s = static_cast<int>(share ? 0 : job % n_scen);
      try {
        if (share) {
          run_shared_replication(R.scenarios, layouts[0], people, snapshot, R.options.seed,
                                 static_cast<uint32_t>(rep0 + rep), R.options.psa,
                                 [&](int sc, std::vector<Dataset> ds) { emit(sc, rep, std::move(ds)); });
          continue;
        }
        const Scenario& scen = R.scenarios[s].scenario;
        Sim sim(R.scenarios[s].params, scen.start_year, layouts[s], people, R.options.seed,
                static_cast<uint32_t>(rep0 + rep), default_modules(scen));
        sim.psa = R.options.psa;
        emit(s, rep, sim.run());
      } catch (...) {
        keep(std::current_exception());
      }
    }
  }
}

// Every replication of R, each shaped, its planner figures into levels, then to the sink
// (one call at a time).
void run_into(const RunPlan& plan, const RunResult& R, ReplicationSink& sink, Levels& levels) {
  Progress bar("elevsim run", static_cast<long>(levels.size()) * (R.options.rep_end() - R.options.replication_begin),
               plan.options.progress);
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto keep = [&](std::exception_ptr e) {
#pragma omp critical(elevsim_error)
    if (!error) error = e;
    failed.store(true);
  };
  auto emit = [&](int s, int rep, std::vector<Dataset> ds) {
    shape_replication(ds, R.scales);
    levels[s][rep] = figures_of(R.scenarios[s].scenario.name, ds);
#pragma omp critical(elevsim_sink)
    {
      try {
        if (!failed.load()) sink.consume(s, rep, std::move(ds));
      } catch (...) {
        keep(std::current_exception());
      }
    }
    bar.tick();
  };
  run_jobs(plan, R, emit, keep, failed);
  if (error) std::rethrow_exception(error);
}

// Keeps every replication and stacks each scenario's in replication order.
class Collector : public ReplicationSink {
 public:
  void begin(const RunResult& run) override {
    const int n_reps = run.options.rep_end() - run.options.replication_begin;
    per_rep_.assign(run.scenarios.size(), std::vector<std::vector<Dataset>>(n_reps));
  }
  void consume(int s, int slot, std::vector<Dataset>&& datasets) override { per_rep_[s][slot] = std::move(datasets); }
  void stack_into(RunResult& R) {
    for (size_t s = 0; s < per_rep_.size(); ++s) {
      auto& reps = per_rep_[s];
      for (size_t d = 0; d < reps[0].size(); ++d) {
        Dataset all = std::move(reps[0][d]);
        const size_t n = all.values.size();
        all.shape[0] = reps.size();
        all.values.resize(n * reps.size());
        for (size_t r = 1; r < reps.size(); ++r)
          std::copy(reps[r][d].values.begin(), reps[r][d].values.end(), all.values.begin() + static_cast<long>(r * n));
        R.scenarios[s].datasets.push_back(std::move(all));
      }
    }
  }

 private:
  std::vector<std::vector<std::vector<Dataset>>> per_rep_;  // [scenario][slot] -> one replication's datasets
};

}  // namespace

RunResult run_replications(const RunPlan& plan, RepRange reps, ReplicationSink& sink) {
  RunResult R = start_result(plan, reps);
  Levels levels(R.scenarios.size(), std::vector<std::vector<Indicator>>(reps.size()));
  sink.begin(R);
  run_into(plan, R, sink, levels);
  R.comparisons = compare_joined(R, levels);
  return R;
}

RunResult run_in_memory(const RunPlan& plan, RepRange reps) {
  Collector kept;
  RunResult R = run_replications(plan, reps, kept);
  kept.stack_into(R);
  return R;
}

void run_streamed(const RunPlan& plan) {
  StreamWriter writer(plan.out);
  RunResult run = run_replications(plan, plan.replications(), writer);
  run.ladder = plan.ladder;
  writer.finish(run);
}

}  // namespace elevsim
