#include "compare.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "h5.hpp"
#include "numbers.hpp"
#include "query.hpp"
#include "services_params.hpp"

namespace elevsim {

std::vector<Indicator> planner_levels(const std::string& s, const DatasetSource& data) {
  std::vector<Indicator> out;
  const Dataset* pupils = data(s, "pupils");
  const Dataset* comp = data(s, "mh_complaints");
  const Dataset* dis = data(s, "mh_disorder");
  const Dataset* ent = data(s, "cohort_entrants");
  const Dataset* com = data(s, "cohort_completed");
  const Dataset* spend = data(s, "spending_nok");
  const Dataset* treated = data(s, "treated");
  const int R = static_cast<int>(pupils->shape[0]);
  auto sum = [](const Dataset* d, int r, std::initializer_list<std::pair<const char*, int>> w) {
    Query q(*d);
    q.where("replication", r);
    for (auto& [k, v] : w) q.where(k, v);
    return q.sum();
  };
  auto add = [&](const char* key, const char* label, const char* unit, auto fn) {
    Indicator ind{s, key, label, unit, {}, 0, 0, 0};
    for (int r = 0; r < R; ++r) ind.per_replication.push_back(fn(r));
    finish_indicator(ind);
    out.push_back(std::move(ind));
  };
  if (ent && com) {
    const double cohorts = static_cast<double>(Query(*ent).size("entry_year"));
    add("completers_per_cohort", "completers within 5/6 years, mean per Vg1 entry cohort", "pupils",
        [&](int r) { return sum(com, r, {}) / cohorts; });
    add("dropouts_per_cohort", "not completed within 5/6 years, mean per Vg1 entry cohort", "pupils",
        [&](int r) { return (sum(ent, r, {}) - sum(com, r, {})) / cohorts; });
  }
  add("prev_complaints_mean", "state 1 prevalence, grades 1-13, mean of years", "%",
      [&](int r) { return 100 * sum(comp, r, {}) / sum(pupils, r, {}); });
  add("prev_disorder_mean", "state 2 prevalence, grades 1-13, mean of years", "%",
      [&](int r) { return 100 * sum(dis, r, {}) / sum(pupils, r, {}); });
  if (treated)
    add("treated_per_year", "pupils treated per year", "pupils",
        [&](int r) { return sum(treated, r, {}) / static_cast<double>(Query(*treated).size("year")); });
  const Dataset* wait = data(s, "wait_weeks");
  if (treated && wait)
    // mean over everyone who started a BUP episode in the run: what the
    // waiting-time statistics of the specialist service report
    add("bup_mean_wait_weeks", "mean wait for BUP (specialist care), weeks", "weeks", [&](int r) {
      const double n = sum(treated, r, {{"service", kBup}});
      return n > 0 ? sum(wait, r, {{"service", kBup}}) / n : NAN;
    });
  if (spend)
    add("spending_per_year", "grant spending per funded year", "NOK", [&](int r) {
      // mean over the years with any spending: a scheme's annual cost
      const int Y = static_cast<int>(Query(*spend).size("year"));
      double total = 0;
      int funded = 0;
      for (int y = 0; y < Y; ++y) {
        const double v = sum(spend, r, {{"year", y}});
        total += v;
        funded += v > 0;
      }
      return funded ? total / funded : 0.0;
    });
  add("ses_gap_prevalence", "gap in state >= 1 prevalence, low minus high ses", "pp", [&](int r) {
    auto prev = [&](int ses) {
      return 100 * (sum(comp, r, {{"ses", ses}}) + sum(dis, r, {{"ses", ses}})) / sum(pupils, r, {{"ses", ses}});
    };
    return prev(0) - prev(2);
  });
  if (ent && com)
    add("ses_gap_dropout", "gap in non-completion, low minus high ses", "pp", [&](int r) {
      auto drop = [&](int ses) { return 100 * (1 - sum(com, r, {{"ses", ses}}) / sum(ent, r, {{"ses", ses}})); };
      return drop(0) - drop(2);
    });
  return out;
}

std::vector<Indicator> compare_scenarios(const std::vector<std::string>& names, const DatasetSource& data,
                                         double value) {
  std::vector<std::vector<Indicator>> levels;
  for (const std::string& n : names) levels.push_back(planner_levels(n, data));
  return compare_levels(names, levels, value);
}

std::vector<Indicator> compare_levels(const std::vector<std::string>& names,
                                      const std::vector<std::vector<Indicator>>& levels, double value) {
  std::vector<Indicator> out;
  if (names.size() < 2) return out;
  const std::vector<Indicator>& ref = levels[0];
  for (size_t k = 1; k < names.size(); ++k) {
    const std::vector<Indicator>& sc = levels[k];
    const Indicator* dropouts = nullptr;
    const Indicator* dropouts_ref = nullptr;
    const Indicator* spending = nullptr;
    for (size_t i = 0; i < sc.size() && i < ref.size(); ++i) {
      Indicator d = sc[i];
      for (size_t r = 0; r < d.per_replication.size(); ++r) d.per_replication[r] -= ref[i].per_replication[r];
      if (d.key == "dropouts_per_cohort") {
        dropouts = &sc[i];
        dropouts_ref = &ref[i];
        // reported as a gain
        for (double& v : d.per_replication) v = -v;
        d.key = "dropouts_avoided";
        d.label = "dropouts avoided, per entry cohort";
      } else if (d.key == "spending_per_year") {
        spending = &sc[i];
        d = sc[i];  // the reference spends no grant money
      } else {
        d.key += "_change";
        d.label = "change in " + d.label;
        if (d.unit == "%") d.unit = "pp";  // a difference of two percentages
      }
      finish_indicator(d);
      out.push_back(std::move(d));
    }
    if (dropouts && spending) {
      // a scheme's annual cost against one entry cohort's gain: the steady
      // state in which every year's spending serves one cohort's passage
      Indicator cost{names[k], "cost_per_dropout_avoided", "cost per dropout avoided", "NOK", {}, 0, 0, 0};
      Indicator net{names[k], "net_benefit_per_year", "net benefit per year (value of extra completers minus cost)",
                    "NOK", {}, 0, 0, 0};
      for (size_t r = 0; r < dropouts->per_replication.size(); ++r) {
        const double avoided = dropouts_ref->per_replication[r] - dropouts->per_replication[r];
        const double cost_r = spending->per_replication[r];
        cost.per_replication.push_back(avoided > 0 ? cost_r / avoided : NAN);
        net.per_replication.push_back(avoided * value - cost_r);
      }
      // summaries, the ratio of means among them: summarise_comparisons below
      out.push_back(std::move(cost));
      out.push_back(std::move(net));
    }
  }
  summarise_comparisons(out);
  return out;
}

void summarise_comparisons(std::vector<Indicator>& inds) {
  auto find = [&](const std::string& scen, const char* key) -> const Indicator* {
    for (const Indicator& i : inds)
      if (i.scenario == scen && i.key == key) return &i;
    return nullptr;
  };
  for (Indicator& i : inds) {
    if (i.key != "cost_per_dropout_avoided") {
      finish_indicator(i);
      continue;
    }
    // replications without a gain make the ratio undefined: the interval
    // covers the others, the point estimate is the ratio of means
    std::vector<double> defined;
    for (double v : i.per_replication)
      if (!std::isnan(v)) defined.push_back(v);
    i.lo = defined.empty() ? NAN : quantile(defined, 0.025);
    i.hi = defined.empty() ? NAN : quantile(defined, 0.975);
    const Indicator *avoided = find(i.scenario, "dropouts_avoided"), *spend = find(i.scenario, "spending_per_year");
    double avoided_sum = 0, spend_sum = 0;
    for (size_t r = 0; avoided && spend && r < avoided->per_replication.size(); ++r) {
      avoided_sum += avoided->per_replication[r];
      spend_sum += spend->per_replication[r];
    }
    i.mean = avoided_sum > 0 ? spend_sum / avoided_sum : NAN;
    // A ratio over a gain whose interval reaches zero (or a scheme that costs
    // nothing) is no figure a planner can use: report it as undefined.
    std::vector<double> gains = avoided ? avoided->per_replication : std::vector<double>{};
    if (gains.empty() || quantile(gains, 0.025) <= 0 || spend_sum <= 0) i.mean = i.lo = i.hi = NAN;
  }
}

void recompute_comparisons(RunResult& run, double value_per_completer_nok) {
  std::vector<std::string> names;
  for (auto& sr : run.scenarios) names.push_back(sr.scenario.name);
  run.value_per_completer_nok = value_per_completer_nok;
  run.comparisons = compare_scenarios(
      names,
      [&](const std::string& scen, const std::string& name) -> const Dataset* {
        for (auto& sr : run.scenarios)
          if (sr.scenario.name == scen)
            for (auto& d : sr.datasets)
              if (d.name == name) return &d;
        return nullptr;
      },
      value_per_completer_nok);
}

std::vector<Indicator> join_comparisons(const std::vector<std::vector<Indicator>>& slices) {
  if (slices.empty()) return {};
  std::vector<Indicator> out = slices[0];
  for (size_t k = 1; k < slices.size(); ++k) {
    if (slices[k].size() != out.size()) throw std::runtime_error("shards differ in their comparisons");
    for (size_t i = 0; i < out.size(); ++i) {
      const Indicator& b = slices[k][i];
      if (b.scenario != out[i].scenario || b.key != out[i].key)
        throw std::runtime_error("shards differ in their comparisons (" + out[i].scenario + "/" + out[i].key + ")");
      out[i].per_replication.insert(out[i].per_replication.end(), b.per_replication.begin(), b.per_replication.end());
    }
  }
  summarise_comparisons(out);
  return out;
}

std::string format_comparisons(const RunInfo& info, const std::vector<Indicator>& inds) {
  std::ostringstream o;
  char buf[512];
  o << "paired differences from the reference scenario \"" << (info.scenarios.empty() ? "" : info.scenarios[0])
    << "\" (" << info.replications << " replications, common random numbers; mean [95% interval])\n";
  std::string current;
  for (const Indicator& i : inds) {
    if (i.scenario != current) {
      o << "\n" << i.scenario << " vs " << info.scenarios[0] << "\n";
      current = i.scenario;
    }
    if (std::isnan(i.mean))
      std::snprintf(buf, sizeof buf, "  %-62s %14s\n", i.label.c_str(), "n/a (no clear gain)");
    else if (i.unit == "NOK")
      std::snprintf(buf, sizeof buf, "  %-62s %14s [%s, %s]\n", i.label.c_str(), format_money_plain(i.mean).c_str(),
                    format_money_plain(i.lo).c_str(), format_money_plain(i.hi).c_str());
    else if (i.unit == "pupils")
      std::snprintf(buf, sizeof buf, "  %-62s %14.0f [%.0f, %.0f] %s\n", i.label.c_str(), i.mean, i.lo, i.hi,
                    i.unit.c_str());
    else
      std::snprintf(buf, sizeof buf, "  %-62s %14.3f [%.3f, %.3f] %s\n", i.label.c_str(), i.mean, i.lo, i.hi,
                    i.unit.c_str());
    o << buf;
  }
  return o.str();
}

}  // namespace elevsim
