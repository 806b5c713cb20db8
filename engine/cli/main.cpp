// elevsim command line: a thin layer over the engine.
#include <CLI/CLI.hpp>
#include <omp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench.hpp"
#include "calibrate.hpp"
#include "checkpoint.hpp"
#include "compare.hpp"
#include "decision_file.hpp"
#include "export_csv.hpp"
#include "h5.hpp"
#include "h5_writer.hpp"
#include "input_error.hpp"
#include "merge.hpp"
#include "mpi_run.hpp"
#include "optimise.hpp"
#include "output_file.hpp"
#ifdef ELEVSIM_HAVE_REPORT
#include "report_html.hpp"
#endif
#include "runner.hpp"
#ifdef ELEVSIM_HAVE_SERVE
#include "serve.hpp"
#endif
#include "shards.hpp"
#include "summary.hpp"
#include "validate.hpp"
#include "ladder_file.hpp"
#include "ladder_run.hpp"
#include "ladder_table.hpp"
#include "version.hpp"

namespace fs = std::filesystem;
using namespace elevsim;

namespace {

// The fit, target by target; county targets are differences from national, in pp.
void print_fit(const CalibrationResult& r, const std::vector<Target>& before) {
  std::printf("%-40s %10s %10s %10s %10s  %s\n", "target", "value", "current", "fitted", "gap", "coefficient");
  for (size_t k = 0; k < r.targets.size(); ++k) {
    const Target& t = r.targets[k];
    const std::string label = t.tolerance > 0 ? t.group + "." + t.key : t.key;
    std::printf("%-40s %10.4f %10.4f %10.4f %+10.2e  %s\n", label.c_str(), t.value, before[k].fitted, t.fitted,
                t.fitted - t.value, t.fits.c_str());
  }
  std::string last_group;
  for (const Target& t : r.targets) {
    if (t.tolerance > 0 && t.group == last_group) continue;  // one source per county group
    last_group = t.group;
    std::printf("  %s: %s\n", t.tolerance > 0 ? t.group.c_str() : t.key.c_str(), t.source.c_str());
  }
}

int cmd_calibrate(const std::string& params_opt, bool write) {
  const std::string dir = find_params_dir(params_opt, "");
  Params p = load_params(dir);
  std::vector<Target> before = read_targets(dir);
  const SchoolCalibrationOptions so = read_calibration_settings(dir);
  evaluate_targets(p, p.mental_health, before);
  evaluate_school_targets(p, before, so);
  CalibrationResult r = calibrate(p, before, so);
  std::printf("calibrating (%s)\n  mental health on the expected-value twin: %d iterations, %s\n"
              "  schooling on the microsimulation: %d iterations, %s\n\n",
              dir.c_str(), r.iterations, r.converged ? "converged" : "NOT converged", r.school_iterations,
              r.school_converged ? "converged" : "NOT converged");
  print_fit(r, before);
  if (write) {
    const std::string path = (fs::path(dir) / "calibrated.toml").string();
    TempFile tmp(path);  // --write replaces calibrated.toml: that is what it is for
    {
      std::ofstream o(tmp.path());
      o << calibrated_toml(r);
      o.close();
      if (!o) throw InputError(tmp.path(), 0, "", "cannot write (disk full?)");
    }
    tmp.commit();
    std::printf("\nwrote %s\n", path.c_str());
  } else {
    std::printf("\n(dry run: pass --write to update calibrated.toml)\n");
  }
  return r.converged && r.school_converged ? 0 : 3;
}

// The rate of `elevsim run SCENARIO -r REPS -t 1` as the command does it: the
// replications streamed to a run file, then its summary read back.
double end_to_end_rate(const std::string& scenario, const std::string& params_opt, int reps, double scale,
                       double py_per_rep) {
  const fs::path out = fs::temp_directory_path() / ("elevsim-bench-" + std::to_string(getpid()) + ".h5");
  RunOptions opt;
  opt.replications = reps;
  opt.scale = scale;
  opt.threads = 1;
  opt.progress = false;
  // CPU time of the process (one thread) like the bench's, so that other work on the machine does not count
  timespec a{}, b{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  RunPlan plan = make_plan({load_scenario(scenario)}, find_params_dir(params_opt, scenario), opt);
  plan.out = out.string();
  run_streamed(plan);
  const std::string summary = format_summary(read_run_info(out.string()), headline_indicators(out.string()));
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  const double secs = static_cast<double>(b.tv_sec - a.tv_sec) + 1e-9 * static_cast<double>(b.tv_nsec - a.tv_nsec);
  fs::remove(out);
  return summary.empty() ? 0.0 : py_per_rep * reps / secs;
}

// One bench line: a rate and its fraction of the probe measured in the same run.
void print_rate(const char* what, double rate, double probe) {
  std::printf("  %-22s %8.2f M person-years/s/thread  %5.2f of probe\n", what, rate / 1e6, rate / probe);
}

// Further scenarios (grant scenarios) on one thread: each full model's rate as a
// fraction of the probe and of the first scenario's (issue 14: within 15 %),
// the first timed again just before each, so that both see the same machine.
void bench_also(const std::vector<std::string>& also, const Params& base_p, const Scenario& base,
                const std::string& params_opt, int reps, double scale, double probe_1) {
  if (also.empty()) return;
  std::printf("threads 1, full model of further scenarios (fraction of the first scenario's, timed alongside):\n");
  for (const std::string& f : also) {
    Scenario s = load_scenario(f);
    Params p = load_params(find_params_dir(params_opt, f), &s);
    const double base_rate = run_bench(base_p, base, 1, reps, scale).model_rate_per_thread();
    const double rate = run_bench(p, s, 1, reps, scale).model_rate_per_thread();
    print_rate(s.name.substr(0, 22).c_str(), rate, probe_1);
    std::printf("  %-22s %8.2f of the first scenario\n", "", rate / base_rate);
  }
}

int cmd_bench(const std::string& scenario, const std::vector<std::string>& also, const std::string& params_opt,
              int max_threads, int reps, double scale) {
  // every scenario is read before anything is timed: a typo fails at once
  for (const std::string& f : also) load_scenario(f);
  Scenario s = load_scenario(scenario);
  Params p = load_params(find_params_dir(params_opt, scenario), &s);
  std::printf("elevsim bench: %s, scale %.2f, %d years, %d replication(s) per thread, %d cores\n", s.name.c_str(),
              scale, s.years, reps, omp_get_num_procs());
  std::printf("rates per second of each thread's CPU time; the probe (one draw, one lookup, one increment per "
              "pupil-year, same pupils) is measured in the same run\n");
  double last_rate = 0, py_per_rep = 0, probe_1 = 0, model_1 = 0, warm_share = 0;
  int last_threads = 1;
  for (int t = 1; t <= max_threads; t *= 2) {
    BenchResult r = run_bench(p, s, t, reps, scale);
    const double probe = r.probe_rate_per_thread();
    if (t == 1) probe_1 = probe, model_1 = r.model_rate_per_thread();
    std::printf("threads %d: %.0f person-years\n", t, r.person_years);
    print_rate("probe", probe, probe);
    print_rate("mental-health core", r.core_rate_per_thread(), probe);
    print_rate("full model", r.model_rate_per_thread(), probe);
    last_rate = r.model_rate_per_thread();
    last_threads = t;
    py_per_rep = r.person_years / (t * reps);
    warm_share = r.seconds_warm / r.seconds_model;
    if (t == 1) {
      std::printf("  thread 0, seconds: synthesis %.3f, init %.3f", r.synthesis_seconds, r.init_seconds);
      for (auto& [name, sec] : r.module_seconds) std::printf(", %s %.3f", name.c_str(), sec);
      std::printf(", results %.3f\n", r.results_seconds);
    }
  }
  std::printf("threads 1, end to end (elevsim run -r %d -t 1: synthesis to run file and summary):\n", reps);
  const double e2e = end_to_end_rate(scenario, params_opt, reps, scale, py_per_rep);
  print_rate("end to end", e2e, probe_1);
  std::printf("  %-22s %8.2f of the full model on 1 thread\n", "", e2e / model_1);
  bench_also(also, p, s, params_opt, reps, scale, probe_1);
  // the headline run of issue 7: full Norway, 1000 replications, baseline plus one scenario
  // with the same parameters, which shares the baseline's synthesis and warm start
  const double headline_py = (2.0 - warm_share) * 1000 * py_per_rep / scale;
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak memory %.0f MB; headline run (full population, %d years, 1000 replications x 2 scenarios) "
              "estimated at %.1f min on %d threads (the second scenario shares the first's warm start: %.0f %% of a "
              "replication)\n",
              ru.ru_maxrss / 1024.0, s.years, headline_py / (last_rate * last_threads) / 60.0, last_threads,
              100 * warm_share);
  return 0;
}

// --budgets 25e6,50e6: a list of positive numbers
std::vector<double> parse_budgets(const std::string& list) {
  std::vector<double> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0') throw InputError("--budgets: expected NOK amounts separated by commas, got \"" + list + "\"");
    out.push_back(v);
  }
  return out;
}

struct OptimiseCli {
  std::string base, out, objective, over = "split", budgets, target, budget_max;
  double budget = NAN;
  bool quiet = false, force = false;
  OptimiseOptions opt;
};

int cmd_optimise(OptimiseCli c, const std::string& params_opt) {
  // everything is checked before anything is simulated or written
  if (!c.target.empty()) {
    std::string objective;
    parse_target(c.target, &objective, &c.opt.limits.target);
    if (!c.objective.empty() && c.objective != objective)
      throw InputError("--target " + c.target + " and --objective " + c.objective + ": the target names the objective");
    c.objective = objective;
    c.opt.limits.has_target = true;
  }
  if (!c.budget_max.empty()) {  // a string, so that "nan" is refused rather than taken for "not given"
    char* end = nullptr;
    c.opt.limits.budget_max = std::strtod(c.budget_max.c_str(), &end);
    if (*end != '\0' || !(c.opt.limits.budget_max > 0) || !std::isfinite(c.opt.limits.budget_max))
      throw InputError("--budget-max: expected NOK per year > 0, got \"" + c.budget_max + "\"");
  }
  c.opt.objective = parse_objective(c.objective.empty() ? "dropouts_avoided" : c.objective);
  c.opt.over = parse_over(c.over);
  if (!std::isnan(c.budget) && !c.budgets.empty()) throw InputError("--budget and --budgets: give one of them");
  if (!std::isnan(c.budget) || !c.budgets.empty())
    c.opt.budgets = c.budgets.empty() ? std::vector<double>{c.budget} : parse_budgets(c.budgets);
  else if (!c.opt.limits.has_target)
    throw InputError("--budget: required (NOK per year, > 0), or --budgets a,b,c, or --target OBJECTIVE=VALUE");
  if (c.opt.limits.has_target) c.opt.marginal = false;  // the target's steps compare budgets, not margins
  Scenario base = load_scenario(c.base);
  validate_optimise(base, c.opt);
  const std::string params_dir = find_params_dir(params_opt, c.base);
  {
    const Params p = load_params(params_dir, &base);
    validate_grants(base.grants, p.population);
    parse_limits(base, p, c.opt);
  }
  check_output_path(c.out, c.force, "-o");
  // the shipped scenarios beside the base: the best is compared with those of the same budget
  std::vector<Scenario> shipped;
  const fs::path dir = fs::path(c.base).has_parent_path() ? fs::path(c.base).parent_path() : fs::path(".");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    try {
      shipped.push_back(load_scenario(f.string()));
    } catch (const InputError&) {
      // not a scenario file (or a broken one): not a comparison
    }
  }
  c.opt.run.progress = !c.quiet && mpi_root();
  if (!c.quiet && mpi_root() && mpi_size() > 1)
    std::fprintf(stderr, "elevsim: %d MPI ranks share each candidate's replications\n", mpi_size());
  const auto t0 = std::chrono::steady_clock::now();
  OptimiseResult r = optimise(base, shipped, params_dir, c.opt);
  if (!mpi_root()) return 0;  // rank 0 holds every replication's datasets and writes
  write_optimisation(r, c.out);
  std::cout << format_optimisation(r, c.out);
  std::printf("(%.1f s)\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return 0;
}

CLI::App* add_optimise_command(CLI::App& app, OptimiseCli& oc) {
  auto* optc = app.add_subcommand(
      "optimise", "search the best split of a grant budget (NLopt COBYLA over paired microsimulation runs)");
  optc->add_option("base", oc.base, "base scenario: years, parameters, recipients; its grants are re-split")->required();
  optc->add_option("--budget", oc.budget, "budget, NOK per year (> 0)");
  optc->add_option("--budgets", oc.budgets, "several budgets, e.g. 25e6,50e6,100e6,200e6: the efficiency frontier");
  optc->add_option("--target", oc.target,
                   "OBJECTIVE=VALUE: the least budget whose best allocation reaches VALUE (e.g. dropouts_avoided=120)");
  optc->add_option("--budget-max", oc.budget_max,
                   "with --target: the most money to consider, NOK per year (default 4 x the base's total)");
  optc->add_option("--target-tolerance", oc.opt.limits.target_tolerance,
                   "with --target: stop when the budget is known within this share of it (default 0.05)");
  optc->add_option("--constraint", oc.opt.limits.constraints,
                   "OUTPUT[county] <= or >= BOUND[@P], checked for every candidate, e.g. \"bup_wait_weeks[county] <= today\", "
                   "\"completion[county] >= base\", \"noncompletion_ses_gap <= base\", \"money[Oslo] >= 5e6\"; @0.9: in 90 % "
                   "of the PSA draws (repeatable; outputs in outputs/README.md)");
  optc->add_option("--risk-quantile", oc.opt.limits.risk_quantile,
                   "maximise this lower quantile of the paired gain over the replications (e.g. 0.1) instead of its mean");
  optc->add_option("--objective", oc.objective,
                   "dropouts_avoided (default), disorder_prevalence, treated, net_benefit or equity_dropouts");
  optc->add_option("--equity-weight", oc.opt.equity_weight, "equity_dropouts: a low-ses dropout avoided counts W times (>= 0)");
  optc->add_option("--over", oc.over, "split (shares of the interventions), counties (allocation among counties) or both");
  optc->add_option("-r,--replications", oc.opt.run.replications, "replications per evaluation")->check(CLI::Range(1, 1000000));
  optc->add_option("-s,--seed", oc.opt.run.seed, "random seed (0 .. 4294967295)");
  optc->add_option("-t,--threads", oc.opt.run.threads, "OpenMP threads (default: all cores)")->check(CLI::Range(1, 1024));
  optc->add_option("--scale", oc.opt.run.scale, "population scale, 0 < s <= 1")->check(CLI::Range(1e-6, 1.0));
  optc->add_option("-e,--evaluations", oc.opt.evaluations,
                   "candidate evaluations of the search per budget, base and seeds included (default 40)")
      ->check(CLI::Range(1, 100000));
  optc->add_flag("--psa,!--no-psa", oc.opt.run.psa, "one shared draw of the uncertain parameters per replication (default on)");
  optc->add_flag("-q,--quiet", oc.quiet, "no progress line");
  optc->add_option("-o,--out", oc.out, "output HDF5 file; OUT.best.toml and OUT.reference.toml beside it")->required();
  optc->add_flag("--force", oc.force, "replace an existing output file");
  return optc;
}

// Every option of every subcommand, filled by CLI11.
struct Args {
  std::string params_dir;
  std::vector<std::string> files;  // run
  RunOptions opt;
  std::string out, range;
  bool quiet = false;
  bool ladder = false;  // run: the effect ladder into /ladder
  bool force = false;  // run, merge, report, export: replace an existing output
  CheckpointOptions ck;
  std::vector<std::string> shards;  // merge
  std::string merged;
  std::string h5file, cmp_file;  // summary, compare
  bool write = false;            // calibrate
  std::string bench_scenario = "scenarios/baseline.toml";
  std::vector<std::string> bench_also;
  int bench_threads = omp_get_num_procs(), bench_reps = 2;
  double bench_scale = 1.0;
  std::string report_in, report_out, report_lang = "nb";
  std::string export_in, export_dir;
  std::string val_file, val_scenario;
  OptimiseCli optimise;
#ifdef ELEVSIM_HAVE_SERVE
  ServeOptions serve;
#endif
};

struct Commands {
  CLI::App *run, *merge, *summary, *cmp, *cal, *bench, *report, *exp, *val, *optimise, *serve;
};

#ifdef ELEVSIM_HAVE_SERVE
CLI::App* add_serve_command(CLI::App& app, ServeOptions& s) {
  auto* c = app.add_subcommand("serve", "a planners' workbench in the browser over the same engine (prints the address to open)");
  c->add_option("--port", s.port, "TCP port (default 8765; 0: any free port)")->check(CLI::Range(0, 65535));
  c->add_option("--host", s.host, "address to listen on (default 127.0.0.1: this machine only)");
  c->add_option("--data", s.data, "the folder the server writes: saved scenarios and finished runs (default outputs/serve)");
  c->add_option("--scenarios", s.scenarios_dir, "the shipped scenarios offered read-only (default: scenarios/ beside the parameters)");
  c->add_option("--max-work", s.max_work, "limit on replications x scale x scenarios of one run (default 100)")->check(CLI::Range(0.0, 1e9));
  c->add_option("--max-optimise-work", s.max_optimise_work, "the same for an optimisation, over its evaluations (default 400)")->check(CLI::Range(0.0, 1e9));
  c->add_option("--max-jobs", s.max_jobs, "runs queued or running at once (default 4)")->check(CLI::Range(1, 1000));
  c->add_option("--port-file", s.port_file, "write the address to this file once listening (for scripts)");
  return c;
}
#endif

constexpr const char* kForceHelp = "replace the output if it exists (without it, an existing output is refused)";

CLI::App* add_run_command(CLI::App& app, Args& a) {
  auto* run = app.add_subcommand("run", "run scenarios (the first is the reference) and write HDF5");
  run->add_option("scenarios", a.files, "scenario TOML files")->required();
  run->add_option("-r,--replications", a.opt.replications, "Monte Carlo replications")->check(CLI::Range(1, 1000000));
  run->add_option("-s,--seed", a.opt.seed, "random seed (0 .. 4294967295)");
  run->add_option("-t,--threads", a.opt.threads, "OpenMP threads (default: all cores)")->check(CLI::Range(1, 1024));
  run->add_option("--scale", a.opt.scale, "population scale, 0 < s <= 1")->check(CLI::Range(1e-6, 1.0));
  run->add_option("-o,--out", a.out, "output HDF5 file (default: outputs/<first scenario>.h5)");
  run->add_flag("-q,--quiet", a.quiet, "no progress bar or summary");
  run->add_flag("--force", a.force, kForceHelp);
  run->add_flag("--psa,!--no-psa", a.opt.psa,
                "probabilistic sensitivity analysis: one draw of the uncertain parameters per replication, shared by "
                "all scenarios (default on)");
  run->add_option("--replication-range", a.range,
                  "run only the global replications A .. B-1 of the --replications (a shard for `elevsim merge`)");
  run->add_option("--checkpoint-every", a.ck.every,
                  "replications between checkpoints in OUT.checkpoint/, which --resume continues from (0: none). "
                  "Default: on one process none, and results stream to OUT as replications finish (memory stays "
                  "flat); under MPI about every 5 minutes, none for runs under 5 minutes")
      ->check(CLI::Range(0, 1000000));
  run->add_flag("--resume", a.ck.resume, "continue from OUT.checkpoint/ of an interrupted run of the same inputs");
  run->add_flag("--ladder", a.ladder,
                "also run the effect ladder: 10 MNOK a year to each intervention in turn, per capita, on top of the "
                "first scenario, at the run's seed, replications, scale and PSA draws; written to /ladder, shown by "
                "validate and report");
  return run;
}

Commands add_commands(CLI::App& app, Args& a) {
  Commands c{};
  c.run = add_run_command(app, a);
  c.merge = app.add_subcommand("merge", "join shards written with --replication-range into one run file");
  c.merge->add_option("shards", a.shards, "shard files of one run")->required();
  c.merge->add_option("-o,--out", a.merged, "merged output file")->required();
  c.merge->add_flag("--force", a.force, kForceHelp);
  c.summary = app.add_subcommand("summary", "print headline figures of a finished run");
  c.summary->add_option("file", a.h5file, "HDF5 file written by elevsim run")->required();
  c.cmp = app.add_subcommand("compare", "print each scenario's paired differences from the reference");
  c.cmp->add_option("file", a.cmp_file, "HDF5 file written by elevsim run")->required();
  c.val = app.add_subcommand("validate",
                             "print every calibration target and evidence check against a finished run; exit 0 "
                             "when all hold, 1 when any fails (named), 2 on bad input");
  c.val->add_option("file", a.val_file, "HDF5 file written by elevsim run")->required();
  c.val->add_option("--scenario", a.val_scenario, "scenario to check (default: the run's reference scenario)");
  c.cal = app.add_subcommand("calibrate", "fit the transition coefficients to params/targets.toml");
  c.cal->add_flag("--write", a.write, "write the fitted coefficients to params/calibrated.toml");
  c.bench = app.add_subcommand("bench", "person-years per second per thread on the full population");
  c.bench->add_option("scenario", a.bench_scenario, "scenario to time");
  c.bench->add_option("-t,--threads", a.bench_threads, "largest thread count to try")->check(CLI::Range(1, 1024));
  c.bench->add_option("-r,--replications", a.bench_reps, "replications per thread")->check(CLI::Range(1, 1000));
  c.bench->add_option("--scale", a.bench_scale, "population scale")->check(CLI::Range(1e-6, 1.0));
  c.bench->add_option("--also", a.bench_also,
                      "further scenarios (e.g. grant scenarios), each timed on 1 thread against the first");
  c.report = app.add_subcommand("report", "write a self-contained HTML report of a finished run");
  c.report->add_option("file", a.report_in, "HDF5 file written by elevsim run")->required();
  c.report->add_option("--lang", a.report_lang, "language: nb (Norwegian bokmål) or en (English)")
      ->check(CLI::IsMember({"nb", "en"}));
  c.report->add_option("-o,--out", a.report_out, "HTML file to write (default: the HDF5 file's name with .html)");
  c.report->add_flag("--force", a.force, kForceHelp);
  c.exp = app.add_subcommand("export", "write a finished run as tidy CSV for analysts");
  c.exp->add_option("file", a.export_in, "HDF5 file written by elevsim run")->required();
  c.exp->add_option("--csv", a.export_dir, "folder for the CSV files (created if missing)")->required();
  c.optimise = add_optimise_command(app, a.optimise);
  c.exp->add_flag("--force", a.force, "replace CSV files of an earlier export in the folder");
#ifdef ELEVSIM_HAVE_SERVE
  c.serve = add_serve_command(app, a.serve);
#endif
  return c;
}

int cmd_run(const Args& a) {
  RunOptions opt = a.opt;
  if (!a.range.empty()) parse_replication_range(a.range, opt);
  std::vector<Scenario> scenarios;
  for (auto& f : a.files) scenarios.push_back(load_scenario(f));
  const std::string params_dir = find_params_dir(a.params_dir, a.files.at(0));
  const std::string out = a.out.empty() ? "outputs/" + scenarios[0].name + ".h5" : a.out;
  check_output_path(out, a.force, "--out");  // before any work, not after it
  opt.progress = !a.quiet && mpi_root();
  const auto t0 = std::chrono::steady_clock::now();
  // The one plan of this run, checked here before anything is simulated; every
  // executor below takes it as it is.
  RunPlan plan = make_plan(std::move(scenarios), params_dir, opt);
  plan.out = out;
  plan.checkpoint = a.ck;
  plan.ranks = mpi_size();
  if (!a.quiet && mpi_root() && plan.ranks > 1)
    std::fprintf(stderr, "elevsim: %d MPI ranks x %d OpenMP threads\n", plan.ranks, plan.threads());
  if (a.ladder) {
    // the rungs are paired with the whole run's reference: a shard has only part of it
    if (opt.replication_begin != 0 || opt.rep_end() != opt.replications)
      throw InputError("--ladder: needs the whole run, not a --replication-range shard");
    if (!a.quiet && mpi_root()) std::fprintf(stderr, "elevsim: effect ladder (reference + 6 rungs)\n");
    if (mpi_root()) plan.ladder = run_ladder(plan);
  }
  if (plan.streams())
    run_streamed(plan);
  else
    run_checkpointed(plan);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet && mpi_root()) {
    std::cout << format_summary(read_run_info(out), headline_indicators(out));
    if (!read_comparisons(out).empty())
      std::printf("\n(`elevsim compare %s` prints the comparison table with cost per dropout avoided and net "
                  "benefit)\n", out.c_str());
    std::printf("\nwrote %s (%.1f s)\n", out.c_str(), secs);
  }
  return 0;
}

int cmd_report(Args& a) {
#ifdef ELEVSIM_HAVE_REPORT
  if (a.report_out.empty()) a.report_out = fs::path(a.report_in).replace_extension(".html").string();
  write_report(a.report_in, a.report_out, parse_lang(a.report_lang), a.params_dir, a.force);
  std::printf("wrote %s\n", a.report_out.c_str());
  return 0;
#else
  (void)a;
  throw InputError("report: this elevsim was built without the HTML report (it needs npm at build time: "
                   "install nodejs and npm, then configure with -DELEVSIM_REPORT=ON)");
#endif
}

int cmd_compare(const std::string& file) {
  const RunInfo info = read_run_info(file);
  const auto inds = read_comparisons(file);
  if (inds.empty()) {
    std::cout << "no comparisons: the run has a single scenario\n";
    return 0;
  }
  std::cout << format_comparisons(info, inds) << format_decision(read_decision(file));
  return 0;
}

int cmd_validate(const Args& a) {
  const Validation v = validate_run(a.val_file, a.val_scenario, find_params_dir(a.params_dir, ""));
  std::cout << format_validation(v) << format_ladder(read_ladder(a.val_file));
  return v.failing().empty() ? 0 : 1;
}

int dispatch(const Commands& c, Args& a) {
  install_cleanup_handlers();  // SIGINT/SIGTERM/SIGHUP remove temporary files
  if (*c.optimise) return cmd_optimise(a.optimise, a.params_dir);
#ifdef ELEVSIM_HAVE_SERVE
  if (*c.serve) {
    a.serve.params_dir = a.params_dir;
    return serve(a.serve);
  }
#endif
  if (*c.run) return cmd_run(a);
  if (*c.merge) {
    check_output_path(a.merged, a.force, "-o");
    merge_shards(a.shards, a.merged);
    std::printf("wrote %s from %zu shard(s)\n", a.merged.c_str(), a.shards.size());
    return 0;
  }
  if (*c.summary) {
    std::cout << format_summary(read_run_info(a.h5file), headline_indicators(a.h5file));
    return 0;
  }
  if (*c.report) return cmd_report(a);
  if (*c.exp) {
    for (const std::string& f : export_csv(a.export_in, a.export_dir, a.force)) std::printf("wrote %s\n", f.c_str());
    return 0;
  }
  if (*c.cal) return cmd_calibrate(a.params_dir, a.write);
  if (*c.val) return cmd_validate(a);
  if (*c.cmp) return cmd_compare(a.cmp_file);
  if (*c.bench)
    return cmd_bench(a.bench_scenario, a.bench_also, a.params_dir, a.bench_threads, a.bench_reps, a.bench_scale);
  return 0;
}

int run_main(int argc, char** argv) {
  CLI::App app{"elevsim: microsimulation of Norwegian pupils' mental health, school completion and help services"};
  app.set_version_flag("--version", std::string("elevsim ") + kEngineVersion);
  app.require_subcommand(1);
  Args args;
  app.add_option("--params", args.params_dir, "parameter directory (default: ../params beside the scenario, or ./params)");
  const Commands commands = add_commands(app, args);
  CLI11_PARSE(app, argc, argv);
  struct MpiScope {
    MpiScope(int* c, char*** v) { mpi_start(c, v); }
    ~MpiScope() { mpi_stop(); }
  } mpi(&argc, &argv);
  try {
    return dispatch(commands, args);
  } catch (const PeerFailed&) {
    return 2;  // the rank that failed has said why
  } catch (const InputError& e) {
    if (mpi_root()) std::fprintf(stderr, "elevsim: error: %s\n", e.what());  // every rank read the same input
    return 2;
  } catch (const std::exception& e) {
    if (mpi_size() > 1) std::fprintf(stderr, "elevsim: error (MPI rank %d): %s\n", mpi_rank(), e.what());
    else std::fprintf(stderr, "elevsim: error: %s\n", e.what());
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int rc = run_main(argc, argv);
  if (h5::close_failed()) {
    // a file HDF5 could not close (disk full): its exit handler would crash on it
    std::fflush(nullptr);
    std::_Exit(rc);
  }
  return rc;
}
