#include "calibrate.hpp"

#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "input_error.hpp"
#include "runner.hpp"
#include "school_targets.hpp"
#include "toml_reader.hpp"
#include "twin.hpp"

namespace elevsim {

namespace {

// The free coefficients, in the order of the targets they are paired with.
struct Free {
  const char* target;
  const char* coefficient;
  double MentalHealthParams::*field;
};
const Free kFree[] = {
    {"prevalence_any", "onset_shift", &MentalHealthParams::onset_shift},
    {"prevalence_disorder", "worsening_shift", &MentalHealthParams::worsening_shift},
    {"disorder_ratio_low_middle_grades_1_3", "ses_low", &MentalHealthParams::ses_low},
    {"any_ratio_girls_boys_grades_11_13", "female_adolescent", &MentalHealthParams::female_adolescent},
    {"persistence_any_2_5_years", "remission_shift", &MentalHealthParams::remission_shift},
};

// cells are ((sex * kSes + ses) * kBackgrounds + bg) * 2 + cw (cell_of)
constexpr int kCellsPerSes = kBackgrounds * 2, kCellsPerSex = kSes * kCellsPerSes;
bool ses_low(int c) { return (c / kCellsPerSes) % kSes == 0; }
bool ses_mid(int c) { return (c / kCellsPerSes) % kSes == 1; }
bool girls(int c) { return c / kCellsPerSex == 0; }
bool boys(int c) { return c / kCellsPerSex == 1; }

double evaluate(const std::string& key, const Twin& tw, const std::array<double, kCells>& w) {
  const unsigned any = 0b110, dis = 0b100;
  if (key == "prevalence_any") return twin_share(tw, w, 1, kGrades, any);
  if (key == "prevalence_disorder") return twin_share(tw, w, 1, kGrades, dis);
  if (key == "disorder_ratio_low_middle_grades_1_3")
    return twin_share(tw, w, 1, 3, dis, ses_low) / twin_share(tw, w, 1, 3, dis, ses_mid);
  if (key == "any_ratio_girls_boys_grades_11_13")
    return twin_share(tw, w, kVg1Grade, kGrades, any, girls) / twin_share(tw, w, kVg1Grade, kGrades, any, boys);
  // "about 2.5 years later": the mean of 2 and 3 years after grade 1
  if (key == "persistence_any_2_5_years") return 0.5 * (twin_persistence(tw, w, 1, 2) + twin_persistence(tw, w, 1, 3));
  throw InputError("unknown calibration target " + key);
}

// The functor shape Eigen's NumericalDiff and LevenbergMarquardt expect.
struct Functor {
  using Scalar = double;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  const Params& p;
  const std::vector<Target>& targets;
  std::array<double, kCells> w;
  Functor(const Params& p, const std::vector<Target>& t)
      : p(p), targets(t), w(population_cell_weights(p.population)) {}
  int inputs() const { return static_cast<int>(targets.size()); }
  int values() const { return static_cast<int>(targets.size()); }
  MentalHealthParams with(const Eigen::VectorXd& x) const {
    MentalHealthParams mh = p.mental_health;
    for (size_t k = 0; k < targets.size(); ++k) mh.*(kFree[k].field) = x[k];
    return mh;
  }
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& fvec) const {
    Twin tw = run_twin(with(x));
    // relative gaps, so that a ratio of 5 and a share of 0.08 weigh alike
    for (size_t k = 0; k < targets.size(); ++k)
      fvec[k] = evaluate(targets[k].key, tw, w) / targets[k].value - 1.0;
    return 0;
  }
};

// School coefficients: each is moved towards its target by the gap measured
// on the microsimulation (common random numbers keep the objective smooth),
// in the scale where the response is roughly linear.
enum class Scale { Logit, Log, Linear };
struct SchoolFree {
  const char* target;
  const char* coefficient;
  double SchoolingParams::*field;
  Scale scale;
  double gain;  // sign: how the coefficient moves the figure
};
const SchoolFree kSchoolFree[] = {
    {"vocational_share", "choice_intercept", &SchoolingParams::choice_intercept, Scale::Logit, 1.0},
    {"vocational_share_boys", "choice_male", &SchoolingParams::choice_male, Scale::Logit, 1.0},
    {"exit_after_vg1", "leave_vg1_shift", &SchoolingParams::leave_vg1_shift, Scale::Logit, 1.0},
    {"exit_after_vg2", "leave_vg2_shift", &SchoolingParams::leave_vg2_shift, Scale::Logit, 1.0},
    {"completion", "leave_late_shift", &SchoolingParams::leave_late_shift, Scale::Logit, -2.0},
    {"completion_boys", "leave_male", &SchoolingParams::leave_male, Scale::Logit, -1.5},
    {"completion_vocational", "leave_vocational", &SchoolingParams::leave_vocational, Scale::Logit, -1.5},
    {"noncompletion_ratio_low_high", "leave_ses_low", &SchoolingParams::leave_ses_low, Scale::Log, 1.2},
    {"completion_gap_immigrant", "leave_immigrant", &SchoolingParams::leave_immigrant, Scale::Linear, 4.0},
    {"noncompletion_ratio_disorder", "leave_disorder", &SchoolingParams::leave_disorder, Scale::Log, 1.5},
};

double logit(double p) { return std::log(p / (1 - p)); }

double step_for(const SchoolFree& f, double target, double model) {
  switch (f.scale) {
    case Scale::Logit: return (logit(target) - logit(model)) / f.gain;
    case Scale::Log: return std::log(target / model) / f.gain;
    case Scale::Linear: return (target - model) * f.gain;
  }
  return 0;
}

SchoolFigures run_school(const Params& p, const SchoolCalibrationOptions& so) {
  ScenarioResult sr;
  sr.scenario.name = "calibration";
  sr.scenario.years = so.years;
  sr.params = p;
  RunOptions o;
  o.replications = so.replications;
  o.scale = so.scale;
  o.seed = so.seed;
  RunResult r = run_prepared({sr}, o);
  return school_figures(r.scenarios[0]);
}

}  // namespace

void evaluate_school_targets(const Params& p, std::vector<Target>& targets, const SchoolCalibrationOptions& so) {
  auto figs = run_school(p, so).by_key();
  for (Target& t : targets)
    if (t.group == "schooling") t.fitted = figs.at(t.key);
}

std::vector<Target> read_targets(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "targets.toml").string();
  toml::table root = parse_toml_file(path);
  TomlTable t(root, path, "");
  std::vector<Target> out;
  // each group's targets, in the order of its free coefficients
  auto group = [&](const char* name, const auto& free) {
    TomlTable g = t.table(name);
    for (const auto& f : free) {
      TomlTable e = g.table(f.target);
      out.push_back({name, f.target, e.string("source"), e.number("value", 1e-6, 100), 0, f.coefficient});
      e.finish();
    }
    g.finish();
  };
  group("mental_health", kFree);
  group("schooling", kSchoolFree);
  (void)t.table("calibration");  // read_calibration_settings
  t.finish();
  return out;
}

SchoolCalibrationOptions read_calibration_settings(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "targets.toml").string();
  toml::table root = parse_toml_file(path);
  TomlTable c = TomlTable(root, path, "").table("calibration");
  SchoolCalibrationOptions so;
  so.replications = static_cast<int>(c.integer("replications", 1, 1000));
  so.scale = c.number("scale", 0.01, 1);
  so.years = static_cast<int>(c.integer("years", 1, 50));
  so.seed = static_cast<uint32_t>(c.integer("seed", 0, 4294967295));
  so.max_iterations = static_cast<int>(c.integer("max_iterations", 1, 1000));
  c.finish();
  return so;
}

void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets) {
  Twin tw = run_twin(mh);
  auto w = population_cell_weights(p.population);
  for (Target& t : targets)
    if (t.group == "mental_health") t.fitted = evaluate(t.key, tw, w);
}

CalibrationResult calibrate(const Params& p, std::vector<Target> all, const SchoolCalibrationOptions& so) {
  std::vector<Target> targets, school;
  for (const Target& t : all) (t.group == "mental_health" ? targets : school).push_back(t);
  Functor f(p, targets);
  Eigen::NumericalDiff<Functor> nd(f);
  Eigen::LevenbergMarquardt<Eigen::NumericalDiff<Functor>> lm(nd);
  Eigen::VectorXd x(targets.size());
  for (size_t k = 0; k < targets.size(); ++k) x[k] = p.mental_health.*(kFree[k].field);
  lm.parameters.xtol = 1e-12;
  lm.parameters.ftol = 1e-14;
  lm.parameters.maxfev = 4000;
  auto status = lm.minimize(x);
  CalibrationResult r;
  r.fitted = f.with(x);
  r.iterations = static_cast<int>(lm.iter);
  r.converged = status == Eigen::LevenbergMarquardtSpace::RelativeReductionTooSmall ||
                status == Eigen::LevenbergMarquardtSpace::RelativeErrorTooSmall ||
                status == Eigen::LevenbergMarquardtSpace::RelativeErrorAndReductionTooSmall;
  evaluate_targets(p, r.fitted, targets);
  r.targets = targets;

  // Schooling, on the microsimulation with the fitted mental-health model.
  Params q = p;
  q.mental_health = r.fitted;
  r.fitted_schooling = q.schooling;
  if (!so.skip && !school.empty()) {
    for (int it = 0; it < so.max_iterations; ++it) {
      auto figs = run_school(q, so).by_key();
      double worst = 0;
      for (size_t k = 0; k < school.size(); ++k) {
        const SchoolFree& fr = kSchoolFree[k];
        const double m = figs.at(fr.target);
        school[k].fitted = m;
        worst = std::max(worst, std::abs(m / school[k].value - 1));
        // damped: the coefficients interact
        q.schooling.*(fr.field) += 0.7 * step_for(fr, school[k].value, m);
      }
      r.school_iterations = it + 1;
      if (worst < 0.006) {
        // undo the last (unneeded) move so the written values are the ones measured
        for (size_t k = 0; k < school.size(); ++k)
          q.schooling.*(kSchoolFree[k].field) -= 0.7 * step_for(kSchoolFree[k], school[k].value, school[k].fitted);
        r.school_converged = true;
        break;
      }
    }
    r.fitted_schooling = q.schooling;
    evaluate_school_targets(q, school, so);
  }
  for (auto& t : school) r.targets.push_back(t);
  return r;
}

std::string calibrated_toml(const CalibrationResult& r) {
  std::ostringstream o;
  o.precision(10);
  o << "# Written by `elevsim calibrate --write`: coefficients fitted on the expected-value\n"
       "# twin to the targets in targets.toml. Do not edit by hand; change a target and\n"
       "# re-run calibrate instead. Each value names the target that pins it down.\n\n"
       "[mental_health]\n";
  size_t k = 0;
  for (const Free& f : kFree) {
    const Target& t = r.targets.at(k++);
    o << f.coefficient << " = " << r.fitted.*(f.field) << "  # fitted to " << t.key << " = " << t.value << " (model "
      << t.fitted << ")\n";
  }
  o << "\n# fitted on the microsimulation (common random numbers), see [calibration] in targets.toml\n[schooling]\n";
  for (const SchoolFree& f : kSchoolFree) {
    const Target& t = r.targets.at(k++);
    o << f.coefficient << " = " << r.fitted_schooling.*(f.field) << "  # fitted to " << t.key << " = " << t.value
      << " (model " << t.fitted << ")\n";
  }
  return o.str();
}

}  // namespace elevsim
