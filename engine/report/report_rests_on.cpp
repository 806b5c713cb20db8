#include "report_rests_on.hpp"

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
  const std::vector<size_t> order = dec.groups_by_evppi();
  std::string top;
  int named = 0;
  for (size_t g : order) {
    if (named == 3 || !(dec.evppi_group[m][g] > 0)) break;
    top += std::string(named ? ", " : "") + "<b>" +
           html_escape(l == Lang::en ? dec.groups[g].label_en : dec.groups[g].label) + "</b> (" +
           html_escape(grade_words(dec.groups[g].grade, l)) + ")";
    ++named;
  }
  o += "<p class=\"rests-top\">" +
       (named ? fill_in(html_escape(tr("rests_top", l)), "{groups}", top) : html_escape(tr("rests_none", l))) + "</p>\n";
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
    std::string figure = html_escape(format_money(e, l)) + (clip ? "*" : "");
    const std::string note = note_words(dec.group_note[g], l);
    if (!note.empty()) figure += " <span class=\"note\">(" + html_escape(note) + ")</span>";
    o += "<tr data-group=\"" + html_escape(pg.id) + "\"><td>" + html_escape(l == Lang::en ? pg.label_en : pg.label) +
         "</td><td class=\"num\">" + figure + "</td><td class=\"num\">" + html_escape(share) + "</td><td>" +
         html_escape(pg.grade + " – " + grade_words(pg.grade, l)) + "</td><td>" + html_escape(pg.source) +
         "</td></tr>\n";
  }
  o += "</tbody></table>\n";
  if (clipped) o += "<p class=\"note\">* " + html_escape(tr("rests_clipped", l)) + "</p>\n";
  o += "<p class=\"note\">" + html_escape(tr("rests_method", l)) + "</p>\n";
  return o + "</section>\n";
}

}  // namespace elevsim
