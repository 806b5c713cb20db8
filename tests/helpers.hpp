#pragma once
// Shared helpers for the engine tests.
#include <unistd.h>

#include <cmath>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

inline RunResult run_baseline(int reps, uint32_t seed, double scale, int threads = 0, int years = 10) {
  Scenario s = load_scenario(baseline_path());
  s.years = years;
  RunOptions o;
  o.replications = reps;
  o.seed = seed;
  o.scale = scale;
  o.threads = threads;
  return run_in_memory(make_plan({s}, params_dir(), o));
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

}  // namespace elevsim::test
