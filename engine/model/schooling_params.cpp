#include "schooling_params.hpp"

#include <algorithm>

#include "input_error.hpp"
#include "param_fields.hpp"
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
  using F = ParamField<SchoolingParams, kLevels>;
  using S = SchoolingParams;
  read_fields<S, kLevels>(t, s, {
      F{"vg1_start_prob", &S::vg1_start_prob, 0, 1},
      F{"late_start_prob", &S::late_start_prob, 0, 1},
      F{"late_start_max_years", &S::late_start_max_years, 0, 5},
      F{"choice_intercept", &S::choice_intercept, -10, 10},
      F{"choice_male", &S::choice_male, -5, 5},
      F{"choice_achievement", &S::choice_achievement, -5, 5},
      F{"choice_ses_low", &S::choice_ses_low, -5, 5},
      F{"choice_ses_high", &S::choice_ses_high, -5, 5},
      F{"pabygg_share", &S::pabygg_share, 0, 1},
      F{"leave_level", &S::leave_level, -15, 5},
      F{"leave_vg1_shift", &S::leave_vg1_shift, -10, 10},
      F{"leave_vg2_shift", &S::leave_vg2_shift, -10, 10},
      F{"leave_late_shift", &S::leave_late_shift, -10, 10},
      F{"leave_achievement", &S::leave_achievement, -5, 5},
      F{"leave_male", &S::leave_male, -5, 5},
      F{"leave_vocational", &S::leave_vocational, -5, 5},
      F{"leave_ses_low", &S::leave_ses_low, -5, 5},
      F{"leave_ses_high", &S::leave_ses_high, -5, 5},
      F{"leave_descendant", &S::leave_descendant, -5, 5},
      F{"leave_immigrant", &S::leave_immigrant, -5, 5},
      F{"leave_recent_arrival", &S::leave_recent_arrival, -5, 5},
      F{"recent_arrival_years", &S::recent_arrival_years, 0, 18},
  });
  for (int ty = 0; ty < 2; ++ty)
    for (int st = 0; st < 2; ++st) {
      s.leave_mh_uncertain[ty][st] = t.uncertain(kLeaveMhKeys[ty][st], -5, 5);
      s.leave_mh[ty][st] = s.leave_mh_uncertain[ty][st].value;
    }
  // written by calibrate; absent (no re-centring) until it has run once
  if (t.has("leave_mh_weights")) {
    const std::vector<double> w = t.numbers("leave_mh_weights", 4, 0, 1);
    if (w[0] + w[1] + w[2] + w[3] > 1 + 1e-9)
      throw InputError(t.file_of("leave_mh_weights"), t.line_of("leave_mh_weights"), t.qualified("leave_mh_weights"),
                       "expected shares of the leaving variance summing to at most 1");
    s.leave_mh_weight = {{{w[0], w[1]}, {w[2], w[3]}}};
  }
  s.county_leave = county_terms(t, "county_leave", counties);
  s.county_choice = county_terms(t, "county_choice", counties);
  read_fields<S, kLevels>(t, s, {
      F{"leave_hazard_factor", &S::leave_hazard_factor, 0, 100},
      F{"pass_level", &S::pass_level, -40, 40},
      F{"pass_achievement", &S::pass_achievement, -5, 5},
      F{"fail_stop", &S::fail_stop, 0, 1},
      F{"vg2_leave_passed", &S::vg2_leave_passed, 0, 1},
      F{"return_intercept", &S::return_intercept, -10, 10},
      F{"return_per_year_out", &S::return_per_year_out, -5, 5},
      F{"return_achievement", &S::return_achievement, -5, 5},
      F{"window_general", &S::window_general, 1, 10},
      F{"window_vocational", &S::window_vocational, 1, 10},
      F{"achievement_loss_from_grade", &S::achievement_loss_from_grade, 1, 13},
      F{"achievement_loss_complaints", &S::achievement_loss_complaints, 0, 2},
      F{"achievement_loss_disorder", &S::achievement_loss_disorder, 0, 2},
      F{"value_per_completer_nok", &S::value_per_completer_nok, 0, 1e8},
  });
  t.finish();
}

}  // namespace elevsim
