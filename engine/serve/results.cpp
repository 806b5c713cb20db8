#include "results.hpp"

#include <cmath>

#include "compare.hpp"
#include "query.hpp"
#include "report_answer.hpp"
#include "report_html.hpp"

namespace elevsim {

ReportData partial_report(const RunResult& run, const std::vector<std::vector<std::vector<Indicator>>>& levels,
                          const std::vector<int>& slots) {
  ReportData d;
  d.info.seed = run.options.seed;
  d.info.replications = static_cast<long>(slots.size());
  d.info.start_year = run.start_year;
  d.info.years = run.years;
  d.info.scale = run.options.scale;
  std::vector<std::string> names;
  for (const ScenarioResult& s : run.scenarios) {
    names.push_back(s.scenario.name);
    d.scenarios.push_back({s.scenario.name, s.scenario.description, s.scenario.text, "", s.scenario.description_en, ""});
  }
  d.info.scenarios = names;
  d.info.reference = names.at(0);
  // each scenario's figures over the finished replications, as the runner joins them
  std::vector<std::vector<Indicator>> joined(levels.size());
  for (size_t s = 0; s < levels.size(); ++s) {
    joined[s] = levels[s][slots[0]];
    for (Indicator& i : joined[s]) i.per_replication.clear();
    for (int slot : slots)
      for (size_t k = 0; k < joined[s].size() && k < levels[s][slot].size(); ++k)
        joined[s][k].per_replication.push_back(levels[s][slot][k].per_replication.at(0));
    for (Indicator& i : joined[s]) {
      finish_indicator(i);
      d.key_figures.push_back({i, {}, s == 0});
    }
  }
  d.comparisons = compare_levels(names, joined, run.value_per_completer_nok);
  return d;
}

CountyWaits county_waits(const std::string& h5_path, const ReportData& d) {
  CountyWaits w;
  const std::string& ref = d.info.reference;
  if (!has_dataset(h5_path, ref, "mean_wait_weeks")) return w;
  const std::vector<std::string> services = scale_labels(h5_path, ref, "service");
  size_t bup = 0;
  while (bup < services.size() && services[bup] != "bup") ++bup;
  if (bup == services.size()) return w;
  w.service = "bup";
  w.counties = scale_labels(h5_path, ref, "county");
  w.year = d.info.start_year + d.info.years - 1;
  for (const std::string& s : d.info.scenarios) {
    const Dataset ds = read_dataset(h5_path, s, "mean_wait_weeks");  // (replication, year, county, service)
    if (ds.shape.size() != 4) return {};
    const size_t R = ds.shape[0], Y = ds.shape[1], C = ds.shape[2], S = ds.shape[3];
    std::vector<double> row(C, NAN);
    for (size_t c = 0; c < C; ++c) {
      double sum = 0;
      long n = 0;
      for (size_t r = 0; r < R; ++r) {
        const double v = ds.values[((r * Y + (Y - 1)) * C + c) * S + bup];
        if (std::isfinite(v)) sum += v, ++n;
      }
      if (n > 0) row[c] = sum / static_cast<double>(n);
    }
    w.scenarios.push_back(s);
    w.weeks.push_back(row);
  }
  return w;
}

namespace {

// The report's chart of a series with its band narrowed to the 50 % one.
SeriesChart with_band50(SeriesChart ch) {
  for (BandPoint& p : ch.points) p.lo = p.lo50, p.hi = p.hi50;
  return ch;
}

Json counties_json(const ReportData& d, const CountyWaits* w, Lang l) {
  Json rows = Json::array();
  for (const CountyRow& r : d.counties) {
    const Indicator& i = r.figure.is_reference ? r.figure.value : r.figure.diff;
    const FigureText t = figure_text(i, !r.figure.is_reference, l, 1, false);
    rows.push_back({{"county", r.county}, {"scenario", r.figure.value.scenario}, {"reference", r.figure.is_reference},
                    {"mean", i.mean}, {"lo", i.lo}, {"hi", i.hi}, {"text", t.mean}, {"interval", t.interval}});
  }
  Json completion = Json::array();
  for (const CountyCompletionRow& r : d.county_completion) {
    const FigureText t = figure_text(r.model, false, l, 1, false);
    completion.push_back({{"county", r.county}, {"mean", r.model.mean}, {"text", t.mean}, {"interval", t.interval},
                          {"published_diff_pp", std::isnan(r.published_diff_pp) ? Json(nullptr) : Json(r.published_diff_pp)}});
  }
  Json waits = nullptr;
  if (w && !w->scenarios.empty()) {
    waits = {{"year", w->year}, {"service", w->service}, {"counties", w->counties}, {"scenarios", w->scenarios}};
    Json weeks = Json::array();
    for (auto& row : w->weeks) {
      Json r = Json::array();
      for (double v : row) r.push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
      weeks.push_back(r);
    }
    waits["weeks"] = weeks;
  }
  return {{"year", d.county_year}, {"prevalence", rows}, {"completion", completion}, {"waits", waits},
          {"completion_first", d.completion_first_entry}, {"completion_last", d.completion_last_entry}};
}

}  // namespace

Json result_json(const ReportData& d, const CountyWaits* waits, Lang l) {
  Json specs = Json::object();
  Json out;
  out["replications"] = d.info.replications;
  out["scenarios"] = d.info.scenarios;
  out["reference"] = d.info.reference;
  out["answer_html"] = answer_section(d, l, specs);
  out["specs"] = specs;
  Json diffs = Json::array();
  for (const SeriesChart& ch : d.charts) {
    if (ch.key.rfind("diff:", 0) != 0 || ch.points.empty()) continue;
    std::string title = chart_title(ch, l);
    title = fill_in(fill_in(title, "{y0}", std::to_string(d.info.start_year)), "{y1}",
                    std::to_string(d.info.start_year + d.info.years - 1));
    title = fill_in(fill_in(tr("diff_title", l), "{title}", title), "{ref}", d.info.reference);  // as the report words it
    diffs.push_back({{"key", ch.key}, {"title", title}, {"band95", series_spec(ch, d, l)},
                     {"band50", series_spec(with_band50(ch), d, l)}});
  }
  out["differences"] = diffs;
  out["frontier_title"] = tr("frontier_title", l);
  if (!d.counties.empty()) {
    out["counties"] = counties_json(d, waits, l);
    out["county_spec"] = county_spec(d, l);
  }
  return out;
}

}  // namespace elevsim
