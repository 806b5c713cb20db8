#include "calibrate.hpp"

#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "input_error.hpp"
#include "mental_health.hpp"
#include "modules.hpp"
#include "runner.hpp"
#include "school_targets.hpp"
#include "toml_reader.hpp"
#include "twin.hpp"

namespace elevsim {

namespace {

// The free coefficients, in the order of the targets they are paired with;
// band >= 0 names one entry of a per-band array.
struct Free {
  const char* target;
  const char* coefficient;
  double MentalHealthParams::*field;
  std::array<double, kBands> MentalHealthParams::*by_band;
  int band;
  double& ref(MentalHealthParams& mh) const { return field ? mh.*field : (mh.*by_band)[band]; }
  double get(const MentalHealthParams& mh) const { return field ? mh.*field : (mh.*by_band)[band]; }
};
const Free kFree[] = {
    {"prevalence_any", "onset_shift", &MentalHealthParams::onset_shift, nullptr, -1},
    {"prevalence_disorder", "worsening_shift", &MentalHealthParams::worsening_shift, nullptr, -1},
    {"disorder_ratio_low_middle_grades_1_3", "ses_low", nullptr, &MentalHealthParams::ses_low, 0},
    {"disorder_ratio_low_middle_grades_4_7", "ses_low", nullptr, &MentalHealthParams::ses_low, 1},
    {"disorder_ratio_low_middle_grades_8_10", "ses_low", nullptr, &MentalHealthParams::ses_low, 2},
    {"disorder_ratio_low_middle_grades_11_13", "ses_low", nullptr, &MentalHealthParams::ses_low, 3},
    {"any_ratio_girls_boys_grades_11_13", "female_adolescent", &MentalHealthParams::female_adolescent, nullptr, -1},
    {"persistence_any_2_5_years", "remission_shift", &MentalHealthParams::remission_shift, nullptr, -1},
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
  int g0 = 0, g1 = 0;
  if (std::sscanf(key.c_str(), "disorder_ratio_low_middle_grades_%d_%d", &g0, &g1) == 2)
    return twin_share(tw, w, g0, g1, dis, ses_low) / twin_share(tw, w, g0, g1, dis, ses_mid);
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
    for (size_t k = 0; k < targets.size(); ++k) kFree[k].ref(mh) = x[k];
    return mh;
  }
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& fvec) const {
    Twin tw = run_twin(with(x), p.services.enabled);
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
  RunResult r = run_in_memory(make_plan({sr}, o));
  return school_figures(r.scenarios[0]);
}

// The treatment the microsimulation gives with these parameters (replications
// in turn, the shipped PSA draws), as the twin's treated shares and shifts.
void measure_treatment(Params& p, const SchoolCalibrationOptions& so) {
  Scenario sc;
  sc.name = "calibration";
  sc.years = so.treatment_years;
  const Layout L = make_layout(p.population, sc.start_year, sc.years, so.scale, p.mental_health.warm_start_years);
  TreatmentSeen all;
  People people;
  for (int r = 0; r < so.replications; ++r) {
    Sim sim(p, sc.start_year, L, people, so.seed, static_cast<uint32_t>(r), default_modules(sc));
    sim.run();
    for (auto& m : sim.modules)
      if (auto* mh = dynamic_cast<MentalHealth*>(m.get())) {
        const TreatmentSeen& s = mh->treatment_seen();
        for (int b = 0; b < kBands; ++b)
          for (int o = 0; o < kStates; ++o) {
            all.pupils[b][o] += s.pupils[b][o];
            all.treated[b][o] += s.treated[b][o];
            all.shift_sum[b][o] += s.shift_sum[b][o];
          }
      }
  }
  MentalHealthParams& mh = p.mental_health;
  for (int b = 0; b < kBands; ++b) {
    auto share = [&](int o) { return all.pupils[b][o] ? double(all.treated[b][o]) / all.pupils[b][o] : 0.0; };
    auto shift = [&](int o) { return all.treated[b][o] ? all.shift_sum[b][o] / all.treated[b][o] : 0.0; };
    mh.treated_share_complaints[b] = share(1);
    mh.treated_share_disorder[b] = share(2);
    mh.treated_shift_complaints[b] = shift(1);
    mh.treated_shift_disorder[b] = shift(2);
  }
}

// Levenberg-Marquardt on the twin from the current coefficients.
MentalHealthParams fit_twin(const Params& p, const std::vector<Target>& targets, CalibrationResult& r) {
  Functor f(p, targets);
  Eigen::NumericalDiff<Functor> nd(f);
  Eigen::LevenbergMarquardt<Eigen::NumericalDiff<Functor>> lm(nd);
  Eigen::VectorXd x(targets.size());
  for (size_t k = 0; k < targets.size(); ++k) x[k] = kFree[k].get(p.mental_health);
  lm.parameters.xtol = 1e-12;
  lm.parameters.ftol = 1e-14;
  lm.parameters.maxfev = 4000;
  auto status = lm.minimize(x);
  r.iterations += static_cast<int>(lm.iter);
  r.converged = status == Eigen::LevenbergMarquardtSpace::RelativeReductionTooSmall ||
                status == Eigen::LevenbergMarquardtSpace::RelativeErrorTooSmall ||
                status == Eigen::LevenbergMarquardtSpace::RelativeErrorAndReductionTooSmall;
  return f.with(x);
}


bool is_county_group(const std::string& g) {
  for (const char* c : kCountyGroups)
    if (g == c) return true;
  return false;
}

size_t county_index(const Params& p, const Target& t) {
  const auto& cs = p.population.counties;
  for (size_t k = 0; k < cs.size(); ++k)
    if (cs[k].name == t.key) return k;
  throw InputError("targets.toml", 0, t.group + ".diff_pp." + t.key, "unknown county (not in population.csv)");
}

// A county's term moves its figure towards national + the published
// difference; the terms are then centred (pupil-weighted) so that the national
// coefficients keep the national level.
void step_county_terms(const Params& p, SchoolingParams& s, const std::vector<Target>& county, const SchoolFigures& f) {
  for (const Target& t : county) {
    const size_t k = county_index(p, t);
    const bool leave = t.group == "county_completion";
    const double national = leave ? f.completion : f.vocational_share;
    const double model = leave ? f.county_completion[k] : f.county_vocational[k];
    const double target = std::clamp(national + t.value / 100, 0.01, 0.99);
    if (leave) s.county_leave[k] += 0.7 * (logit(model) - logit(target)) / 1.2;
    else s.county_choice[k] += 0.7 * (logit(target) - logit(model));
  }
  double total = 0;
  for (const County& c : p.population.counties) total += c.pupils_per_grade;
  for (auto* v : {&s.county_leave, &s.county_choice}) {
    double mean = 0;
    for (size_t k = 0; k < v->size(); ++k) mean += (*v)[k] * p.population.counties[k].pupils_per_grade / total;
    for (double& x : *v) x -= mean;
  }
}

}  // namespace


void evaluate_school_targets(const Params& p, std::vector<Target>& targets, const SchoolCalibrationOptions& so) {
  const SchoolFigures f = run_school(p, so);
  auto figs = f.by_key();
  for (Target& t : targets) {
    if (t.group == "schooling") t.fitted = figs.at(t.key);
    if (is_county_group(t.group)) t.fitted = county_diff_pp(t.group, f, county_index(p, t));
  }
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
  read_county_groups(t, out);
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
  so.treatment_rounds = static_cast<int>(c.integer("treatment_rounds", 0, 100));
  so.treatment_years = static_cast<int>(c.integer("treatment_years", 1, 50));
  c.finish();
  return so;
}

void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets) {
  Twin tw = run_twin(mh, p.services.enabled);
  auto w = population_cell_weights(p.population);
  for (Target& t : targets)
    if (t.group == "mental_health") t.fitted = evaluate(t.key, tw, w);
}

namespace {

// Schooling coefficients and county terms, on the microsimulation: each moved
// by its gap, damped, until every national and county target holds.
void fit_schooling(Params& q, std::vector<Target>& school, std::vector<Target>& county,
                   const SchoolCalibrationOptions& so, CalibrationResult& r) {
  q.schooling.county_leave.resize(q.population.counties.size(), 0.0);
  q.schooling.county_choice.resize(q.population.counties.size(), 0.0);
  auto measure = [&](const SchoolFigures& sf, double& worst, double& worst_pp) {
    worst = worst_pp = 0;
    for (size_t k = 0; k < school.size(); ++k) {
      school[k].fitted = sf.by_key().at(kSchoolFree[k].target);
      worst = std::max(worst, std::abs(school[k].fitted / school[k].value - 1));
    }
    for (Target& t : county) {
      t.fitted = county_diff_pp(t.group, sf, county_index(q, t));
      worst_pp = std::max(worst_pp, std::abs(t.fitted - t.value));
    }
  };
  double worst = 0, worst_pp = 0;
  for (int it = 0; it < so.max_iterations; ++it) {
    const SchoolFigures sf = run_school(q, so);
    measure(sf, worst, worst_pp);
    r.school_iterations = it + 1;
    std::fprintf(stderr, "  schooling iteration %d: worst national gap %.4f (relative), worst county gap %.2f pp\n",
                 it + 1, worst, worst_pp);
    if (worst < 0.006 && worst_pp < so.county_gap_pp) {
      r.school_converged = true;  // the values written are the ones just measured
      break;
    }
    // damped: the coefficients interact
    for (size_t k = 0; k < school.size(); ++k)
      q.schooling.*(kSchoolFree[k].field) += 0.7 * step_for(kSchoolFree[k], school[k].value, school[k].fitted);
    step_county_terms(q, q.schooling, county, sf);
  }
  if (!r.school_converged) measure(run_school(q, so), worst, worst_pp);
  r.fitted_schooling = q.schooling;
}

}  // namespace

CalibrationResult calibrate(const Params& p, std::vector<Target> all, const SchoolCalibrationOptions& so) {
  std::vector<Target> targets, school, county;
  for (const Target& t : all)
    (t.group == "mental_health" ? targets : t.group == "schooling" ? school : county).push_back(t);
  CalibrationResult r;
  // Services on: the twin expects the treatment the microsimulation gives,
  // which in turn depends on the coefficients; alternate until both agree.
  Params q = p;
  q.mental_health = fit_twin(q, targets, r);
  if (p.services.enabled && !so.skip)
    for (int round = 0; round < so.treatment_rounds; ++round) {
      measure_treatment(q, so);
      q.mental_health = fit_twin(q, targets, r);
    }
  r.fitted = q.mental_health;
  evaluate_targets(p, r.fitted, targets);
  r.targets = targets;

  // Schooling, on the microsimulation with the fitted mental-health model.
  r.fitted_schooling = q.schooling;
  for (const County& c : p.population.counties) r.county_names.push_back(c.name);
  if (!so.skip && !school.empty()) fit_schooling(q, school, county, so, r);
  for (auto& t : school) r.targets.push_back(t);
  for (auto& t : county) r.targets.push_back(t);
  return r;
}

namespace {
size_t k_of(const CalibrationResult& r, const Target& t) {
  for (size_t k = 0; k < r.county_names.size(); ++k)
    if (r.county_names[k] == t.key) return k;
  throw InputError("targets.toml", 0, t.group + ".diff_pp." + t.key, "unknown county (not in population.csv)");
}
}  // namespace

std::string calibrated_toml(const CalibrationResult& r) {
  std::ostringstream o;
  o.precision(10);
  o << "# Written by `elevsim calibrate --write`: coefficients fitted on the expected-value\n"
       "# twin to the targets in targets.toml, the twin carrying the treatment the\n"
       "# microsimulation gives with services on (treated_* below, measured on it). Do not\n"
       "# edit by hand; change a target and re-run calibrate instead. Each value names the\n"
       "# target that pins it down.\n\n"
       "[mental_health]\n";
  size_t k = 0;
  for (size_t j = 0; j < std::size(kFree); ++j) {
    const Free& f = kFree[j];
    if (f.band > 0) continue;  // written with band 0
    if (f.band == 0) {
      o << f.coefficient << " = [";
      std::string why;
      for (int b = 0; b < kBands; ++b) {
        const Target& t = r.targets.at(k++);
        o << (b ? ", " : "") << (r.fitted.*(f.by_band))[b];
        std::ostringstream w;
        w.precision(4);
        w << (b ? "; " : "") << t.key << " = " << t.value << " (model " << t.fitted << ")";
        why += w.str();
      }
      o << "]  # by band, fitted to " << why << "\n";
      continue;
    }
    const Target& t = r.targets.at(k++);
    o << f.coefficient << " = " << f.get(r.fitted) << "  # fitted to " << t.key << " = " << t.value << " (model "
      << t.fitted << ")\n";
  }
  auto band_array = [&](const char* name, const std::array<double, kBands>& a, const char* what) {
    o << name << " = [";
    for (int b = 0; b < kBands; ++b) o << (b ? ", " : "") << a[b];
    o << "]  # " << what << "\n";
  };
  o << "# Treatment per band as the microsimulation gives it (services on, the shipped PSA):\n";
  band_array("treated_share_complaints", r.fitted.treated_share_complaints, "share of pupils in state 1 treated");
  band_array("treated_share_disorder", r.fitted.treated_share_disorder, "share of pupils in state 2 treated");
  band_array("treated_shift_complaints", r.fitted.treated_shift_complaints, "mean recovery log-odds of those");
  band_array("treated_shift_disorder", r.fitted.treated_shift_disorder, "mean recovery log-odds of those");
  o << "\n# fitted on the microsimulation (common random numbers), see [calibration] in targets.toml\n[schooling]\n";
  for (const SchoolFree& f : kSchoolFree) {
    const Target& t = r.targets.at(k++);
    o << f.coefficient << " = " << r.fitted_schooling.*(f.field) << "  # fitted to " << t.key << " = " << t.value
      << " (model " << t.fitted << ")\n";
  }
  // county terms, each fitted to its county's published difference from the national figure
  for (const char* group : kCountyGroups) {
    const bool leave = std::string(group) == "county_completion";
    const std::vector<double>& v = leave ? r.fitted_schooling.county_leave : r.fitted_schooling.county_choice;
    bool any = false;
    for (const Target& t : r.targets) {
      if (t.group != group) continue;
      if (!any) o << "\n[schooling." << (leave ? "county_leave" : "county_choice") << "]\n";
      any = true;
      o << '"' << t.key << "\" = " << v.at(k_of(r, t)) << "  # fitted to " << group << " " << t.key << " = " << t.value
        << " pp (model " << t.fitted << ")\n";
    }
  }
  return o.str();
}

}  // namespace elevsim
