// The report's building blocks: numbers in each language's notation, escaping
// of text from scenario files, and parameter sources read from TOML comments.
#include <catch2/catch.hpp>

#include "export_csv.hpp"
#include "locale.hpp"
#include "params_table.hpp"
#include "report_answer.hpp"
#include "report_html.hpp"

using namespace elevsim;

TEST_CASE("numbers follow the language's conventions", "[report]") {
  const std::string nbsp = "\u00a0";
  CHECK(format_number(12345.6, 1, Lang::nb) == "12" + nbsp + "345,6");
  CHECK(format_number(12345.6, 1, Lang::en) == "12,345.6");
  CHECK(format_number(1234567, 0, Lang::nb) == "1" + nbsp + "234" + nbsp + "567");
  CHECK(format_number(1234, 0, Lang::nb) == "1" + nbsp + "234");
  CHECK(format_number(999, 0, Lang::nb) == "999");
  CHECK(format_number(1234, 0, Lang::en) == "1,234");
  CHECK(format_number(-0.456, 2, Lang::nb) == "\u2212" "0,46");
  CHECK(format_number(-0.456, 2, Lang::en) == "-0.46");
  CHECK(format_number(0.4, 1, Lang::en, true) == "+0.4");
  CHECK(format_number(-0.0001, 1, Lang::en, true) == "0.0");  // no sign on a rounded zero
  CHECK(format_interval(310, 450, 0, Lang::nb) == "mellom 310 og 450");
  CHECK(format_interval(310, 450, 0, Lang::en) == "between 310 and 450");
  CHECK(decimals_for(17.41, 17.60, "%") == 2);
  CHECK(decimals_for(10, 30, "%") == 1);
  CHECK(decimals_for(828000, 829000, "pupils (scaled)") == 0);
}

TEST_CASE("texts have both languages, unknown keys fall back", "[report]") {
  CHECK(tr("h_key_figures", Lang::nb) == "Nøkkeltall");
  CHECK(tr("h_key_figures", Lang::en) == "Key figures");
  CHECK(tr("ind:not_yet_known", Lang::nb, "dropouts avoided") == "dropouts avoided");
  CHECK_THROWS_AS(parse_lang("de"), std::invalid_argument);
}

TEST_CASE("text from scenario files cannot become markup or script", "[report]") {
  CHECK(html_escape("<script>alert(1)</script> & \"x\" 'y'") ==
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;");
  const std::string j = json_string("</script><script>alert(1)</script>\n\"\\");
  CHECK(j.find('<') == std::string::npos);
  CHECK(j.find('>') == std::string::npos);
  CHECK(j == "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\n\\\"\\\\\"");
  CHECK(csv_field("Møre og Romsdal") == "Møre og Romsdal");
  CHECK(csv_field("a,\"b\"") == "\"a,\"\"b\"\"\"");
}

TEST_CASE("parameter sources come from the comments beside each value", "[report]") {
  const std::string toml =
      "# ===== mental_health.toml =====\n"
      "# File header, not a source.\n"
      "\n"
      "[mental_health]\n"
      "# Onset from Roach 2023 [F].\n"
      "onset = [-2.75, -2.70]\n"
      "# Disorders last longer [A].\n"
      "improve = [-1.55,\n"
      "           -1.55]  # continued\n"
      "remit = -2.40\n"
      "\n"
      "shift = -0.42  # fitted to prevalence_any = 0.175\n"
      "name = \"a # not a comment\"\n"
      "# ===== [params] overrides from x.toml =====\n"
      "[mental_health]\n"
      "onset_shift = -0.6\n";
  const auto rows = parse_params_toml(toml);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].file == "mental_health.toml");
  CHECK(rows[0].section == "mental_health");
  CHECK(rows[0].key == "onset");
  CHECK(rows[0].value == "[-2.75, -2.70]");
  CHECK(rows[0].source == "Onset from Roach 2023 [F].");
  CHECK(rows[1].value == "[-1.55, -1.55]");
  CHECK(rows[1].source == "continued");
  CHECK(rows[2].source == "Disorders last longer [A].");  // the block above covers the run of values
  CHECK(rows[3].source == "fitted to prevalence_any = 0.175");
  CHECK(rows[4].value == "\"a # not a comment\"");
  CHECK(rows[4].source == "");
  CHECK(rows[5].file == "[params] overrides from x.toml");

  const auto scen = parse_params_toml(
      "name = \"p\"\n[run]\nyears = 10\n[params.mental_health]\nonset_shift = -0.6  # lower onset [A]\n", "params.");
  REQUIRE(scen.size() == 1);
  CHECK(scen[0].section == "mental_health");
  CHECK(scen[0].source == "lower onset [A]");

  // scenarios/portfolio-2015.toml has comment lines of a lone '#'
  const auto blank = parse_params_toml("#\n# Schemes of 2015 [A].\n#\n# (seed 002)\nx = 1\n");
  REQUIRE(blank.size() == 1);
  CHECK(blank[0].source == "Schemes of 2015 [A]. (seed 002)");
}

TEST_CASE("the answer paragraph says each figure in words, with money as money", "[report]") {
  ReportData d;
  d.info.scenarios = {"baseline", "los"};
  d.info.reference = "baseline";
  d.scenarios = {{"baseline", "Dagens tjenester.", "", "", "Today's services.", ""},
                 {"los", "Oppfølging.", "", "", "Follow-up.", ""}};
  auto ind = [](const char* key, const char* unit, double mean, double lo, double hi) {
    return Indicator{"los", key, key, unit, {lo, mean, hi}, mean, lo, hi};
  };
  d.comparisons = {ind("dropouts_avoided", "pupils", 14.2, 8, 20), ind("spending_per_year", "NOK", 49.4e6, 49.4e6, 49.4e6),
                   ind("prev_disorder_mean_change", "pp", 0, 0, 0),
                   ind("ses_gap_dropout_change", "pp", -0.02, -0.1, 0.06),
                   ind("net_benefit_per_year", "NOK", -36.8e6, -41.8e6, -31.3e6)};
  d.decision = decision_uncertainty({"baseline", "los"}, {{0, 0, 0}, {8, 14, 20}}, {{0, 0, 0}, {49.4e6, 49.4e6, 49.4e6}}, 0.9e6);
  const std::string nb = answer_paragraph(d, "los", Lang::nb), en = answer_paragraph(d, "los", Lang::en);
  INFO(nb);
  INFO(en);
  const std::string nbsp = "\u00a0";
  CHECK(nb.find("Oppfølging") != std::string::npos);
  CHECK(en.find("Follow-up") != std::string::npos);
  CHECK(nb.find("<b>49,4" + nbsp + "mill." + nbsp + "kr</b>") != std::string::npos);
  CHECK(en.find("<b>49.4" + nbsp + "MNOK</b>") != std::string::npos);
  CHECK(en.find("<b>14</b> (between 8 and 20) – a clear difference") != std::string::npos);
  CHECK(en.find("(between −0.10 and +0.06 percentage points) – not clear") == std::string::npos);
  CHECK(en.find("(between -0.10 and +0.06 percentage points) – not clear, the interval includes zero") != std::string::npos);
  CHECK(nb.find("(mellom −41,8 og −31,3" + nbsp + "mill." + nbsp + "kr) – en tydelig forskjell") != std::string::npos);
  CHECK(en.find("mental disorder: <b>none</b>") != std::string::npos);  // the same in every replication, zero
  CHECK(en.find("in 0" + nbsp + "% of the draws") != std::string::npos);
  CHECK(en.find("36800000") == std::string::npos);
}
