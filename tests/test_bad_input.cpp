// Bad input is refused with one line naming the file, the line, the key and
// what is allowed, and leaves no output file behind.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "helpers.hpp"

using namespace elevsim;
using namespace elevsim::test;
namespace fs = std::filesystem;

namespace {

void spit(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// A private copy of params/ and scenarios/baseline.toml to break.
struct Sandbox {
  TempDir dir;
  fs::path params, scenario, out;
  Sandbox() {
    params = dir.path / "params";
    fs::create_directories(dir.path / "scenarios");
    fs::copy(params_dir(), params, fs::copy_options::recursive);
    scenario = dir.path / "scenarios" / "baseline.toml";
    fs::copy_file(baseline_path(), scenario);
    out = dir.path / "out.h5";
  }
  void replace(const fs::path& file, const std::string& from, const std::string& to) {
    std::string t = slurp(file);
    auto pos = t.find(from);
    REQUIRE(pos != std::string::npos);
    spit(file, t.replace(pos, from.size(), to));
  }
  CliOutcome run(const std::string& scenario_arg = "") {
    return elevsim_cli("run -q --scale 0.01 -r 1 -o " + out.string() + " " +
                           (scenario_arg.empty() ? scenario.string() : scenario_arg),
                       dir.path);
  }
  // `elevsim calibrate` (a dry run) on the sandbox's parameters.
  CliOutcome calibrate() { return elevsim_cli("--params " + params.string() + " calibrate", dir.path); }
  // Nothing named out.h5*, complete or partial.
  bool no_output() const {
    for (auto& e : fs::directory_iterator(dir.path))
      if (e.path().filename().string().rfind("out.h5", 0) == 0) return false;
    return true;
  }
};

void expect_one_line_error(const CliOutcome& o, const std::string& file, int line, const std::string& key,
                           const std::string& allowed) {
  INFO("stderr: " << o.err);
  CHECK(o.status != 0);
  CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
  CHECK(o.err.find(file + (line > 0 ? ":" + std::to_string(line) : std::string())) != std::string::npos);
  CHECK(o.err.find(key) != std::string::npos);
  CHECK(o.err.find(allowed) != std::string::npos);
}

int line_of(const fs::path& file, const std::string& needle) {
  std::ifstream in(file);
  std::string l;
  int n = 0;
  while (std::getline(in, l)) {
    ++n;
    if (l.find(needle) != std::string::npos) return n;
  }
  return -1;
}

// The sandbox's run is refused with one line naming `file`, the line holding
// `needle`, the key and what is allowed, and leaves no output.
void expect_refused(Sandbox& s, const fs::path& file, const std::string& needle, const std::string& key,
                    const std::string& allowed) {
  expect_one_line_error(s.run(), file.string(), line_of(file, needle), key, allowed);
  CHECK(s.no_output());
}

}  // namespace

TEST_CASE("a good sandbox run succeeds (the harness itself works)", "[input]") {
  Sandbox s;
  CliOutcome o = s.run();
  INFO(o.err);
  CHECK(o.status == 0);
  CHECK(fs::exists(s.out));
}

TEST_CASE("unknown key in a scenario file", "[input]") {
  Sandbox s;
  s.replace(s.scenario, "years = 10", "years = 10\nyaers = 3");
  CliOutcome o = s.run();
  expect_one_line_error(o, s.scenario.string(), line_of(s.scenario, "yaers"), "run.yaers", "allowed here: ");
  CHECK(o.err.find("years") != std::string::npos);
  CHECK(s.no_output());
}

TEST_CASE("unknown key in a parameter file", "[input]") {
  Sandbox s;
  fs::path f = s.params / "mental_health.toml";
  s.replace(f, "ses_high = -0.35", "ses_high = -0.35\nses_hihg = 1.0");
  expect_refused(s, f, "ses_hihg", "mental_health.ses_hihg", "unknown key");
}

TEST_CASE("wrong type of value", "[input]") {
  Sandbox s;
  fs::path f = s.params / "mental_health.toml";
  s.replace(f, "immigrant = 0.30", "immigrant = \"high\"");
  expect_refused(s, f, "immigrant = \"high\"", "mental_health.immigrant", "expected a number in [-5, 5]");
}

TEST_CASE("value out of range", "[input]") {
  Sandbox s;
  fs::path f = s.params / "population.toml";
  s.replace(f, "female_share = 0.488", "female_share = 1.3");
  expect_refused(s, f, "female_share", "population.female_share", "expected a number in [0.3, 0.7]");
}

TEST_CASE("value out of range in a scenario", "[input]") {
  Sandbox s;
  s.replace(s.scenario, "years = 10", "years = 0");
  expect_refused(s, s.scenario, "years = 0", "run.years", "expected an integer in [1, 50]");
}

TEST_CASE("missing scenario file", "[input]") {
  Sandbox s;
  const std::string missing = (s.dir.path / "scenarios" / "nope.toml").string();
  CliOutcome o = s.run(missing);
  expect_one_line_error(o, missing, 0, "", "cannot open file");
  CHECK(s.no_output());
}

TEST_CASE("missing parameter file", "[input]") {
  Sandbox s;
  fs::remove(s.params / "calibrated.toml");
  CliOutcome o = s.run();
  expect_one_line_error(o, (s.params / "calibrated.toml").string(), 0, "", "cannot open file");
  CHECK(s.no_output());
}

TEST_CASE("malformed CSV row", "[input]") {
  Sandbox s;
  fs::path f = s.params / "population.csv";
  s.replace(f, "Oslo,6971,", "Oslo,69x71,");
  expect_refused(s, f, "Oslo,", "pupils_per_grade", "expected a number in [1, 1e+06]");
}

TEST_CASE("CSV row with a missing field", "[input]") {
  Sandbox s;
  fs::path f = s.params / "population.csv";
  s.replace(f, "Finnmark,895,", "Finnmark,");
  expect_refused(s, f, "Finnmark,", "", "expected 8 comma-separated fields");
}

TEST_CASE("TOML syntax error", "[input]") {
  Sandbox s;
  s.replace(s.scenario, "years = 10", "years = = 10");
  expect_refused(s, s.scenario, "years = = 10", "", "TOML syntax error");
}

TEST_CASE("scenario override of an unknown parameter", "[input]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + "\n[params.mental_health]\nonset_shit = 0.1\n");
  expect_refused(s, s.scenario, "onset_shit", "mental_health.onset_shit", "unknown key");
}

TEST_CASE("unknown county for added service staffing in a scenario", "[input][services]") {
  Sandbox s;
  s.replace(s.scenario, "years = 10", "years = 10\n\n[params.services.bup_school]\nadded_counties = [\"Nord-Trøndelag\"]");
  CliOutcome o = s.run();
  expect_one_line_error(o, s.scenario.string(), line_of(s.scenario, "added_counties"),
                        "services.bup_school.added_counties", "unknown county \"Nord-Trøndelag\"");
  CHECK(s.no_output());
}

TEST_CASE("service capacity rows out of step with the population table", "[input][services]") {
  Sandbox s;
  fs::path f = s.params / "service_capacity.csv";
  s.replace(f, "Vestland,", "Vestlandet,");
  expect_refused(s, f, "Vestlandet,", "county", "expected the counties of population.csv");
}

// ---- grant schemes in scenario files: refused before any simulation ----

namespace {
const char* kGrant =
    "\n[[grant]]\nname = \"g\"\nbudget_nok = 10_000_000\nfirst_year = 2025\nlast_year = 2027\n"
    "allocation = \"targeted\"\ntargeted = { \"Oslo\" = 4_000_000 }\n[grant.split]\nstaff_competence = 0.5\n"
    "universal_prevention = 0.5\n";
}

TEST_CASE("a good grant scenario runs (the grant harness works)", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  CliOutcome o = s.run();
  INFO(o.err);
  CHECK(o.status == 0);
}

TEST_CASE("grant: unknown intervention", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  s.replace(s.scenario, "staff_competence = 0.5", "staff_competense = 0.5");
  expect_refused(s, s.scenario, "staff_competense", "staff_competense",
                 "unknown intervention; allowed: staff_competence, school_health_fte");
}

TEST_CASE("grant: shares that do not sum to 1", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  s.replace(s.scenario, "universal_prevention = 0.5", "universal_prevention = 0.4");
  expect_refused(s, s.scenario, "[grant.split]", "grant.split", "the shares must add up to 1");
}

TEST_CASE("grant: negative budget", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  s.replace(s.scenario, "budget_nok = 10_000_000", "budget_nok = -5");
  expect_refused(s, s.scenario, "budget_nok", "grant.budget_nok", "expected a number in [0, 1e+11]");
}

TEST_CASE("grant: years outside the run", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  s.replace(s.scenario, "last_year = 2027", "last_year = 2040");
  expect_refused(s, s.scenario, "last_year", "grant.last_year", "expected an integer in [2025, 2034]");
}

TEST_CASE("grant: unknown county", "[input][grants]") {
  Sandbox s;
  spit(s.scenario, slurp(s.scenario) + kGrant);
  s.replace(s.scenario, "\"Oslo\" = 4_000_000", "\"Oslo\" = 1_000_000, \"Viken\" = 3_000_000");
  expect_refused(s, s.scenario, "Viken", "grant.targeted.Viken", "unknown county; allowed: Akershus");
}

TEST_CASE("a description with a NUL character is refused, not cut", "[input]") {
  Sandbox s;
  s.replace(s.scenario, "description = \"Dagens", "description = \"Dag\\u0000ens");
  expect_refused(s, s.scenario, "description", "description", "NUL character");
}

TEST_CASE("a CSV table with a byte-order mark is read as without one", "[input]") {
  Sandbox s;
  fs::path f = s.params / "population.csv";
  spit(f, "\xEF\xBB\xBF" + slurp(f));
  CliOutcome o = s.run();
  INFO("stderr: " << o.err);
  CHECK(o.status == 0);
}

TEST_CASE("a folder in place of population.csv is named as a folder", "[input]") {
  Sandbox s;
  fs::path f = s.params / "population.csv";
  fs::remove(f);
  fs::create_directory(f);
  CliOutcome o = s.run();
  expect_one_line_error(o, f.string(), 0, "", "is a folder; expected a file");
  CHECK(s.no_output());
}

TEST_CASE("age bands that do not strictly increase are refused", "[input]") {
  Sandbox s;
  fs::path f = s.params / "mental_health.toml";
  s.replace(f, "band_first_grade = [1, 5, 8, 11]", "band_first_grade = [1, 1, 1, 1]");
  expect_refused(s, f, "band_first_grade", "mental_health.band_first_grade", "strictly increasing");
}

TEST_CASE("calibration target definitions in targets.toml are checked before any fitting", "[input][calibration]") {
  Sandbox s;
  const fs::path f = s.params / "targets.toml";
  std::string table, key, allowed, from, to;
  SECTION("an unknown coefficient") {
    from = "fits = \"onset_shift\"", to = "fits = \"onset_shfit\"";
    key = "mental_health.prevalence_any.fits", allowed = "unknown coefficient 'onset_shfit'; calibration can fit";
  }
  SECTION("two targets on one coefficient and band") {
    from = "fits_band = 1", to = "fits_band = 0", table = "[mental_health.disorder_ratio_low_middle_grades_4_7]";
    key = "mental_health.disorder_ratio_low_middle_grades_4_7.fits";
    allowed = "fits the same coefficient as disorder_ratio_low_middle_grades_1_3";
  }
  SECTION("an unknown measure") {
    from = "measure = \"persistence\"\nfrom_grade", to = "measure = \"persistance\"\nfrom_grade";
    table = "measure = \"persistance\"";  // the file's head names the measures too
    key = "mental_health.persistence_any_2_5_years.measure", allowed = "expected \"share\", \"ratio\" or \"persistence\"";
  }
  SECTION("an unknown cell group in a ratio") {
    from = "ratio = [\"girls\", \"boys\"]", to = "ratio = [\"girls\", \"lads\"]";
    key = "mental_health.any_ratio_girls_boys_grades_11_13.ratio", allowed = "expected two cell groups";
  }
  SECTION("a schooling target on a figure the model does not compute") {
    from = "[schooling.exit_after_vg2]", to = "[schooling.exit_after_vg4]", table = to;
    key = "schooling.exit_after_vg4", allowed = "no school figure named exit_after_vg4";
  }
  SECTION("a county group without its step gain") {
    from = "gain = -1.2", to = "", table = "[county_completion]";
    key = "county_completion.gain", allowed = "missing; calibration steps each county term";
  }
  SECTION("a calibration setting out of range") {
    from = "damping = 0.7", to = "damping = 7";
    key = "calibration.damping", allowed = "expected a number in [0.01, 1]";
  }
  s.replace(f, from, to);
  CliOutcome o = s.calibrate();
  CHECK(o.status == 2);
  // the line of the changed key, or of the table that is wrong as a whole
  expect_one_line_error(o, f.string(), line_of(f, table.empty() ? to : table), key, allowed);
}
