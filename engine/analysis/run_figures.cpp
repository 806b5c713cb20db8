#include "run_figures.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include "h5.hpp"
#include "run_attrs.hpp"
#include "input_error.hpp"
#include "query.hpp"
#include "run_attrs.hpp"
#include "services_params.hpp"
#include "toml_reader.hpp"
#include "uncertain.hpp"

namespace elevsim {

namespace {
const char* const kStatusLabels[kNoncompleterStatuses] = {"no_level_passed", "passed_vg1", "passed_vg2",
                                                           "final_year_not_passed", "still_enrolled"};
Figure measured(const char* unit) { return {true, unit, {}}; }
}  // namespace

RunFigures::RunFigures(std::string path, std::string scenario) : path_(std::move(path)), scenario_(std::move(scenario)) {}

bool RunFigures::has(const std::string& name) { return cache_.count(name) || has_dataset(path_, scenario_, name); }

const Dataset& RunFigures::data(const std::string& name) {
  auto it = cache_.find(name);
  if (it == cache_.end()) it = cache_.emplace(name, read_dataset(path_, scenario_, name)).first;
  return it->second;
}

long RunFigures::replications() { return static_cast<long>(data("pupils").shape[0]); }

std::vector<std::string> RunFigures::counties() {
  h5::quiet();
  h5::Handle f(open_run_file(path_), H5Fclose, "open " + path_);
  h5::Handle g = h5::open_group(f, ("scenarios/" + scenario_));
  return h5::read_strings(g, "county");
}

const Indicator* RunFigures::headline(const std::string& key) {
  if (!headline_read_) headline_ = headline_indicators(path_);
  headline_read_ = true;
  for (const Indicator& i : headline_)
    if (i.scenario == scenario_ && i.key == key) return &i;
  return nullptr;
}

const std::vector<SchoolFigures>& RunFigures::school() {
  if (school_.empty()) {
    ScenarioResult s;
    for (const char* n : {"cohort_entrants", "cohort_completed", "enrolled", "leavers"}) s.datasets.push_back(data(n));
    for (long r = 0; r < replications(); ++r) school_.push_back(school_figures(s, static_cast<int>(r)));
  }
  return school_;
}

double RunFigures::state_share(long r, long y, bool any, int g0, int g1, int sex, int ses) {
  double n = core_sum(data("mh_disorder"), r, y, g0, g1, sex, ses);
  if (any) n += core_sum(data("mh_complaints"), r, y, g0, g1, sex, ses);
  return n / core_sum(data("pupils"), r, y, g0, g1, sex, ses);
}

Figure RunFigures::mental_health(const std::string& name) {
  static const std::regex ratio(R"((any|disorder)_ratio_(low_middle|low_high|girls_boys)_grades_(\d+)_(\d+))");
  static const std::regex falls(R"(disorder_ratio_low_middle_falls_grades((?:_\d+_\d+){2,}))");
  std::smatch m;
  const long R = replications();
  if (name == "prevalence_any" || name == "prevalence_disorder") {
    // `elevsim summary`'s first-year figures, in percent there
    const Indicator* p = headline(name == "prevalence_any" ? "prev_any_first_year" : "prev_disorder_first_year");
    if (!p) return {};
    Figure f = measured("share");
    for (double v : p->per_replication) f.per_replication.push_back(v / 100);
    return f;
  }
  auto band_ratio = [&](long r, bool any, const std::string& groups, int g0, int g1) {
    if (groups == "girls_boys") return state_share(r, 0, any, g0, g1, 0, -1) / state_share(r, 0, any, g0, g1, 1, -1);
    return state_share(r, 0, any, g0, g1, -1, 0) / state_share(r, 0, any, g0, g1, -1, groups == "low_high" ? 2 : 1);
  };
  if (std::regex_match(name, m, ratio)) {
    Figure f = measured("ratio");
    for (long r = 0; r < R; ++r)
      f.per_replication.push_back(band_ratio(r, m[1] == "any", m[2], std::stoi(m[3]), std::stoi(m[4])));
    return f;
  }
  if (std::regex_match(name, m, falls)) {
    // the largest quotient of one band's ratio over the previous band's: below 1 when it falls at every step
    std::vector<int> g;
    const std::string s = m[1];
    static const std::regex number(R"(\d+)");
    for (std::sregex_iterator it(s.begin(), s.end(), number), end; it != end; ++it)
      g.push_back(std::stoi(it->str()));
    Figure f = measured("ratio");
    for (long r = 0; r < R; ++r) {
      double worst = -INFINITY;
      for (size_t b = 2; b + 1 < g.size(); b += 2)
        worst = std::max(worst, band_ratio(r, false, "low_middle", g[b], g[b + 1]) /
                                    band_ratio(r, false, "low_middle", g[b - 2], g[b - 1]));
      f.per_replication.push_back(worst);
    }
    return f;
  }
  if (Figure f = problem_types(name); f.measured) return f;
  if (name == "drift_any_pp" || name == "drift_disorder_pp") {
    const std::string s = name == "drift_any_pp" ? "any" : "disorder";
    const Indicator *a = headline("prev_" + s + "_first_year"), *b = headline("prev_" + s + "_last_year");
    if (!a || !b) return {};
    Figure f = measured("pp");
    for (size_t r = 0; r < a->per_replication.size(); ++r)
      f.per_replication.push_back(b->per_replication[r] - a->per_replication[r]);
    return f;
  }
  return {};
}

Figure RunFigures::problem_types(const std::string& name) {
  std::smatch m;
  const long R = replications();
  // Prevalence by problem type (first year): e.g. externalizing_disorder_boys_grades_5_7 (share of
  // the band's boys in state 2 with an externalizing problem), internalizing_any_girls_grades_8_10
  // (state >= 1), externalizing_ratio_boys_girls_disorder_grades_8_13
  static const std::regex by_type(R"((internalizing|externalizing)_(any|disorder)_(girls|boys|all)_grades_(\d+)_(\d+))");
  static const std::regex type_ratio(
      R"((internalizing|externalizing)_ratio_(girls_boys|boys_girls)_(any|disorder)_grades_(\d+)_(\d+))");
  auto type_share = [&](long r, int type, bool any, int sex, int g0, int g1) {
    Query q(data("mh_cases_by_type"));
    q.where("replication", static_cast<int>(r)).where("year", 0).where("grade", g0 - 1, g1 - 1);
    q.where("problem_type", type).where("case_state", any ? 0 : 1, 1);
    if (sex >= 0) q.where("sex", sex);
    return q.sum() / core_sum(data("pupils"), r, 0, g0, g1, sex, -1);
  };
  if (std::regex_match(name, m, by_type)) {
    if (!has("mh_cases_by_type")) return {};
    const int sex = m[3] == "girls" ? 0 : m[3] == "boys" ? 1 : -1;
    Figure f = measured("share");
    for (long r = 0; r < R; ++r)
      f.per_replication.push_back(
          type_share(r, m[1] == "externalizing", m[2] == "any", sex, std::stoi(m[4]), std::stoi(m[5])));
    return f;
  }
  if (std::regex_match(name, m, type_ratio)) {
    if (!has("mh_cases_by_type")) return {};
    const int num = m[2] == "girls_boys" ? 0 : 1;
    const int type = m[1] == "externalizing", g0 = std::stoi(m[4]), g1 = std::stoi(m[5]);
    Figure f = measured("ratio");
    for (long r = 0; r < R; ++r)
      f.per_replication.push_back(type_share(r, type, m[3] == "any", num, g0, g1) /
                                  type_share(r, type, m[3] == "any", 1 - num, g0, g1));
    return f;
  }
  return {};
}

Figure RunFigures::services(const std::string& name) {
  static const std::regex wait_ratio(R"(bup_wait_ratio_year_(\d+)_over_year_(\d+))");
  std::smatch m;
  if (!has("treated") || !has("wait_weeks")) return {};
  const long R = replications();
  const long Y = static_cast<long>(Query(data("pupils")).size("year"));
  auto sum = [&](const std::string& d, long r, int service, long year) {
    Query q(data(d));
    q.where("replication", static_cast<int>(r)).where("service", service);
    if (year >= 0) q.where("year", static_cast<int>(year));
    return q.sum();
  };
  Figure f;
  if (std::regex_match(name, m, wait_ratio)) {
    const long a = std::stol(m[1]) - 1, b = std::stol(m[2]) - 1;
    if (a < 0 || b < 0 || a >= Y || b >= Y) return {};
    f = measured("ratio");
    for (long r = 0; r < R; ++r)
      f.per_replication.push_back((sum("wait_weeks", r, kBup, a) / sum("treated", r, kBup, a)) /
                                  (sum("wait_weeks", r, kBup, b) / sum("treated", r, kBup, b)));
    return f;
  }
  if (name == "bup_contact_share") {
    f = measured("share");
    for (long r = 0; r < R; ++r)
      f.per_replication.push_back(sum("treated", r, kBup, -1) / Query(data("pupils")).where("replication", r).sum());
    return f;
  }
  if (name == "bup_mean_wait_days") {
    const Indicator* w = headline("bup_mean_wait_weeks");
    if (!w) return {};
    f = measured("days");
    for (double v : w->per_replication) f.per_replication.push_back(7 * v);
    return f;
  }
  for (int k = 0; k < kServices; ++k) {
    if (name == std::string("utilisation_") + kServiceKeys[k] && has("capacity_sessions")) {
      f = measured("share");
      for (long r = 0; r < R; ++r)
        f.per_replication.push_back(sum("sessions_delivered", r, k, -1) / sum("capacity_sessions", r, k, -1));
      return f;
    }
    if (name == std::string("mean_wait_weeks_") + kServiceKeys[k]) {
      f = measured("weeks");
      for (long r = 0; r < R; ++r) f.per_replication.push_back(sum("wait_weeks", r, k, -1) / sum("treated", r, k, -1));
      return f;
    }
  }
  return {};
}

Figure RunFigures::schooling(const std::string& name) {
  if (!has("cohort_entrants")) return {};
  if (name.rfind("noncompleter_share_", 0) == 0 && has("cohort_noncompleters")) {
    const auto* end = kStatusLabels + kNoncompleterStatuses;
    const auto* it = std::find(kStatusLabels, end, name.substr(19));
    if (it == end) return {};
    Figure f = measured("share");
    for (long r = 0; r < replications(); ++r) {
      Query all(data("cohort_noncompleters")), one(data("cohort_noncompleters"));
      all.where("replication", static_cast<int>(r));
      one.where("replication", static_cast<int>(r)).where("status", static_cast<int>(it - kStatusLabels));
      f.per_replication.push_back(one.sum() / all.sum());
    }
    return f;
  }
  if (!school().front().by_key().count(name)) return {};
  Figure f = measured(name.find("ratio") != std::string::npos ? "ratio"
                      : name.find("gap") != std::string::npos ? "share_pp"
                                                               : "share");
  for (const SchoolFigures& s : school()) f.per_replication.push_back(s.by_key().at(name));
  return f;
}

Figure RunFigures::county_completion_diff(const std::string& county) {
  const std::vector<std::string> names = counties();
  const auto it = std::find(names.begin(), names.end(), county);
  if (it == names.end() || !has("cohort_entrants")) return {};
  const int k = static_cast<int>(it - names.begin());
  Figure f = measured("pp");
  for (long r = 0; r < replications(); ++r) {
    auto rate = [&](int c) {
      Query com(data("cohort_completed")), ent(data("cohort_entrants"));
      com.where("replication", static_cast<int>(r));
      ent.where("replication", static_cast<int>(r));
      if (c >= 0) {
        com.where("county", c);
        ent.where("county", c);
      }
      return com.sum() / ent.sum();
    };
    f.per_replication.push_back(100 * (rate(k) - rate(-1)));
  }
  return f;
}

// BUP clinicians at school in upper secondary (age-grades 11-13), first year:
// the Nord-Trøndelag pilot's figures (seed figure 5.22-5.27).
Figure RunFigures::school_service(const std::string& name, int county) {
  if (name.rfind("bup_school_", 0) != 0 || !has("treated") || !has("clinician_days")) return {};
  auto sum = [&](const std::string& d, long r, int sex = -1) {
    Query q(data(d));
    q.where("replication", static_cast<int>(r)).where("year", 0);
    if (d != "clinician_days") q.where("grade", 10, 12);
    if (d != "pupils") q.where("service", kBupSchool);
    if (county >= 0) q.where("county", county);
    if (sex >= 0) q.where("sex", sex);
    return q.sum();
  };
  enum { Use, Girls, PerUser, Closed, PerDay } kind;
  if (name == "bup_school_use_share") kind = Use;
  else if (name == "bup_school_girls_share") kind = Girls;
  else if (name == "bup_school_sessions_per_user") kind = PerUser;
  else if (name == "bup_school_closed_share") kind = Closed;
  else if (name == "bup_school_sessions_per_clinician_day") kind = PerDay;
  else return {};
  Figure f = measured(kind == PerUser || kind == PerDay ? "ratio" : "share");
  for (long r = 0; r < replications(); ++r) {
    const double users = sum("treated", r), sessions = sum("sessions_delivered", r);
    f.per_replication.push_back(kind == Use     ? users / sum("pupils", r)
                                : kind == Girls  ? sum("treated", r, 0) / users
                                : kind == PerUser ? sessions / users
                                : kind == Closed ? 1 - sum("referrals", r) / users
                                                 : sessions / sum("clinician_days", r));
  }
  return f;
}

// An uncertain parameter as the run drew it: one value per replication held (its
// PSA draw, or the central value in a run without PSA), from the parameter files
// the scenario recorded. name is "section.key" (e.g. schooling.leave_externalizing_disorder).
Figure RunFigures::parameter(const std::string& name) {
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return {};
  h5::quiet();
  h5::Handle f(open_run_file(path_), H5Fclose, "open " + path_);
  const RunAttrs a = read_run_attrs(f);
  h5::Handle g(H5Gopen2(f, ("scenarios/" + scenario_).c_str(), H5P_DEFAULT), H5Gclose, "open " + scenario_);
  // the files one after another, each after its "# ===== name =====" line, the scenario's
  // overrides last: each parsed on its own, the last to set the key wins
  const std::string text = h5::string_attr_or(g, "params_toml");
  const std::string section = name.substr(0, dot), key = name.substr(dot + 1);
  bool found = false;
  Uncertain u;
  for (size_t at = 0; at < text.size();) {
    size_t next = text.find("\n# ===== ", at);
    next = next == std::string::npos ? text.size() : next + 1;
    const std::string origin = path_ + ": scenarios/" + scenario_ + "/params_toml";
    const toml::table root = parse_toml_text(text.substr(at, next - at), origin);
    const TomlTable t(root, origin, "");
    if (t.has(section) && root[section].is_table() && t.table(section).has(key)) {
      u = t.table(section).uncertain(key, -1e300, 1e300);
      found = true;
    }
    at = next;
  }
  if (!found) return {};
  Figure out = measured("log-odds");
  for (int r = a.replication_begin; r < a.replication_end; ++r)
    out.per_replication.push_back(realise_uncertain(u, name, a.seed, static_cast<uint32_t>(r), a.psa));
  return out;
}

Figure RunFigures::get(const std::string& name, const std::string& county) {
  if (name.rfind("county_completion_diff_pp:", 0) == 0) return county_completion_diff(name.substr(26));
  if (name.rfind("param:", 0) == 0) return parameter(name.substr(6));
  if (!county.empty()) {
    const std::vector<std::string> names = counties();
    const auto it = std::find(names.begin(), names.end(), county);
    return it == names.end() ? Figure{} : school_service(name, static_cast<int>(it - names.begin()));
  }
  if (Figure f = school_service(name, -1); f.measured) return f;
  if (Figure f = mental_health(name); f.measured) return f;
  if (Figure f = services(name); f.measured) return f;
  return schooling(name);
}

NoncompleterShares collect_noncompleters(const std::string& path, const std::vector<std::string>& scenarios) {
  NoncompleterShares n;
  for (const std::string& s : scenarios) {
    if (!has_dataset(path, s, "cohort_noncompleters")) continue;
    if (n.statuses.empty()) n.statuses = {"no_level_passed", "passed_vg1", "passed_vg2", "final_year_not_passed",
                                          "still_enrolled"};
    RunFigures figs(path, s);
    for (const std::string& st : n.statuses) {
      Figure f = figs.get("noncompleter_share_" + st);
      Indicator ind{s, st, st, f.unit, f.per_replication, NAN, NAN, NAN};
      finish_indicator(ind);
      n.shares.push_back(std::move(ind));
    }
  }
  return n;
}

}  // namespace elevsim
