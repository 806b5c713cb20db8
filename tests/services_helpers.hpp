#pragma once
// Helpers for tests of help-seeking and services: scenarios written on the
// fly (so a test can override parameters the way a user would) and sums over
// the service datasets.
#include <fstream>

#include "helpers.hpp"

namespace elevsim::test {

// Runs one or more scenario texts (each a complete scenario file) together,
// so they share seeds and common random numbers.
inline RunResult run_texts(const std::vector<std::string>& texts, int reps, uint32_t seed, double scale, int years,
                           const std::string& params = params_dir(), int threads = 0) {
  TempDir tmp;
  std::vector<Scenario> scen;
  int n = 0;
  for (const std::string& t : texts) {
    const auto path = tmp.path / ("s" + std::to_string(n++) + ".toml");
    std::ofstream(path) << t;
    Scenario s = load_scenario(path.string());
    s.years = years;
    scen.push_back(std::move(s));
  }
  return run_in_memory(make_plan(std::move(scen), params, run_options(reps, seed, scale, threads)));
}

inline std::string scenario_text(const std::string& name, const std::string& params_toml = "") {
  return "name = \"" + name + "\"\n" + (params_toml.empty() ? "" : params_toml + "\n");
}

// The baseline with help-seeking and services switched off: no treatment, so
// the mental-health process is the calibrated one the twin describes.
inline const char* kServicesOff = "[params.services]\nenabled = false\n";

// Sum of a (replication, year, county, sex, ses, grade, service) dataset for one
// replication, year and service over grades [g0, g1]; county / sex -1 = all.
inline double svc_sum(const RunResult& r, const Dataset& d, int rep, int year, int service, int g0, int g1,
                      int county = -1, int sex = -1) {
  const int Y = r.years, C = static_cast<int>(r.county_names.size()), K = 4;
  double s = 0;
  for (int c = 0; c < C; ++c) {
    if (county >= 0 && c != county) continue;
    for (int x = 0; x < 2; ++x) {
      if (sex >= 0 && x != sex) continue;
      for (int e = 0; e < 3; ++e)
        for (int g = g0; g <= g1; ++g)
          s += d.values[((((((static_cast<size_t>(rep) * Y + year) * C + c) * 2 + x) * 3 + e) * 13) + (g - 1)) * K +
                        service];
    }
  }
  return s;
}

// A (replication, year, county, service) dataset's value.
inline double small_at(const RunResult& r, const Dataset& d, int rep, int year, int county, int service) {
  const int Y = r.years, C = static_cast<int>(r.county_names.size()), K = 4;
  return d.values[((static_cast<size_t>(rep) * Y + year) * C + county) * K + service];
}

}  // namespace elevsim::test
