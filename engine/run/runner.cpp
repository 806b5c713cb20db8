#include "runner.hpp"

#include <omp.h>

#include <atomic>
#include <exception>
#include <functional>

#include "compare.hpp"
#include "input_error.hpp"
#include "progress.hpp"
#include "schooling.hpp"
#include "shards.hpp"
#include "shared_warm_start.hpp"
#include "toml_reader.hpp"
#include "modules.hpp"
#include "sim.hpp"

namespace elevsim {

RunResult run_scenarios(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt,
                        ReplicationSink* sink) {
  if (scenarios.empty()) throw InputError("no scenario given");
  if (opt.replications < 1) throw InputError("--replications: expected an integer >= 1");
  std::vector<ScenarioResult> prepared;
  // the same parameter files and no scenario overriding them: the same parameters
  bool same_params = true;
  for (auto& s : scenarios) {
    ScenarioResult sr;
    sr.params = load_params(params_dir, &s);
    same_params = same_params && !parse_toml_text(s.text, s.path).contains("params");
    sr.scenario = std::move(s);
    prepared.push_back(std::move(sr));
  }
  return run_prepared(std::move(prepared), opt, sink, same_params);
}

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

namespace {

// Checks the options and the scenarios against each other, and lays out the
// result: scenarios, county names and the scales of this slice.
RunResult start_run(std::vector<ScenarioResult> prepared, const RunOptions& opt) {
  if (prepared.empty()) throw InputError("no scenario given");
  if (opt.replications < 1) throw InputError("--replications: expected an integer >= 1");
  if (opt.replication_begin < 0 || opt.replication_begin >= opt.rep_end() || opt.rep_end() > opt.replications)
    throw InputError("--replication-range: expected A:B with 0 <= A < B <= --replications (" +
                     std::to_string(opt.replications) + ")");
  RunResult R;
  R.options = opt;
  R.start_year = prepared[0].scenario.start_year;
  R.years = prepared[0].scenario.years;
  for (auto& sr : prepared) {
    const Scenario& s = sr.scenario;
    if (s.start_year != R.start_year || s.years != R.years)
      throw InputError(s.path, 0, "run", "every scenario of one run must share start_year and years with the first (" +
                                             std::to_string(R.start_year) + ", " + std::to_string(R.years) + ")");
    validate_grants(s.grants, sr.params.population);
    for (auto& o : R.scenarios)
      if (o.scenario.name == s.name) throw InputError(s.path, 0, "name", "two scenarios are named \"" + s.name + "\"");
    R.scenarios.push_back(std::move(sr));
  }
  for (auto& c : R.scenarios[0].params.population.counties) R.county_names.push_back(c.name);
  R.scales = output_scales(opt.replications, R.start_year, R.years, R.county_names,
                           complete_entry_cohorts(R.scenarios[0].params.schooling, R.years));
  for (Scale& sc : R.scales)
    if (sc.name == "replication") {
      sc.ints.clear();
      for (int r = opt.replication_begin; r < opt.rep_end(); ++r) sc.ints.push_back(r);
    }
  return R;
}

// The comparisons of a streamed run, from each scenario's one-replication
// planner figures (levels[scenario][slot]) joined into per-replication vectors.
std::vector<Indicator> compare_streamed(const RunResult& R, const std::vector<std::vector<std::vector<Indicator>>>& levels) {
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
  return compare_levels(names, joined, R.scenarios[0].params.schooling.value_per_completer_nok);
}

// Each scenario's datasets with every replication of the slice, in replication order.
void stack_replications(RunResult& R, const std::vector<std::vector<std::vector<Dataset>>>& per_rep) {
  const int n_reps = R.options.rep_end() - R.options.replication_begin;
  for (size_t s = 0; s < per_rep.size(); ++s) {
    auto& first = per_rep[s][0];
    for (size_t d = 0; d < first.size(); ++d) {
      Dataset all = first[d];
      const size_t n = all.values.size();
      all.dims.insert(all.dims.begin(), "replication");
      for (const std::string& dim : all.dims)
        for (const Scale& sc : R.scales)
          if (sc.name == dim) all.shape.push_back(sc.size());
      if (all.shape.size() != all.dims.size()) throw std::logic_error("dataset " + all.name + " has an unknown dimension");
      all.values.resize(n * n_reps);
      for (int r = 1; r < n_reps; ++r) std::copy(per_rep[s][r][d].values.begin(), per_rep[s][r][d].values.end(),
                                                 all.values.begin() + static_cast<long>(r) * n);
      R.scenarios[s].datasets.push_back(std::move(all));
    }
  }
}

// Every replication of the slice, in parallel: a job is one replication of
// every scenario when they can share its warm start, else one replication of
// one scenario. Errors go to keep() and stop the remaining jobs.
void run_jobs(const RunResult& R, const std::vector<Layout>& layouts, const RunOptions& opt, bool share,
              const std::function<void(int, int, std::vector<Dataset>)>& emit,
              const std::function<void(std::exception_ptr)>& keep, const std::atomic<bool>& failed) {
  const int rep0 = opt.replication_begin;
  const int n_reps = opt.rep_end() - rep0;
  const int n_scen = static_cast<int>(R.scenarios.size());
  const long jobs = share ? n_reps : static_cast<long>(n_reps) * n_scen;
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
          run_shared_replication(R.scenarios, layouts[0], people, snapshot, opt.seed, static_cast<uint32_t>(rep0 + rep),
                                 opt.psa, [&](int sc, std::vector<Dataset> ds) { emit(sc, rep, std::move(ds)); });
          continue;
        }
        const Scenario& scen = R.scenarios[s].scenario;
        Sim sim(R.scenarios[s].params, scen.start_year, layouts[s], people, opt.seed,
                static_cast<uint32_t>(rep0 + rep), default_modules(scen));
        sim.psa = opt.psa;
        emit(s, rep, sim.run());
      } catch (...) {
        keep(std::current_exception());
      }
    }
  }
}

}  // namespace

RunResult run_prepared(std::vector<ScenarioResult> prepared, const RunOptions& opt, ReplicationSink* sink,
                       bool same_params) {
  RunResult R = start_run(std::move(prepared), opt);
  const int rep0 = opt.replication_begin;
  const int n_reps = opt.rep_end() - rep0;
  const int n_scen = static_cast<int>(R.scenarios.size());
  // Layouts are the same for every scenario unless one overrides the population
  // (e.g. constant_cohorts); draws are keyed by Layout::key, so they line up either way.
  std::vector<Layout> layouts;
  for (auto& sr : R.scenarios)
    layouts.push_back(
        make_layout(sr.params.population, R.start_year, R.years, opt.scale, sr.params.mental_health.warm_start_years));

  // results[scenario][rep] -> datasets of one replication (kept only without a sink)
  std::vector<std::vector<std::vector<Dataset>>> per_rep(n_scen, std::vector<std::vector<Dataset>>(n_reps));
  // planner figures per scenario and replication, for the comparisons when streaming
  std::vector<std::vector<std::vector<Indicator>>> levels(n_scen, std::vector<std::vector<Indicator>>(n_reps));
  if (sink) sink->begin(R);
  Progress bar("elevsim run", static_cast<long>(n_reps) * n_scen, opt.progress);
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  // No exception may leave an OpenMP region or critical section (that is
  // undefined behaviour): the first error is kept, the remaining jobs are
  // skipped, and it is rethrown once the region has ended.
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto keep = [&](std::exception_ptr e) {
#pragma omp critical(elevsim_error)
    if (!error) error = e;
    failed.store(true);
  };
  // One replication's datasets of scenario s: kept, or shaped, summarised for
  // the comparisons and handed to the sink (one call at a time).
  auto emit = [&](int s, int rep, std::vector<Dataset> ds) {
    if (!sink) {
      per_rep[s][rep] = std::move(ds);
    } else {
      shape_replication(ds, R.scales);
      levels[s][rep] = planner_levels(R.scenarios[s].scenario.name,
                                      [&](const std::string&, const std::string& n) -> const Dataset* {
                                        for (const Dataset& d : ds)
                                          if (d.name == n) return &d;
                                        return nullptr;
                                      });
#pragma omp critical(elevsim_sink)
      {
        try {
          if (!failed.load()) sink->consume(s, rep, ds);
        } catch (...) {
          keep(std::current_exception());
        }
      }
    }
    bar.tick();
  };
  run_jobs(R, layouts, opt, can_share_warm_start(R.scenarios, same_params), emit, keep, failed);
  if (error) std::rethrow_exception(error);
  R.value_per_completer_nok = R.scenarios[0].params.schooling.value_per_completer_nok;
  if (sink) {
    R.comparisons = compare_streamed(R, levels);
    return R;
  }
  stack_replications(R, per_rep);
  recompute_comparisons(R, R.scenarios[0].params.schooling.value_per_completer_nok);
  return R;
}

}  // namespace elevsim
