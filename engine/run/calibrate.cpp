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
#include "schooling.hpp"
#include "toml_reader.hpp"
#include "twin.hpp"

namespace elevsim {

namespace {

// The coefficients calibration may move; targets.toml pairs each target with
// one (`fits`, and `fits_band` for a per-band one). Targets are fitted in the
// order of this list, whatever their order in the file.
struct Free {
  const char* name;
  double MentalHealthParams::*field;
  std::array<double, kBands> MentalHealthParams::*by_band;
  double& ref(MentalHealthParams& mh, int band) const { return field ? mh.*field : (mh.*by_band)[band]; }
  double get(const MentalHealthParams& mh, int band) const { return field ? mh.*field : (mh.*by_band)[band]; }
};
const Free kFree[] = {
    {"onset_shift", &MentalHealthParams::onset_shift, nullptr},
    {"worsening_shift", &MentalHealthParams::worsening_shift, nullptr},
    {"ses_low", nullptr, &MentalHealthParams::ses_low},
    {"female_adolescent", &MentalHealthParams::female_adolescent, nullptr},
    {"remission_shift", &MentalHealthParams::remission_shift, nullptr},
};

// The cell groups a "ratio" target compares; cells are
// ((sex * kSes + ses) * kBackgrounds + bg) * 2 + cw (cell_of).
constexpr int kCellsPerSes = kBackgrounds * 2, kCellsPerSex = kSes * kCellsPerSes;
struct CellGroup {
  const char* name;
  bool (*in)(int cell);
};
const CellGroup kCellGroups[] = {
    {"ses_low", [](int c) { return (c / kCellsPerSes) % kSes == 0; }},
    {"ses_middle", [](int c) { return (c / kCellsPerSes) % kSes == 1; }},
    {"ses_high", [](int c) { return (c / kCellsPerSes) % kSes == 2; }},
    {"girls", [](int c) { return c / kCellsPerSex == 0; }},
    {"boys", [](int c) { return c / kCellsPerSex == 1; }},
};
bool (*cell_group(const std::string& name))(int) {
  for (const CellGroup& g : kCellGroups)
    if (name == g.name) return g.in;
  return nullptr;
}

double evaluate(const TargetDefinition& d, const Twin& tw, const std::array<double, kCells>& w) {
  if (d.measure == "share") return twin_share(tw, w, d.g0, d.g1, d.states);
  if (d.measure == "ratio")
    return twin_share(tw, w, d.g0, d.g1, d.states, cell_group(d.ratio_of)) /
           twin_share(tw, w, d.g0, d.g1, d.states, cell_group(d.ratio_to));
  double sum = 0;  // persistence, averaged over the years
  for (int y = d.y0; y <= d.y1; ++y) sum += twin_persistence(tw, w, d.g0, y);
  return sum / (d.y1 - d.y0 + 1);
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
    for (size_t k = 0; k < targets.size(); ++k) kFree[targets[k].def.coefficient].ref(mh, targets[k].def.band) = x[k];
    return mh;
  }
  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& fvec) const {
    Twin tw = run_twin(with(x), p.services.enabled);
    // relative gaps, so that a ratio of 5 and a share of 0.08 weigh alike
    for (size_t k = 0; k < targets.size(); ++k)
      fvec[k] = evaluate(targets[k].def, tw, w) / targets[k].value - 1.0;
    return 0;
  }
};

// School coefficients calibration may move, on the microsimulation: each
// towards its target by the gap measured there (common random numbers keep the
// objective smooth), in the scale targets.toml gives (`step`, `gain`).
struct SchoolFree {
  const char* name;
  double SchoolingParams::*field;
};
const SchoolFree kSchoolFree[] = {
    {"choice_intercept", &SchoolingParams::choice_intercept}, {"choice_male", &SchoolingParams::choice_male},
    {"leave_vg1_shift", &SchoolingParams::leave_vg1_shift},   {"leave_vg2_shift", &SchoolingParams::leave_vg2_shift},
    {"leave_late_shift", &SchoolingParams::leave_late_shift}, {"leave_male", &SchoolingParams::leave_male},
    {"leave_vocational", &SchoolingParams::leave_vocational}, {"leave_ses_low", &SchoolingParams::leave_ses_low},
    {"leave_immigrant", &SchoolingParams::leave_immigrant},
};

double logit(double p) { return std::log(p / (1 - p)); }

double step_for(const TargetDefinition& d, double target, double model) {
  if (d.step == "logit") return (logit(target) - logit(model)) / d.gain;
  if (d.step == "log") return std::log(target / model) / d.gain;
  return (target - model) * d.gain;  // linear
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

// The re-centring weights of the direct mental-health terms (leave_mh_weight):
// the central baseline's leaving variance by state and type, over every
// enrolled pupil-year of the reported years, as shares of the total. Central:
// no PSA draw, so the terms are the central ones the weights are taken at.
void measure_leave_mix(SchoolingParams& s, const Params& p, const SchoolCalibrationOptions& so) {
  Scenario sc;
  sc.name = "calibration";
  sc.years = so.years;
  const Layout L = make_layout(p.population, sc.start_year, sc.years, so.scale, p.mental_health.warm_start_years);
  LeaveMix all{};
  People people;
  for (int r = 0; r < so.replications; ++r) {
    Sim sim(p, sc.start_year, L, people, so.seed, static_cast<uint32_t>(r), default_modules(sc));
    sim.psa = false;
    for (auto& m : sim.modules)
      if (auto* sm = dynamic_cast<Schooling*>(m.get())) sm->measure_leave_mix();
    sim.run();
    for (auto& m : sim.modules)
      if (auto* sm = dynamic_cast<Schooling*>(m.get()))
        for (int st = 0; st < kStates; ++st)
          for (int ext = 0; ext < 2; ++ext) all[st][ext] += sm->leave_mix()[st][ext];
  }
  double total = 0;
  for (const auto& row : all) total += row[0] + row[1];
  for (int ty = 0; ty < 2; ++ty)
    for (int st = 0; st < 2; ++st) s.leave_mh_weight[ty][st] = total > 0 ? all[st + 1][ty] / total : 0.0;
}

// Levenberg-Marquardt on the twin from the current coefficients.
MentalHealthParams fit_twin(const Params& p, const std::vector<Target>& targets, const SchoolCalibrationOptions& so,
                            CalibrationResult& r) {
  Functor f(p, targets);
  Eigen::NumericalDiff<Functor> nd(f);
  Eigen::LevenbergMarquardt<Eigen::NumericalDiff<Functor>> lm(nd);
  Eigen::VectorXd x(targets.size());
  for (size_t k = 0; k < targets.size(); ++k) x[k] = kFree[targets[k].def.coefficient].get(p.mental_health, targets[k].def.band);
  lm.parameters.xtol = so.twin_xtol;
  lm.parameters.ftol = so.twin_ftol;
  lm.parameters.maxfev = so.twin_max_evaluations;
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
void step_county_terms(const Params& p, SchoolingParams& s, const std::vector<Target>& county, const SchoolFigures& f,
                       const SchoolCalibrationOptions& so) {
  for (const Target& t : county) {
    const size_t k = county_index(p, t);
    const bool leave = t.group == "county_completion";
    const double national = leave ? f.completion : f.vocational_share;
    const double model = leave ? f.county_completion[k] : f.county_vocational[k];
    const double target = std::clamp(national + t.value / 100, so.county_share_bounds[0], so.county_share_bounds[1]);
    (leave ? s.county_leave : s.county_choice)[k] += so.damping * (logit(target) - logit(model)) / t.def.gain;
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

namespace {

template <class List>
int coefficient_index(const TomlTable& e, const List& list) {
  const std::string name = e.string("fits");
  std::string known;
  for (size_t k = 0; k < std::size(list); ++k) {
    if (name == list[k].name) return static_cast<int>(k);
    known += std::string(k ? ", " : "") + list[k].name;
  }
  throw InputError(e.file_of("fits"), e.line_of("fits"), e.qualified("fits"),
                   "unknown coefficient '" + name + "'; calibration can fit " + known);
}

// [first, last], whole numbers in [lo, hi]
std::array<int, 2> range_of(const TomlTable& e, const char* key, int lo, int hi) {
  const std::vector<double> v = e.numbers(key, 2, lo, hi);
  if (v[0] > v[1] || v[0] != std::floor(v[0]) || v[1] != std::floor(v[1]))
    throw InputError(e.file_of(key), e.line_of(key), e.qualified(key), "expected [first, last], whole numbers, first <= last");
  return {static_cast<int>(v[0]), static_cast<int>(v[1])};
}

[[noreturn]] void bad_key(const TomlTable& e, const char* key, const std::string& what) {
  throw InputError(e.file_of(key), e.has(key) ? e.line_of(key) : e.line(), e.qualified(key), what);
}

void read_mental_health_definition(const TomlTable& e, TargetDefinition& d) {
  d.coefficient = coefficient_index(e, kFree);
  if (kFree[d.coefficient].by_band) d.band = static_cast<int>(e.integer("fits_band", 0, kBands - 1));
  d.measure = e.string("measure");
  if (d.measure == "persistence") {
    d.g0 = static_cast<int>(e.integer("from_grade", 1, kGrades));
    const auto y = range_of(e, "years_later", 1, 50);
    d.y0 = y[0];
    d.y1 = y[1];
    return;
  }
  if (d.measure != "share" && d.measure != "ratio")
    bad_key(e, "measure", "expected \"share\", \"ratio\" or \"persistence\", got \"" + d.measure + "\"");
  const std::string st = e.string("states");
  d.states = st == "any" ? 0b110u : st == "complaints" ? 0b010u : st == "disorder" ? 0b100u : 0u;
  if (!d.states)
    bad_key(e, "states", "expected \"any\" (states 1 and 2), \"complaints\" (1) or \"disorder\" (2), got \"" + st + "\"");
  const auto g = range_of(e, "grades", 1, kGrades);
  d.g0 = g[0];
  d.g1 = g[1];
  if (d.measure == "ratio") {
    const std::vector<std::string> r = e.strings_or("ratio");
    if (r.size() != 2 || !cell_group(r[0]) || !cell_group(r[1]))
      bad_key(e, "ratio", "expected two cell groups [numerator, denominator], each ses_low, ses_middle, ses_high, girls or boys");
    d.ratio_of = r[0];
    d.ratio_to = r[1];
  }
}

void read_school_definition(const TomlTable& e, const std::string& name, const std::string& key, double value,
                            TargetDefinition& d) {
  if (!SchoolFigures{}.by_key().count(key))
    throw InputError(e.file(), e.line(), name, "no school figure named " + key + " (see SchoolFigures::by_key)");
  d.coefficient = coefficient_index(e, kSchoolFree);
  d.step = e.string("step");
  if (d.step != "logit" && d.step != "log" && d.step != "linear")
    bad_key(e, "step", "expected \"logit\", \"log\" or \"linear\", got \"" + d.step + "\"");
  if (d.step == "logit" && value >= 1) bad_key(e, "value", "a logit step needs a share below 1");
  d.gain = e.number("gain", -100, 100);
  if (d.gain == 0) bad_key(e, "gain", "expected a non-zero number");
}

// One group's targets, in the order of the coefficients they fit (band by band),
// each coefficient (and band) fitted by one target only.
void read_group(const TomlTable& t, const char* name, std::vector<Target>& out) {
  const TomlTable g = t.table(name);
  std::vector<Target> v;
  for (const std::string& key : g.keys()) {
    const TomlTable e = g.table(key);
    Target x{name, key, e.string("source"), e.number("value", 1e-6, 100), 0, e.string("fits"), 0, {}};
    if (x.group == "mental_health") read_mental_health_definition(e, x.def);
    else read_school_definition(e, g.qualified(key), key, x.value, x.def);
    e.finish();
    v.push_back(std::move(x));
  }
  g.finish();
  auto order = [](const Target& a, const Target& b) {
    return std::pair(a.def.coefficient, a.def.band) < std::pair(b.def.coefficient, b.def.band);
  };
  std::stable_sort(v.begin(), v.end(), order);
  for (size_t k = 1; k < v.size(); ++k)
    if (!order(v[k - 1], v[k]))
      throw InputError(g.file(), g.line_of(v[k].key), g.qualified(v[k].key) + ".fits",
                       "fits the same coefficient as " + v[k - 1].key + " (one target per coefficient and band)");
  if (v.empty() && std::string(name) == "mental_health")
    throw InputError(g.file(), g.line(), name, "expected at least one target");
  out.insert(out.end(), v.begin(), v.end());
}

}  // namespace

std::vector<Target> read_targets(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "targets.toml").string();
  toml::table root = parse_toml_file(path);
  TomlTable t(root, path, "");
  std::vector<Target> out;
  read_group(t, "mental_health", out);
  read_group(t, "schooling", out);
  const size_t before = out.size();
  read_county_groups(t, out);
  for (size_t k = before; k < out.size(); ++k)
    if (out[k].def.gain == 0)
      throw InputError(path, t.line_of(out[k].group), out[k].group + ".gain",
                       "missing; calibration steps each county term by the logit gap divided by gain");
  (void)t.table("calibration");  // read_calibration_settings
  // prevalence by problem type: judged by `elevsim validate`, fitted by nothing
  if (t.has("mental_health_types")) (void)t.table("mental_health_types");
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
  so.twin_xtol = c.number("twin_xtol", 0, 1);
  so.twin_ftol = c.number("twin_ftol", 0, 1);
  so.twin_max_evaluations = static_cast<int>(c.integer("twin_max_evaluations", 1, 1000000));
  so.damping = c.number("damping", 0.01, 1);
  so.school_tolerance = c.number("school_tolerance", 1e-6, 1);
  so.county_gap_pp = c.number("county_gap_pp", 1e-3, 100);
  const std::vector<double> b = c.numbers("county_share_bounds", 2, 1e-6, 1 - 1e-6);
  if (b[0] >= b[1])
    throw InputError(path, c.line_of("county_share_bounds"), "calibration.county_share_bounds", "expected [low, high], low < high");
  so.county_share_bounds = {b[0], b[1]};
  c.finish();
  return so;
}

void evaluate_targets(const Params& p, const MentalHealthParams& mh, std::vector<Target>& targets) {
  Twin tw = run_twin(mh, p.services.enabled);
  auto w = population_cell_weights(p.population);
  for (Target& t : targets)
    if (t.group == "mental_health") t.fitted = evaluate(t.def, tw, w);
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
      school[k].fitted = sf.by_key().at(school[k].key);
      worst = std::max(worst, std::abs(school[k].fitted / school[k].value - 1));
    }
    for (Target& t : county) {
      t.fitted = county_diff_pp(t.group, sf, county_index(q, t));
      worst_pp = std::max(worst_pp, std::abs(t.fitted - t.value));
    }
  };
  double worst = 0, worst_pp = 0;
  // the fit's runs draw the PSA: their direct terms re-centred on weights of these coefficients
  measure_leave_mix(q.schooling, q, so);
  for (int it = 0; it < so.max_iterations; ++it) {
    const SchoolFigures sf = run_school(q, so);
    measure(sf, worst, worst_pp);
    r.school_iterations = it + 1;
    std::fprintf(stderr, "  schooling iteration %d: worst national gap %.4f (relative), worst county gap %.2f pp\n",
                 it + 1, worst, worst_pp);
    if (worst < so.school_tolerance && worst_pp < so.county_gap_pp) {
      r.school_converged = true;  // the values written are the ones just measured
      break;
    }
    // damped: the coefficients interact
    for (size_t k = 0; k < school.size(); ++k)
      q.schooling.*(kSchoolFree[school[k].def.coefficient].field) +=
          so.damping * step_for(school[k].def, school[k].value, school[k].fitted);
    step_county_terms(q, q.schooling, county, sf, so);
  }
  if (!r.school_converged) measure(run_school(q, so), worst, worst_pp);
  measure_leave_mix(q.schooling, q, so);  // the weights written: those of the fitted coefficients
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
  q.mental_health = fit_twin(q, targets, so, r);
  if (p.services.enabled && !so.skip)
    for (int round = 0; round < so.treatment_rounds; ++round) {
      measure_treatment(q, so);
      q.mental_health = fit_twin(q, targets, so, r);
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
  o << "# Every value here is calibrated; evidence and grades: docs/evidence.md (params/calibrated.toml).\n"
       "# Written by `elevsim calibrate --write`: coefficients fitted on the expected-value\n"
       "# twin to the targets in targets.toml, the twin carrying the treatment the\n"
       "# microsimulation gives with services on (treated_* below, measured on it). Do not\n"
       "# edit by hand; change a target and re-run calibrate instead. Each value names the\n"
       "# target that pins it down.\n\n"
       "[mental_health]\n";
  size_t k = 0;
  auto in_group = [&](const char* g) { return k < r.targets.size() && r.targets[k].group == g; };
  while (in_group("mental_health")) {
    const Target& first = r.targets[k];
    const Free& f = kFree[first.def.coefficient];
    if (!f.by_band) {
      o << f.name << " = " << r.fitted.*(f.field) << "  # fitted to " << first.key << " = " << first.value
        << " (model " << first.fitted << ")\n";
      ++k;
      continue;
    }
    o << f.name << " = [";
    for (int b = 0; b < kBands; ++b) o << (b ? ", " : "") << (r.fitted.*(f.by_band))[b];
    std::string why;
    for (; in_group("mental_health") && r.targets[k].def.coefficient == first.def.coefficient; ++k) {
      const Target& t = r.targets[k];
      std::ostringstream w;
      w.precision(4);
      w << (why.empty() ? "" : "; ") << t.key << " = " << t.value << " (model " << t.fitted << ")";
      why += w.str();
    }
    o << "]  # by band, fitted to " << why << "\n";
  }
  auto band_array = [&](const char* name, const std::array<double, kBands>& a, const char* what) {
    o << name << " = [";
    for (int b = 0; b < kBands; ++b) o << (b ? ", " : "") << a[b];
    o << "]  # " << what << "\n";
  };
  o << "# Treatment per band as the microsimulation gives it (services on, the shipped PSA), calibrated\n"
       "# by measuring it there:\n";
  band_array("treated_share_complaints", r.fitted.treated_share_complaints, "share of pupils in state 1 treated");
  band_array("treated_share_disorder", r.fitted.treated_share_disorder, "share of pupils in state 2 treated");
  band_array("treated_shift_complaints", r.fitted.treated_shift_complaints, "mean recovery log-odds of those");
  band_array("treated_shift_disorder", r.fitted.treated_shift_disorder, "mean recovery log-odds of those");
  o << "\n# fitted on the microsimulation (common random numbers), see [calibration] in targets.toml\n[schooling]\n";
  for (; in_group("schooling"); ++k) {
    const Target& t = r.targets[k];
    const SchoolFree& f = kSchoolFree[t.def.coefficient];
    o << f.name << " = " << r.fitted_schooling.*(f.field) << "  # fitted to " << t.key << " = " << t.value
      << " (model " << t.fitted << ")\n";
  }
  {
    const auto& w = r.fitted_schooling.leave_mh_weight;
    o << "# Re-centring weights of the direct mental-health terms (schooling.toml) in the PSA, calibrated:\n"
         "# the share of the central baseline's leaving variance p(1 - p) over enrolled pupil-years that\n"
         "# falls in [internalizing complaints, internalizing disorder, externalizing complaints,\n"
         "# externalizing disorder]\n"
         "leave_mh_weights = ["
      << w[0][0] << ", " << w[0][1] << ", " << w[1][0] << ", " << w[1][1] << "]\n";
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
