#include "report_validation.hpp"

#include <cmath>

#include "report_html.hpp"

namespace elevsim {

namespace {

// A value in its unit as a reader expects it (shares as percentages).
std::string number(double x, const std::string& unit, Lang l) {
  if (unit == "share" || unit == "share_pp") return format_number(100 * x, 1, l);
  if (unit == "days") return format_number(x, 1, l);
  if (unit == "pp") return format_number(x, 2, l);
  return format_number(x, 2, l);
}
std::string unit_text(const std::string& unit, Lang l) {
  if (unit == "share") return " %";
  if (unit == "share_pp" || unit == "pp") return l == Lang::nb ? " prosentpoeng" : " pp";
  if (unit == "days") return l == Lang::nb ? " dager" : " days";
  if (unit == "weeks") return l == Lang::nb ? " uker" : " weeks";
  return "";
}

std::string run_cell(const Indicator& i, Lang l) {
  const bool share = i.unit == "share" || i.unit == "share_pp";
  const double k = share ? 100 : 1;
  return "<td class=\"num\">" + number(i.mean, i.unit, l) + unit_text(i.unit, l) + "<span class=\"iv\">" +
         format_interval(k * i.lo, k * i.hi, share || i.unit == "days" ? 1 : 2, l) + "</span></td>";
}

std::string known(const Check& c, const std::string& unit, Lang l) {
  if (!std::isfinite(c.lo) && !std::isfinite(c.hi)) return "–";
  if (!std::isnan(c.target) && std::fabs((c.hi - c.target) - (c.target - c.lo)) < 1e-9)
    return number(c.target, unit, l) + " ± " + number(c.hi - c.target, unit, l) + unit_text(unit, l);
  return number(c.lo, unit, l) + " " + tr("to", l) + " " + number(c.hi, unit, l) + unit_text(unit, l);
}

}  // namespace

void noncompleters_section(std::ostringstream& o, const NoncompleterShares& n, const Validation& v, Lang l) {
  if (n.shares.empty()) return;
  std::vector<std::string> scenarios;
  for (const Indicator& i : n.shares)
    if (scenarios.empty() || scenarios.back() != i.scenario) scenarios.push_back(i.scenario);
  o << "<section id=\"noncompleters\"><h2>" << html_escape(tr("h_noncompleters", l)) << "</h2>\n<p>"
    << html_escape(tr("noncompleters_intro", l)) << "</p>\n<table class=\"noncompleters\"><thead><tr><th>"
    << html_escape(tr("col_status", l)) << "</th>";
  for (const std::string& s : scenarios) o << "<th class=\"num\">" << html_escape(s) << "</th>";
  o << "<th class=\"num\">" << html_escape(tr("noncompleters_reference", l)) << "</th></tr></thead><tbody>\n";
  for (const std::string& st : n.statuses) {
    o << "<tr data-status=\"" << html_escape(st) << "\"><td>" << html_escape(tr("status:" + st, l)) << "</td>";
    for (const std::string& s : scenarios)
      for (const Indicator& i : n.shares)
        if (i.scenario == s && i.key == st) o << run_cell(i, l);
    std::string ref = "–";
    for (const Check& c : v.checks)
      if (c.figure == "noncompleter_share_" + st && !std::isnan(c.target)) ref = number(c.target, "share", l) + " %";
    o << "<td class=\"num\">" << ref << "</td></tr>\n";
  }
  o << "</tbody></table>\n<p class=\"note\">" << html_escape(tr("noncompleters_note", l)) << "</p>\n</section>\n";
}

void validation_section(std::ostringstream& o, const Validation& v, Lang l) {
  o << "<section id=\"validation\"><h2>" << html_escape(tr("h_validation", l)) << "</h2>\n<p>"
    << html_escape(fill_in(tr("validation_intro", l), "{scenario}", v.scenario)) << "</p>\n";
  const std::vector<std::string> fail = v.failing();
  size_t judged = 0;
  for (const Check& c : v.checks) judged += c.judged;
  std::string list;
  for (const std::string& k : fail) list += (list.empty() ? "" : ", ") + k;
  o << "<p class=\"validation-summary\" data-failing=\"" << fail.size() << "\"><strong>"
    << html_escape(fill_in(fill_in(fill_in(tr(fail.empty() ? "validation_summary_ok" : "validation_summary_fail", l),
                                           "{n}", std::to_string(judged)),
                                   "{k}", std::to_string(fail.size())),
                           "{list}", list))
    << "</strong></p>\n<table class=\"validation\"><thead><tr><th>" << html_escape(tr("col_figure", l))
    << "</th><th class=\"num\">" << html_escape(tr("col_model", l)) << "</th><th class=\"num\">"
    << html_escape(tr("col_known", l)) << "</th><th>" << html_escape(tr("col_holds", l)) << "</th><th>"
    << html_escape(tr("col_source", l)) << "</th></tr></thead><tbody>\n";
  std::string section;
  for (const Check& c : v.checks) {
    if (c.section != section) {
      section = c.section;
      o << "<tr class=\"file\"><th colspan=\"5\">" << html_escape(tr("sec_" + section, l)) << "</th></tr>\n";
    }
    const std::string verdict = !c.judged ? tr(c.measured ? "shown" : c.absent ? "absent" : "not_measured", l)
                                          : tr(c.holds ? "holds" : "fails", l);
    o << "<tr data-key=\"" << html_escape(c.key) << "\" data-holds=\"" << (c.judged ? (c.holds ? "1" : "0") : "")
      << "\"><td>" << html_escape(l == Lang::nb && !c.label_nb.empty() ? c.label_nb : c.label) << "</td>"
      << (c.measured ? run_cell(c.run, l) : "<td class=\"num muted\">–</td>") << "<td class=\"num\">"
      << html_escape(known(c, c.run.unit, l)) << "</td><td>" << html_escape(verdict) << "</td><td>"
      << html_escape(c.source) << (c.note.empty() ? "" : " (" + html_escape(c.note) + ")") << "</td></tr>\n";
  }
  o << "</tbody></table></section>\n";
}

}  // namespace elevsim
