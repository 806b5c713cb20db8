#include "scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "input_error.hpp"
#include "toml_reader.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// [optimise.min_share] and [optimise.max_share]: intervention = share in [0, 1].
// Whether the bounds leave any split feasible is checked by `elevsim optimise`,
// the only command that uses them.
void read_share_bounds(const TomlTable& t, Scenario& s) {
  s.min_share.fill(0.0);
  s.max_share.fill(1.0);
  if (!t.has("optimise")) return;
  TomlTable o = t.table("optimise");
  s.optimise_line = o.line();
  for (const char* which : {"min_share", "max_share"}) {
    if (!o.has(which)) continue;
    TomlTable b = o.table(which);
    for (const std::string& k : b.keys()) {
      auto it = std::find(std::begin(kInterventionNames), std::end(kInterventionNames), k);
      if (it == std::end(kInterventionNames))
        throw InputError(b.file_of(k), b.line_of(k), b.qualified(k), "unknown intervention");
      auto& arr = std::string(which) == "min_share" ? s.min_share : s.max_share;
      arr[it - std::begin(kInterventionNames)] = b.number(k, 0, 1);
    }
    b.finish();
  }
  o.finish();
}

}  // namespace

Scenario load_scenario(const std::string& path) { return load_scenario_text(read_text_file(path), path); }

Scenario load_scenario_text(const std::string& text, const std::string& path) {
  Scenario s;
  s.path = path;
  s.text = text;
  toml::table root = parse_toml_text(text, path);
  TomlTable t(root, path, "");
  s.name = t.string("name");
  // The name becomes an HDF5 group and a file-name stem.
  if (!std::regex_match(s.name, std::regex("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")))
    throw InputError(path, t.line_of("name"), "name",
                     "expected 1-64 characters from A-Z a-z 0-9 _ . - (starting with a letter or digit), got \"" +
                         s.name + "\"");
  s.description = t.string_or("description", "");
  s.description_en = t.string_or("description_en", "");
  if (t.has("run")) {
    TomlTable run = t.table("run");
    s.start_year = static_cast<int>(run.integer_or("start_year", kDefaultStartYear, 2000, 2100));
    s.years = static_cast<int>(run.integer_or("years", kDefaultYears, 1, 50));
    run.finish();
  }
  s.grants = read_grants(t, s.start_year, s.years);
  read_share_bounds(t, s);
  // [params] is applied by load_params; here only its type is checked
  if (t.has("params")) (void)t.table("params");
  t.finish();
  return s;
}

std::string find_params_dir(const std::string& explicit_dir, const std::string& scenario_path) {
  auto ok = [](const fs::path& d) { return fs::exists(d / "mental_health.toml"); };
  if (!explicit_dir.empty()) {
    if (!ok(explicit_dir))
      throw InputError(explicit_dir, 0, "", "not a parameter directory (no mental_health.toml in it)");
    return explicit_dir;
  }
  if (!scenario_path.empty()) {
    fs::path d = fs::path(scenario_path).parent_path() / ".." / "params";
    if (ok(d)) return d.lexically_normal().string();
  }
  if (ok("params")) return "params";
  fs::path src = fs::path(ELEVSIM_SOURCE_DIR) / "params";
  if (ok(src)) return src.string();
  throw InputError("params", 0, "", "cannot find the parameter directory; pass --params DIR");
}

}  // namespace elevsim
