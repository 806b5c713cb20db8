#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "input_error.hpp"
#include "run_figures.hpp"
#include "toml_reader.hpp"

namespace elevsim {

namespace {

// The accepted band of one entry: `band = [lo, hi]`, or `value` with
// `tolerance`, or (targets only) `value` with the default relative tolerance.
void read_band(const TomlTable& e, Check& c, double default_relative) {
  if (e.has("value")) c.target = e.number("value", -1e9, 1e9);
  if (e.has("band")) {
    const std::vector<double> b = e.numbers("band", 2, -1e9, 1e9);
    if (b[0] > b[1]) throw InputError(e.file_of("band"), e.line_of("band"), e.qualified("band"), "expected [low, high]");
    c.lo = b[0];
    c.hi = b[1];
  } else if (e.has("tolerance") && !std::isnan(c.target)) {
    const double tol = e.number("tolerance", 0, 1e9);
    c.lo = c.target - tol;
    c.hi = c.target + tol;
  } else if (!std::isnan(c.target) && default_relative > 0) {
    c.lo = c.target - default_relative * std::fabs(c.target);
    c.hi = c.target + default_relative * std::fabs(c.target);
  } else if (c.judged) {
    throw InputError(e.file_of("band"), e.line(), e.qualified("band"),
                     "missing; a check needs band = [low, high] or value with tolerance");
  }
}

void read_county_completion(const TomlTable& t, std::vector<Check>& out) {
  const std::string source = t.string("source");
  const double tol = t.number("tolerance_pp", 0, 100);
  TomlTable diff = t.table("diff_pp");
  for (const std::string& county : diff.keys()) {
    Check c;
    c.section = "county_completion";
    c.key = "county_completion." + county;
    c.label = county + ": completion minus national, pp";
    c.label_nb = county + ": fullføring minus landet, prosentpoeng";
    c.source = source;
    c.figure = "county_completion_diff_pp:" + county;
    c.target = diff.number(county, -100, 100);
    c.lo = c.target - tol;
    c.hi = c.target + tol;
    out.push_back(c);
  }
  // other keys of [county_completion] (weights, notes) belong to calibration
}

// targets.toml, read generically: every [group.key] with value and source
// (and an optional tolerance or band); calibrate reads the same file strictly.
void read_targets_file(const std::string& path, double default_relative, std::vector<Check>& out) {
  const toml::table root = parse_toml_file(path);
  TomlTable t(root, path, "");
  for (const std::string& group : t.keys()) {
    if (!root[group].is_table()) continue;
    if (group == "county_completion") {
      read_county_completion(t.table(group), out);
      continue;
    }
    if (group == "county_vocational_share") continue;  // fitted by calibrate; the county checks are completion's
    const TomlTable g = t.table(group);
    for (const std::string& key : g.keys()) {
      if (!root[group][key].is_table()) continue;
      const TomlTable e = g.table(key);
      Check c;
      c.section = "targets";
      c.key = group + "." + key;
      c.label = c.key;
      c.figure = key;
      c.source = e.string("source");
      e.number("value", -1e9, 1e9);
      read_band(e, c, default_relative);
      out.push_back(c);
    }
  }
}

}  // namespace

std::vector<Check> read_checks(const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string vpath = (fs::path(dir) / "validation.toml").string();
  const toml::table root = parse_toml_file(vpath);
  const TomlTable v(root, vpath, "");
  const TomlTable defaults = v.table("targets");
  const double relative = defaults.number("relative_tolerance", 0, 10);
  defaults.string("source");
  defaults.finish();
  std::vector<Check> out;
  read_targets_file((fs::path(dir) / "targets.toml").string(), relative, out);
  for (const std::string& key : v.keys()) {
    if (key == "targets") continue;
    const TomlTable e = v.table(key);
    Check c;
    c.section = "evidence";
    c.key = key;
    c.figure = e.string("figure");
    c.label = e.string_or("label", key);
    c.label_nb = e.string_or("label_nb", c.label);
    c.source = e.string("source");
    c.note = e.string_or("note", "");
    c.judged = e.boolean_or("judged", true);
    c.scenario = e.string_or("scenario", "");
    c.county = e.string_or("county", "");
    read_band(e, c, 0);
    e.finish();
    out.push_back(c);
  }
  v.finish();
  return out;
}

std::vector<std::string> Validation::failing() const {
  std::vector<std::string> out;
  for (const Check& c : checks)
    if (c.judged && !c.holds) out.push_back(c.key);
  return out;
}

Validation validate_run(const std::string& path, const std::string& scenario, const std::string& dir) {
  Validation v;
  v.path = path;
  v.params_dir = dir;
  v.checks = read_checks(dir);
  const RunInfo info = read_run_info(path);
  v.scenario = scenario.empty() ? info.reference : scenario;
  bool known = false;
  for (const std::string& s : info.scenarios) known |= s == v.scenario;
  if (!known) throw InputError(path, 0, "--scenario", "no scenario \"" + v.scenario + "\" in this run");
  std::map<std::string, RunFigures> figs;
  auto of = [&](const std::string& s) -> RunFigures& { return figs.try_emplace(s, path, s).first->second; };
  v.replications = of(v.scenario).replications();
  for (Check& c : v.checks) {
    const bool in_run = std::find(info.scenarios.begin(), info.scenarios.end(), c.scenario) != info.scenarios.end();
    if (!c.scenario.empty() && !in_run) {
      // a scenario's own figures (a pilot) wait for a run that holds it
      c.judged = false;
      c.absent = true;
      continue;
    }
    const Figure f = of(c.scenario.empty() ? v.scenario : c.scenario).get(c.figure, c.county);
    c.measured = f.measured;
    c.run = Indicator{v.scenario, c.key, c.label, f.unit, f.per_replication, NAN, NAN, NAN};
    if (c.measured) finish_indicator(c.run);
    // A calibration target the run cannot show (persistence is fitted on the
    // twin's transitions; a run file holds no pupil histories) is listed, not
    // judged. An evidence check is written for validate: unmeasurable, it fails,
    // so a misspelt figure cannot pass.
    if (!c.measured && c.section == "targets") {
      c.judged = false;
      c.note = "not in a run file; `elevsim calibrate` evaluates it on the twin";
    }
    c.holds = c.measured && c.run.mean >= c.lo && c.run.mean <= c.hi;
  }
  return v;
}

namespace {
// A number as the reader expects it in this unit (shares as percentages).
std::string shown(double x, const std::string& unit) {
  char buf[64];
  if (!std::isfinite(x)) return x > 0 ? "inf" : x < 0 ? "-inf" : "n/a";
  if (unit == "share" || unit == "share_pp") std::snprintf(buf, sizeof buf, "%.2f", 100 * x);
  else if (unit == "days") std::snprintf(buf, sizeof buf, "%.1f", x);
  else std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}
std::string suffix(const std::string& unit) {
  return unit == "share" ? " %" : unit == "share_pp" || unit == "pp" ? " pp" : unit == "ratio" ? "" : " " + unit;
}

std::string format_reference(const Check& c, const std::string& unit) {
  if (!std::isfinite(c.lo) && !std::isfinite(c.hi)) return "-";
  if (!std::isnan(c.target) && std::isfinite(c.lo) && std::fabs((c.hi - c.target) - (c.target - c.lo)) < 1e-9)
    return shown(c.target, unit) + " ± " + shown(c.hi - c.target, unit) + suffix(unit);
  return shown(c.lo, unit) + " to " + shown(c.hi, unit) + suffix(unit);
}
}  // namespace

std::string format_validation(const Validation& v) {
  std::ostringstream o;
  char buf[1024];
  o << "elevsim validate " << v.path << ", scenario " << v.scenario << " (" << v.replications
    << " replications; run: mean [95% interval over replications]; holds when the mean lies in the band)\n";
  std::string section;
  for (const Check& c : v.checks) {
    if (c.section != section) {
      section = c.section;
      o << "\n" << (section == "targets"             ? "calibration targets (" + v.params_dir + "/targets.toml)"
                    : section == "county_completion" ? "county completion (" + v.params_dir + "/targets.toml)"
                                                     : "evidence checks (" + v.params_dir + "/validation.toml)")
        << "\n";
    }
    const std::string unit = c.run.unit.empty() ? "ratio" : c.run.unit;
    const std::string run = c.measured ? shown(c.run.mean, unit) + " [" + shown(c.run.lo, unit) + ", " +
                                             shown(c.run.hi, unit) + "]" + suffix(unit)
                                       : c.absent ? "scenario " + c.scenario + " not in this run"
                                                  : "not measurable from the run";
    const bool banded = std::isfinite(c.lo) || std::isfinite(c.hi);
    const char* verdict = c.judged    ? (c.holds ? "holds" : "FAILS")
                          : !banded || !c.measured ? "(shown)"
                          : c.holds   ? "(within, not judged)"
                                      : "(outside, not judged)";
    std::snprintf(buf, sizeof buf, "  %-56.56s %-32s %-22s %s\n", c.label.c_str(), run.c_str(),
                  format_reference(c, c.measured ? unit : "ratio").c_str(), verdict);
    o << buf;
  }
  o << "\nsources\n";
  const Check* first_county = nullptr;  // the county checks share one source: given once
  for (const Check& c : v.checks) {
    if (c.section == "county_completion" && first_county) {
      o << "  " << c.key << ": as " << first_county->key << "\n";
      continue;
    }
    if (c.section == "county_completion") first_county = &c;
    o << "  " << c.key << ": " << c.source << (c.note.empty() ? "" : " (" + c.note + ")") << "\n";
  }
  const std::vector<std::string> fail = v.failing();
  size_t judged = 0;
  for (const Check& c : v.checks) judged += c.judged;
  if (fail.empty()) {
    o << "\nall " << judged << " judged checks hold\n";
  } else {
    o << "\n" << fail.size() << " of " << judged << " judged checks fail:";
    for (const std::string& k : fail) o << " " << k;
    o << "\n";
  }
  return o.str();
}

}  // namespace elevsim
