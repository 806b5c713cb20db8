#include "report_html.hpp"
#include "report_validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "input_error.hpp"
#include "output_file.hpp"
#include "params_table.hpp"
#include "report_answer.hpp"
#include "report_assets.hpp"
#include "report_charts.hpp"
#include "report_ladder.hpp"

namespace elevsim {

std::string html_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  return o;
}

std::string json_string(const std::string& s) { return script_json(Json(s)); }

namespace {

std::string full_precision(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

struct Ctx {
  const ReportData& d;
  Lang l;
  std::string t(const std::string& key, const std::string& fallback = "") const { return tr(key, l, fallback); }
  std::string h(const std::string& key, const std::string& fallback = "") const { return html_escape(t(key, fallback)); }
  std::string years(std::string s) const {
    s = fill_in(s, "{y0}", std::to_string(d.info.start_year));
    return fill_in(s, "{y1}", std::to_string(d.info.start_year + d.info.years - 1));
  }
  std::string num(double v, int dec, bool plus = false) const { return format_number(v, dec, l, plus); }
};

using Shown = FigureText;
// dec < 0: decimals from the interval's width; suffix: the unit after the numbers.
Shown show(const Indicator& i, bool difference, const Ctx& c, int dec = -1, bool suffix = true) {
  return figure_text(i, difference, c.l, dec, suffix);
}

// One number with its interval beneath it.
std::string cell(const Shown& s, const std::string& extra_attrs = "") {
  return "<td class=\"num\"" + extra_attrs + ">" + s.mean + "<span class=\"iv\">" + s.interval + "</span></td>";
}

// Decimals shared by a group of figures, so a column reads evenly.
int shared_decimals(const std::vector<const Indicator*>& v) {
  int d = 0;
  for (const Indicator* i : v)
    if (i->lo != i->hi || v.size() == 1) d = std::max(d, decimals_for(i->lo, i->hi, i->unit));
  return d;
}

std::string indicator_label(const Indicator& i, const Ctx& c) { return c.years(c.t("ind:" + i.key, i.label)); }

std::string data_attrs(const Indicator& i, const std::string& prefix) {
  return " data-" + prefix + "mean=\"" + full_precision(i.mean) + "\" data-" + prefix + "lo=\"" +
         full_precision(i.lo) + "\" data-" + prefix + "hi=\"" + full_precision(i.hi) + "\"";
}

std::string locale_json(Lang l) {
  if (l == Lang::nb)
    return R"({"decimal":",","thousands":"\u00a0","grouping":[3],"currency":["","\u00a0kr"],"minus":"\u2212"})";
  return R"({"decimal":".","thousands":",","grouping":[3],"currency":["",""]})";
}

const char* kStyle = R"(
:root{--ink:#1d2733;--muted:#5b6773;--line:#d9dee3;--soft:#f4f6f8;--accent:#1f5f8b}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif}
main{max-width:1000px;margin:0 auto;padding:32px 28px 48px}
header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:8px}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 6px}
h2{font-size:1.3rem;margin:34px 0 10px;padding-top:6px;border-top:1px solid var(--line)}
h3{font-size:1.05rem;margin:22px 0 6px}
p{margin:8px 0;max-width:72ch}
.meta,.note{color:var(--muted);font-size:.92rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:10px 0}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td .iv,th .iv{display:block;color:var(--muted);font-size:.8rem;font-weight:normal}
td.muted{color:var(--muted)}
table.params{table-layout:fixed}
tr.file th{background:#fff;border-bottom:2px solid var(--accent);padding-top:14px;font-family:"DejaVu Sans Mono",monospace;font-size:.85rem}
tr.group td{border-top:2px solid var(--line)}
tr.ref td{background:#fafbfc}
.chart{width:100%;margin:6px 0 18px;min-height:60px}
.chart-title{font-weight:600;margin:18px 0 2px}
ul{max-width:72ch;padding-left:1.2em}
li{margin:5px 0}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.85em;background:var(--soft);padding:1px 4px;border-radius:3px}
.params td:nth-child(3){font-size:.82rem;color:#33404d}
.params td:nth-child(2){font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;overflow-wrap:anywhere}
.params code{overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px}
dt{color:var(--muted)}dd{margin:0}
.tag{display:inline-block;min-width:1.6em;text-align:center;border-radius:3px;background:var(--soft);font-size:.8rem;font-weight:600}
#vg-tooltip-element{font-family:inherit}
#answer h2{border-top:none;margin-top:14px}
p.answer{margin:10px 0;padding:2px 0 2px 12px;border-left:4px solid var(--accent);max-width:80ch}
p.answer .description{color:var(--muted)}
.chart-title.diff{font-weight:normal;font-style:italic}
)";

const char* kRender = R"(
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  var fmt = JSON.parse(document.getElementById('number-locale').textContent);
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    vegaEmbed(el, specs[id], {mode: 'vega-lite', actions: false, renderer: 'svg', formatLocale: fmt})
      .then(function () { el.setAttribute('data-rendered', '1'); })
      .catch(function (e) { el.setAttribute('data-error', String(e)); console.error(e); });
  });
})();
)";

void key_figures(std::ostringstream& o, const Ctx& c) {
  o << "<section id=\"key-figures\"><h2>" << c.h("h_key_figures") << "</h2>\n<p class=\"note\">"
    << html_escape(fill_in(c.t("key_figures_note"), "{ref}", c.d.info.reference)) << "</p>\n";
  o << "<table class=\"key\"><thead><tr><th>" << c.h("col_indicator") << "</th><th>" << c.h("scenario")
    << "</th><th class=\"num\">" << c.h("col_level") << "</th><th class=\"num\">"
    << html_escape(fill_in(c.t("col_change_from"), "{ref}", c.d.info.reference)) << "</th></tr></thead><tbody>\n";
  std::vector<std::string> keys;
  for (const Comparison& k : c.d.key_figures)
    if (std::find(keys.begin(), keys.end(), k.value.key) == keys.end()) keys.push_back(k.value.key);
  for (const std::string& key : keys) {
    std::vector<const Comparison*> group;
    std::vector<const Indicator*> levels, diffs;
    for (const Comparison& k : c.d.key_figures)
      if (k.value.key == key) {
        group.push_back(&k);
        levels.push_back(&k.value);
        if (!k.diff.per_replication.empty()) diffs.push_back(&k.diff);
      }
    const int dl = shared_decimals(levels), dd = diffs.empty() ? 0 : shared_decimals(diffs);
    bool first = true;
    for (const Comparison* k : group) {
      o << "<tr class=\"" << (first ? "group" : "") << (k->is_reference ? " ref" : "") << "\" data-key=\""
        << html_escape(key) << "\" data-scenario=\"" << html_escape(k->value.scenario) << "\""
        << data_attrs(k->value, "") << (k->diff.per_replication.empty() ? "" : data_attrs(k->diff, "diff-")) << ">";
      if (first) o << "<td rowspan=\"" << group.size() << "\">" << html_escape(indicator_label(k->value, c)) << "</td>";
      o << "<td>" << html_escape(k->value.scenario) << "</td>" << cell(show(k->value, false, c, dl));
      if (k->is_reference) o << "<td class=\"num muted\">" << c.h("reference") << "</td>";
      else if (k->diff.per_replication.empty()) o << "<td class=\"num\">–</td>";
      else o << cell(show(k->diff, true, c, dd));
      o << "</tr>\n";
      first = false;
    }
  }
  o << "</tbody></table></section>\n";
}

void params_section(std::ostringstream& o, const Ctx& c) {
  o << "<section id=\"parameters\"><h2>" << c.h("h_parameters") << "</h2>\n<p>" << c.h("params_intro") << "</p>\n";
  o << "<p class=\"note\">" << c.h("params_tags") << "</p>\n";
  const ScenarioMeta& ref = c.d.scenarios.front();
  std::string text = ref.params_toml;
  if (size_t cut = text.find("# ===== [params] overrides"); cut != std::string::npos) text.resize(cut);
  auto table = [&](const std::vector<ParamRow>& rows) {
    o << "<table class=\"params\"><colgroup><col style=\"width:35%\"><col style=\"width:16%\"><col></colgroup>"
      << "<thead><tr><th>" << c.h("col_parameter") << "</th><th>" << c.h("col_value") << "</th><th>"
      << c.h("col_source") << "</th></tr></thead><tbody>\n";
    std::string file = "\x01";
    for (const ParamRow& r : rows) {
      if (r.file != file && !r.file.empty())
        o << "<tr class=\"file\"><th colspan=\"3\">" << html_escape(r.file) << "</th></tr>\n";
      file = r.file;
      o << "<tr><td><code>" << html_escape(r.section.empty() ? r.key : r.section + "." + r.key) << "</code></td><td>"
        << html_escape(r.value) << "</td><td>" << html_escape(r.source.empty() ? c.t("no_source") : r.source)
        << "</td></tr>\n";
    }
    o << "</tbody></table>\n";
  };
  o << "<h3>" << html_escape(fill_in(c.t("params_reference"), "{ref}", ref.name)) << "</h3>\n";
  table(parse_params_toml(text));
  for (size_t k = 1; k < c.d.scenarios.size(); ++k) {
    const ScenarioMeta& s = c.d.scenarios[k];
    std::vector<ParamRow> rows = parse_params_toml(s.scenario_toml, "params.");
    o << "<h3>" << html_escape(fill_in(c.t("params_changed"), "{name}", s.name)) << "</h3>\n";
    if (rows.empty()) {
      o << "<p>" << c.h("params_none_changed") << "</p>\n";
      continue;
    }
    for (ParamRow& r : rows) r.file = "";
    table(rows);
  }
  o << "</section>\n";
}

// The chart of a series, followed by its paired difference from the
// reference where the run has one (the level chart hides small effects).
void series_with_difference(std::ostringstream& o, const Ctx& c, const SeriesChart& ch, const std::string& id,
                            Json& specs) {
  o << "<p class=\"chart-title\">" << html_escape(c.years(chart_title(ch, c.l))) << "</p><div class=\"chart\" id=\""
    << id << "\" data-chart=\"" << html_escape(ch.key) << "\"></div>\n";
  specs[id] = series_spec(ch, c.d, c.l);
  for (const SeriesChart& diff : c.d.charts)
    if (diff.key == "diff:" + ch.key && !diff.points.empty()) {
      o << "<p class=\"chart-title diff\">"
        << html_escape(fill_in(fill_in(c.t("diff_title"), "{title}", c.years(chart_title(ch, c.l))), "{ref}",
                                   c.d.info.reference))
        << "</p><div class=\"chart\" id=\"" << id << "-diff\" data-chart=\"" << html_escape(diff.key) << "\"></div>\n";
      specs[id + "-diff"] = series_spec(diff, c.d, c.l);
    }
}

void head(std::ostringstream& o, const Ctx& c) {
  o << "<!DOCTYPE html>\n<html lang=\"" << lang_code(c.l) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
    // Nothing may leave the machine: no fetch, image, font or frame from anywhere.
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' "
       "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << c.h("title")
    << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
  o << "<header><h1>" << c.h("title") << "</h1><p class=\"meta\">"
    << html_escape(c.years(c.t("subtitle"))) << " · " << html_escape(c.d.info.created_utc.substr(0, 10))
    << "</p></header>\n";
}

void question_and_scenarios(std::ostringstream& o, const Ctx& c) {
  const ReportData& d = c.d;
  o << "<section id=\"question\"><h2>" << c.h("h_question") << "</h2><p>" << html_escape(c.years(c.t("question")))
    << "</p></section>\n";
  o << "<section id=\"scenarios\"><h2>" << c.h("h_scenarios") << "</h2><p>";
  o << html_escape(fill_in(c.t(d.scenarios.size() == 1 ? "scenarios_one" : "scenarios_many"), "{n}",
                               std::to_string(d.scenarios.size())));
  for (const ScenarioMeta& s : d.scenarios) {
    const std::string& desc = c.l == Lang::en && !s.description_en.empty() ? s.description_en : s.description;
    o << " <span class=\"scenario\" data-scenario=\"" << html_escape(s.name) << "\"><strong>" << html_escape(s.name)
      << "</strong>" << (s.name == d.info.reference ? " (" + c.h("reference_lower") + ")" : "") << ": "
      << "<span class=\"description\">" << html_escape(desc) << "</span></span>";
  }
  o << "</p></section>\n";
}

// Yearly charts; false when the run holds none beyond mental health.
bool trends_section(std::ostringstream& o, const Ctx& c, Json& specs) {
  o << "<section id=\"trends\"><h2>" << c.h("h_trends") << "</h2>\n<p class=\"note\">" << c.h("bands_note")
    << "</p>\n";
  int k = 0;
  bool any_extra = false;
  for (const SeriesChart& ch : c.d.charts) {
    // the gap has its own section; differences follow their level chart
    if (ch.key == "ses_gap_any" || ch.key.rfind("diff:", 0) == 0) continue;
    any_extra |= ch.key.rfind("dataset:", 0) == 0;
    series_with_difference(o, c, ch, "chart-" + std::to_string(k++), specs);
  }
  if (!any_extra) o << "<p class=\"note\">" << c.h("no_extra_datasets") << "</p>\n";
  o << "</section>\n";
  return any_extra;
}

// Completion by county (reference scenario) beside the published difference from the national figure.
void county_completion_table(std::ostringstream& o, const Ctx& c) {
  const ReportData& d = c.d;
  if (d.county_completion.empty()) return;
  o << "<h3>" << c.h("h_county_completion") << "</h3>\n<p>"
    << html_escape(fill_in(fill_in(c.t("county_completion_intro"), "{first}", std::to_string(d.completion_first_entry)),
                               "{last}", std::to_string(d.completion_last_entry)))
    << "</p>\n<table class=\"counties county-completion\"><thead><tr><th>" << c.h("county") << "</th><th class=\"num\">"
    << c.h("model_completion") << "</th><th class=\"num\">" << c.h("model_diff") << "</th><th class=\"num\">"
    << c.h("published_diff") << "</th></tr></thead><tbody>\n";
  for (const CountyCompletionRow& r : d.county_completion) {
    const Shown v = show(r.model, false, c, 1, false);
    o << "<tr><td>" << html_escape(r.county) << "</td><td class=\"num\" title=\"" << html_escape(v.interval) << "\">"
      << v.mean << "</td><td class=\"num\">" << c.num(r.model_diff_pp, 1, true) << "</td><td class=\"num\">"
      << (std::isnan(r.published_diff_pp) ? std::string("–") : c.num(r.published_diff_pp, 1, true)) << "</td></tr>\n";
  }
  o << "</tbody></table>\n<p class=\"note\">" << c.h("county_completion_note") << " "
    << html_escape(d.completion_source) << "</p>\n";
}

void counties_section(std::ostringstream& o, const Ctx& c, Json& specs) {
  const ReportData& d = c.d;
  o << "<section id=\"counties\"><h2>" << c.h("h_counties") << "</h2>\n<p>"
    << html_escape(fill_in(c.t("counties_intro"), "{year}", std::to_string(d.county_year))) << "</p>\n";
  o << "<div class=\"chart\" id=\"chart-counties\" data-chart=\"counties\"></div>\n";
  specs["chart-counties"] = county_spec(d, c.l);
  {
    o << "<table class=\"counties\"><thead><tr><th>" << c.h("county") << "</th>";
    for (const std::string& s : d.info.scenarios)
      o << "<th class=\"num\">" << html_escape(s) << "<span class=\"iv\">"
        << (s == d.info.reference ? c.h("share_pct") : c.h("change_pp")) << "</span></th>";
    o << "</tr></thead><tbody>\n";
    std::vector<std::string> counties;
    for (const CountyRow& r : d.counties)
      if (std::find(counties.begin(), counties.end(), r.county) == counties.end()) counties.push_back(r.county);
    for (const std::string& county : counties) {
      o << "<tr><td>" << html_escape(county) << "</td>";
      for (const std::string& s : d.info.scenarios)
        for (const CountyRow& r : d.counties) {
          if (r.county != county || r.figure.value.scenario != s) continue;
          const Indicator& i = r.figure.is_reference ? r.figure.value : r.figure.diff;
          const Shown v = show(i, !r.figure.is_reference, c, 1, false);
          o << "<td class=\"num\" title=\"" << html_escape(v.interval) << "\">" << v.mean << "</td>";
        }
      o << "</tr>\n";
    }
    o << "</tbody></table>\n<p class=\"note\">" << c.h("counties_note") << "</p>\n";
    county_completion_table(o, c);
    o << "</section>\n";
  }

}

void ses_gap_section(std::ostringstream& o, const Ctx& c, Json& specs) {
  const ReportData& d = c.d;
  const long y0 = d.info.start_year, y1 = d.info.start_year + d.info.years - 1;
  o << "<section id=\"ses-gap\"><h2>" << c.h("h_ses_gap") << "</h2>\n<p>" << c.h("ses_gap_intro") << "</p>\n";
  for (const SeriesChart& ch : d.charts)
    if (ch.key == "ses_gap_any") {
      o << "<div class=\"chart\" id=\"chart-ses-gap\" data-chart=\"ses_gap_any\"></div>\n";
      specs["chart-ses-gap"] = series_spec(ch, d, c.l);
      for (const SeriesChart& diff : d.charts)
        if (diff.key == "diff:ses_gap_any" && !diff.points.empty()) {
          o << "<p class=\"chart-title diff\">"
            << html_escape(fill_in(fill_in(c.t("diff_title"), "{title}", chart_title(ch, c.l)), "{ref}",
                                       d.info.reference))
            << "</p><div class=\"chart\" id=\"chart-ses-gap-diff\" data-chart=\"diff:ses_gap_any\"></div>\n";
          specs["chart-ses-gap-diff"] = series_spec(diff, d, c.l);
        }
    }
  o << "<table class=\"gap\"><thead><tr><th>" << c.h("scenario") << "</th><th class=\"num\">" << y0
    << "</th><th class=\"num\">" << y1 << "</th><th class=\"num\">"
    << html_escape(fill_in(c.t("col_change_from"), "{ref}", d.info.reference)) << ", " << y1
    << "</th></tr></thead><tbody>\n";
  for (const std::string& s : d.info.scenarios) {
    const Comparison *first = nullptr, *last = nullptr;
    for (const Comparison& g : d.ses_gap)
      if (g.value.scenario == s) (g.value.key == "ses_gap_any_first_year" ? first : last) = &g;
    if (!first || !last) continue;
    o << "<tr data-scenario=\"" << html_escape(s) << "\"><td>" << html_escape(s) << "</td>"
      << cell(show(first->value, false, c, 1)) << cell(show(last->value, false, c, 1));
    if (last->is_reference || last->diff.per_replication.empty()) o << "<td class=\"num muted\">" << c.h("reference") << "</td>";
    else o << cell(show(last->diff, true, c, 1));
    o << "</tr>\n";
  }
  o << "</tbody></table></section>\n";

}

void assumptions_section(std::ostringstream& o, const Ctx& c, bool any_extra) {
  o << "<section id=\"assumptions\"><h2>" << c.h("h_assumptions") << "</h2>\n<h3>" << c.h("h_assumes") << "</h3><ul>";
  for (int i = 1; has_tr("assume_" + std::to_string(i)); ++i)
    o << "<li>" << html_escape(c.years(c.t("assume_" + std::to_string(i)))) << "</li>";
  o << "</ul>\n<h3>" << c.h("h_leaves_out") << "</h3><ul>";
  for (int i = 1; has_tr("leave_" + std::to_string(i)); ++i)
    o << "<li>" << html_escape(c.t("leave_" + std::to_string(i))) << "</li>";
  if (!any_extra) o << "<li>" << c.h("leave_no_services") << "</li>";
  o << "</ul></section>\n";

}

void provenance_section(std::ostringstream& o, const Ctx& c) {
  const ReportData& d = c.d;
  const Lang l = c.l;
  const long y0 = d.info.start_year, y1 = d.info.start_year + d.info.years - 1;
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", d.info.scale);
  const char* dot = std::strchr(scale, '.');
  const int scale_decimals = dot ? static_cast<int>(std::strlen(dot + 1)) : 0;
  o << "<section id=\"provenance\"><h2>" << c.h("h_provenance") << "</h2><dl>"
    << "<dt>" << c.h("engine_version") << "</dt><dd id=\"engine-version\">elevsim "
    << html_escape(d.info.engine_version) << "</dd>"
    << "<dt>" << c.h("seed") << "</dt><dd id=\"seed\">" << d.info.seed << "</dd>"
    << "<dt>" << c.h("replications") << "</dt><dd id=\"replications\">" << d.info.replications << "</dd>"
    << "<dt>" << c.h("years") << "</dt><dd>" << y0 << "–" << y1 << "</dd>"
    << "<dt>" << c.h("scale") << "</dt><dd>" << format_number(d.info.scale, scale_decimals, l) << "</dd>"
    << "<dt>" << c.h("created") << "</dt><dd>" << html_escape(d.info.created_utc) << "</dd>"
    << "<dt>" << c.h("reference") << "</dt><dd>" << html_escape(d.info.reference) << "</dd></dl></section>\n";
  o << "</main>\n";

}

}  // namespace

std::string render_report(const ReportData& d, Lang l) {
  Ctx c{d, l};
  std::ostringstream o;
  Json specs = Json::object();
  head(o, c);
  // the answer first; the question, the scenarios and the level tables below it
  o << answer_section(d, l, specs);
  question_and_scenarios(o, c);
  key_figures(o, c);
  o << ladder_section(d, l);
  const bool any_extra = trends_section(o, c, specs);
  counties_section(o, c, specs);
  ses_gap_section(o, c, specs);
  noncompleters_section(o, d.noncompleters, d.validation, l);
  if (!d.validation.checks.empty()) validation_section(o, d.validation, l);
  assumptions_section(o, c, any_extra);
  params_section(o, c);
  provenance_section(o, c);
  o << "<script>" << vega_js() << "</script>\n<script>" << vega_lite_js() << "</script>\n<script>" << vega_embed_js()
    << "</script>\n";
  o << "<script type=\"application/json\" id=\"number-locale\">" << locale_json(l) << "</script>\n";
  o << "<script type=\"application/json\" id=\"chart-specs\">" << script_json(specs) << "</script>\n";
  o << "<script>" << kRender << "</script>\n</body>\n</html>\n";
  return o.str();
}

void write_report(const std::string& h5_path, const std::string& out, Lang lang, const std::string& params_dir,
                  bool force) {
  check_output_path(out, force, "-o");
  const std::string html = render_report(collect_report_data(h5_path, params_dir), lang);
  TempFile tmp(out);  // removed on any error or signal
  {
    std::ofstream f(tmp.path(), std::ios::binary);
    f << html;
    f.close();
    if (!f) throw InputError(tmp.path(), 0, "", "cannot write (disk full?)");
  }
  tmp.commit();
}

}  // namespace elevsim
