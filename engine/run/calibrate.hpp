#pragma once
// Calibration: fits the free coefficients of params/calibrated.toml to the
// targets of params/targets.toml on the expected-value twin (no sampling), by
// Levenberg-Marquardt (Eigen's unsupported NonLinearOptimization module).
#include <array>
#include <string>
#include <vector>

#include "model_params.hpp"
#include "school_targets.hpp"
#include "schooling_params.hpp"

namespace elevsim {

struct CalibrationResult {
  std::vector<Target> targets;
  MentalHealthParams fitted;
  SchoolingParams fitted_schooling;
  std::vector<std::string> county_names;
  int iterations = 0, school_iterations = 0;
  bool converged = false, school_converged = false;
};

// How the coefficients are fitted: the [calibration] table of
// params/targets.toml (read_calibration_settings); the schooling coefficients
// on the microsimulation, the mental-health ones on the twin.
struct SchoolCalibrationOptions {
  int replications = 0;
  double scale = 0;
  int years = 0;
  uint32_t seed = 0;
  int max_iterations = 0;
  bool skip = false;  // no microsimulation: neither schooling nor the twin's treatment
  double damping = 0;           // share of each schooling step taken (the coefficients interact)
  double school_tolerance = 0;  // converged when every national target is this close (relative)
  double county_gap_pp = 0;     // and every county target this close (pp)
  std::array<double, 2> county_share_bounds{};  // a county's target share is kept inside these
  // the twin's Levenberg-Marquardt: tolerances and most function evaluations
  double twin_xtol = 0, twin_ftol = 0;
  int twin_max_evaluations = 0;
  // the twin's treated shares: rounds of measuring them on the microsimulation
  // (warm start, then this many reported years) and refitting the twin
  int treatment_rounds = 0;
  int treatment_years = 0;
};

// Every target of params/targets.toml; county groups need the county names.
std::vector<Target> read_targets(const std::string& params_dir);
SchoolCalibrationOptions read_calibration_settings(const std::string& params_dir);
// Evaluates every target on the twin for the given parameters.
void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets);
CalibrationResult calibrate(const Params& p, std::vector<Target> targets, const SchoolCalibrationOptions& so);
// School figures of the microsimulation for given parameters (same settings as calibration).
void evaluate_school_targets(const Params& p, std::vector<Target>& targets, const SchoolCalibrationOptions& so);
// The text of params/calibrated.toml for a fit.
std::string calibrated_toml(const CalibrationResult& r);

}  // namespace elevsim
