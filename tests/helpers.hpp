#pragma once
// Shared helpers for the engine tests.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interventions.hpp"
#include "query.hpp"
#include "runner.hpp"
#include "scenario.hpp"

namespace elevsim::test {

// A whole file as text ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string source_dir() { return ELEVSIM_SOURCE_DIR; }
inline std::string params_dir() { return source_dir() + "/params"; }
inline std::string baseline_path() { return source_dir() + "/scenarios/baseline.toml"; }

inline RunOptions run_options(int reps, uint32_t seed, double scale, int threads = 0) {
  RunOptions o;
  o.replications = reps;
  o.seed = seed;
  o.scale = scale;
  o.threads = threads;
  return o;
}

inline RunResult run_baseline(int reps, uint32_t seed, double scale, int threads = 0, int years = 10) {
  Scenario s = load_scenario(baseline_path());
  s.years = years;
  return run_in_memory(make_plan({s}, params_dir(), run_options(reps, seed, scale, threads)));
}

// The baseline on the full population, seed 20250101, 10 years: one run in a process, shared by
// the acceptance checks tagged [full_population] (tests/CMakeLists.txt runs them in one process).
inline constexpr int kFullPopulationReplications = 20;
inline const RunResult& full_population_baseline() {
  static const RunResult run = run_baseline(kFullPopulationReplications, 20250101u, 1.0);
  return run;
}

inline const Dataset& dataset(const RunResult& r, const std::string& name, int scenario = 0) {
  for (const Dataset& d : r.scenarios.at(scenario).datasets)
    if (d.name == name) return d;
  throw std::runtime_error("no dataset " + name);
}

// Sum of a core dataset for one replication and year over grades [g0, g1],
// optionally one sex / ses (the engine's core_sum, in the tests' argument order).
inline double core_sum(const RunResult&, const Dataset& d, int rep, int year, int g0, int g1, int sex = -1,
                       int ses = -1) {
  return elevsim::core_sum(d, rep, year, g0, g1, sex, ses);
}

struct MeanSe {
  double mean = 0, se = 0;
};
inline MeanSe mean_se(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  m /= v.size();
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / (v.size() - 1) / v.size())};
}

// A scratch directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("elevsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

// A scenario file NAME.toml in `dir` that starts in 2025 and runs `years`, with `body` (TOML) after its [run] table.
inline std::string scenario_path(const TempDir& dir, const std::string& name, const std::string& body = "",
                                 int years = 10) {
  const std::string path = (dir.path / (name + ".toml")).string();
  std::ofstream(path) << "name = \"" << name << "\"\n[run]\nstart_year = 2025\nyears = " << years << "\n" << body;
  return path;
}
inline Scenario scenario_file(const TempDir& dir, const std::string& name, const std::string& body = "",
                              int years = 10) {
  return load_scenario(scenario_path(dir, name, body, years));
}

// One [[grant]] of a scenario file: allocation rule, budget (NOK a year), the split
// between interventions (TOML lines) and any further keys of the grant.
inline std::string grant(const std::string& rule, double budget, const std::string& split,
                         const std::string& extra = "") {
  return "\n[[grant]]\nname = \"g\"\nbudget_nok = " + std::to_string(static_cast<long>(budget)) +
         "\nallocation = \"" + rule + "\"\n" + extra + "\n[grant.split]\n" + split + "\n";
}

// The spending plan (seed 1, replication 0) of a scenario NAME holding `grants`.
inline Spending plan_grants(const Params& p, const InterventionValues& v, const std::string& name,
                            const std::string& grants) {
  TempDir dir;
  return plan_spending(p, scenario_file(dir, name, grants), v, 1u, 0u);
}

// Every dataset of `b` the same as `a`'s to the bit.
inline void check_bit_identical(const std::vector<Dataset>& a, const std::vector<Dataset>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    INFO(a[k].name);
    CHECK(a[k].name == b[k].name);
    REQUIRE(a[k].values.size() == b[k].values.size());
    CHECK(std::memcmp(a[k].values.data(), b[k].values.data(), a[k].values.size() * sizeof(double)) == 0);
  }
}

// What a command line of the elevsim binary returned and printed.
struct CliOutcome {
  int status = 0;
  std::string out, err;
};
// Runs `elevsim ARGS` through the shell, its output captured in files in `dir`.
inline CliOutcome elevsim_cli(const std::string& args, const std::filesystem::path& dir) {
  const std::filesystem::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const int rc = std::system((std::string(ELEVSIM_BINARY) + " " + args + " > " + out.string() + " 2> " +
                              err.string()).c_str());
  return {WEXITSTATUS(rc), slurp(out), slurp(err)};
}

}  // namespace elevsim::test
