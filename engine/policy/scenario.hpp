#pragma once
// A scenario file: what to run and which parameters it overrides.
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "grants.hpp"

namespace elevsim {

struct Scenario {
  std::string path;
  std::string name;
  std::string description;     // in bokmål, the report's default language (or the only one given)
  std::string description_en;  // in English, for `report --lang en`; "" = the same as description
  std::string text;  // the file, verbatim
  int start_year = 2025;
  int years = 10;
  toml::table overrides;  // [params], merged over params/ at load time
  std::vector<Grant> grants;  // [[grant]] sections
};

Scenario load_scenario(const std::string& path);
// The params/ directory that belongs to a scenario: an explicit --params, else
// ../params beside the scenario's folder, else ./params, else the source tree's.
std::string find_params_dir(const std::string& explicit_dir, const std::string& scenario_path);

}  // namespace elevsim
