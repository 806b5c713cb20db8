#include "model_params.hpp"

#include <filesystem>
#include <sstream>

#include "input_error.hpp"
#include "psa.hpp"
#include "toml_reader.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// The model's parameter files, in the order they are merged. targets.toml is
// calibration input, not model input, and is read by `elevsim calibrate`.
const char* const kParamFiles[] = {"population.toml", "mental_health.toml", "schooling.toml", "interventions.toml",
                                   "services.toml", "calibrated.toml"};

// Nodes are moved, not copied: toml++ keeps a value's file and line only on move.
void merge_checked(toml::table& base, toml::table& over, const std::string& path) {
  for (auto&& [k, v] : over) {
    toml::node* b = base.get(k);
    if (b && b->is_table() && v.is_table()) {
      merge_checked(*b->as_table(), *v.as_table(), path + std::string(k.str()) + ".");
    } else if (b) {
      std::string first = b->source().path ? *b->source().path : "?";
      throw InputError(v.source().path ? *v.source().path : "?", v.source().begin.line,
                       path + std::string(k.str()),
                       "already set in " + first + " (each parameter lives in one file; override it in a scenario's [params])");
    } else {
      base.insert(k, std::move(v));
    }
  }
}

}  // namespace


Params load_params(const std::string& dir, const std::string& scenario_path, const std::string& scenario_text) {
  Params out;
  toml::table merged;
  for (const char* name : kParamFiles) {
    std::string path = (fs::path(dir) / name).string();
    std::string text;
    toml::table t = parse_toml_file(path, &text);
    out.params_text += "# ===== " + std::string(name) + " =====\n" + text;
    if (!text.empty() && text.back() != '\n') out.params_text += "\n";
    merge_checked(merged, t, "");
  }
  if (!scenario_text.empty()) {
    toml::table root = parse_toml_text(scenario_text, scenario_path);
    toml::table* over = root.get("params") ? root.get("params")->as_table() : nullptr;
    if (over && !over->empty()) {
      std::ostringstream o;
      o << *over;
      out.params_text += "# ===== [params] overrides from " + scenario_path + " =====\n" + o.str() + "\n";
      merge_into(merged, *over);
    }
  }
  std::string csv_path = (fs::path(dir) / "population.csv").string();
  out.population_csv = read_text_file(csv_path);
  if (fs::exists(fs::path(dir) / "targets.toml"))
    out.targets_text = read_text_file((fs::path(dir) / "targets.toml").string());
  if (fs::exists(fs::path(dir) / "psa_groups.toml")) {
    const std::string groups_path = (fs::path(dir) / "psa_groups.toml").string();
    out.psa_groups_text = read_text_file(groups_path);
    read_psa_groups(out.psa_groups_text, groups_path);  // a malformed file fails before the run, not after it
  }

  TomlTable root(merged, dir, "");
  out.population.counties = read_population_csv(csv_path, out.population_csv);
  const std::string cohorts_path = (fs::path(dir) / "cohorts.csv").string();
  const std::string cohorts_csv = read_text_file(cohorts_path);
  out.population.cohorts = read_cohorts_csv(cohorts_path, cohorts_csv);
  read_population(root.table("population"), out.population);  // needs the cohorts
  {
    // kept as comments so that params_toml stays valid TOML
    out.params_text += "# ===== cohorts.csv (as comments) =====\n";
    std::istringstream lines(cohorts_csv);
    for (std::string l; std::getline(lines, l);) out.params_text += "# " + l + "\n";
  }
  read_mental_health(root.table("mental_health"), out.mental_health);
  read_schooling(root.table("schooling"), out.schooling, out.population.counties);
  read_interventions(root.table("interventions"), out.interventions);
  const std::string cap_path = (fs::path(dir) / "service_capacity.csv").string();
  const std::string cap_csv = read_text_file(cap_path);
  {
    // kept as comments so that params_toml stays valid TOML
    out.params_text += "# ===== service_capacity.csv (as comments) =====\n";
    std::istringstream lines(cap_csv);
    for (std::string l; std::getline(lines, l);) out.params_text += "# " + l + "\n";
  }
  read_services(root.table("services"), cap_path, cap_csv, out.population, out.services);
  root.finish();
  return out;
}

}  // namespace elevsim
