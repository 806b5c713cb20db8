#include "constraints.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "input_error.hpp"
#include "query.hpp"
#include "run_result.hpp"
#include "service_catalogue.hpp"

namespace elevsim {

namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string strip(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (!std::isspace(static_cast<unsigned char>(ch))) out += ch;
  return out;
}

[[noreturn]] void refuse(const std::string& text, const std::string& what) {
  throw InputError("--constraint \"" + text + "\": " + what);
}

// A finite number filling all of `s`.
bool number(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return *end == '\0';
}

const Dataset& dataset(const ScenarioResult& sr, const char* name) {
  for (const Dataset& d : sr.datasets)
    if (d.name == name) return d;
  throw std::logic_error(std::string("dataset ") + name + " is missing");
}

// Query restricted to one replication and, unless county < 0, one county.
Query at(const Dataset& d, int r, int county) {
  Query q(d);
  q.where("replication", r);
  if (county >= 0) q.where("county", county);
  return q;
}

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

// Mean wait at a service in weeks, pupil-weighted, over every year but the
// first (queues start empty in the first year, so its waits understate).
double wait(const ScenarioResult& sr, int service, int r, int county) {
  const Dataset& w = dataset(sr, "wait_weeks");
  const Dataset& t = dataset(sr, "treated");
  const int years = static_cast<int>(Query(w).size("year"));
  const int y0 = years > 1 ? 1 : 0;
  return ratio(at(w, r, county).where("year", y0, years - 1).where("service", service).sum(),
               at(t, r, county).where("year", y0, years - 1).where("service", service).sum());
}

double completion(const ScenarioResult& sr, int r, int county, int ses) {
  Query e = at(dataset(sr, "cohort_entrants"), r, county), c = at(dataset(sr, "cohort_completed"), r, county);
  if (ses >= 0) e.where("ses", ses), c.where("ses", ses);
  return 100 * ratio(c.sum(), e.sum());
}

double value(const ScenarioResult& sr, Output o, int r, int county) {
  switch (o) {
    case Output::BupWait: return wait(sr, kBup, r, county);
    case Output::BupSchoolWait: return wait(sr, kBupSchool, r, county);
    case Output::SchoolHealthWait: return wait(sr, kSchoolHealth, r, county);
    case Output::MunicipalWait: return wait(sr, kMunicipal, r, county);
    case Output::Completion: return completion(sr, r, county, -1);
    case Output::SesGap: return (100 - completion(sr, r, county, 0)) - (100 - completion(sr, r, county, 2));
    case Output::Money: {
      const Dataset& m = dataset(sr, "allocated_nok");
      return at(m, r, county).sum() / static_cast<double>(Query(m).size("year"));
    }
    case Output::Disorder:
      return 100 * ratio(at(dataset(sr, "mh_disorder"), r, county).sum(), at(dataset(sr, "pupils"), r, county).sum());
  }
  return NAN;
}

}  // namespace

const std::vector<OutputInfo>& constraint_outputs() {
  static const std::vector<OutputInfo> kOutputs = {
      {Output::BupWait, "bup_wait_weeks", "weeks", "mean wait for BUP (specialist care), years after the first", true},
      {Output::BupSchoolWait, "bup_school_wait_weeks", "weeks", "mean wait for BUP clinicians at school", true},
      {Output::SchoolHealthWait, "school_health_wait_weeks", "weeks", "mean wait for the school health service", true},
      {Output::MunicipalWait, "municipal_psychologist_wait_weeks", "weeks", "mean wait for a municipal psychologist",
       true},
      {Output::Completion, "completion", "%", "completion within 5/6 years of the entry cohorts", true},
      {Output::SesGap, "noncompletion_ses_gap", "pp", "non-completion of low-ses minus high-ses pupils", false},
      {Output::Money, "money", "NOK per year", "grant money allocated, mean per year", true},
      {Output::Disorder, "disorder_prevalence", "%", "pupils in mental-health state 2, all years", true},
  };
  return kOutputs;
}

Constraint parse_constraint(const std::string& text, const std::vector<std::string>& county_names) {
  Constraint c;
  c.text = text;
  std::string s = strip(text);
  // @P: the chance form
  if (const size_t at_sign = s.find('@'); at_sign != std::string::npos) {
    if (!number(s.substr(at_sign + 1), &c.probability) || !(c.probability > 0 && c.probability <= 1))
      refuse(text, "the chance form @P needs a share of draws 0 < P <= 1, got \"" + s.substr(at_sign + 1) + "\"");
    s.resize(at_sign);
  }
  size_t op = s.find("<=");
  c.upper = true;
  if (op == std::string::npos) op = s.find(">="), c.upper = false;
  if (op == std::string::npos) refuse(text, "expected OUTPUT[county] <= BOUND or >= BOUND (e.g. bup_wait_weeks[county] <= today)");
  std::string lhs = s.substr(0, op), rhs = s.substr(op + 2);
  // the place: [county] every county, [Name] one
  if (const size_t br = lhs.find('['); br != std::string::npos) {
    if (lhs.back() != ']') refuse(text, "a place is written [county] or [<county name>]");
    // the county name as given, spaces and all
    const size_t open = text.find('['), close = text.find(']');
    std::string place = text.substr(open + 1, close - open - 1);
    while (!place.empty() && std::isspace(static_cast<unsigned char>(place.back()))) place.pop_back();
    while (!place.empty() && std::isspace(static_cast<unsigned char>(place.front()))) place.erase(place.begin());
    if (lower(place) == "county") {
      c.county = -2;
    } else {
      auto it = std::find_if(county_names.begin(), county_names.end(),
                             [&](const std::string& n) { return lower(n) == lower(place); });
      if (it == county_names.end()) refuse(text, "unknown county \"" + place + "\" (use [county] for every county)");
      c.county = static_cast<int>(it - county_names.begin());
    }
    lhs.resize(br);
  }
  const auto& outs = constraint_outputs();
  auto out = std::find_if(outs.begin(), outs.end(), [&](const OutputInfo& o) { return lhs == o.name; });
  if (out == outs.end()) {
    std::string names;
    for (const OutputInfo& o : outs) names += (names.empty() ? "" : ", ") + std::string(o.name);
    refuse(text, "unknown output \"" + lhs + "\"; expected one of " + names);
  }
  c.output = out->id;
  // the bound: a number, or today / base with an optional offset
  c.bound = Bound::Number;
  for (auto [word, kind] : {std::pair{"today", Bound::Today}, std::pair{"base", Bound::Base}})
    if (rhs.rfind(word, 0) == 0) {
      c.bound = kind;
      rhs = rhs.substr(std::string(word).size());
      if (rhs.empty()) rhs = "0";
      else if (rhs[0] != '+' && rhs[0] != '-') refuse(text, std::string("after ") + word + " only +X or -X may follow");
    }
  if (!number(rhs, &c.number) || !std::isfinite(c.number))
    refuse(text, "the bound must be a finite number, today or base (with +X or -X), got \"" + rhs + "\"");
  if (c.bound == Bound::Number && out->nonnegative && c.number < 0)
    refuse(text, std::string(out->name) + " is never negative; a bound of " + rhs + " cannot be meant");
  return c;
}

void check_constraint_set(const std::vector<Constraint>& cs, int counties, double budget_max) {
  // numeric lower and upper bounds on the same output and place
  std::map<std::pair<int, int>, std::pair<const Constraint*, const Constraint*>> tight;  // (output, place) -> (max lo, min hi)
  std::vector<double> money_min(static_cast<size_t>(counties), 0.0);
  for (const Constraint& c : cs) {
    if (c.bound != Bound::Number) continue;
    for (int k = 0; k < (c.county == -2 ? counties : 1); ++k) {
      const int place = c.county == -2 ? k : c.county;
      auto& [lo, hi] = tight[{static_cast<int>(c.output), place}];
      if (c.upper && (!hi || c.number < hi->number)) hi = &c;
      if (!c.upper && (!lo || c.number > lo->number)) lo = &c;
      if (lo && hi && lo->number > hi->number)
        throw InputError("--constraint: \"" + lo->text + "\" and \"" + hi->text + "\" cannot both hold: the set is infeasible");
      if (c.output == Output::Money && !c.upper && place >= 0) money_min[static_cast<size_t>(place)] =
          std::max(money_min[static_cast<size_t>(place)], c.number);
      if (c.output == Output::Money && !c.upper && c.number > budget_max * (1 + 1e-9))
        throw InputError("--constraint \"" + c.text + "\": asks for more money than the budget (" +
                         std::to_string(budget_max) + " NOK): the set is infeasible");
    }
  }
  double sum = 0;
  for (double m : money_min) sum += m;
  if (sum > budget_max * (1 + 1e-9))
    throw InputError("--constraint: the counties' minimum money adds up to " + std::to_string(sum) +
                     " NOK, more than the budget (" + std::to_string(budget_max) + " NOK): the set is infeasible");
}

std::vector<ConstraintRow> constraint_rows(const std::vector<Constraint>& cs, int counties) {
  std::vector<ConstraintRow> rows;
  for (size_t k = 0; k < cs.size(); ++k) {
    if (cs[k].county == -2)
      for (int c = 0; c < counties; ++c) rows.push_back({static_cast<int>(k), c});
    else
      rows.push_back({static_cast<int>(k), cs[k].county});
  }
  return rows;
}

std::vector<double> row_values(const ScenarioResult& sr, const std::vector<Constraint>& cs,
                               const std::vector<ConstraintRow>& rows) {
  if (rows.empty()) return {};
  const int R = static_cast<int>(Query(dataset(sr, "pupils")).size("replication"));
  std::vector<double> out(rows.size() * static_cast<size_t>(R));
  for (size_t i = 0; i < rows.size(); ++i)
    for (int r = 0; r < R; ++r)
      out[i * R + r] = value(sr, cs[static_cast<size_t>(rows[i].constraint)].output, r, rows[i].county);
  return out;
}

RowJudgement judge_row(const Constraint& c, const double* value, const double* today, const double* base, int R) {
  RowJudgement j;
  std::vector<double> margin(static_cast<size_t>(R));
  int holding = 0;
  for (int r = 0; r < R; ++r) {
    const double b = c.number + (c.bound == Bound::Today ? today[r] : c.bound == Bound::Base ? base[r] : 0.0);
    j.value += value[r] / R;
    j.bound += b / R;
    margin[static_cast<size_t>(r)] = c.upper ? b - value[r] : value[r] - b;
    holding += margin[static_cast<size_t>(r)] >= 0;
  }
  j.share_holding = R > 0 ? static_cast<double>(holding) / R : 0.0;
  if (c.probability == 0) {
    j.slack = c.upper ? j.bound - j.value : j.value - j.bound;
  } else {
    // it holds in at least P of the R draws iff at most R - ceil(P R) margins
    // are negative, i.e. iff the (R - ceil(P R) + 1)-th smallest is >= 0
    std::sort(margin.begin(), margin.end());
    const int need = static_cast<int>(std::ceil(c.probability * R - 1e-9));
    j.slack = margin[static_cast<size_t>(std::clamp(R - need, 0, R - 1))];
  }
  return j;
}

std::string row_label(const std::vector<Constraint>& cs, const ConstraintRow& row,
                      const std::vector<std::string>& county_names) {
  const Constraint& c = cs[static_cast<size_t>(row.constraint)];
  if (c.county != -2) return c.text;
  return c.text + " (" + county_names[static_cast<size_t>(row.county)] + ")";
}

}  // namespace elevsim
