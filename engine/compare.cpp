#include "compare.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "h5.hpp"
#include "query.hpp"

namespace elevsim {

namespace {

struct Per {
  // per replication
  std::vector<double> completers, dropouts, prev1, prev2, gap_prev, gap_dropout, treated, wait, spending_year;
};

// Figures of one scenario per replication. Prevalence: mean over years and
// grades; dropouts: non-completers of the complete entry cohorts, per cohort.
Per figures(const std::string& s, const DatasetSource& data) {
  Per f;
  const Dataset* pupils = data(s, "pupils");
  const Dataset* comp = data(s, "mh_complaints");
  const Dataset* dis = data(s, "mh_disorder");
  const Dataset* ent = data(s, "cohort_entrants");
  const Dataset* com = data(s, "cohort_completed");
  const Dataset* spend = data(s, "spending_nok");
  const Dataset* treated = data(s, "treated");
  const Dataset* wait = data(s, "mean_wait_weeks");
  const int R = static_cast<int>(pupils->shape[0]);
  for (int r = 0; r < R; ++r) {
    auto sum = [&](const Dataset* d, std::initializer_list<std::pair<const char*, int>> w) {
      Query q(*d);
      q.where("replication", r);
      for (auto& [k, v] : w) q.where(k, v);
      return q.sum();
    };
    const double n = sum(pupils, {});
    f.prev1.push_back(100 * sum(comp, {}) / n);
    f.prev2.push_back(100 * sum(dis, {}) / n);
    auto prev_ses = [&](int ses) {
      return 100 * (sum(comp, {{"ses", ses}}) + sum(dis, {{"ses", ses}})) / sum(pupils, {{"ses", ses}});
    };
    f.gap_prev.push_back(prev_ses(0) - prev_ses(2));
    if (ent && com) {
      const double cohorts = static_cast<double>(Query(*ent).size("entry_year"));
      const double e = sum(ent, {}), c = sum(com, {});
      f.completers.push_back(c / cohorts);
      f.dropouts.push_back((e - c) / cohorts);
      auto drop_ses = [&](int ses) { return 100 * (1 - sum(com, {{"ses", ses}}) / sum(ent, {{"ses", ses}})); };
      f.gap_dropout.push_back(drop_ses(0) - drop_ses(2));
    }
    if (treated) f.treated.push_back(sum(treated, {}) / static_cast<double>(Query(*treated).size("year")));
    if (wait) f.wait.push_back(sum(wait, {}) / static_cast<double>(Query(*wait).size("year")));
    if (spend) {
      // mean over the years with any spending: a scheme's annual cost
      const int Y = static_cast<int>(Query(*spend).size("year"));
      double total = 0;
      int funded = 0;
      for (int y = 0; y < Y; ++y) {
        const double v = sum(spend, {{"year", y}});
        total += v;
        funded += v > 0;
      }
      f.spending_year.push_back(funded ? total / funded : 0.0);
    }
  }
  return f;
}

}  // namespace

std::vector<Indicator> compare_scenarios(const std::vector<std::string>& names, const DatasetSource& data,
                                         double value) {
  std::vector<Indicator> out;
  if (names.size() < 2) return out;
  const Per ref = figures(names[0], data);
  for (size_t k = 1; k < names.size(); ++k) {
    const Per sc = figures(names[k], data);
    auto add = [&](const char* key, const char* label, const char* unit, const std::vector<double>& a,
                   const std::vector<double>& b, double sign) {
      if (a.empty() || b.empty()) return;
      Indicator ind{names[k], key, label, unit, {}, 0, 0, 0};
      for (size_t r = 0; r < a.size(); ++r) ind.per_replication.push_back(sign * (a[r] - b[r]));
      finish_indicator(ind);
      out.push_back(std::move(ind));
    };
    add("completers_change", "completers within 5/6 years, per entry cohort", "pupils", sc.completers, ref.completers, 1);
    add("dropouts_avoided", "dropouts avoided, per entry cohort", "pupils", sc.dropouts, ref.dropouts, -1);
    add("prev_complaints_change", "state 1 prevalence, change (mean of years)", "pp", sc.prev1, ref.prev1, 1);
    add("prev_disorder_change", "state 2 prevalence, change (mean of years)", "pp", sc.prev2, ref.prev2, 1);
    add("treated_change", "pupils treated per year, change", "pupils", sc.treated, ref.treated, 1);
    add("wait_change", "mean wait, change", "weeks", sc.wait, ref.wait, 1);
    add("spending_per_year", "spending per funded year", "NOK", sc.spending_year, std::vector<double>(sc.spending_year.size(), 0.0), 1);
    add("ses_gap_prevalence_change", "low-high ses gap in state >= 1 prevalence, change", "pp", sc.gap_prev,
        ref.gap_prev, 1);
    add("ses_gap_dropout_change", "low-high ses gap in non-completion, change", "pp", sc.gap_dropout, ref.gap_dropout,
        1);
    if (!sc.dropouts.empty() && !sc.spending_year.empty()) {
      // a scheme's annual cost against one entry cohort's gain: the steady
      // state in which every year's spending serves one cohort's passage
      Indicator cost{names[k], "cost_per_dropout_avoided", "cost per dropout avoided", "NOK", {}, 0, 0, 0};
      Indicator net{names[k], "net_benefit_per_year", "net benefit per year (value of extra completers minus cost)",
                    "NOK", {}, 0, 0, 0};
      double avoided_sum = 0, spend_sum = 0;
      for (size_t r = 0; r < sc.dropouts.size(); ++r) {
        const double avoided = ref.dropouts[r] - sc.dropouts[r];
        avoided_sum += avoided;
        spend_sum += sc.spending_year[r];
        cost.per_replication.push_back(avoided > 0 ? sc.spending_year[r] / avoided : NAN);
        net.per_replication.push_back(avoided * value - sc.spending_year[r]);
      }
      finish_indicator(net);
      finish_indicator(cost);
      // the point estimate is the ratio of means; replications with no gain
      // make the ratio undefined, so its interval covers the others only
      cost.mean = avoided_sum > 0 ? spend_sum / avoided_sum : NAN;
      out.push_back(std::move(cost));
      out.push_back(std::move(net));
    }
  }
  return out;
}

std::vector<Indicator> read_comparisons(const std::string& path) {
  h5::quiet();
  std::vector<Indicator> out;
  h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  if (H5Lexists(f, "comparisons", H5P_DEFAULT) <= 0) return out;
  h5::Handle g(H5Gopen2(f, "comparisons", H5P_DEFAULT), H5Gclose, "open /comparisons");
  for (const std::string& s : h5::list_groups(g)) {
    h5::Handle sg(H5Gopen2(g, s.c_str(), H5P_DEFAULT), H5Gclose, "open " + s);
    std::stringstream order(h5::read_string_attr(sg, "indicators"));
    for (std::string key; std::getline(order, key, ',');) {
      h5::Handle ds(H5Dopen2(sg, key.c_str(), H5P_DEFAULT), H5Dclose, "open " + key);
      Indicator ind;
      ind.scenario = s;
      ind.key = key;
      ind.label = h5::read_string_attr(ds, "label");
      ind.unit = h5::read_string_attr(ds, "unit");
      ind.per_replication = h5::read_doubles(sg, key, nullptr);
      finish_indicator(ind);
      if (key == "cost_per_dropout_avoided") {
        auto read = [&](const char* a) {
          h5::Handle at(H5Aopen(ds, a, H5P_DEFAULT), H5Aclose, a);
          double v = 0;
          H5Aread(at, H5T_NATIVE_DOUBLE, &v);
          return v;
        };
        ind.mean = read("mean");
      }
      out.push_back(std::move(ind));
    }
  }
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
      std::snprintf(buf, sizeof buf, "  %-62s %14s\n", i.label.c_str(), "n/a (no gain)");
    else if (i.unit == "NOK" || i.unit == "pupils")
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
