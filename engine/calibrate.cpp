#include "calibrate.hpp"

#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "input_error.hpp"
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

bool ses_low(int c) { return (c / 6) % 3 == 0; }
bool ses_mid(int c) { return (c / 6) % 3 == 1; }
bool girls(int c) { return c / 18 == 0; }
bool boys(int c) { return c / 18 == 1; }

double evaluate(const std::string& key, const Twin& tw, const std::array<double, kCells>& w) {
  const unsigned any = 0b110, dis = 0b100;
  if (key == "prevalence_any") return twin_share(tw, w, 1, 13, any);
  if (key == "prevalence_disorder") return twin_share(tw, w, 1, 13, dis);
  if (key == "disorder_ratio_low_middle_grades_1_3")
    return twin_share(tw, w, 1, 3, dis, ses_low) / twin_share(tw, w, 1, 3, dis, ses_mid);
  if (key == "any_ratio_girls_boys_grades_11_13")
    return twin_share(tw, w, 11, 13, any, girls) / twin_share(tw, w, 11, 13, any, boys);
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

}  // namespace

std::vector<Target> read_targets(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "targets.toml").string();
  toml::table root = parse_toml_file(path);
  TomlTable t(root, path, "");
  TomlTable mh = t.table("mental_health");
  std::vector<Target> out;
  for (const Free& f : kFree) {
    TomlTable e = mh.table(f.target);
    Target tg;
    tg.key = f.target;
    tg.value = e.number("value", 1e-6, 100);
    tg.source = e.string("source");
    tg.fits = f.coefficient;
    e.finish();
    out.push_back(tg);
  }
  mh.finish();
  t.finish();
  return out;
}

void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets) {
  Twin tw = run_twin(mh);
  auto w = population_cell_weights(p.population);
  for (Target& t : targets) t.fitted = evaluate(t.key, tw, w);
}

CalibrationResult calibrate(const Params& p, std::vector<Target> targets) {
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
  return r;
}

std::string calibrated_toml(const CalibrationResult& r) {
  std::ostringstream o;
  o.precision(10);
  o << "# Written by `elevsim calibrate --write`: coefficients fitted on the expected-value\n"
       "# twin to the targets in targets.toml. Do not edit by hand; change a target and\n"
       "# re-run calibrate instead. Each value names the target that pins it down.\n\n"
       "[mental_health]\n";
  for (size_t k = 0; k < r.targets.size(); ++k) {
    const Target& t = r.targets[k];
    o << kFree[k].coefficient << " = " << r.fitted.*(kFree[k].field) << "  # fitted to " << t.key << " = " << t.value
      << " (model " << t.fitted << ")\n";
  }
  return o.str();
}

}  // namespace elevsim
