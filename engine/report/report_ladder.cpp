#include "report_ladder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "numbers.hpp"
#include "report_charts.hpp"
#include "report_html.hpp"

namespace elevsim {

namespace {

// The section's texts, kept here beside the one section that uses them.
struct LadderText {
  const char* key;
  const char* nb;
  const char* en;
};
constexpr LadderText kTexts[] = {
    {"h", "Hva {budget} i året kjøper i hvert tiltak", "What {budget} a year buys in each intervention"},
    {"intro",
     "Hvert tiltak får for seg {budget} i året, fordelt etter innbyggertall til alle fylker i hele perioden, i tillegg "
     "til {ref}. Tallene er forskjellen fra {ref} i samme replikasjon (samme tilfeldige tall og parametertrekk), "
     "gjennomsnitt med 95 % intervall over {reps} replikasjoner, per år der ikke annet står.",
     "Each intervention in turn gets {budget} a year, allocated per capita to every county for the whole run, on top "
     "of {ref}. Figures are the difference from {ref} in the same replication (same random numbers and parameter "
     "draws), mean with 95 % interval over {reps} replications, per year unless stated."},
    {"col_intervention", "Tiltak", "Intervention"},
    {"col_spent", "Brukt", "Spent"},
    {"col_units", "Enheter kjøpt", "Units bought"},
    {"col_reached", "Elever nådd", "Pupils reached"},
    {"col_sessions", "Flere samtaler", "Extra sessions"},
    {"col_treatments", "Flere behandlingsforløp", "Extra courses of treatment"},
    {"col_disorder", "Elevår med lidelse unngått", "Pupil-years with a disorder averted"},
    {"col_dropouts", "Frafall unngått per kull", "Dropouts avoided per cohort"},
    {"note",
     "Elever nådd: elevår i programmet (universell forebygging), fulgte elever (los, etter saksmengde), elever "
     "identifisert av kurset personale (kompetanse), elever som starter behandling i tjenesten som kjøpes "
     "(årsverk). Samtaler og behandlingsforløp gjelder alle tjenester samlet, så flytting mellom tjenester "
     "trekkes fra. Frafall unngått gjelder hvert kull som starter på Vg1 og når fristen på 5/6 år i perioden.",
     "Pupils reached: programme pupil-years (universal prevention), followed pupils (follow-up, by caseload), pupils "
     "identified by trained staff (competence), pupils starting treatment at the service bought (FTE). Sessions and "
     "courses of treatment count all services together, so moves between services net out. Dropouts avoided are "
     "per Vg1 entry cohort that reaches its 5/6-year deadline within the run."},
    {"iv:staff_competence", "Kompetanse hos skolepersonale", "Staff competence"},
    {"iv:school_health_fte", "Helsesykepleiere (årsverk)", "School nurses (FTE)"},
    {"iv:bup_at_school", "BUP i skolen (årsverk)", "BUP at school (FTE)"},
    {"iv:municipal_psychologist", "Kommunepsykologer (årsverk)", "Municipal psychologists (FTE)"},
    {"iv:followup_los", "Oppfølging/los (årsverk)", "Follow-up/los (FTE)"},
    {"iv:universal_prevention", "Universell forebygging", "Universal prevention"},
    // the units of params/interventions.toml in bokmål (English: the file's own words)
    {"unit:staff_competence", "kurset ansatt", ""},
    {"unit:school_health_fte", "årsverk (helsesykepleier)", ""},
    {"unit:bup_at_school", "årsverk (BUP-behandler i skolen)", ""},
    {"unit:municipal_psychologist", "årsverk (kommunepsykolog)", ""},
    {"unit:followup_los", "årsverk (oppfølgingsarbeider)", ""},
    {"unit:universal_prevention", "elevår i programmet", ""},
};

std::string text(const std::string& key, Lang l, const std::string& fallback = "") {
  for (const LadderText& t : kTexts)
    if (key == t.key && *(l == Lang::nb ? t.nb : t.en)) return l == Lang::nb ? t.nb : t.en;
  return fallback;
}

}  // namespace

std::string ladder_section(const ReportData& d, Lang l) {
  const Ladder& L = d.ladder;
  if (L.empty()) return "";
  std::ostringstream o;
  const std::string budget = format_money(L.budget_nok, l);
  const long reps = L.figures.empty() ? 0 : static_cast<long>(L.figures[0].by_intervention.at(0).per_replication.size());
  // eight columns side by side: smaller type, and intervals may wrap, so the table fits the page
  o << "<style>table.ladder{font-size:.8rem}table.ladder th{font-size:.78rem}"
       "table.ladder td.num,table.ladder th.num{white-space:normal}div.ladder-wrap{overflow-x:auto}</style>\n";
  o << "<section id=\"ladder\" data-budget-nok=\"" << L.budget_nok << "\"><h2>"
    << html_escape(fill_in(text("h", l), "{budget}", budget)) << "</h2>\n<p>"
    << html_escape(fill_in(fill_in(fill_in(text("intro", l), "{budget}", budget), "{ref}", L.reference), "{reps}",
                           std::to_string(reps)))
    << "</p>\n";
  struct Col {
    const char* key;
    const char* head;
  };
  const Col cols[] = {{"spent_nok_per_year", "col_spent"},
                      {"units_per_year", "col_units"},
                      {"pupils_reached_per_year", "col_reached"},
                      {"sessions_per_year", "col_sessions"},
                      {"treatments_per_year", "col_treatments"},
                      {"disorder_years_averted_per_year", "col_disorder"},
                      {"dropouts_avoided_per_cohort", "col_dropouts"}};
  o << "<div class=\"ladder-wrap\"><table class=\"ladder\"><thead><tr><th>" << html_escape(text("col_intervention", l)) << "</th>";
  for (const Col& c : cols)
    if (L.figure(c.key)) o << "<th class=\"num\">" << html_escape(text(c.head, l)) << "</th>";
  o << "</tr></thead><tbody>\n";
  char buf[64];
  for (size_t k = 0; k < L.interventions.size(); ++k) {
    const std::string& iv = L.interventions[k];
    o << "<tr data-intervention=\"" << html_escape(iv) << "\"><td>" << html_escape(text("iv:" + iv, l, iv))
      << "<span class=\"iv\">" << html_escape(text("unit:" + iv, l, k < L.units.size() ? L.units[k] : "")) << "</span></td>";
    for (const Col& c : cols) {
      const LadderFigure* f = L.figure(c.key);
      if (!f) continue;
      const Indicator& i = f->by_intervention.at(k);
      // counts that are not pupils (units, sessions) read best with the decimals their size needs
      const int dec = i.unit == "NOK" ? -1 : std::max({std::fabs(i.mean), std::fabs(i.lo), std::fabs(i.hi)}) >= 10 ? 0 : 1;
      const FigureText s = figure_text(i, false, l, dec, false);
      std::snprintf(buf, sizeof buf, "%.17g", i.mean);
      o << "<td class=\"num\" data-figure=\"" << html_escape(c.key) << "\" data-mean=\"" << buf << "\">" << s.mean
        << "<span class=\"iv\">" << s.interval << "</span></td>";
    }
    o << "</tr>\n";
  }
  o << "</tbody></table></div>\n<p class=\"note\">" << html_escape(text("note", l)) << "</p></section>\n";
  return o.str();
}

}  // namespace elevsim
