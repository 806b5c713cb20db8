#include "report_data.hpp"

#include "school_targets.hpp"

#include "compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>

#include "decision_file.hpp"
#include "h5.hpp"
#include "query.hpp"
#include "input_error.hpp"
#include "ladder_file.hpp"
#include "scenario.hpp"
#include "run_attrs.hpp"

namespace elevsim {

namespace {

h5::Handle open_group(const std::string& path, const std::string& scenario, h5::Handle* file) {
  *file = h5::Handle(open_run_file(path), H5Fclose, "open " + path);
  const std::string group = "scenarios/" + scenario;
  if (H5Lexists(*file, "scenarios", H5P_DEFAULT) <= 0 || H5Lexists(*file, group.c_str(), H5P_DEFAULT) <= 0)
    throw InputError(path, 0, "", "no group /" + group);
  return h5::Handle(H5Gopen2(*file, group.c_str(), H5P_DEFAULT), H5Gclose, "open scenario " + scenario);
}


std::string string_attr_or(hid_t obj, const char* name, const std::string& fallback = "") {
  return h5::string_attr_or(obj, name, fallback);
}

BandPoint band(const std::string& scenario, const std::string& group, long year, const std::vector<double>& v) {
  Indicator ind;
  ind.per_replication = v;
  finish_indicator(ind);
  return {scenario, group, year, ind.mean, ind.lo, ind.hi, quantile(v, 0.25), quantile(v, 0.75)};
}

// Per scenario, year and replication: the draws behind a yearly series.
using YearlyDraws = std::map<std::string, std::vector<std::vector<double>>>;

// The "diff:<key>" chart of a series: each scenario's paired difference from
// the reference, year by year, with its band (replication r of both shares its
// draws), so effects the level chart hides under overlapping lines show.
void append_difference(ReportData& d, const SeriesChart& level, const YearlyDraws& draws, const std::string& unit) {
  const auto ref = draws.find(d.info.reference);
  if (ref == draws.end() || draws.size() < 2) return;
  SeriesChart diff{"diff:" + level.key, "Change from the reference: " + level.title_en, unit, "", {}};
  for (const std::string& s : d.info.scenarios) {
    if (s == d.info.reference || !draws.count(s)) continue;
    const auto& sc = draws.at(s);
    for (size_t y = 0; y < sc.size() && y < ref->second.size(); ++y) {
      std::vector<double> v = sc[y];
      if (v.size() != ref->second[y].size()) continue;
      for (size_t r = 0; r < v.size(); ++r) v[r] -= ref->second[y][r];
      diff.points.push_back(band(s, "", d.info.start_year + static_cast<long>(y), v));
    }
  }
  d.charts.push_back(std::move(diff));
}

// What `optimise --target/--constraint/--risk-quantile` add (outputs/README.md);
// files written before them have none of it.
void read_limits(hid_t o, hid_t frontier, const std::vector<double>& budgets, ReportData& d) {
  d.risk_form = h5::has_attr(o, "risk_form") ? h5::read_string_attr(o, "risk_form") : "mean";
  size_t answer = 0;
  if (H5Lexists(frontier, "target_answer", H5P_DEFAULT) > 0 && h5::has_attr(frontier, "target_value")) {
    const std::vector<double> mark = h5::read_doubles(frontier, "target_answer", nullptr);
    d.frontier_target = h5::read_double_attr(frontier, "target_value");
    for (size_t k = 0; k < mark.size() && k < budgets.size(); ++k)
      if (mark[k] == 1) answer = k, d.frontier_answer_nok = budgets[k];
  }
  const std::string name = "budget_" + std::to_string(answer);
  if (H5Lexists(o, name.c_str(), H5P_DEFAULT) <= 0 || H5Lexists(o, "constraints", H5P_DEFAULT) <= 0) return;
  h5::Handle b(H5Gopen2(o, name.c_str(), H5P_DEFAULT), H5Gclose, "open /optimisation/" + name);
  if (H5Lexists(b, "constraint_slack", H5P_DEFAULT) <= 0) return;
  h5::Handle c(H5Gopen2(o, "constraints", H5P_DEFAULT), H5Gclose, "open /optimisation/constraints");
  const std::vector<std::string> label = h5::read_strings(c, "row"), unit = h5::read_strings(c, "unit");
  auto read = [&](const char* n) { return h5::read_doubles(b, n, nullptr); };
  const std::vector<double> v = read("constraint_value"), bd = read("constraint_bound"), sl = read("constraint_slack"),
                            sh = read("constraint_share_holding"), bi = read("constraint_binds");
  for (size_t i = 0; i < label.size() && i < unit.size() && i < v.size() && i < bd.size() && i < sl.size() &&
                     i < sh.size() && i < bi.size();
       ++i)
    d.constraints.push_back({label[i], unit[i], v[i], bd[i], sl[i], sh[i], bi[i] == 1});
}

// /optimisation/frontier, written by `elevsim optimise --budgets`: the best
// objective found at each budget. Absent from other runs.
void read_frontier(const std::string& path, ReportData& d) {
  h5::quiet();
  h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  if (H5Lexists(f, "optimisation", H5P_DEFAULT) <= 0 || H5Lexists(f, "optimisation/frontier", H5P_DEFAULT) <= 0) return;
  h5::Handle o(H5Gopen2(f, "optimisation", H5P_DEFAULT), H5Gclose, "open /optimisation");
  h5::Handle g(H5Gopen2(o, "frontier", H5P_DEFAULT), H5Gclose, "open /optimisation/frontier");
  auto read = [&](const char* name) { return h5::read_doubles(g, name, nullptr); };
  const std::vector<double> b = read("budget_nok"), m = read("objective_mean"), lo = read("objective_low"),
                            hi = read("objective_high"),
                            base = H5Lexists(g, "base_objective_mean", H5P_DEFAULT) > 0 ? read("base_objective_mean")
                                                                                       : std::vector<double>(b.size(), NAN);
  if (m.size() != b.size() || lo.size() != b.size() || hi.size() != b.size() || base.size() != b.size())
    throw InputError(path, 0, "/optimisation/frontier", "its datasets differ in length");
  d.frontier_objective = h5::has_attr(o, "objective") ? h5::read_string_attr(o, "objective") : "dropouts_avoided";
  for (size_t k = 0; k < b.size(); ++k) d.frontier.push_back({b[k], m[k], lo[k], hi[k], base[k]});
  read_limits(o, g, b, d);
}

const char* const kCoreDatasets[] = {"pupils", "mh_complaints", "mh_disorder", "mh_new_cases"};

}  // namespace

bool additive_units(const std::string& units) {
  for (const char* p : {"pupils", "persons", "sessions", "NOK", "FTE", "count", "cases", "referrals"})
    if (units.rfind(p, 0) == 0) return true;
  return false;
}

std::vector<DatasetInfo> list_datasets(const std::string& path, const std::string& scenario) {
  h5::Handle f;
  h5::Handle g = open_group(path, scenario, &f);
  std::vector<DatasetInfo> out;
  for (const std::string& n : h5::list_datasets(g)) {
    h5::Handle ds(H5Dopen2(g, n.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + n);
    if (h5::is_scale(ds)) continue;
    DatasetInfo d;
    d.name = n;
    d.units = string_attr_or(ds, "units");
    d.description = string_attr_or(ds, "description", n);
    d.weighted_by = string_attr_or(ds, "weighted_by");
    const std::vector<hsize_t> shape = h5::dataset_shape(g, n);
    d.shape.assign(shape.begin(), shape.end());
    d.dims = h5::dimension_names(g, n, shape);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<std::string> scale_labels(const std::string& path, const std::string& scenario, const std::string& dim) {
  h5::Handle f;
  h5::Handle g = open_group(path, scenario, &f);
  if (H5Lexists(g, dim.c_str(), H5P_DEFAULT) <= 0) throw InputError(path, 0, "", "no dimension scale " + dim);
  h5::Handle ds(H5Dopen2(g, dim.c_str(), H5P_DEFAULT), H5Dclose, "open scale " + dim);
  h5::Handle type(H5Dget_type(ds), H5Tclose, "type of " + dim);
  if (H5Tget_class(type) == H5T_STRING) return h5::read_strings(g, dim);
  std::vector<std::string> out;
  for (int64_t x : h5::read_ints(g, dim)) out.push_back(std::to_string(x));
  return out;
}

// Every further dataset over (replication, year, ...) of scenario `s` becomes
// a yearly chart (`generic`, in first-seen order), split by a `service`
// dimension when it has one: counts are summed over the other dimensions,
// means averaged with the weights they name.
static void add_dataset_charts(const std::string& path, const std::string& s, long start_year,
                               std::map<std::string, SeriesChart>& generic, std::vector<std::string>& generic_order,
                               std::map<std::string, YearlyDraws>& draws) {
  const std::vector<DatasetInfo> all = list_datasets(path, s);
  for (const DatasetInfo& ds : all) {
    if (std::find(std::begin(kCoreDatasets), std::end(kCoreDatasets), ds.name) != std::end(kCoreDatasets)) continue;
    if (ds.dims.size() < 2 || ds.dims[0] != "replication" || ds.dims[1] != "year") continue;
    const DatasetInfo* weights = nullptr;
    for (const DatasetInfo& w : all)
      if (!ds.weighted_by.empty() && w.name == ds.weighted_by && w.shape == ds.shape) weights = &w;
    if (!additive_units(ds.units) && !weights) continue;
    const auto svc = std::find(ds.dims.begin(), ds.dims.end(), "service");
    const long sk = svc == ds.dims.end() ? -1 : static_cast<long>(svc - ds.dims.begin());
    std::vector<std::string> groups{""};
    if (sk >= 0) groups = scale_labels(path, s, "service");
    h5::Handle f;
    h5::Handle g = open_group(path, s, &f);
    std::vector<hsize_t> shape;
    shape.assign(ds.shape.begin(), ds.shape.end());
    std::vector<double> v = h5::read_doubles_shaped(g, ds.name, shape);
    std::vector<double> w = weights ? h5::read_doubles_shaped(g, weights->name, shape) : std::vector<double>();
    const long DR = static_cast<long>(shape[0]), DY = static_cast<long>(shape[1]);
    if (DR * DY == 0) continue;
    const size_t per_year = v.size() / (DR * DY);
    size_t inner = 1;  // stride of the service index inside one (replication, year) block
    if (sk >= 0)
      for (size_t k = sk + 1; k < shape.size(); ++k) inner *= shape[k];
    const size_t G = groups.size();
    auto [it, fresh] = generic.try_emplace(ds.name);
    if (fresh) {
      generic_order.push_back(ds.name);
      it->second = SeriesChart{"dataset:" + ds.name, ds.description, ds.units, sk >= 0 ? "service" : "", {}};
    }
    for (long y = 0; y < DY; ++y) {
      std::vector<std::vector<double>> sums(G, std::vector<double>(DR, 0)), wsum = sums;
      for (long r = 0; r < DR; ++r) {
        const size_t at = (r * DY + y) * per_year;
        for (size_t i = 0; i < per_year; ++i) {
          const size_t gi = sk >= 0 ? (i / inner) % G : 0;
          if (weights) {
            if (w[at + i] == 0) continue;  // an empty group has no mean to weigh
            sums[gi][r] += v[at + i] * w[at + i];
            wsum[gi][r] += w[at + i];
          } else {
            sums[gi][r] += v[at + i];
          }
        }
      }
      if (weights)
        for (size_t gi = 0; gi < G; ++gi)
          for (long r = 0; r < DR; ++r) sums[gi][r] = wsum[gi][r] > 0 ? sums[gi][r] / wsum[gi][r] : NAN;
      for (size_t gi = 0; gi < G; ++gi)
        it->second.points.push_back(band(s, groups[gi], start_year + y, sums[gi]));
      if (G == 1) draws[ds.name][s].push_back(sums[0]);  // unfaceted: its paired difference is charted too
    }
  }
}

// The run's description, key figures, comparisons, decision uncertainty and frontier.
static void collect_figures(const std::string& path, ReportData& d) {
  d.info = read_run_info(path);
  {
    h5::Handle f;
    for (const std::string& s : d.info.scenarios) {
      h5::Handle g = open_group(path, s, &f);
      d.scenarios.push_back({s, string_attr_or(g, "description"), string_attr_or(g, "scenario_toml"), string_attr_or(g, "params_toml"),
                             string_attr_or(g, "description_en"), string_attr_or(g, "targets_toml")});
    }
  }
  d.key_figures = compare_indicators(headline_indicators(path), d.info.reference);
  d.comparisons = read_comparisons(path);
  d.decision = read_decision(path);
  d.ladder = read_ladder(path);
  read_frontier(path, d);
  // figures that exist only as a comparison (a ratio or balance against the
  // reference), exactly as `elevsim compare` prints them
  for (const Indicator& i : d.comparisons)
    if (i.key == "cost_per_dropout_avoided" || i.key == "net_benefit_per_year") {
      Comparison c;
      c.value = i;
      d.key_figures.push_back(c);
    }
}

// Completion by county of the reference scenario beside targets.toml's published differences.
static void county_completion(const std::string& path, ReportData& d) {
  const std::string& s = d.info.reference;
  if (!has_dataset(path, s, "cohort_entrants")) return;
  const Dataset ent = read_dataset(path, s, "cohort_entrants"), com = read_dataset(path, s, "cohort_completed");
  const std::vector<std::string> names = scale_labels(path, s, "county");
  const long R = static_cast<long>(ent.shape[0]);
  d.completion_first_entry = d.info.start_year;
  d.completion_last_entry = d.info.start_year + static_cast<long>(Query(ent).size("entry_year")) - 1;
  std::vector<Target> published;
  for (const ScenarioMeta& m : d.scenarios)
    if (m.name == s) published = read_county_targets(m.targets_toml, path + ":" + s + "/targets_toml");
  auto rate = [&](long r, int k) {
    Query c(com), e(ent);
    c.where("replication", static_cast<int>(r));
    e.where("replication", static_cast<int>(r));
    if (k >= 0) {
      c.where("county", k);
      e.where("county", k);
    }
    return 100 * c.sum() / e.sum();
  };
  std::vector<double> national(R);
  for (long r = 0; r < R; ++r) national[r] = rate(r, -1);
  for (int k = 0; k < static_cast<int>(names.size()); ++k) {
    CountyCompletionRow row;
    row.county = names[k];
    row.model = Indicator{s, "completion_county:" + names[k], names[k], "%", {}, 0, 0, 0};
    double diff = 0;
    for (long r = 0; r < R; ++r) {
      row.model.per_replication.push_back(rate(r, k));
      diff += (row.model.per_replication.back() - national[r]) / R;
    }
    finish_indicator(row.model);
    row.model_diff_pp = diff;
    for (const Target& t : published)
      if (t.group == "county_completion" && t.key == names[k]) {
        row.published_diff_pp = t.value;
        row.tolerance_pp = t.tolerance;
        d.completion_source = t.source;
      }
    d.county_completion.push_back(std::move(row));
  }
}

// Where non-completers stand, and `elevsim validate` of the reference when the
// parameter directory has checks.
static void collect_validation(const std::string& path, const std::string& params_dir, ReportData& d) {
  d.noncompleters = collect_noncompleters(path, d.info.scenarios);
  const std::string dir = find_params_dir(params_dir, "");
  if (std::filesystem::exists(std::filesystem::path(dir) / "validation.toml")) d.validation = validate_run(path, "", dir);
}

ReportData collect_report_data(const std::string& path, const std::string& params_dir) {
  ReportData d;
  collect_figures(path, d);
  collect_validation(path, params_dir, d);

  SeriesChart prev_any{"prev_any", "Pupils with complaints or a disorder (state 1 or 2), grades 1-13", "%", "", {}};
  SeriesChart prev_dis{"prev_disorder", "Pupils with a disorder (state 2), grades 1-13", "%", "", {}};
  SeriesChart gap{"ses_gap_any", "Gap in state 1 or 2 between low and high ses, grades 1-13", "pp", "", {}};
  std::vector<Indicator> gap_inds, county_inds;
  std::map<std::string, SeriesChart> generic;
  std::vector<std::string> generic_order;
  std::vector<std::string> counties;
  // the draws behind the three core series and the unfaceted datasets, for their paired differences
  YearlyDraws any_draws, dis_draws, gap_draws;
  std::map<std::string, YearlyDraws> generic_draws;

  for (const std::string& s : d.info.scenarios) {
    const Dataset pupils = read_dataset(path, s, "pupils");
    const Dataset comp = read_dataset(path, s, "mh_complaints");
    const Dataset dis = read_dataset(path, s, "mh_disorder");
    const long R = static_cast<long>(Query(pupils).size("replication")), Y = static_cast<long>(Query(pupils).size("year"));
    const long C = static_cast<long>(Query(pupils).size("county")), last = Y - 1;
    // all grades of one replication and year, for a county and an ses (-1 = all)
    auto cell_sum = [](const Dataset& d, long r, long y, long county, int ses) {
      return core_sum(d, r, y, 1, kGrades, -1, ses, static_cast<int>(county));
    };
    auto any_prev = [&](long r, long y, long county, int ses) {
      return 100 * (cell_sum(comp, r, y, county, ses) + cell_sum(dis, r, y, county, ses)) /
             cell_sum(pupils, r, y, county, ses);
    };
    for (long y = 0; y < Y; ++y) {
      std::vector<double> a(R), b(R), c(R);
      for (long r = 0; r < R; ++r) {
        a[r] = any_prev(r, y, -1, -1);
        b[r] = 100 * cell_sum(dis, r, y, -1, -1) / cell_sum(pupils, r, y, -1, -1);
        c[r] = any_prev(r, y, -1, 0) - any_prev(r, y, -1, 2);
      }
      const long year = d.info.start_year + y;
      any_draws[s].push_back(a);
      dis_draws[s].push_back(b);
      gap_draws[s].push_back(c);
      prev_any.points.push_back(band(s, "", year, a));
      prev_dis.points.push_back(band(s, "", year, b));
      gap.points.push_back(band(s, "", year, c));
    }
    for (long y : {0L, last}) {
      Indicator ind{s, y == 0 ? "ses_gap_any_first_year" : "ses_gap_any_last_year",
                    "state >= 1, low minus high ses, grades 1-13, " + std::to_string(d.info.start_year + y), "pp",
                    {}, 0, 0, 0};
      for (long r = 0; r < R; ++r) ind.per_replication.push_back(any_prev(r, y, -1, 0) - any_prev(r, y, -1, 2));
      finish_indicator(ind);
      gap_inds.push_back(std::move(ind));
    }
    if (counties.empty()) counties = scale_labels(path, s, "county");
    for (long k = 0; k < C; ++k) {
      Indicator ind{s, "county:" + counties.at(k), counties.at(k), "%", {}, 0, 0, 0};
      for (long r = 0; r < R; ++r) ind.per_replication.push_back(any_prev(r, last, k, -1));
      finish_indicator(ind);
      county_inds.push_back(std::move(ind));
    }
    d.county_year = d.info.start_year + last;

    add_dataset_charts(path, s, d.info.start_year, generic, generic_order, generic_draws);
  }
  d.charts = {prev_any, prev_dis};
  append_difference(d, prev_any, any_draws, "pp");
  append_difference(d, prev_dis, dis_draws, "pp");
  append_difference(d, gap, gap_draws, "pp");
  for (const std::string& n : generic_order) {
    d.charts.push_back(generic.at(n));
    if (generic_draws.count(n)) append_difference(d, generic.at(n), generic_draws.at(n), generic.at(n).unit);
  }
  d.charts.push_back(gap);
  d.ses_gap = compare_indicators(gap_inds, d.info.reference);
  for (Comparison& c : compare_indicators(county_inds, d.info.reference))
    d.counties.push_back({c.value.label, std::move(c)});
  county_completion(path, d);
  return d;
}

}  // namespace elevsim
