#pragma once
// `elevsim validate`: every calibration target of params/targets.toml and every
// evidence check of params/validation.toml against one scenario of a finished
// run, with the run's mean and 95 % interval over replications, and whether it
// holds (the mean lies in the accepted band).
#include <cmath>
#include <string>
#include <vector>

#include "summary.hpp"

namespace elevsim {

struct Check {
  std::string section;  // "targets" (params/targets.toml), "county_completion" or "evidence" (params/validation.toml)
  std::string key, label, label_nb, source, note;  // label_nb: the label in bokmål, for the report
  std::string figure;  // the run figure (RunFigures::get)
  std::string scenario, county;  // a check of one scenario (judged when the run holds it) and county; "" = any
  double target = NAN;  // a point value, or NaN for a band only
  double lo = -INFINITY, hi = INFINITY;  // accepted band for the run's mean
  bool judged = true;   // false: shown beside its reference, not counted
  Indicator run;        // unit, per-replication values, mean, 95 % interval
  bool measured = false, holds = false;
  bool absent = false;  // its scenario is not in the run
};

struct Validation {
  std::string path, scenario, params_dir;
  long replications = 0;
  std::vector<Check> checks;
  std::vector<std::string> failing() const;  // keys of judged checks that do not hold
};

// Reads the checks (InputError with file:line for malformed files) without a run.
std::vector<Check> read_checks(const std::string& params_dir);
// scenario "" = the run's reference scenario.
Validation validate_run(const std::string& path, const std::string& scenario, const std::string& params_dir);
std::string format_validation(const Validation& v);

}  // namespace elevsim
