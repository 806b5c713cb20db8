// Runs, optimisations and their results. A request names scenarios (or
// carries the editor's text), replications, scale and seed; it is checked
// as the command line checks it, held to the server's limits, then answered
// from the cache of finished runs or queued.
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <toml++/toml.h>

#include "app.hpp"
#include "input_error.hpp"
#include "locale.hpp"
#include "scenario.hpp"
#include "version.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {


double number(const Json& b, const char* key, double fallback, double lo, double hi, bool whole) {
  if (!b.contains(key)) return fallback;
  const Json& v = b.at(key);
  if (!v.is_number()) throw InputError("request", 0, key, "expected a number");
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi) || (whole && x != std::floor(x)))
    throw InputError("request", 0, key, "expected " + std::string(whole ? "a whole number" : "a number") + " in [" +
                                            std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.dump());
  return x;
}

RunOptions run_options(const Json& b) {
  RunOptions o;
  o.replications = static_cast<int>(number(b, "replications", 20, 1, 100000, true));
  o.scale = number(b, "scale", 1.0, 1e-6, 1.0, false);
  o.seed = static_cast<uint32_t>(number(b, "seed", o.seed, 0, 4294967295.0, true));
  o.progress = false;
  return o;
}

// {"name": N} from the store or {"text": T} from the editor -> (name, text).
std::pair<std::string, std::string> scenario_of(const App& app, const Json& e) {
  if (e.is_object() && e.contains("text") && e.at("text").is_string()) {
    const std::string t = e.at("text").get<std::string>();
    if (t.size() > 256 * 1024) throw InputError("scenario text larger than 256 KiB");
    return {load_scenario_text(t, "scenario").name, t};
  }
  if (e.is_object() && e.contains("name") && e.at("name").is_string()) {
    const std::string n = e.at("name").get<std::string>();
    return {n, app.store.scenario_text(n)};
  }
  throw InputError("request: each scenario is {\"name\": ...} or {\"text\": ...}");
}

std::string key_of(const std::string& what) { return text_hash(what).substr(8); }

std::string fmt(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

void check_work(double work, double limit, const std::string& sum, const char* option) {
  if (work > limit + 1e-9)
    throw InputError("request: " + sum + " = " + fmt(work) + " is beyond this server's limit of " + fmt(limit) + " (" +
                     option + "); ask for fewer replications, a smaller scale or fewer scenarios");
}

Json submitted(App& app, std::shared_ptr<Job> job, double pace_units) {
  const double pace = app.jobs.pace() > 0 ? app.jobs.pace() : kPriorPaceSeconds;
  job->estimate_s = pace * pace_units;
  job = app.jobs.submit(job);
  return {{"job", job->id}, {"key", job->key}, {"estimate_s", job->estimate_s}, {"cached", false}};
}

Json post_run(App& app, const Json& b) {
  if (!b.contains("scenarios") || !b.at("scenarios").is_array() || b.at("scenarios").empty())
    throw InputError("request: \"scenarios\" missing (a list, the first the reference)");
  const Json& list = b.at("scenarios");
  if (static_cast<int>(list.size()) > app.opt.max_scenarios)
    throw InputError("request: " + std::to_string(list.size()) + " scenarios is beyond this server's limit of " +
                     std::to_string(app.opt.max_scenarios) + " (--max-scenarios)");
  const RunOptions o = run_options(b);
  const double work = o.replications * o.scale * static_cast<double>(list.size());
  check_work(work, app.opt.max_work, "replications x scale x scenarios", "--max-work");
  auto job = std::make_shared<Job>();
  std::vector<Scenario> scen;
  std::string what = std::string("run\n") + kEngineVersion + "\n" + std::to_string(o.seed) + "\n" +
                     std::to_string(o.replications) + "\n" + fmt(o.scale) + "\n";
  for (const Json& e : list) {
    job->scenarios.push_back(scenario_of(app, e));
    scen.push_back(load_scenario_text(job->scenarios.back().second, job->scenarios.back().first + ".toml"));
  }
  job->plan = make_plan(std::move(scen), app.params_dir, o);  // the command line's checks, with its messages
  for (size_t k = 0; k < job->scenarios.size(); ++k)
    what += job->scenarios[k].second + "\n" + inputs_hash(job->plan.scenarios[k]) + "\n";
  job->kind = "run";
  job->key = key_of(what);
  job->params_dir = app.params_dir;
  job->work = work;
  if (app.store.has_run(job->key)) return {{"cached", true}, {"key", job->key}};
  return submitted(app, job, work);
}

// The base's [optimise] bounds replaced by the page's, when it sends them.
std::string with_bounds(const std::string& text, const Json& b) {
  if (!b.contains("min_share") && !b.contains("max_share")) return text;
  toml::table root = toml::parse(text);
  toml::table opt;
  for (const char* which : {"min_share", "max_share"}) {
    if (!b.contains(which)) continue;
    if (!b.at(which).is_object()) throw InputError("request", 0, which, "expected intervention: share");
    toml::table t;
    for (auto& [k, v] : b.at(which).items()) {
      if (!v.is_number()) throw InputError("request", 0, std::string(which) + "." + k, "expected a share in [0, 1]");
      t.insert_or_assign(k, v.get<double>());
    }
    opt.insert_or_assign(which, std::move(t));
  }
  root.insert_or_assign("optimise", std::move(opt));
  std::ostringstream o;
  o << root << "\n";
  return o.str();
}

Json post_optimise(App& app, const Json& b) {
  auto job = std::make_shared<Job>();
  job->kind = "optimise";
  auto base = scenario_of(app, b.value("base", Json::object()));
  (void)load_scenario_text(base.second, base.first + ".toml");  // a broken base says so before anything else
  base.second = with_bounds(base.second, b);
  job->scenarios.push_back(base);
  const Scenario s = load_scenario_text(base.second, base.first + ".toml");
  OptimiseOptions& o = job->optimise;
  o.run = run_options(b);
  o.objective = parse_objective(b.value("objective", std::string("dropouts_avoided")));
  o.over = parse_over(b.value("over", std::string("split")));
  o.evaluations = static_cast<int>(number(b, "evaluations", 12, 1, 1000, true));
  if (!b.contains("budgets") || !b.at("budgets").is_array()) throw InputError("request: \"budgets\" missing (NOK per year, a list)");
  for (const Json& v : b.at("budgets")) {
    if (!v.is_number()) throw InputError("request", 0, "budgets", "expected NOK per year");
    o.budgets.push_back(v.get<double>());
  }
  if (o.budgets.size() > 8) throw InputError("request: at most 8 budgets");
  validate_optimise(s, o);
  // each evaluation runs the candidate beside the reference; the marginal gains add one per intervention
  const double runs = static_cast<double>(o.budgets.size()) * (o.evaluations + kInterventions + 2);
  const double work = o.run.replications * o.run.scale * 2 * runs;
  check_work(work, app.opt.max_optimise_work, "replications x scale x 2 x evaluations", "--max-optimise-work");
  job->params_dir = app.params_dir;
  job->runs_expected = static_cast<int>(runs);
  std::string what = std::string("optimise\n") + kEngineVersion + "\n" + base.second + "\n" + b.dump();
  for (auto& [n, t] : app.store.shipped_texts()) what += n + "\n" + t;
  job->key = key_of(what);
  if (app.store.has_run(job->key)) return {{"cached", true}, {"key", job->key}};
  return submitted(app, job, work);
}

Json job_json(App& app, const Job& j, const httplib::Request& req) {
  std::lock_guard<std::mutex> g(j.m);
  const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - j.submitted).count();
  Json out = {{"id", j.id}, {"kind", j.kind}, {"key", j.key}, {"state", j.state}, {"error", j.error},
              {"done", j.done}, {"total", j.total}, {"runs_started", j.runs_started}, {"runs_expected", j.runs_expected},
              {"estimate_s", j.estimate_s}, {"elapsed_s", j.state == "queued" || j.state == "running" ? now : j.elapsed_s},
              {"first_result_s", j.first_result_s}};
  out["scenarios"] = Json::array();
  for (auto& s : j.scenarios) out["scenarios"].push_back(s.first);
  if (j.partial && req.has_param("lang") && j.state == "running")
    out["partial"] = result_json(*j.partial, nullptr, req.get_param_value("lang") == "en" ? Lang::en : Lang::nb);
  (void)app;
  return out;
}

int job_id(const httplib::Request& req) {
  const std::string s = req.get_param_value("id");
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    throw InputError("request: id: expected a job number");
  return std::stoi(s);
}

}  // namespace

void add_job_routes(httplib::Server& svr, App& app) {
  svr.Post("/api/run", json_route([&app](const httplib::Request& req) { return post_run(app, parse_body(req)); }));
  svr.Post("/api/optimise", json_route([&app](const httplib::Request& req) { return post_optimise(app, parse_body(req)); }));
  svr.Get("/api/jobs", json_route([&app](const httplib::Request& req) {
    Json out = Json::array();
    for (auto& j : app.jobs.all()) out.push_back(job_json(app, *j, req));
    return out;
  }));
  svr.Get("/api/job", json_route([&app](const httplib::Request& req) {
    auto j = app.jobs.find(job_id(req));
    if (!j) throw InputError("request: no job " + req.get_param_value("id"));
    return job_json(app, *j, req);
  }));
  svr.Post("/api/job/cancel", json_route([&app](const httplib::Request& req) {
    app.jobs.cancel(job_id(req));
    return Json{{"cancelled", job_id(req)}};
  }));
  svr.Get("/api/runs", json_route([&app](const httplib::Request&) {
    Json out = Json::array();
    for (const std::string& k : app.store.finished_runs()) {
      try {
        out.push_back(Json::parse(read_small_file(app.store.run_dir(k) / "meta.json", 64 * 1024)));
      } catch (const std::exception&) {
        // a damaged meta.json: not listed
      }
    }
    return out;
  }));
  svr.Get("/api/result", json_route([&app](const httplib::Request& req) {
    const std::string key = req.get_param_value("key");
    const App::Read r = app.read_run(key);
    const Lang l = req.get_param_value("lang") == "en" ? Lang::en : Lang::nb;
    Json out = result_json(*r.data, &r.waits, l);
    out["key"] = key;
    out["meta"] = Json::parse(read_small_file(app.store.run_dir(key) / "meta.json", 64 * 1024));
    // an optimisation's best allocations: run.best.toml, or run.best-<budget>.toml for several budgets
    Json best = Json::array();
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(app.store.run_dir(key))) {
      const std::string f = e.path().filename().string();
      if (f.rfind("run.best", 0) == 0 && e.path().extension() == ".toml") files.push_back(f);
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files)
      best.push_back({{"file", f.substr(4, f.size() - 9)}, {"text", read_small_file(app.store.run_dir(key) / f, 256 * 1024)}});
    out["best"] = best;
    return out;
  }));
}

}  // namespace elevsim
