#include "report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace elevsim {

namespace {

bool is_money(const std::string& unit) { return unit.rfind("NOK", 0) == 0; }
bool is_count(const std::string& unit) { return additive_units(unit) && !is_money(unit); }

}  // namespace

Json chart_config() {
  return {{"font", "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"},
          {"axis", {{"labelFontSize", 12}, {"titleFontSize", 12}, {"titleFontWeight", "normal"}, {"gridColor", "#e6e6e6"}}},
          {"legend",
           {{"labelFontSize", 12}, {"titleFontSize", 12}, {"orient", "bottom"}, {"direction", "horizontal"},
            {"symbolOpacity", 1}, {"symbolType", "circle"}}},
          {"view", {{"stroke", nullptr}}},
          {"range",
           {{"category", {"#1f5f8b", "#d9822b", "#3a9a5b", "#b8405e", "#7d5ba6", "#6b6b6b", "#c4a000", "#2aa1b3"}}}}};
}

Json scenario_color(const ReportData& d, Lang l) {
  return {{"field", "scenario"}, {"type", "nominal"}, {"title", tr("scenario", l)},
          {"scale", {{"domain", d.info.scenarios}}}};
}

// money is charted in millions (values divided by 1e6)
std::string axis_format(const std::string& unit) {
  if (is_count(unit)) return ",.0f";
  if (is_money(unit)) return ",.1~f";
  return ",.2~f";
}

namespace {

std::string axis_title(const std::string& unit, Lang l) {
  if (unit == "%") return tr("axis_pct", l);
  if (unit == "pp") return tr("axis_pp", l);
  if (is_money(unit)) return tr("axis_mnok", l);
  const std::string first = unit.substr(0, unit.find(' '));
  return has_tr("unit:" + first) ? tr("unit:" + first, l) : tr("axis_value", l);
}


Json tooltip(Lang l, const std::string& group_title, const std::string& first, const std::string& first_title) {
  Json t = Json::array({{{"field", "scenario"}, {"title", tr("scenario", l)}}});
  if (!group_title.empty()) t.push_back({{"field", "group"}, {"title", group_title}});
  t.push_back({{"field", first}, {"title", first_title}});
  t.push_back({{"field", "m"}, {"title", tr("mean", l)}});
  t.push_back({{"field", "i"}, {"title", tr("interval95", l)}});
  return t;
}

double charted(double v, const std::string& unit) { return is_money(unit) ? v / 1e6 : v; }

}  // namespace

std::string unit_suffix(const std::string& unit, bool difference, Lang l) {
  if (unit == "%") return difference ? tr("unit_pp_suffix", l) : tr("unit_pct_suffix", l);
  if (unit == "pp") return tr("unit_pp_suffix", l);
  if (unit == "per 1000") return tr("unit_per1000_suffix", l);
  if (unit == "weeks") return tr("unit_weeks_suffix", l);
  return "";
}

FigureText figure_text(const Indicator& i, bool difference, Lang l, int dec, bool suffix) {
  // an undefined figure (a ratio over a gain that may be zero) says so
  if (std::isnan(i.mean)) return {"–", tr("undefined", l)};
  const bool fixed = std::fabs(i.hi - i.lo) <= 1e-9 * std::max(1.0, std::fabs(i.mean));
  if (is_money(i.unit)) {
    // one unit for the figure and its interval: "29,2 mill. kr", "mellom 25,1 og 33,4 mill. kr"
    const MoneyUnit u = money_unit(std::max({std::fabs(i.mean), std::fabs(i.lo), std::fabs(i.hi)}));
    const std::string name = std::string("\u00a0") + money_unit_name(u, l);
    return {format_money(i.mean, u, l, difference),
            fixed ? tr("no_variation", l)
                  : tr("between", l) + " " + format_money(i.lo, u, l, difference, false) + " " + tr("and", l) + " " +
                        format_money(i.hi, u, l, difference, false) + name};
  }
  if (dec < 0) dec = decimals_for(i.lo, i.hi, i.unit);
  const std::string suf = suffix ? unit_suffix(i.unit, difference, l) : "";
  return {format_number(i.mean, dec, l, difference) + suf,
          fixed ? tr("no_variation", l) : format_interval(i.lo, i.hi, dec, l, difference) + suf};
}

std::string script_json(const Json& j) {
  const std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string o;
  o.reserve(s.size());
  // <, > and & occur only inside strings, where \u escapes mean the same
  // characters: no text can close the <script> element the JSON sits in
  for (char c : s) switch (c) {
      case '<': o += "\\u003c"; break;
      case '>': o += "\\u003e"; break;
      case '&': o += "\\u0026"; break;
      default: o += c;
    }
  return o;
}

std::string chart_group_label(const std::string& group, Lang l) {
  return has_tr("group:" + group) ? tr("group:" + group, l) : group;
}

std::string chart_title(const SeriesChart& ch, Lang l) {
  const std::string key = ch.key.rfind("diff:", 0) == 0 ? ch.key.substr(5) : ch.key;
  if (has_tr(key)) return tr(key, l);
  if (l == Lang::en) return ch.title_en;
  return tr("dataset_generic", l) + " «" + key.substr(key.find(':') + 1) + "»";
}

Json series_spec(const SeriesChart& ch, const ReportData& d, Lang l) {
  const bool diff = ch.key.rfind("diff:", 0) == 0;
  Json values = Json::array();
  std::vector<std::string> groups;
  for (const BandPoint& p : ch.points) {
    const FigureText s = figure_text({p.scenario, "", "", ch.unit, {}, p.mean, p.lo, p.hi}, diff, l);
    values.push_back({{"scenario", p.scenario}, {"group", chart_group_label(p.group, l)}, {"year", p.year},
                      {"mean", charted(p.mean, ch.unit)}, {"lo", charted(p.lo, ch.unit)},
                      {"hi", charted(p.hi, ch.unit)}, {"m", s.mean}, {"i", s.interval}});
    if (std::find(groups.begin(), groups.end(), p.group) == groups.end()) groups.push_back(p.group);
  }
  const bool facet = !ch.group_dim.empty();
  const std::string group_title = facet ? tr("dim:" + ch.group_dim, l) : "";
  const Json x = {{"field", "year"}, {"type", "quantitative"}, {"title", tr("year", l)},
                  {"axis", {{"format", "d"}, {"tickMinStep", 1}}}, {"scale", {{"nice", false}}}};
  Json layer = Json::array();
  if (diff)  // no change: the line a difference is read against
    layer.push_back({{"mark", {{"type", "rule"}, {"color", "#5b6773"}, {"strokeDash", {4, 3}}}},
                     {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}});
  layer.push_back({{"mark", {{"type", "area"}, {"opacity", 0.18}}},
                   {"encoding",
                    {{"x", x}, {"color", scenario_color(d, l)},
                     {"y",
                      {{"field", "lo"}, {"type", "quantitative"}, {"title", axis_title(ch.unit, l)},
                       {"axis", {{"format", axis_format(ch.unit)}}}, {"scale", {{"zero", diff}}}}},
                     {"y2", {{"field", "hi"}}}}}});
  layer.push_back({{"mark", {{"type", "line"}, {"strokeWidth", 2}, {"point", {{"filled", true}, {"size", 36}}}}},
                   {"encoding",
                    {{"x", x}, {"color", scenario_color(d, l)}, {"y", {{"field", "mean"}, {"type", "quantitative"}}},
                     {"tooltip", tooltip(l, group_title, "year", tr("year", l))}}}});
  if (!facet)
    return {{"width", "container"}, {"height", 230}, {"data", {{"values", values}}}, {"layer", layer},
            {"config", chart_config()}};
  std::vector<std::string> group_labels;
  for (const std::string& g : groups) group_labels.push_back(chart_group_label(g, l));
  return {{"data", {{"values", values}}},
          {"columns", 3},
          {"facet", {{"field", "group"}, {"type", "nominal"}, {"title", group_title}, {"sort", group_labels}}},
          {"resolve", {{"scale", {{"y", "independent"}}}}},
          {"spec", {{"width", 225}, {"height", 170}, {"layer", layer}}},
          {"config", chart_config()}};
}

Json county_spec(const ReportData& d, Lang l) {
  Json values = Json::array();
  std::set<std::string> counties;
  for (const CountyRow& r : d.counties) {
    const Indicator& v = r.figure.value;
    const FigureText s = figure_text(v, false, l);
    counties.insert(r.county);
    values.push_back({{"scenario", v.scenario}, {"county", r.county}, {"mean", v.mean}, {"lo", v.lo}, {"hi", v.hi},
                      {"m", s.mean}, {"i", s.interval}});
  }
  const size_t S = d.info.scenarios.size();
  const std::string axis = tr("county_axis", l);
  const std::string x_title = axis.substr(0, axis.find("{y1}")) + std::to_string(d.county_year);
  return {{"width", "container"},
          {"height", static_cast<int>(counties.size() * std::max<size_t>(22, 7 * S))},
          {"data", {{"values", values}}},
          {"encoding",
           {{"y", {{"field", "county"}, {"type", "nominal"}, {"sort", nullptr}, {"title", nullptr}}},
            {"yOffset", {{"field", "scenario"}, {"sort", d.info.scenarios}}},
            {"color", scenario_color(d, l)}}},
          {"layer",
           {{{"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"opacity", 0.6}}},
             {"encoding",
              {{"x",
                {{"field", "lo"}, {"type", "quantitative"}, {"scale", {{"zero", false}}}, {"title", x_title},
                 {"axis", {{"format", axis_format("%")}}}}},
               {"x2", {{"field", "hi"}}}}}},
            {{"mark", {{"type", "point"}, {"filled", true}, {"size", 45}}},
             {"encoding",
              {{"x", {{"field", "mean"}, {"type", "quantitative"}}},
               {"tooltip", tooltip(l, "", "county", tr("county", l))}}}}}},
          {"config", chart_config()}};
}

}  // namespace elevsim
