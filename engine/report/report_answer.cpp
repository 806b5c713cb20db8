#include "report_answer.hpp"

#include <cmath>

#include "report_html.hpp"

namespace elevsim {

namespace {

const Indicator* find_cmp(const ReportData& d, const std::string& scen, const std::string& key) {
  for (const Indicator& i : d.comparisons)
    if (i.scenario == scen && i.key == key) return &i;
  return nullptr;
}

// "+0,12 prosentpoeng (mellom +0,05 og +0,19) – en tydelig økning": the figure,
// its interval in words, and whether the interval leaves out no change.
std::string change_words(const Indicator& i, Lang l, bool gain_is_up) {
  const bool fixed = std::fabs(i.hi - i.lo) <= 1e-12 * std::max(1.0, std::fabs(i.mean));
  if (fixed && i.mean == 0) return "<b>" + html_escape(tr("no_change", l)) + "</b>";
  const FigureText t = figure_text(i, !gain_is_up, l);
  std::string s = "<b>" + html_escape(t.mean) + "</b> (" + html_escape(t.interval) + ")";
  if (std::isnan(i.mean) || fixed) return s;
  const bool clear = i.lo > 0 || i.hi < 0;
  return s + " – " + html_escape(tr(clear ? "clear" : "not_clear", l));
}

// One sentence "<text with {x}>." for a comparison the run has, else "".
std::string sentence(const ReportData& d, const std::string& scen, const char* key, const char* text, Lang l,
                     bool gain_is_up = false) {
  const Indicator* i = find_cmp(d, scen, key);
  if (!i) return "";
  return " " + fill_in(html_escape(tr(text, l)), "{x}", change_words(*i, l, gain_is_up)) + ".";
}

std::string description_of(const ReportData& d, const std::string& scen, Lang l) {
  for (const ScenarioMeta& m : d.scenarios)
    if (m.name == scen) return l == Lang::en && !m.description_en.empty() ? m.description_en : m.description;
  return "";
}

}  // namespace

std::string answer_paragraph(const ReportData& d, const std::string& scen, Lang l) {
  std::string p = "<p class=\"answer\" data-scenario=\"" + html_escape(scen) + "\"><strong>" + html_escape(scen) +
                  "</strong>";
  std::string desc = description_of(d, scen, l);
  while (!desc.empty() && (desc.back() == '.' || desc.back() == ' ')) desc.pop_back();
  if (!desc.empty()) p += " <span class=\"description\">(" + html_escape(desc) + ")</span>";
  p += ".";
  if (const Indicator* cost = find_cmp(d, scen, "spending_per_year"))
    p += " " + fill_in(html_escape(tr("answer_cost", l)), "{x}", "<b>" + html_escape(figure_text(*cost, false, l).mean) + "</b>") + ".";
  p += sentence(d, scen, "dropouts_avoided", "answer_dropouts", l, true);
  p += sentence(d, scen, "prev_disorder_mean_change", "answer_disorder", l);
  p += sentence(d, scen, "bup_mean_wait_weeks_change", "answer_bup", l);
  p += sentence(d, scen, "ses_gap_dropout_change", "answer_ses_dropout", l);
  if (const Indicator* net = find_cmp(d, scen, "net_benefit_per_year"); net && !d.decision.empty()) {
    std::string s = fill_in(html_escape(tr("answer_net", l)), "{value}", html_escape(format_money(d.decision.marked_value, l)));
    p += " " + fill_in(s, "{x}", change_words(*net, l, true));
    const size_t m = d.decision.marked_index();
    for (size_t k = 0; k < d.decision.scenarios.size(); ++k)
      if (d.decision.scenarios[k] == scen)
        p += fill_in(html_escape(tr("answer_ceac", l)), "{p}",
                  html_escape(format_number(100 * d.decision.ceac[m][k], 0, l) + tr("unit_pct_suffix", l)));
    p += ".";
  }
  return p + "</p>\n";
}

// `optimise --constraint`: every row at the answer, with its slack and whether it binds.
std::string limits_table(const ReportData& d, Lang l) {
  if (d.constraints.empty()) return "";
  std::string o = "<p class=\"chart-title\">" + html_escape(tr("limits_title", l)) + "</p><p class=\"note\">" +
                  html_escape(fill_in(tr("limits_note", l), "{risk}", d.risk_form)) + "</p>\n<table id=\"limits\"><tr>";
  for (const char* h : {"limits_row", "limits_value", "limits_bound", "limits_slack", "limits_share", "limits_binds"})
    o += "<th>" + html_escape(tr(h, l)) + "</th>";
  o += "</tr>\n";
  for (const ConstraintRowReport& r : d.constraints) {
    auto num = [&](double v) { return html_escape(format_number(v, std::abs(v) >= 1000 ? 0 : 3, l) + " " + r.unit); };
    o += "<tr><td>" + html_escape(r.label) + "</td><td>" + num(r.value) + "</td><td>" + num(r.bound) + "</td><td>" +
         num(r.slack) + "</td><td>" + html_escape(format_number(100 * r.share_holding, 0, l) + " %") + "</td><td>" +
         (r.binds ? "✔" : "") + "</td></tr>\n";
  }
  return o + "</table>\n";
}

std::string answer_section(const ReportData& d, Lang l, Json& specs) {
  std::string o = "<section id=\"answer\"><h2>" + html_escape(tr("h_answer", l)) + "</h2>\n";
  if (d.info.scenarios.size() < 2) return o + "<p>" + html_escape(tr("answer_single", l)) + "</p></section>\n";
  o += "<p class=\"note\">" +
       html_escape(fill_in(fill_in(tr("answer_intro", l), "{ref}", d.info.reference), "{n}", std::to_string(d.info.replications))) +
       "</p>\n";
  for (const std::string& s : d.info.scenarios)
    if (s != d.info.reference) o += answer_paragraph(d, s, l);
  auto chart = [&](const char* id, const char* key, const char* title, const char* note, Json spec) {
    if (spec.is_null()) return;
    o += "<p class=\"chart-title\">" + html_escape(tr(title, l)) + "</p>";
    if (note) o += "<p class=\"note\">" + html_escape(fill_in(tr(note, l), "{value}", format_money(d.decision.marked_value, l))) + "</p>";
    o += "<div class=\"chart\" id=\"" + std::string(id) + "\" data-chart=\"" + key + "\"></div>\n";
    specs[id] = std::move(spec);
  };
  chart("chart-cost-effect", "cost_effect", "cost_effect_title", d.decision.empty() ? nullptr : "cost_effect_note",
        cost_effect_spec(d, l));
  if (d.frontier.size() >= 2)  // one budget is a point, not a frontier
    chart("chart-frontier", "frontier", "frontier_title", "frontier_note", frontier_spec(d, l));
  o += limits_table(d, l);
  if (!d.decision.empty()) {
    o += "<h3>" + html_escape(tr("h_decision", l)) + "</h3>\n";
    chart("chart-ceac", "ceac", "ceac_title", "ceac_note", ceac_spec(d, l));
    const size_t m = d.decision.marked_index();
    o += "<p class=\"chart-title\">" + html_escape(tr("evpi_title", l)) + "</p><p class=\"note\" id=\"evpi-note\">" +
         html_escape(fill_in(fill_in(tr("evpi_note", l), "{value}", format_money(d.decision.marked_value, l)), "{x}",
                          format_money(d.decision.evpi[m], l))) +
         "</p>";
    o += "<div class=\"chart\" id=\"chart-evpi\" data-chart=\"evpi\"></div>\n";
    specs["chart-evpi"] = evpi_spec(d, l);
  }
  return o + "</section>\n";
}

}  // namespace elevsim
