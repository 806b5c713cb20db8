// County terms and cohort sizes: each year's grades hold the cohorts of the
// cohort table, and a county's terms move that county alone.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <fstream>

#include "helpers.hpp"
#include "params.hpp"
#include "calibrate.hpp"
#include "interventions.hpp"
#include "schooling.hpp"
#include "school_targets.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

int county_of(const Params& p, const std::string& name) {
  for (size_t k = 0; k < p.population.counties.size(); ++k)
    if (p.population.counties[k].name == name) return static_cast<int>(k);
  throw std::runtime_error("no county " + name);
}

// Index of `dim` in a dataset's dims, and the stride of that axis.
std::pair<size_t, size_t> axis(const Dataset& d, const std::string& dim) {
  for (size_t a = 0; a < d.dims.size(); ++a)
    if (d.dims[a] == dim) {
      size_t stride = 1;
      for (size_t b = a + 1; b < d.shape.size(); ++b) stride *= d.shape[b];
      return {a, stride};
    }
  return {d.dims.size(), 0};
}

}  // namespace

TEST_CASE("pupils by age-grade, county and year follow the cohort table", "[cohorts]") {
  const double scale = 0.05;
  const int years = 12;
  RunResult r = run_baseline(1, 7, scale, 0, years);
  const Params& p = r.scenarios[0].params;
  const Dataset& pupils = dataset(r, "pupils");
  const int start = r.start_year;
  for (int k = 0; k < static_cast<int>(p.population.counties.size()); ++k) {
    // one simulated pupil stands for this many: the rounding of a block's size
    const double w = p.population.counties[k].pupils_per_grade /
                     std::max(1.0, std::round(p.population.counties[k].pupils_per_grade * scale));
    for (int y = 0; y < years; ++y)
      for (int g = 1; g <= kGrades; ++g) {
        Query q(pupils);
        q.where("replication", 0).where("year", y).where("county", k).where("grade", g - 1);
        const int birth = start + y - (p.population.grade1_age - 1) - g;
        const double expected = p.population.cohort_pupils(k, birth);
        INFO(p.population.counties[k].name << " year " << start + y << " grade " << g << " born " << birth);
        CHECK(std::abs(q.sum() - expected) <= 0.5 * w + 1e-6);
      }
  }
  // upper secondary in the last year against the first, as the birth cohorts differ
  auto upper = [&](int y) {
    Query q(pupils);
    return q.where("replication", 0).where("year", y).where("grade", kGrades - 3, kGrades - 1).sum();
  };
  double born_first = 0, born_last = 0;
  for (int g = kGrades - 2; g <= kGrades; ++g)
    for (int k = 0; k < static_cast<int>(p.population.counties.size()); ++k) {
      born_first += p.population.cohort_pupils(k, start - (p.population.grade1_age - 1) - g);
      born_last += p.population.cohort_pupils(k, start + years - 1 - (p.population.grade1_age - 1) - g);
    }
  CHECK(upper(years - 1) / upper(0) == Approx(born_last / born_first).epsilon(0.01));
  CHECK(born_last < born_first);  // births fell from 2009 to 2020
}

TEST_CASE("a constant population keeps every cohort at pupils_per_grade", "[cohorts]") {
  TempDir dir;
  Scenario s = scenario_file(dir, "steady", "[params.population]\nconstant_cohorts = true\n", 3);
  RunResult r = run_in_memory(make_plan({s}, params_dir(), run_options(1, 20250101u, 0.05)));
  const Params& p = r.scenarios[0].params;
  REQUIRE(p.population.constant_cohorts);
  const Dataset& pupils = dataset(r, "pupils");
  for (int y = 0; y < 3; ++y) {
    Query q(pupils);
    double want = 0;
    for (const County& c : p.population.counties) want += c.pupils_per_grade * kGrades;
    CHECK(q.where("replication", 0).where("year", y).sum() == Approx(want).epsilon(0.002));
  }
}

TEST_CASE("moving one county's leaving term moves that county and leaves the others bit-identical", "[counties]") {
  TempDir dir;
  Scenario base = scenario_file(dir, "base", "", 7);
  // raises Nordland's fitted term by 0.8 (scenario overrides replace the value)
  const Params p = load_params(params_dir());
  const double fitted = p.schooling.county_leave.at(county_of(p, "Nordland"));
  Scenario moved = scenario_file(dir, "moved",
                                 "[params.schooling.county_leave]\nNordland = " + std::to_string(fitted + 0.8) + "\n", 7);
  RunOptions o = run_options(2, 11, 0.2);
  o.psa = true;
  RunResult r = run_in_memory(make_plan({base, moved}, params_dir(), o));
  const Params& p0 = r.scenarios[0].params;
  const int nordland = county_of(p0, "Nordland");
  REQUIRE(r.scenarios[1].params.schooling.county_leave[nordland] != p0.schooling.county_leave[nordland]);
  const SchoolFigures f0 = school_figures(r.scenarios[0]), f1 = school_figures(r.scenarios[1]);
  // odds of leaving x e^0.8 in Nordland: completion falls by several points
  CHECK(f1.county_completion[nordland] < f0.county_completion[nordland] - 0.03);
  size_t compared = 0;
  for (const Dataset& a : r.scenarios[0].datasets) {
    const Dataset& b = dataset(r, a.name, 1);
    REQUIRE(a.values.size() == b.values.size());
    const auto [ax, stride] = axis(a, "county");
    if (ax == a.dims.size()) continue;  // no county dimension
    bool nordland_moved = false;
    // bit patterns, so that an empty group's NaN mean compares equal to itself
    auto same = [&](size_t i) { return std::memcmp(&a.values[i], &b.values[i], sizeof(double)) == 0; };
    for (size_t i = 0; i < a.values.size(); ++i) {
      const size_t county = (i / stride) % a.shape[ax];
      if (county == static_cast<size_t>(nordland)) {
        nordland_moved |= !same(i);
        continue;
      }
      if (!same(i)) FAIL("dataset " << a.name << " differs outside Nordland at " << i);
      ++compared;
    }
    if (a.name == "cohort_completed" || a.name == "leavers") CHECK(nordland_moved);
  }
  CHECK(compared > 100000);
}

TEST_CASE("needs_weighted follow-up money goes where the model's leaving is", "[counties][grants]") {
  Params p = load_params(params_dir());
  InterventionValues v = realise(p.interventions, 1u, 0u, false);
  Spending s = plan_grants(p, v, "nw", grant("needs_weighted", 100e6, "followup_los = 0.5\nschool_health_fte = 0.5"));
  auto per_pupil = [&](const std::string& county, int k) {
    const int c = county_of(p, county);
    return s.allocated[s.at(0, c, k)] / p.population.counties[c].pupils_per_grade;
  };
  // the fitted county terms put dropout in the north: follow-up money per pupil follows
  CHECK(per_pupil("Finnmark", kFollowupLos) > 1.2 * per_pupil("Oslo", kFollowupLos));
  CHECK(per_pupil("Nordland", kFollowupLos) > 1.1 * per_pupil("Akershus", kFollowupLos));
  // mental-health money follows complaints and disorders (composition), not dropout:
  // Oslo, with more low-ses pupils, gets more per pupil than Finnmark
  const double ratio_leave = per_pupil("Finnmark", kFollowupLos) / per_pupil("Oslo", kFollowupLos);
  const double ratio_mh = per_pupil("Finnmark", kSchoolHealthFte) / per_pupil("Oslo", kSchoolHealthFte);
  CHECK(ratio_leave > ratio_mh);
  // each intervention's half of the budget is spent in full across counties
  double total = 0;
  for (int c = 0; c < s.counties; ++c) total += s.allocated[s.at(0, c, kFollowupLos)];
  CHECK(total == Approx(50e6));
}

TEST_CASE("county completion follows the published county figures, 20 replications at full scale",
          "[counties][acceptance][full_population]") {
  const RunResult& run = full_population_baseline();
  const ScenarioResult& s = run.scenarios[0];
  const SchoolFigures f = school_figures(s);
  std::vector<Target> published = read_county_targets(s.params.targets_text, "targets.toml");
  std::cout << "county completion (20 replications, full scale, Vg1 entry " << run.start_year << "-"
            << run.start_year + complete_entry_cohorts(s.params.schooling, run.years) - 1 << " pooled), national "
            << 100 * f.completion << " %\n  county                model %   model-national   published-national\n";
  int checked = 0;
  for (const Target& t : published) {
    if (t.group != "county_completion") continue;
    const int k = county_of(s.params, t.key);
    const double diff = county_diff_pp(t.group, f, k);
    std::printf("  %-20s %8.2f %12.2f %18.2f\n", t.key.c_str(), 100 * f.county_completion[k], diff, t.value);
    INFO(t.key << ": model " << diff << " pp, published " << t.value << " pp");
    CHECK(std::abs(diff - t.value) <= t.tolerance);
    ++checked;
  }
  CHECK(checked == static_cast<int>(s.params.population.counties.size()));
  CHECK(f.completion >= 0.81);
  CHECK(f.completion <= 0.825);
  for (const char* top : {"Oslo", "Rogaland", "Akershus"})
    CHECK(f.county_completion[county_of(s.params, top)] > f.completion);
  for (const char* bottom : {"Nordland", "Finnmark"})
    CHECK(f.county_completion[county_of(s.params, bottom)] <= f.completion - 0.03);
}
