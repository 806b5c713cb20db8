// The two kinds of job: a run (the runner streaming every replication into
// run.h5 exactly as `elevsim run` does, with the paired figures of the
// replications so far kept for the page) and an optimisation (`elevsim
// optimise`'s entry points, unchanged).
#include <chrono>
#include <ctime>
#include <memory>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "compare.hpp"
#include "h5_writer.hpp"
#include "jobs.hpp"
#include "results.hpp"
#include "runner.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// The run file's writer, with each replication's planner figures taken on the
// way (the same figures the runner compares), so the page shows the answer
// after the first replications and tightens it as the rest arrive.
class PartialSink : public ReplicationSink {
 public:
  PartialSink(Job& job, const std::string& out) : job_(job), writer_(std::make_unique<StreamWriter>(out)) {}
  ~PartialSink() override {
    std::lock_guard<std::mutex> g(hdf5_mutex());  // a cancelled run's file is closed and removed here
    writer_.reset();
  }
  void begin(const RunResult& run) override {
    run_ = run;
    levels_.assign(run.scenarios.size(), std::vector<std::vector<Indicator>>(run.options.rep_end() - run.options.replication_begin));
    std::lock_guard<std::mutex> g(hdf5_mutex());
    writer_->begin(run);
  }
  void consume(int s, int slot, std::vector<Dataset>&& ds) override {
    const std::string& name = run_.scenarios[s].scenario.name;
    levels_[s][slot] = planner_levels(name, [&](const std::string&, const std::string& n) -> const Dataset* {
      for (const Dataset& d : ds)
        if (d.name == n) return &d;
      return nullptr;
    });
    {
      std::lock_guard<std::mutex> g(hdf5_mutex());
      writer_->consume(s, slot, std::move(ds));
    }
    publish();
  }
  void finish(const RunResult& run) {
    std::lock_guard<std::mutex> g(hdf5_mutex());
    writer_->finish(run);
  }

 private:
  // The replications every scenario has finished, compared as the runner
  // compares the whole run.
  void publish() {
    std::vector<int> slots;
    for (size_t r = 0; r < levels_[0].size(); ++r) {
      bool all = true;
      for (auto& sc : levels_) all = all && !sc[r].empty();
      if (all) slots.push_back(static_cast<int>(r));
    }
    if (slots.empty() || static_cast<int>(slots.size()) == shown_) return;
    shown_ = static_cast<int>(slots.size());
    auto d = std::make_shared<const ReportData>(partial_report(run_, levels_, slots));
    std::lock_guard<std::mutex> g(job_.m);
    job_.partial = std::move(d);
    if (job_.first_result_s < 0)
      job_.first_result_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - job_.submitted).count();
  }
  Job& job_;
  std::unique_ptr<StreamWriter> writer_;
  RunResult run_;
  std::vector<std::vector<std::vector<Indicator>>> levels_;  // [scenario][slot]
  int shown_ = 0;
};

std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// meta.json: what the run was asked, for the list of finished runs.
void write_meta(const Job& job, const std::string& dir, const RunOptions& o) {
  nlohmann::ordered_json m;
  m["kind"] = job.kind;
  m["key"] = job.key;
  m["scenarios"] = nlohmann::json::array();
  for (auto& s : job.scenarios) m["scenarios"].push_back(s.first);
  m["seed"] = o.seed;
  m["replications"] = o.replications;
  m["scale"] = o.scale;
  m["engine_version"] = kEngineVersion;
  m["created_utc"] = utc_now();
  if (job.kind == "optimise") {
    m["budgets"] = job.optimise.budgets;
    m["objective"] = objective_name(job.optimise.objective);
  }
  write_file_atomically(dir + "/meta.json", m.dump(1));
}

void write_scenarios(const Job& job, const std::string& dir) {
  for (auto& [name, text] : job.scenarios) write_file_atomically(dir + "/" + name + ".toml", text);
}

}  // namespace

void execute_run(Job& job, const std::string& dir) {
  write_scenarios(job, dir);
  RunPlan plan = job.plan;
  plan.out = dir + "/run.h5";
  PartialSink sink(job, plan.out);
  RunResult run = run_replications(plan, plan.replications(), sink);
  sink.finish(run);
  write_meta(job, dir, plan.options);
}

void execute_optimise(Job& job, const std::string& dir, const DataStore& store) {
  write_scenarios(job, dir);
  const Scenario base = load_scenario_text(job.scenarios.at(0).second, job.scenarios[0].first + ".toml");
  std::vector<Scenario> shipped;
  for (auto& [name, text] : store.shipped_texts()) {
    try {
      shipped.push_back(load_scenario_text(text, name + ".toml"));
    } catch (const std::exception&) {
      // not a scenario: not a comparison (as `elevsim optimise` does)
    }
  }
  OptimiseResult r = optimise(base, shipped, job.params_dir, job.optimise);
  std::lock_guard<std::mutex> g(hdf5_mutex());
  write_optimisation(r, dir + "/run.h5");
  write_meta(job, dir, job.optimise.run);
}

}  // namespace elevsim
