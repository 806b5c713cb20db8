#pragma once
// The parameter files recorded in a run (`params_toml` attribute, or a
// scenario's `[params]` overrides) as rows of key, value and cited source: the
// comment on the value's line, else the comment block above the run of values
// (no blank line between) that it belongs to.
#include <string>
#include <vector>

namespace elevsim {

struct ParamRow {
  std::string file;     // from the "# ===== name =====" markers, else ""
  std::string section;  // e.g. "mental_health"
  std::string key, value, source;
};

// strip_prefix: a leading section prefix to drop, e.g. "params." for scenario files;
// sections outside it are skipped when it is given.
std::vector<ParamRow> parse_params_toml(const std::string& text, const std::string& strip_prefix = "");

}  // namespace elevsim
