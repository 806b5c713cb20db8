#pragma once
// A scenario file: what to run and which parameters it overrides.
#include <toml++/toml.h>

#include <array>
#include <string>
#include <vector>

#include "grants.hpp"

namespace elevsim {

struct Scenario {
  std::string path;
  std::string name;
  std::string description;
  std::string text;  // the file, verbatim
  int start_year = 2025;
  int years = 10;
  toml::table overrides;  // [params], merged over params/ at load time
  std::vector<Grant> grants;  // [[grant]] sections
  // [optimise] min_share / max_share: bounds on each intervention's share of the
  // money when `elevsim optimise` searches the split (default 0 and 1)
  std::array<double, kInterventions> min_share{}, max_share{};
  long optimise_line = 0;  // line of [optimise], 0 when absent
};

Scenario load_scenario(const std::string& path);
// The same from text already in memory (`path` names it in errors): what
// `elevsim optimise` uses for its candidates, so a candidate written out as a
// file reads back as exactly the scenario that was evaluated.
Scenario load_scenario_text(const std::string& text, const std::string& path);
// The params/ directory that belongs to a scenario: an explicit --params, else
// ../params beside the scenario's folder, else ./params, else the source tree's.
std::string find_params_dir(const std::string& explicit_dir, const std::string& scenario_path);

}  // namespace elevsim
