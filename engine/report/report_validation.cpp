#include "report_validation.hpp"

#include <cmath>

#include "report_html.hpp"

namespace elevsim {

namespace {

// The texts of these sections, kept beside them.
struct Text {
  const char* key;
  const char* nb;
  const char* en;
};
const Text kTexts[] = {
    {"h_noncompleters", "Hvor de som ikke fullfører, står", "Where non-completers stand"},
    {"noncompleters_intro",
     "Elever som begynte på Vg1 i et av årene som kan følges til fristen (5 år for studieforberedende, 6 for "
     "yrkesfag), og som ikke har fullført da: andel etter hvor de står ved fristen. Alle slike kull i kjøringen er "
     "slått sammen; gjennomsnitt og 95 %-intervall over replikasjonene.",
     "Pupils who started Vg1 in one of the years that can be followed to the deadline (5 years for general, 6 for "
     "vocational programmes) and have not completed by then: share by where they stand at the deadline. All such "
     "entry cohorts of the run pooled; mean and 95 % interval over replications."},
    {"noncompleters_reference", "Udir, 2007-kullet", "Udir, 2007 cohort"},
    {"noncompleters_note",
     "Udirs tall gjelder 2007-kullet og den eldre 5-årsregelen. Modellen lar elever som ikke består et nivå, ta det "
     "om igjen i stedet for å avslutte uten bestått; derfor er mange fortsatt i opplæring ved fristen.",
     "Udir's figures are for the 2007 cohort under the older 5-year rule. The model lets pupils who fail a level "
     "repeat it rather than finish without passing, so many are still enrolled at the deadline."},
    {"status:no_level_passed", "Sluttet uten bestått Vg1", "Left without passing Vg1"},
    {"status:passed_vg1", "Sluttet etter bestått Vg1", "Left after passing Vg1"},
    {"status:passed_vg2", "Sluttet etter bestått Vg2", "Left after passing Vg2"},
    {"status:final_year_not_passed", "Gjennomført siste år uten å bestå", "Attended the final year, not passed"},
    {"status:still_enrolled", "Fortsatt i opplæring", "Still enrolled"},
    {"col_status", "Status ved fristen", "Status at the deadline"},
    {"h_validation", "Hvor godt modellen gjenskaper kjente tall", "How well the model reproduces known figures"},
    {"validation_intro",
     "Hvert kalibreringsmål (params/targets.toml) og hver kontroll mot publiserte tall (params/validation.toml) "
     "for referansescenarioet {scenario}: modellens verdi (gjennomsnitt og 95 %-intervall over replikasjonene), det "
     "kjente tallet eller området, og om gjennomsnittet ligger innenfor. Det er det samme som `elevsim validate` "
     "skriver ut.",
     "Every calibration target (params/targets.toml) and every check against published figures "
     "(params/validation.toml) for the reference scenario {scenario}: the model's value (mean and 95 % interval "
     "over replications), the known figure or range, and whether the mean lies within it. The same as "
     "`elevsim validate` prints."},
    {"validation_summary_ok", "Alle {n} kontrollene holder.", "All {n} judged checks hold."},
    {"validation_summary_fail", "{k} av {n} kontroller holder ikke: {list}.", "{k} of {n} judged checks fail: {list}."},
    {"col_figure", "Tall", "Figure"},
    {"col_model", "Modellen", "Model"},
    {"col_known", "Kjent tall", "Known figure"},
    {"col_holds", "Holder?", "Holds?"},
    {"col_source", "Kilde", "Source"},
    {"holds", "ja", "yes"},
    {"fails", "NEI", "NO"},
    {"shown", "vist, ikke vurdert", "shown, not judged"},
    {"not_measured", "ikke målbart i en kjøring", "not measurable in a run"},
    {"absent", "scenarioet er ikke med i kjøringen", "scenario not in this run"},
    {"to", "til", "to"},
    {"sec_targets", "Kalibreringsmål", "Calibration targets"},
    {"sec_county_completion", "Fullføring etter fylke", "Completion by county"},
    {"sec_evidence", "Kontroller mot publiserte tall", "Checks against published figures"},
};

std::string t(const std::string& key, Lang l) {
  for (const Text& x : kTexts)
    if (key == x.key) return l == Lang::nb ? x.nb : x.en;
  return key;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  if (size_t p = s.find(from); p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

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
  return number(c.lo, unit, l) + " " + t("to", l) + " " + number(c.hi, unit, l) + unit_text(unit, l);
}

}  // namespace

void noncompleters_section(std::ostringstream& o, const NoncompleterShares& n, const Validation& v, Lang l) {
  if (n.shares.empty()) return;
  std::vector<std::string> scenarios;
  for (const Indicator& i : n.shares)
    if (scenarios.empty() || scenarios.back() != i.scenario) scenarios.push_back(i.scenario);
  o << "<section id=\"noncompleters\"><h2>" << html_escape(t("h_noncompleters", l)) << "</h2>\n<p>"
    << html_escape(t("noncompleters_intro", l)) << "</p>\n<table class=\"noncompleters\"><thead><tr><th>"
    << html_escape(t("col_status", l)) << "</th>";
  for (const std::string& s : scenarios) o << "<th class=\"num\">" << html_escape(s) << "</th>";
  o << "<th class=\"num\">" << html_escape(t("noncompleters_reference", l)) << "</th></tr></thead><tbody>\n";
  for (const std::string& st : n.statuses) {
    o << "<tr data-status=\"" << html_escape(st) << "\"><td>" << html_escape(t("status:" + st, l)) << "</td>";
    for (const std::string& s : scenarios)
      for (const Indicator& i : n.shares)
        if (i.scenario == s && i.key == st) o << run_cell(i, l);
    std::string ref = "–";
    for (const Check& c : v.checks)
      if (c.figure == "noncompleter_share_" + st && !std::isnan(c.target)) ref = number(c.target, "share", l) + " %";
    o << "<td class=\"num\">" << ref << "</td></tr>\n";
  }
  o << "</tbody></table>\n<p class=\"note\">" << html_escape(t("noncompleters_note", l)) << "</p>\n</section>\n";
}

void validation_section(std::ostringstream& o, const Validation& v, Lang l) {
  o << "<section id=\"validation\"><h2>" << html_escape(t("h_validation", l)) << "</h2>\n<p>"
    << html_escape(replace(t("validation_intro", l), "{scenario}", v.scenario)) << "</p>\n";
  const std::vector<std::string> fail = v.failing();
  size_t judged = 0;
  for (const Check& c : v.checks) judged += c.judged;
  std::string list;
  for (const std::string& k : fail) list += (list.empty() ? "" : ", ") + k;
  o << "<p class=\"validation-summary\" data-failing=\"" << fail.size() << "\"><strong>"
    << html_escape(replace(replace(replace(t(fail.empty() ? "validation_summary_ok" : "validation_summary_fail", l),
                                           "{n}", std::to_string(judged)),
                                   "{k}", std::to_string(fail.size())),
                           "{list}", list))
    << "</strong></p>\n<table class=\"validation\"><thead><tr><th>" << html_escape(t("col_figure", l))
    << "</th><th class=\"num\">" << html_escape(t("col_model", l)) << "</th><th class=\"num\">"
    << html_escape(t("col_known", l)) << "</th><th>" << html_escape(t("col_holds", l)) << "</th><th>"
    << html_escape(t("col_source", l)) << "</th></tr></thead><tbody>\n";
  std::string section;
  for (const Check& c : v.checks) {
    if (c.section != section) {
      section = c.section;
      o << "<tr class=\"file\"><th colspan=\"5\">" << html_escape(t("sec_" + section, l)) << "</th></tr>\n";
    }
    const std::string verdict = !c.judged ? t(c.measured ? "shown" : c.absent ? "absent" : "not_measured", l)
                                          : t(c.holds ? "holds" : "fails", l);
    o << "<tr data-key=\"" << html_escape(c.key) << "\" data-holds=\"" << (c.judged ? (c.holds ? "1" : "0") : "")
      << "\"><td>" << html_escape(l == Lang::nb && !c.label_nb.empty() ? c.label_nb : c.label) << "</td>"
      << (c.measured ? run_cell(c.run, l) : "<td class=\"num muted\">–</td>") << "<td class=\"num\">"
      << html_escape(known(c, c.run.unit, l)) << "</td><td>" << html_escape(verdict) << "</td><td>"
      << html_escape(c.source) << (c.note.empty() ? "" : " (" + html_escape(c.note) + ")") << "</td></tr>\n";
  }
  o << "</tbody></table></section>\n";
}

}  // namespace elevsim
