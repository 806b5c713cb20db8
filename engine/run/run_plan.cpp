#include "run_plan.hpp"

#include <omp.h>

#include <algorithm>
#include <filesystem>

#include "grants.hpp"
#include "input_error.hpp"
#include "toml_reader.hpp"

namespace elevsim {

RunOptions RunPlan::options_for(RepRange reps) const {
  RunOptions o = options;
  o.replication_begin = reps.begin;
  o.replication_end = reps.end;
  return o;
}

bool RunPlan::streams() const {
  std::error_code ec;
  return ranks == 1 && !checkpoint.resume && checkpoint.every < 0 && !std::filesystem::exists(checkpoint_dir(), ec);
}

int RunPlan::threads() const { return options.threads > 0 ? options.threads : omp_get_max_threads(); }

RepRange RunPlan::share(RepRange batch, int rank) const {
  const int n = batch.size(), K = ranks;
  auto begin_of = [&](int k) { return batch.begin + k * (n / K) + std::min(k, n % K); };
  return {begin_of(rank), begin_of(rank + 1)};
}

int RunPlan::batch_unit() const { return std::max(1, threads() * ranks); }

int RunPlan::first_batch(RepRange todo) const {
  if (checkpoint.every > 0) return checkpoint.every;
  return checkpoint.every == 0 ? todo.size() : batch_unit();
}

int RunPlan::next_batch(int batch, double secs) const {
  if (checkpoint.every >= 0) return batch;
  const int unit = batch_unit();
  const double per_unit = std::max(secs / std::max(1, batch / unit), 1e-3);
  return unit * static_cast<int>(std::clamp(checkpoint.seconds / per_unit, 1.0, 1e6 / unit));
}

bool RunPlan::worth_checkpoint(int batch_end, int batch, double secs_so_far, double batch_secs) const {
  const int end = options.rep_end();
  if (batch_end >= end) return false;  // the last batch goes to the output itself
  return checkpoint.every > 0 || secs_so_far + batch_secs * (end - batch_end) / batch > checkpoint.seconds;
}

RunPlan make_plan(std::vector<Scenario> scenarios, const std::string& params_dir, const RunOptions& opt) {
  if (scenarios.empty()) throw InputError("no scenario given");
  if (opt.replications < 1) throw InputError("--replications: expected an integer >= 1");
  std::vector<ScenarioResult> prepared;
  bool same_params = true;  // the same parameter files and no scenario overriding them
  for (auto& s : scenarios) {
    ScenarioResult sr;
    sr.params = load_params(params_dir, &s);
    same_params = same_params && !parse_toml_text(s.text, s.path).contains("params");
    sr.scenario = std::move(s);
    prepared.push_back(std::move(sr));
  }
  RunPlan plan = make_plan(std::move(prepared), opt);
  plan.same_params = same_params;
  return plan;
}

RunPlan make_plan(std::vector<ScenarioResult> prepared, const RunOptions& opt) {
  if (prepared.empty()) throw InputError("no scenario given");
  if (opt.replications < 1) throw InputError("--replications: expected an integer >= 1");
  if (opt.replication_begin < 0 || opt.replication_begin >= opt.rep_end() || opt.rep_end() > opt.replications)
    throw InputError("--replication-range: expected A:B with 0 <= A < B <= --replications (" +
                     std::to_string(opt.replications) + ")");
  RunPlan plan;
  plan.options = opt;
  const int start_year = prepared[0].scenario.start_year, years = prepared[0].scenario.years;
  for (auto& sr : prepared) {
    const Scenario& s = sr.scenario;
    if (s.start_year != start_year || s.years != years)
      throw InputError(s.path, 0, "run", "every scenario of one run must share start_year and years with the first (" +
                                             std::to_string(start_year) + ", " + std::to_string(years) + ")");
    validate_grants(s.grants, sr.params.population);
    for (auto& o : plan.scenarios)
      if (o.scenario.name == s.name) throw InputError(s.path, 0, "name", "two scenarios are named \"" + s.name + "\"");
    plan.scenarios.push_back(std::move(sr));
  }
  return plan;
}

}  // namespace elevsim
