#pragma once
// Calibration: fits the free coefficients of params/calibrated.toml to the
// targets of params/targets.toml on the expected-value twin (no sampling), by
// Levenberg-Marquardt (Eigen's unsupported NonLinearOptimization module).
#include <string>
#include <vector>

#include "model_params.hpp"

namespace elevsim {

struct Target {
  std::string group;  // "mental_health" (fitted on the twin) or "schooling" (on the microsimulation)
  std::string key, source;
  double value = 0;      // what the sources say
  double fitted = 0;     // what the model gives
  std::string fits;      // the coefficient it pins down
};

struct CalibrationResult {
  std::vector<Target> targets;
  MentalHealthParams fitted;
  SchoolingParams fitted_schooling;
  int iterations = 0, school_iterations = 0;
  bool converged = false, school_converged = false;
};

struct SchoolCalibrationOptions {
  int replications = 4;
  double scale = 0.5;
  int years = 8;  // three complete entry cohorts
  uint32_t seed = 1;
  int max_iterations = 40;
  bool skip = false;  // no microsimulation: neither schooling nor the twin's treatment
  // the twin's treated shares: rounds of measuring them on the microsimulation
  // (warm start, then this many reported years) and refitting the twin
  int treatment_rounds = 2;
  int treatment_years = 3;
};

std::vector<Target> read_targets(const std::string& params_dir);
// Evaluates every target on the twin for the given parameters.
void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets);
CalibrationResult calibrate(const Params& p, std::vector<Target> targets, const SchoolCalibrationOptions& so = {});
// School figures of the microsimulation for given parameters (same settings as calibration).
void evaluate_school_targets(const Params& p, std::vector<Target>& targets, const SchoolCalibrationOptions& so = {});
// The text of params/calibrated.toml for a fit.
std::string calibrated_toml(const CalibrationResult& r);

}  // namespace elevsim
