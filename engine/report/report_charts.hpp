#pragma once
// The report's charts as Vega-Lite specs, built as JSON documents with
// nlohmann-json (never by pasting strings), and the texts of their figures.
// Every title, axis and tooltip is in the report's language; axes of counts
// show whole numbers, money is charted in millions with its unit.
#include <nlohmann/json.hpp>
#include <string>

#include "locale.hpp"
#include "report_data.hpp"

namespace elevsim {

using Json = nlohmann::ordered_json;

// A figure and its 95 % interval as a reader sees them: "29,2 mill. kr",
// "mellom 25,1 og 33,4 mill. kr". decimals < 0: from the interval's width.
struct FigureText {
  std::string mean, interval;
};
FigureText figure_text(const Indicator& i, bool difference, Lang l, int decimals = -1, bool suffix = true);
// What follows a number of this unit: "17,5 %", "+0,4 prosentpoeng".
std::string unit_suffix(const std::string& unit, bool difference, Lang l);

// JSON text safe inside a <script> element (no <, > or & appears raw).
std::string script_json(const Json& j);

// Shared pieces of every spec: fonts and colours; the scenario colour
// channel; the d3 format of an axis of this unit (whole numbers for counts,
// at most two decimals otherwise); a facet's label for a dimension label.
Json chart_config();
Json scenario_color(const ReportData& d, Lang l);
std::string axis_format(const std::string& unit);
std::string chart_group_label(const std::string& group, Lang l);
// A series chart's title in the language, never an English dataset
// description in bokmål; a difference chart ("diff:<key>") has its level's title.
std::string chart_title(const SeriesChart& ch, Lang l);

Json series_spec(const SeriesChart& ch, const ReportData& d, Lang l);
Json county_spec(const ReportData& d, Lang l);
// Cost per year against dropouts avoided per cohort, each with its interval;
// null when the run has no schooling or no spending to show.
Json cost_effect_spec(const ReportData& d, Lang l);
// Probability of the highest net benefit by value of a completer, the
// parameter's value marked; and the EVPI per year over the same values.
Json ceac_spec(const ReportData& d, Lang l);
Json evpi_spec(const ReportData& d, Lang l);
// The optimiser's budget frontier (objective by budget, with its interval).
Json frontier_spec(const ReportData& d, Lang l);

}  // namespace elevsim
