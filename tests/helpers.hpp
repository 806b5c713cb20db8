#pragma once
// Shared helpers for the engine tests.
#include <unistd.h>

#include <cmath>
#include <functional>
#include <filesystem>
#include <string>
#include <vector>

#include "runner.hpp"
#include "scenario.hpp"

namespace elevsim::test {

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
  return run_scenarios({s}, params_dir(), o);
}

inline const Dataset& dataset(const RunResult& r, const std::string& name, int scenario = 0) {
  for (const Dataset& d : r.scenarios.at(scenario).datasets)
    if (d.name == name) return d;
  throw std::runtime_error("no dataset " + name);
}

// Sum of a core dataset (replication, year, county, sex, ses, grade) for one
// replication and year over grades [g0, g1], optionally one sex / ses.
inline double core_sum(const RunResult& r, const Dataset& d, int rep, int year, int g0, int g1, int sex = -1,
                       int ses = -1) {
  const int Y = r.years, C = static_cast<int>(r.county_names.size());
  double s = 0;
  for (int c = 0; c < C; ++c)
    for (int x = 0; x < 2; ++x) {
      if (sex >= 0 && x != sex) continue;
      for (int e = 0; e < 3; ++e) {
        if (ses >= 0 && e != ses) continue;
        for (int g = g0; g <= g1; ++g)
          s += d.values[(((((static_cast<size_t>(rep) * Y + year) * C + c) * 2 + x) * 3 + e) * 13) + (g - 1)];
      }
    }
  return s;
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
