#include "summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "h5.hpp"
#include "numbers.hpp"
#include "input_error.hpp"
#include "compare.hpp"
#include "query.hpp"
#include "run_attrs.hpp"
#include "shards.hpp"

#include <map>

namespace elevsim {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const size_t i = static_cast<size_t>(pos);
  const double f = pos - i;
  return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

RunInfo read_run_info(const std::string& path) {
  // Every command that reads a run starts here: check the whole file's
  // structure first (attributes, scales, the shape of every dataset and
  // comparison), so no later read meets a malformed object.
  read_run_file(path, false);
  read_comparisons(path);
  h5::Handle f(open_run_file(path), H5Fclose, "open " + path);
  const RunAttrs a = read_run_attrs(f);
  RunInfo info;
  info.engine_version = a.engine_version;
  info.created_utc = a.created_utc;
  info.seed = a.seed;
  info.replications = a.held();  // a shard (--replication-range) holds only its slice; the figures are over those
  info.start_year = a.start_year;
  info.years = a.years;
  info.scale = a.scale;
  if (H5Lexists(f, "scenarios", H5P_DEFAULT) <= 0) throw InputError(path, 0, "", "not an elevsim run file (no /scenarios)");
  h5::Handle g(H5Gopen2(f, "scenarios", H5P_DEFAULT), H5Gclose, "open /scenarios");
  info.scenarios = h5::list_groups(g);
  if (info.scenarios.empty()) throw InputError(path, 0, "", "holds no scenario");
  info.reference = a.reference.empty() ? info.scenarios.front() : a.reference;
  if (std::find(info.scenarios.begin(), info.scenarios.end(), info.reference) == info.scenarios.end())
    h5::malformed(f, "attribute 'reference_scenario'", "the name of one of the file's scenarios");
  return info;
}

void finish_indicator(Indicator& ind) {
  double s = 0;
  for (double v : ind.per_replication) s += v;
  ind.mean = ind.per_replication.empty() ? NAN : s / ind.per_replication.size();
  ind.lo = quantile(ind.per_replication, 0.025);
  ind.hi = quantile(ind.per_replication, 0.975);
}

namespace {
// Completion within 5/6 years of the first entry cohort that can be followed
// to its deadline (Vg1 entry in the start year), per replication.
template <class Add>
void add_completion_indicators(const std::string& path, const std::string& s, const RunInfo& info, Add&& add) {
  if (!has_dataset(path, s, "cohort_entrants")) return;
  const Dataset ent = read_dataset(path, s, "cohort_entrants");
  const Dataset com = read_dataset(path, s, "cohort_completed");
  const std::string cohort = std::to_string(info.start_year);
  auto rate = [&](long r, const char* dim, int i) {
    Query c(com), e(ent);
    c.where("replication", static_cast<int>(r)).where("entry_year", 0);
    e.where("replication", static_cast<int>(r)).where("entry_year", 0);
    if (dim) {
      c.where(dim, i);
      e.where(dim, i);
    }
    return 100 * c.sum() / e.sum();
  };
  add("completion_first_cohort", "completed within 5/6 years, Vg1 entry " + cohort, "%",
      [&](long r) { return rate(r, nullptr, -1); });
  add("completion_first_cohort_girls", "  girls", "%", [&](long r) { return rate(r, "sex", 0); });
  add("completion_first_cohort_boys", "  boys", "%", [&](long r) { return rate(r, "sex", 1); });
  add("completion_first_cohort_general", "  general programmes", "%", [&](long r) { return rate(r, "programme", 0); });
  add("completion_first_cohort_vocational", "  vocational programmes", "%",
      [&](long r) { return rate(r, "programme", 1); });
  add("completion_first_cohort_ses_low", "  low ses", "%", [&](long r) { return rate(r, "ses", 0); });
  add("completion_first_cohort_ses_high", "  high ses", "%", [&](long r) { return rate(r, "ses", 2); });
  add("noncompleters_first_cohort", "not completed within 5/6 years, Vg1 entry " + cohort, "pupils", [&](long r) {
    Query c(com), e(ent);
    c.where("replication", static_cast<int>(r)).where("entry_year", 0);
    e.where("replication", static_cast<int>(r)).where("entry_year", 0);
    return e.sum() - c.sum();
  });
}
}  // namespace

std::vector<Indicator> headline_indicators(const std::string& path) {
  RunInfo info = read_run_info(path);
  std::vector<Indicator> out;
  for (const std::string& s : info.scenarios) {
    const Dataset pupils = read_dataset(path, s, "pupils");
    const Dataset comp = read_dataset(path, s, "mh_complaints");
    const Dataset dis = read_dataset(path, s, "mh_disorder");
    const Dataset inc = read_dataset(path, s, "mh_new_cases");
    auto add = [&](std::string key, std::string label, std::string unit, auto fn) {
      Indicator ind{s, std::move(key), std::move(label), std::move(unit), {}, 0, 0, 0};
      for (long r = 0; r < static_cast<long>(pupils.shape[0]); ++r) ind.per_replication.push_back(fn(r));
      finish_indicator(ind);
      out.push_back(std::move(ind));
    };
    const long last = static_cast<long>(pupils.shape[1]) - 1;
    const std::string y0 = std::to_string(info.start_year), y1 = std::to_string(info.start_year + last);
    add("pupils_first_year", "pupils in grades 1-13, " + y0, "pupils", [&](long r) { return core_sum(pupils, r, 0); });
    // upper secondary follows the birth cohorts (born 2009 on for a 2025 start): first and last year
    add("pupils_upper_first_year", "pupils in age-grades 11-13, " + y0, "pupils",
        [&](long r) { return core_sum(pupils, r, 0, 11, 13); });
    add("pupils_upper_last_year", "pupils in age-grades 11-13, " + y1, "pupils",
        [&](long r) { return core_sum(pupils, r, last, 11, 13); });
    add("prev_any_first_year", "state >= 1 (complaints or disorder), grades 1-13, " + y0, "%",
        [&](long r) { return 100 * (core_sum(comp, r, 0) + core_sum(dis, r, 0)) / core_sum(pupils, r, 0); });
    add("prev_disorder_first_year", "state 2 (disorder), grades 1-13, " + y0, "%",
        [&](long r) { return 100 * core_sum(dis, r, 0) / core_sum(pupils, r, 0); });
    add("new_cases_first_year", "new cases per 1000 pupils, " + y0, "per 1000",
        [&](long r) { return 1000 * core_sum(inc, r, 0) / core_sum(pupils, r, 0); });
    // by problem type (national datasets; absent from files written before problem types were output)
    if (has_dataset(path, s, "mh_cases_by_type")) {
      const Dataset typed = read_dataset(path, s, "mh_cases_by_type");
      const Dataset typed_new = read_dataset(path, s, "mh_new_cases_by_type");
      for (int type : {0, 1}) {
        const std::string name = type == 0 ? "internalizing" : "externalizing";
        add("prev_" + name + "_first_year", "state >= 1, " + name + ", grades 1-13, " + y0, "%", [&](long r) {
          Query q(typed);
          q.where("replication", static_cast<int>(r)).where("year", 0).where("problem_type", type);
          return 100 * q.sum() / core_sum(pupils, r, 0);
        });
        add(name + "_new_cases_first_year", "new " + name + " cases per 1000 pupils, " + y0, "per 1000", [&](long r) {
          Query q(typed_new);
          q.where("replication", static_cast<int>(r)).where("year", 0).where("problem_type", type);
          return 1000 * q.sum() / core_sum(pupils, r, 0);
        });
      }
    }
    add("disorder_ratio_low_middle_g1_3", "state 2, low over middle ses, grades 1-3, " + y0, "ratio", [&](long r) {
      return (core_sum(dis, r, 0, 1, 3, -1, 0) / core_sum(pupils, r, 0, 1, 3, -1, 0)) /
             (core_sum(dis, r, 0, 1, 3, -1, 1) / core_sum(pupils, r, 0, 1, 3, -1, 1));
    });
    add("any_ratio_girls_boys_g11_13", "state >= 1, girls over boys, grades 11-13, " + y0, "ratio", [&](long r) {
      return ((core_sum(comp, r, 0, kVg1Grade, kGrades, 0, -1) + core_sum(dis, r, 0, kVg1Grade, kGrades, 0, -1)) / core_sum(pupils, r, 0, kVg1Grade, kGrades, 0, -1)) /
             ((core_sum(comp, r, 0, kVg1Grade, kGrades, 1, -1) + core_sum(dis, r, 0, kVg1Grade, kGrades, 1, -1)) / core_sum(pupils, r, 0, kVg1Grade, kGrades, 1, -1));
    });
    add("prev_any_last_year", "state >= 1, grades 1-13, " + y1, "%",
        [&](long r) { return 100 * (core_sum(comp, r, last) + core_sum(dis, r, last)) / core_sum(pupils, r, last); });
    add("prev_disorder_last_year", "state 2, grades 1-13, " + y1, "%",
        [&](long r) { return 100 * core_sum(dis, r, last) / core_sum(pupils, r, last); });
    add_completion_indicators(path, s, info, add);
    // the planner's figures, the same code as the comparisons
    std::map<std::string, Dataset> cache;
    for (Indicator& ind : planner_levels(s, [&](const std::string& sc, const std::string& name) -> const Dataset* {
           if (!has_dataset(path, sc, name)) return nullptr;
           auto it = cache.find(name);
           if (it == cache.end()) it = cache.emplace(name, read_dataset(path, sc, name)).first;
           return &it->second;
         }))
      out.push_back(std::move(ind));
  }
  return out;
}

std::vector<Comparison> compare_indicators(const std::vector<Indicator>& inds, const std::string& reference) {
  std::vector<Comparison> out;
  for (const Indicator& i : inds) {
    Comparison c;
    c.value = i;
    c.is_reference = i.scenario == reference;
    if (!c.is_reference) {
      const Indicator* ref = nullptr;
      for (const Indicator& j : inds)
        if (j.scenario == reference && j.key == i.key) ref = &j;
      if (ref && ref->per_replication.size() == i.per_replication.size()) {
        c.diff = i;
        for (size_t r = 0; r < i.per_replication.size(); ++r) c.diff.per_replication[r] -= ref->per_replication[r];
        finish_indicator(c.diff);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string format_summary(const RunInfo& info, const std::vector<Indicator>& inds) {
  std::ostringstream o;
  char buf[512];
  o << "elevsim " << info.engine_version << " run of " << info.created_utc << ": seed " << info.seed << ", "
    << info.replications << " replications, " << info.start_year << "-" << info.start_year + info.years - 1 << "\n";
  std::string current;
  for (const Indicator& i : inds) {
    if (i.scenario != current) {
      o << "\nscenario " << i.scenario << "  (mean [95% interval over replications])\n";
      current = i.scenario;
    }
    if (i.unit == "NOK")
      std::snprintf(buf, sizeof buf, "  %-58s %12s [%s, %s]\n", i.label.c_str(), format_money_plain(i.mean).c_str(),
                    format_money_plain(i.lo).c_str(), format_money_plain(i.hi).c_str());
    else if (i.unit == "pupils")
      std::snprintf(buf, sizeof buf, "  %-58s %12.0f [%.0f, %.0f]\n", i.label.c_str(), i.mean, i.lo, i.hi);
    else if (i.unit == "%")
      std::snprintf(buf, sizeof buf, "  %-58s %11.2f%% [%.2f, %.2f]\n", i.label.c_str(), i.mean, i.lo, i.hi);
    else
      std::snprintf(buf, sizeof buf, "  %-58s %12.2f [%.2f, %.2f]\n", i.label.c_str(), i.mean, i.lo, i.hi);
    o << buf;
  }
  current.clear();
  for (const Comparison& c : compare_indicators(inds, info.reference)) {
    const Indicator& i = c.diff;
    if (c.is_reference || i.per_replication.empty()) continue;
    if (i.scenario != current) {
      o << "\nscenario " << i.scenario << " minus " << info.reference
        << "  (paired difference, mean [95% interval over replications])\n";
      current = i.scenario;
    }
    if (i.unit == "NOK") {
      std::snprintf(buf, sizeof buf, "  %-58s %12s [%s, %s]\n", i.label.c_str(),
                    format_money_plain(i.mean, true).c_str(), format_money_plain(i.lo, true).c_str(),
                    format_money_plain(i.hi, true).c_str());
      o << buf;
      continue;
    }
    const char* fmt = i.unit == "pupils" ? "  %-58s %+12.0f [%+.0f, %+.0f]\n"
                      : i.unit == "%"    ? "  %-58s %+10.2fpp [%+.2f, %+.2f]\n"
                                         : "  %-58s %+12.2f [%+.2f, %+.2f]\n";
    std::snprintf(buf, sizeof buf, fmt, i.label.c_str(), i.mean, i.lo, i.hi);
    o << buf;
  }
  return o.str();
}

}  // namespace elevsim
