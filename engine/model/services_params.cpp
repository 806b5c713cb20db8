#include "services_params.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "csv.hpp"
#include "input_error.hpp"
#include "params.hpp"
#include "toml_reader.hpp"

namespace elevsim {

double ServicesParams::fte(int k, int county, double pupils_per_grade) const {
  const ServiceParams& s = service[k];
  if (s.unlimited) return std::numeric_limits<double>::infinity();
  double f = s.baseline_fte.at(county) * s.fte_multiplier;
  bool added = s.added_counties.empty();
  for (int c : s.added_counties) added |= c == county;
  if (added) f += s.added_fte_per_1000_pupils * pupils_per_grade * (s.last_grade - s.first_grade + 1) / 1000.0;
  return f;
}

namespace {

std::array<double, 3> by_state(const TomlTable& t, const char* key) {
  auto v = t.numbers(key, 3, 0, 1);
  return {v[0], v[1], v[2]};
}

void read_service(const TomlTable& t, const PopulationParams& pop, ServiceParams& s) {
  s.first_grade = static_cast<int>(t.integer("first_grade", 1, kGrades));
  s.last_grade = static_cast<int>(t.integer("last_grade", s.first_grade, kGrades));
  s.open_weeks = static_cast<int>(t.integer("open_weeks", 1, 52));
  s.days_per_fte_year = t.number("days_per_fte_year", 1, 366);
  s.time_share = t.uncertain("time_share", 0.001, 1);
  s.earmarked_time_share = t.uncertain("earmarked_time_share", 0.001, 1);
  s.sessions_per_day = t.number("sessions_per_day", 0.1, 50);
  s.sessions_per_episode = t.number("sessions_per_episode", 1, 200);
  s.treatment_effect = t.number("treatment_effect", 0, 5);
  s.refer_municipal = by_state(t, "refer_municipal");
  s.refer_bup = by_state(t, "refer_bup");
  for (int k = 0; k < 3; ++k)
    if (s.refer_municipal[k] + s.refer_bup[k] > 1 + 1e-12)
      throw InputError(t.file_of("refer_bup"), t.line_of("refer_bup"), t.qualified("refer_bup"),
                       "refer_municipal + refer_bup must be at most 1 for every state");
  s.referral_delay_weeks = static_cast<int>(t.integer("referral_delay_weeks", 0, 52));
  s.fte_multiplier = t.number_or("fte_multiplier", 1.0, 0, 1000);
  s.added_fte_per_1000_pupils = t.number_or("added_fte_per_1000_pupils", 0.0, 0, 1000);
  for (const std::string& name : t.strings_or("added_counties")) {
    int found = -1;
    for (size_t c = 0; c < pop.counties.size(); ++c)
      if (pop.counties[c].name == name) found = static_cast<int>(c);
    if (found < 0)
      throw InputError(t.file_of("added_counties"), t.line_of("added_counties"), t.qualified("added_counties"),
                       "unknown county \"" + name + "\" (the counties are those of population.csv)");
    s.added_counties.push_back(found);
  }
  s.unlimited = t.boolean_or("unlimited", false);
  t.finish();
}

// service_capacity.csv: county, then one FTE column per service, counties in
// the order and spelling of population.csv.
void read_capacity_csv(const std::string& file, const std::string& text, const PopulationParams& pop,
                       ServicesParams& out) {
  std::vector<std::string> cols = {"county"};
  for (const char* k : kServiceKeys) cols.push_back(std::string(k) + "_fte");
  size_t row = 0;
  for (auto& s : out.service) s.baseline_fte.assign(pop.counties.size(), 0.0);
  const long lineno = for_each_csv_row(file, text, cols, [&](long lineno, const std::vector<std::string>& f) {
    if (row >= pop.counties.size() || f[0] != pop.counties[row].name)
      throw InputError(file, lineno, "county",
                       "expected the counties of population.csv in the same order" +
                           (row < pop.counties.size() ? " (here \"" + pop.counties[row].name + "\")"
                                                      : std::string(" (no more rows)")) +
                           ", got \"" + f[0] + "\"");
    for (int k = 0; k < kServices; ++k)
      out.service[k].baseline_fte[row] = csv_number(file, lineno, cols[1 + k], f[1 + k], 0, 1e5);
    ++row;
  });
  if (row != pop.counties.size())
    throw InputError(file, lineno, "", "expected a row for each of the " + std::to_string(pop.counties.size()) +
                                           " counties of population.csv, got " + std::to_string(row));
}

}  // namespace

void read_services(const TomlTable& t, const std::string& csv_file, const std::string& csv_text,
                   const PopulationParams& pop, ServicesParams& out) {
  out.enabled = t.boolean_or("enabled", true);
  out.weeks_per_year = static_cast<int>(t.integer("weeks_per_year", 1, 52));
  out.school_weeks = static_cast<int>(t.integer("school_weeks", 1, out.weeks_per_year));
  out.withdraw_per_week = t.number("withdraw_per_week", 0, 1);
  out.wait_halving_weeks = t.number("wait_halving_weeks", 0.1, 1000);
  out.treatment_effect_scale = t.uncertain("treatment_effect_scale", 0, 10);
  out.staff_follow_pupils = t.boolean_or("staff_follow_pupils", true);
  {
    TomlTable h = t.table("help_seeking");
    out.identify = by_state(h, "identify");
    out.seek = by_state(h, "seek");
    out.gp_referral = by_state(h, "gp_referral");
    out.identify_odds = h.number("identify_odds", 0, 100);
    out.female_seek_odds = h.number("female_seek_odds", 0, 100);
    out.descendant_seek_odds = h.number("descendant_seek_odds", 0, 100);
    out.immigrant_seek_odds = h.number("immigrant_seek_odds", 0, 100);
    out.bup_school_seek_odds = h.number("bup_school_seek_odds", 0, 100);
    out.bup_school_share = h.number("bup_school_share", 0, 1);
    out.bup_school_full_fte_per_1000_pupils = h.number("bup_school_full_fte_per_1000_pupils", 1e-6, 1000);
    h.finish();
  }
  for (int k = 0; k < kServices; ++k) read_service(t.table(kServiceKeys[k]), pop, out.service[k]);
  for (int k = 0; k < kServices; ++k)
    for (int j = 0; j <= k; ++j) {
      const bool refers = (j == kMunicipal && (out.service[k].refer_municipal[0] + out.service[k].refer_municipal[1] +
                                               out.service[k].refer_municipal[2]) > 0) ||
                          (j == kBup && (out.service[k].refer_bup[0] + out.service[k].refer_bup[1] +
                                         out.service[k].refer_bup[2]) > 0);
      if (refers)
        throw InputError(t.file_of(kServiceKeys[k]), t.line_of(kServiceKeys[k]), t.qualified(kServiceKeys[k]),
                         "a service refers only to services after it (school_health, bup_school, "
                         "municipal_psychologist, bup); set its refer_* to 0 for itself and earlier ones");
    }
  t.finish();
  read_capacity_csv(csv_file, csv_text, pop, out);
}

}  // namespace elevsim
