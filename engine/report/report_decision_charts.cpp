// The charts that answer the planner's question first: what each scenario
// costs against what it achieves, how sure the choice is (CEAC, EVPI), and the
// optimiser's budget frontier.
#include <cmath>

#include "report_charts.hpp"

namespace elevsim {

namespace {

const Indicator* find_ind(const std::vector<Indicator>& v, const std::string& scen, const std::string& key) {
  for (const Indicator& i : v)
    if (i.scenario == scen && i.key == key) return &i;
  return nullptr;
}

const Indicator* level(const ReportData& d, const std::string& scen, const std::string& key) {
  for (const Comparison& c : d.key_figures)
    if (c.value.scenario == scen && c.value.key == key) return &c.value;
  return nullptr;
}

Json value_axis_x(Lang l) {
  return {{"field", "v"}, {"type", "quantitative"}, {"title", tr("axis_value_per_completer", l)},
          {"axis", {{"format", ",.1~f"}}}, {"scale", {{"nice", false}}}};
}

// The parameter's value of a completer, marked on a chart over values.
Json marked_value_layer(const ReportData& d, Lang l) {
  const double v = d.decision.marked_value / 1e6;
  const std::string label = tr("model_value", l) + " " + format_money(d.decision.marked_value, l);
  return {{"data", {{"values", Json::array({{{"v", v}, {"label", label}}})}}},
          {"layer",
           {{{"mark", {{"type", "rule"}, {"color", "#5b6773"}, {"strokeDash", {4, 3}}}},
             {"encoding", {{"x", {{"field", "v"}, {"type", "quantitative"}}}}}},
            {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 4}, {"dy", -4}, {"color", "#5b6773"}, {"y", 0},
                       {"baseline", "top"}}},
             {"encoding", {{"x", {{"field", "v"}, {"type", "quantitative"}}}, {"text", {{"field", "label"}}}}}}}}};
}

}  // namespace

Json cost_effect_spec(const ReportData& d, Lang l) {
  Json values = Json::array();
  double top_gain = 0;
  for (const std::string& s : d.info.scenarios) {
    const Indicator* cost = level(d, s, "spending_per_year");
    const Indicator* gain = find_ind(d.comparisons, s, "dropouts_avoided");
    const bool ref = s == d.info.reference;
    if (!cost || (!gain && !ref)) continue;
    Indicator g = gain ? *gain : Indicator{s, "dropouts_avoided", "", "pupils", {0}, 0, 0, 0};
    const FigureText gt = figure_text(g, !ref, l, 0), ct = figure_text(*cost, false, l);
    values.push_back({{"scenario", s}, {"gain", g.mean}, {"gain_lo", g.lo}, {"gain_hi", g.hi},
                      {"cost", cost->mean / 1e6}, {"cost_lo", cost->lo / 1e6}, {"cost_hi", cost->hi / 1e6},
                      {"g", gt.mean + " (" + gt.interval + ")"}, {"c", ct.mean + " (" + ct.interval + ")"}});
    top_gain = std::max(top_gain, g.hi);
  }
  if (values.size() < 2 || d.comparisons.empty()) return nullptr;
  const Json tip = Json::array({{{"field", "scenario"}, {"title", tr("scenario", l)}},
                                {{"field", "g"}, {"title", tr("axis_dropouts_avoided", l)}},
                                {{"field", "c"}, {"title", tr("axis_cost_per_year", l)}}});
  const Json x = {{"field", "gain"}, {"type", "quantitative"}, {"title", tr("axis_dropouts_avoided", l)},
                  {"axis", {{"format", ",.0f"}}}};
  const Json y = {{"field", "cost"}, {"type", "quantitative"}, {"title", tr("axis_cost_per_year", l)},
                  {"axis", {{"format", ",.1~f"}}}};
  Json layer = Json::array();
  // break-even at the model's value of a completer: below the line the
  // value of the extra completers exceeds the cost
  const double lambda = d.decision.empty() ? NAN : d.decision.marked_value;
  if (std::isfinite(lambda) && top_gain > 0)
    layer.push_back({{"data", {{"values", {{{"gain", 0}, {"cost", 0}}, {{"gain", top_gain}, {"cost", top_gain * lambda / 1e6}}}}}},
                     {"mark", {{"type", "line"}, {"color", "#9aa4ad"}, {"strokeDash", {5, 4}}}},
                     {"encoding", {{"x", x}, {"y", y}}}});
  const Json color = scenario_color(d, l);
  layer.push_back({{"data", {{"values", values}}},
                   {"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                   {"encoding", {{"x", {{"field", "gain_lo"}, {"type", "quantitative"}}}, {"x2", {{"field", "gain_hi"}}},
                                 {"y", {{"field", "cost"}, {"type", "quantitative"}}}, {"color", color}}}});
  layer.push_back({{"data", {{"values", values}}},
                   {"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                   {"encoding", {{"y", {{"field", "cost_lo"}, {"type", "quantitative"}}}, {"y2", {{"field", "cost_hi"}}},
                                 {"x", {{"field", "gain"}, {"type", "quantitative"}}}, {"color", color}}}});
  layer.push_back({{"data", {{"values", values}}},
                   {"mark", {{"type", "point"}, {"filled", true}, {"size", 90}, {"opacity", 1}}},
                   {"encoding", {{"x", x}, {"y", y}, {"color", color}, {"tooltip", tip}}}});
  return {{"width", "container"}, {"height", 280}, {"layer", layer}, {"config", chart_config()}};
}

Json ceac_spec(const ReportData& d, Lang l) {
  if (d.decision.empty()) return nullptr;
  Json values = Json::array();
  for (size_t v = 0; v < d.decision.values.size(); ++v)
    for (size_t s = 0; s < d.decision.scenarios.size(); ++s)
      values.push_back({{"v", d.decision.values[v] / 1e6}, {"scenario", d.decision.scenarios[s]},
                        {"p", d.decision.ceac[v][s]}, {"m", format_number(100 * d.decision.ceac[v][s], 0, l) + tr("unit_pct_suffix", l)},
                        {"vt", format_money(d.decision.values[v], l)}});
  const Json tip = Json::array({{{"field", "scenario"}, {"title", tr("scenario", l)}},
                                {{"field", "vt"}, {"title", tr("axis_value_per_completer", l)}},
                                {{"field", "m"}, {"title", tr("ceac_probability", l)}}});
  return {{"width", "container"}, {"height", 230},
          {"layer",
           {{{"data", {{"values", values}}},
             {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"interpolate", "step-after"}}},
             {"encoding",
              {{"x", value_axis_x(l)},
               {"y", {{"field", "p"}, {"type", "quantitative"}, {"title", tr("ceac_probability", l)},
                      {"scale", {{"domain", {0, 1}}}}, {"axis", {{"format", ".0%"}}}}},
               {"color", scenario_color(d, l)}, {"tooltip", tip}}}},
            marked_value_layer(d, l)}},
          {"config", chart_config()}};
}

Json evpi_spec(const ReportData& d, Lang l) {
  if (d.decision.empty()) return nullptr;
  Json values = Json::array();
  for (size_t v = 0; v < d.decision.values.size(); ++v)
    values.push_back({{"v", d.decision.values[v] / 1e6}, {"e", d.decision.evpi[v] / 1e6},
                      {"vt", format_money(d.decision.values[v], l)}, {"m", format_money(d.decision.evpi[v], l)}});
  const Json tip = Json::array({{{"field", "vt"}, {"title", tr("axis_value_per_completer", l)}},
                                {{"field", "m"}, {"title", tr("axis_evpi", l)}}});
  return {{"width", "container"}, {"height", 200},
          {"layer",
           {{{"data", {{"values", values}}},
             {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"color", "#1f5f8b"}, {"point", {{"filled", true}, {"size", 16}}}}},
             {"encoding",
              {{"x", value_axis_x(l)},
               {"y", {{"field", "e"}, {"type", "quantitative"}, {"title", tr("axis_evpi", l)},
                      {"axis", {{"format", ",.2~f"}}}}},
               {"tooltip", tip}}}},
            marked_value_layer(d, l)}},
          {"config", chart_config()}};
}

Json frontier_spec(const ReportData& d, Lang l) {
  if (d.frontier.empty()) return nullptr;
  Json values = Json::array();
  const bool money = d.frontier_objective == "net_benefit";  // charted in MNOK
  const double k = money ? 1e-6 : 1;
  const std::string obj_title = tr("objective:" + d.frontier_objective, l) + (money ? " (" + tr("mnok", l) + ")" : "");
  const std::string best = tr("frontier_best", l), base = tr("frontier_base", l);
  for (const FrontierPoint& p : d.frontier) {
    const FigureText t = figure_text({"", "", "", money ? "NOK" : "", {}, p.mean, p.lo, p.hi}, false, l, money ? -1 : 1);
    values.push_back({{"b", p.budget_nok / 1e6}, {"series", best}, {"mean", p.mean * k}, {"lo", p.lo * k},
                      {"hi", p.hi * k}, {"bt", format_money(p.budget_nok, l)}, {"m", t.mean}, {"i", t.interval}});
    if (std::isfinite(p.base_mean)) {
      const FigureText bt = figure_text({"", "", "", money ? "NOK" : "", {}, p.base_mean, p.base_mean, p.base_mean},
                                        false, l, money ? -1 : 1);
      values.push_back({{"b", p.budget_nok / 1e6}, {"series", base}, {"mean", p.base_mean * k},
                        {"bt", format_money(p.budget_nok, l)}, {"m", bt.mean}, {"i", ""}});
    }
  }
  const Json tip = Json::array({{{"field", "series"}, {"title", tr("frontier_series", l)}},
                                {{"field", "bt"}, {"title", tr("axis_budget", l)}},
                                {{"field", "m"}, {"title", obj_title}},
                                {{"field", "i"}, {"title", tr("interval95", l)}}});
  const Json x = {{"field", "b"}, {"type", "quantitative"}, {"title", tr("axis_budget", l)},
                  {"axis", {{"format", ",.1~f"}}}};
  const Json color = {{"field", "series"}, {"type", "nominal"}, {"title", tr("frontier_series", l)},
                      {"scale", {{"domain", {best, base}}, {"range", {"#1f5f8b", "#9aa4ad"}}}}};
  Json layers = {{{"transform", {{{"filter", {{"field", "series"}, {"equal", best}}}}}},
                  {"mark", {{"type", "area"}, {"opacity", 0.18}, {"color", "#1f5f8b"}}},
                  {"encoding", {{"x", x}, {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", obj_title},
                                                {"axis", {{"format", ",.2~f"}}}}},
                                {"y2", {{"field", "hi"}}}}}},
                 {{"mark", {{"type", "line"}, {"strokeWidth", 2}, {"point", {{"filled", true}, {"size", 40}}}}},
                  {"encoding", {{"x", x}, {"y", {{"field", "mean"}, {"type", "quantitative"}}}, {"color", color},
                                {"tooltip", tip}}}}};
  if (std::isfinite(d.frontier_target)) {
    // --target: the value as a dashed line, the least budget found to reach it as a ringed point
    layers.push_back({{"data", {{"values", Json::array({{{"t", d.frontier_target * k}}})}}},
                      {"mark", {{"type", "rule"}, {"strokeDash", {6, 4}}, {"color", "#b35900"}}},
                      {"encoding", {{"y", {{"field", "t"}, {"type", "quantitative"}}}}}});
    if (std::isfinite(d.frontier_answer_nok))
      layers.push_back({{"data", {{"values", Json::array({{{"b", d.frontier_answer_nok / 1e6}, {"t", d.frontier_target * k},
                                                           {"label", tr("frontier_target", l)}}})}}},
                        {"mark", {{"type", "point"}, {"shape", "diamond"}, {"size", 160}, {"color", "#b35900"}, {"filled", true}}},
                        {"encoding", {{"x", x}, {"y", {{"field", "t"}, {"type", "quantitative"}}},
                                      {"tooltip", Json::array({{{"field", "label"}, {"title", tr("frontier_series", l)}}})}}}});
  }
  return {{"width", "container"}, {"height", 230}, {"data", {{"values", values}}}, {"layer", layers},
          {"config", chart_config()}};
}

}  // namespace elevsim
