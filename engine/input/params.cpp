#include "params.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "csv.hpp"
#include "input_error.hpp"
#include "param_fields.hpp"
#include "toml_reader.hpp"

namespace fs = std::filesystem;

namespace elevsim {


std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) { out.push_back(cur); cur.clear(); }
    else if (c != '\r') cur += c;
  }
  out.push_back(cur);
  for (auto& s : out) {
    auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  return out;
}

double csv_number(const std::string& file, long line, const std::string& col, const std::string& text,
                  double lo, double hi) {
  std::ostringstream allowed;
  allowed << "expected a number in [" << lo << ", " << hi << "], got \"" << text << "\"";
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    throw InputError(file, line, col, allowed.str());
  }
  if (used != text.size() || !std::isfinite(v) || v < lo || v > hi) throw InputError(file, line, col, allowed.str());
  return v;
}

long for_each_csv_row(const std::string& file, const std::string& text, const std::vector<std::string>& columns,
                      const std::function<void(long, const std::vector<std::string>&)>& row) {
  // a UTF-8 byte-order mark (spreadsheets write one) carries no information
  const bool bom = text.rfind("\xEF\xBB\xBF", 0) == 0;
  std::istringstream in(bom ? text.substr(3) : text);
  std::string line;
  long lineno = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto f = split_csv_line(line);
    if (!header) {
      if (f != columns) {
        std::string want;
        for (auto& c : columns) want += (want.empty() ? "" : ",") + c;
        throw InputError(file, lineno, "header", "expected the columns " + want);
      }
      header = true;
      continue;
    }
    if (f.size() != columns.size())
      throw InputError(file, lineno, "", "expected " + std::to_string(columns.size()) +
                                             " comma-separated fields, got " + std::to_string(f.size()));
    row(lineno, f);
  }
  return lineno;
}

// population.csv: one row per county. Lines starting with '#' are comments
// (sources live there). Shares must sum to 1 within 0.001.
std::vector<County> read_population_csv(const std::string& file, const std::string& text) {
  static const std::vector<std::string> kCols = {"county", "pupils_per_grade", "share_ses_low", "share_ses_middle",
                                                 "share_ses_high", "share_bg_none", "share_bg_descendant",
                                                 "share_bg_immigrant"};
  std::vector<County> out;
  const long lineno = for_each_csv_row(file, text, kCols, [&](long lineno, const std::vector<std::string>& f) {
    County c;
    c.name = f[0];
    if (c.name.empty()) throw InputError(file, lineno, "county", "expected a county name, got an empty field");
    for (auto& o : out)
      if (o.name == c.name) throw InputError(file, lineno, "county", "duplicate county \"" + c.name + "\"");
    c.pupils_per_grade = csv_number(file, lineno, "pupils_per_grade", f[1], 1, 1e6);
    for (int k = 0; k < kSes; ++k) c.ses_share[k] = csv_number(file, lineno, kCols[2 + k], f[2 + k], 0, 1);
    for (int k = 0; k < kBackgrounds; ++k) c.bg_share[k] = csv_number(file, lineno, kCols[5 + k], f[5 + k], 0, 1);
    double s1 = c.ses_share[0] + c.ses_share[1] + c.ses_share[2];
    double s2 = c.bg_share[0] + c.bg_share[1] + c.bg_share[2];
    if (std::abs(s1 - 1) > 1e-3)
      throw InputError(file, lineno, "share_ses_*", "the three ses shares must sum to 1, got " + std::to_string(s1));
    if (std::abs(s2 - 1) > 1e-3)
      throw InputError(file, lineno, "share_bg_*", "the three background shares must sum to 1, got " + std::to_string(s2));
    out.push_back(c);
  });
  if (out.empty()) throw InputError(file, lineno, "", "no county rows");
  if (out.size() > 255) throw InputError(file, lineno, "", "at most 255 counties are supported");
  return out;
}

// cohorts.csv: one row per birth year, consecutive and increasing; the source column is for readers.
std::vector<CohortRow> read_cohorts_csv(const std::string& file, const std::string& text) {
  static const std::vector<std::string> kCols = {"birth_year", "births", "school_age_factor", "source"};
  std::vector<CohortRow> out;
  const long lineno = for_each_csv_row(file, text, kCols, [&](long lineno, const std::vector<std::string>& f) {
    CohortRow r;
    r.birth_year = static_cast<int>(csv_number(file, lineno, "birth_year", f[0], 1900, 2200));
    if (r.birth_year != csv_number(file, lineno, "birth_year", f[0], 1900, 2200))
      throw InputError(file, lineno, "birth_year", "expected a whole year, got \"" + f[0] + "\"");
    if (!out.empty() && r.birth_year != out.back().birth_year + 1)
      throw InputError(file, lineno, "birth_year",
                       "expected consecutive birth years, " + std::to_string(out.back().birth_year + 1) + " next");
    r.pupils = csv_number(file, lineno, "births", f[1], 1, 1e7) *
               csv_number(file, lineno, "school_age_factor", f[2], 0.5, 2.0);
    out.push_back(r);
  });
  if (out.empty()) throw InputError(file, lineno, "", "no birth-year rows");
  return out;
}

double PopulationParams::cohort_pupils(int county, int birth_year) const {
  const double own = counties[county].pupils_per_grade;
  if (constant_cohorts || cohorts.empty() || cohort_reference_pupils <= 0) return own;
  // birth years outside the table take the nearest row
  const int k = std::clamp(birth_year - cohorts.front().birth_year, 0, static_cast<int>(cohorts.size()) - 1);
  return own * cohorts[k].pupils / cohort_reference_pupils;
}

namespace {
// The mean national cohort of the reference birth years; they must lie in the table.
void set_cohort_reference(const TomlTable& t, PopulationParams& p) {
  auto ref = t.numbers("cohort_reference_birth_years", 2, 1900, 2200);
  p.cohort_reference_birth_years = {static_cast<int>(ref[0]), static_cast<int>(ref[1])};
  const int first = p.cohorts.front().birth_year, last = p.cohorts.back().birth_year;
  if (ref[0] > ref[1] || ref[0] < first || ref[1] > last)
    throw InputError(t.file_of("cohort_reference_birth_years"), t.line_of("cohort_reference_birth_years"),
                     t.qualified("cohort_reference_birth_years"),
                     "expected [first, last] birth years within cohorts.csv (" + std::to_string(first) + "-" +
                         std::to_string(last) + ")");
  double sum = 0;
  for (int y = p.cohort_reference_birth_years[0]; y <= p.cohort_reference_birth_years[1]; ++y)
    sum += p.cohorts[y - first].pupils;
  p.cohort_reference_pupils = sum / (p.cohort_reference_birth_years[1] - p.cohort_reference_birth_years[0] + 1);
}
}  // namespace

void read_mental_health(const TomlTable& t, MentalHealthParams& mh) {
  auto bands = t.numbers("band_first_grade", kBands, 1, kGrades);
  for (int b = 0; b < kBands; ++b) mh.band_first_grade[b] = static_cast<int>(bands[b]);
  // strictly: a band that starts where the next one does would hold no grade
  bool increasing = mh.band_first_grade[0] == 1;
  for (int b = 1; b < kBands; ++b) increasing &= mh.band_first_grade[b] > mh.band_first_grade[b - 1];
  for (int b = 0; b < kBands; ++b) increasing &= bands[b] == mh.band_first_grade[b];  // whole grades
  if (!increasing)
    throw InputError(t.file_of("band_first_grade"), t.line_of("band_first_grade"), t.qualified("band_first_grade"),
                     "expected strictly increasing whole grades starting at 1, e.g. [1, 5, 8, 11]");
  using F = ParamField<MentalHealthParams, kBands>;
  using M = MentalHealthParams;
  read_fields<M, kBands>(t, mh, {
      F{"entry_burnin_years", &M::entry_burnin_years, 0, 10},
      F{"warm_start_years", &M::warm_start_years, 0, 30},
      F{"onset_complaints", &M::onset_complaints, -15, 5},
      F{"onset_disorder", &M::onset_disorder, -15, 5},
      F{"remission", &M::remission, -15, 5},
      F{"worsening", &M::worsening, -15, 5},
      F{"disorder_improve", &M::disorder_improve, -15, 5},
      F{"disorder_remit", &M::disorder_remit, -15, 5},
      F{"female", &M::female, -5, 5},
      F{"externalizing_share_female", &M::externalizing_share_female, 0, 1},
      F{"externalizing_share_male", &M::externalizing_share_male, 0, 1},
      F{"onset_shift", &M::onset_shift, -10, 10},
      F{"worsening_shift", &M::worsening_shift, -10, 10},
      F{"remission_shift", &M::remission_shift, -10, 10},
      F{"female_adolescent", &M::female_adolescent, -5, 5},
      F{"female_adolescent_first_band", &M::female_adolescent_first_band, 1, kBands - 1},
      F{"ses_low", &M::ses_low, -5, 5},
      F{"treated_share_complaints", &M::treated_share_complaints, 0, 1},
      F{"treated_share_disorder", &M::treated_share_disorder, 0, 1},
      F{"treated_shift_complaints", &M::treated_shift_complaints, 0, 5},
      F{"treated_shift_disorder", &M::treated_shift_disorder, 0, 5},
      F{"ses_high", &M::ses_high, -5, 5},
      F{"descendant", &M::descendant, -5, 5},
      F{"immigrant", &M::immigrant, -5, 5},
      F{"child_welfare", &M::child_welfare, -5, 10},
  });
  mh.externalizing_share_logodds = t.uncertain("externalizing_share_logodds", -3, 3);
  t.finish();
}

void read_population(const TomlTable& t, PopulationParams& p) {
  p.female_share = t.number("female_share", 0.3, 0.7);
  p.child_welfare_share = t.number("child_welfare_share", 0, 0.2);
  auto m = t.numbers("achievement_mean_by_ses", kSes, -3, 3);
  std::copy(m.begin(), m.end(), p.achievement_mean.begin());
  p.achievement_sd = t.number("achievement_sd", 0.1, 3);
  p.arrival_age_max = static_cast<int>(t.integer("arrival_age_max", 0, 18));
  p.grade1_age = static_cast<int>(t.integer("grade1_age", 4, 8));
  p.constant_cohorts = t.boolean_or("constant_cohorts", false);
  set_cohort_reference(t, p);
  t.finish();
}

}  // namespace elevsim
