#include <algorithm>

#include "input_error.hpp"
#include "params.hpp"
#include "toml_reader.hpp"

namespace elevsim {

namespace {
// A table county = log-odds; counties not named keep 0.
std::vector<double> county_terms(const TomlTable& t, const char* key, const std::vector<County>& counties) {
  std::vector<double> v(counties.size(), 0.0);
  if (!t.has(key)) return v;
  TomlTable c = t.table(key);
  for (const std::string& name : c.keys()) {
    size_t k = 0;
    while (k < counties.size() && counties[k].name != name) ++k;
    if (k == counties.size()) {
      // calibrated.toml holds the terms fitted for the national table; a population
      // table with fewer counties (one county alone) keeps its own and skips the rest
      const std::string file = c.file_of(name);
      if (file.size() >= 15 && file.compare(file.size() - 15, 15, "calibrated.toml") == 0) {
        (void)c.number(name, -5, 5);
        continue;
      }
      std::string names;
      for (const County& x : counties) names += (names.empty() ? "" : ", ") + x.name;
      throw InputError(c.file_of(name), c.line_of(name), c.qualified(name), "unknown county; allowed: " + names);
    }
    v[k] = c.number(name, -5, 5);
  }
  c.finish();
  return v;
}
}  // namespace

void read_schooling(const TomlTable& t, SchoolingParams& s, const std::vector<County>& counties) {
  auto levels = [&](const char* k, std::array<double, kLevels>& a, double lo, double hi) {
    auto v = t.numbers(k, kLevels, lo, hi);
    std::copy(v.begin(), v.end(), a.begin());
  };
  s.vg1_start_prob = t.number("vg1_start_prob", 0, 1);
  s.late_start_prob = t.number("late_start_prob", 0, 1);
  s.late_start_max_years = static_cast<int>(t.integer("late_start_max_years", 0, 5));
  s.choice_intercept = t.number("choice_intercept", -10, 10);
  s.choice_male = t.number("choice_male", -5, 5);
  s.choice_achievement = t.number("choice_achievement", -5, 5);
  s.choice_ses_low = t.number("choice_ses_low", -5, 5);
  s.choice_ses_high = t.number("choice_ses_high", -5, 5);
  s.pabygg_share = t.number("pabygg_share", 0, 1);
  levels("leave_level", s.leave_level, -15, 5);
  s.leave_vg1_shift = t.number("leave_vg1_shift", -10, 10);
  s.leave_vg2_shift = t.number("leave_vg2_shift", -10, 10);
  s.leave_late_shift = t.number("leave_late_shift", -10, 10);
  s.leave_achievement = t.number("leave_achievement", -5, 5);
  s.leave_male = t.number("leave_male", -5, 5);
  s.leave_vocational = t.number("leave_vocational", -5, 5);
  s.leave_ses_low = t.number("leave_ses_low", -5, 5);
  s.leave_ses_high = t.number("leave_ses_high", -5, 5);
  s.leave_descendant = t.number("leave_descendant", -5, 5);
  s.leave_immigrant = t.number("leave_immigrant", -5, 5);
  s.leave_recent_arrival = t.number("leave_recent_arrival", -5, 5);
  s.recent_arrival_years = static_cast<int>(t.integer("recent_arrival_years", 0, 18));
  s.leave_complaints = t.number("leave_complaints", -5, 5);
  s.leave_disorder = t.number("leave_disorder", -5, 5);
  s.leave_externalizing = t.number("leave_externalizing", -5, 5);
  s.county_leave = county_terms(t, "county_leave", counties);
  s.county_choice = county_terms(t, "county_choice", counties);
  s.leave_hazard_factor = t.number("leave_hazard_factor", 0, 100);
  levels("pass_level", s.pass_level, -40, 40);
  s.pass_achievement = t.number("pass_achievement", -5, 5);
  s.return_intercept = t.number("return_intercept", -10, 10);
  s.return_per_year_out = t.number("return_per_year_out", -5, 5);
  s.return_achievement = t.number("return_achievement", -5, 5);
  s.window_general = static_cast<int>(t.integer("window_general", 1, 10));
  s.window_vocational = static_cast<int>(t.integer("window_vocational", 1, 10));
  s.achievement_loss_from_grade = static_cast<int>(t.integer("achievement_loss_from_grade", 1, 13));
  s.achievement_loss_complaints = t.number("achievement_loss_complaints", 0, 2);
  s.achievement_loss_disorder = t.number("achievement_loss_disorder", 0, 2);
  s.value_per_completer_nok = t.number("value_per_completer_nok", 0, 1e8);
  t.finish();
}

}  // namespace elevsim
