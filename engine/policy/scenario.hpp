#pragma once
// A scenario file: what to run and which parameters it overrides.
#include <array>
#include <string>
#include <vector>

#include "grants.hpp"
#include "model_params.hpp"

namespace elevsim {

// A run's calendar when the scenario has no [run] table: the first school
// year simulated and how many. Not model numbers, so they live here, once.
inline constexpr int kDefaultStartYear = 2025;
inline constexpr int kDefaultYears = 10;

struct Scenario {
  std::string path;
  std::string name;
  std::string description;     // in bokmål, the report's default language (or the only one given)
  std::string description_en;  // in English, for `report --lang en`; "" = the same as description
  std::string text;  // the file, verbatim
  int start_year = kDefaultStartYear;
  int years = kDefaultYears;
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
// The parameters a scenario runs with: params/ in `dir` with the scenario's
// [params] merged over them (none for a null scenario).
inline Params load_params(const std::string& dir, const Scenario* s) {
  return s ? load_params(dir, s->path, s->text) : load_params(dir);
}
// The params/ directory that belongs to a scenario: an explicit --params, else
// ../params beside the scenario's folder, else ./params, else the source tree's.
std::string find_params_dir(const std::string& explicit_dir, const std::string& scenario_path);

}  // namespace elevsim
