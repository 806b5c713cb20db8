#include "report_rests_on.hpp"

#include <algorithm>

#include "report_html.hpp"

namespace elevsim {

namespace {

std::string grade_words(const std::string& grade, Lang l) {
  if (grade == "F") return tr("grade_found", l);
  if (grade == "D") return tr("grade_derived", l);
  return tr("grade_assumption", l);
}

// /decision's notes are English codes of why a group is exactly 0
std::string note_words(const std::string& note, Lang l) {
  if (note.empty()) return "";
  if (note.rfind("not drawn", 0) == 0) return tr("rests_zero_not_drawn", l);
  if (note.rfind("no scenario funds", 0) == 0) return tr("rests_zero_unfunded", l);
  return tr("rests_zero_none", l);
}

// The groups by EVPPI at value row v, highest first (ties: file order).
std::vector<size_t> order_at(const DecisionUncertainty& dec, size_t v) {
  std::vector<size_t> order(dec.groups.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return dec.evppi_group[v][a] > dec.evppi_group[v][b]; });
  return order;
}

// "<b>label</b> (grade), ..." for the (up to) three groups worth most at row v; "" when none is worth anything.
std::string top_groups(const DecisionUncertainty& dec, size_t v, Lang l) {
  std::string top;
  int named = 0;
  for (size_t g : order_at(dec, v)) {
    if (named == 3 || !(dec.evppi_group[v][g] > 0)) break;
    top += std::string(named ? ", " : "") + "<b>" +
           html_escape(l == Lang::en ? dec.groups[g].label_en : dec.groups[g].label) + "</b> (" +
           html_escape(grade_words(dec.groups[g].grade, l)) + ")";
    ++named;
  }
  return top;
}

}  // namespace

std::string rests_on_section(const ReportData& d, Lang l) {
  const DecisionUncertainty& dec = d.decision;
  if (dec.empty() || dec.groups.empty() || dec.evppi_group.empty()) return "";
  const size_t m = dec.marked_index();
  const double evpi = dec.evpi[m];
  const std::string value = format_money(dec.marked_value, l);
  std::string o = "<section id=\"rests-on\"><h2>" + html_escape(tr("h_rests_on", l)) + "</h2>\n";
  o += "<p>" +
       html_escape(fill_in(fill_in(fill_in(tr("rests_intro", l), "{value}", value), "{x}", format_money(evpi, l)), "{n}",
                           std::to_string(dec.replications))) +
       "</p>\n";
  const std::vector<size_t> order = order_at(dec, m);
  const std::string top = top_groups(dec, m, l);
  o += "<p class=\"rests-top\">" +
       (!top.empty() ? fill_in(html_escape(tr("rests_top", l)), "{groups}", top) : html_escape(tr("rests_none", l))) +
       "</p>\n";
  // across the CEAC's range: where the choice is least sure, and what it rests on there
  const size_t w = static_cast<size_t>(std::max_element(dec.evpi.begin(), dec.evpi.end()) - dec.evpi.begin());
  if (w != m && dec.evpi[w] > dec.evpi[m]) {
    const std::string there = top_groups(dec, w, l);
    std::string s = fill_in(fill_in(fill_in(fill_in(html_escape(tr("rests_range", l)), "{from}",
                                                    html_escape(format_money(dec.values.front(), l))),
                                            "{to}", html_escape(format_money(dec.values.back(), l))),
                                    "{value}", html_escape(format_money(dec.values[w], l))),
                            "{x}", html_escape(format_money(dec.evpi[w], l)));
    s = fill_in(s, "{groups}", there.empty() ? html_escape(tr("rests_range_none", l)) : there);
    o += "<p class=\"rests-range\">" + s + "</p>\n";
  }
  o += "<table class=\"rests-on\"><thead><tr><th>" + html_escape(tr("rests_col_group", l)) + "</th><th>" +
       html_escape(fill_in(tr("rests_col_evppi", l), "{value}", value)) + "</th><th>" +
       html_escape(tr("rests_col_share", l)) + "</th><th>" + html_escape(tr("rests_col_grade", l)) + "</th><th>" +
       html_escape(tr("rests_col_source", l)) + "</th></tr></thead><tbody>\n";
  bool clipped = false;
  for (size_t g : order) {
    const PsaGroup& pg = dec.groups[g];
    const double e = dec.evppi_group[m][g];
    const bool clip = dec.evppi_clipped[m][g];
    clipped |= clip;
    std::string share = evpi > 0 ? format_number(100 * e / evpi, 0, l) + tr("unit_pct_suffix", l) : "–";
    const std::string figure = html_escape(format_money(e, l)) + (clip ? "*" : "");
    const std::string note = note_words(dec.group_note[g], l);
    o += "<tr data-group=\"" + html_escape(pg.id) + "\"><td>" + html_escape(l == Lang::en ? pg.label_en : pg.label) +
         (note.empty() ? "" : "<span class=\"iv\">" + html_escape(note) + "</span>") + "</td><td class=\"num\">" +
         figure + "</td><td class=\"num\">" + html_escape(share) + "</td><td>" +
         html_escape(pg.grade + " – " + grade_words(pg.grade, l)) + "</td><td>" + html_escape(pg.source) +
         "</td></tr>\n";
  }
  o += "</tbody></table>\n";
  if (clipped) o += "<p class=\"note\">* " + html_escape(tr("rests_clipped", l)) + "</p>\n";
  if (dec.replications < kEvppiRoughBelow)
    o += "<p class=\"note\">" + html_escape(fill_in(tr("rests_rough", l), "{n}", std::to_string(dec.replications))) +
         "</p>\n";
  o += "<p class=\"note\">" + html_escape(tr("rests_method", l)) + "</p>\n";
  return o + "</section>\n";
}

}  // namespace elevsim
