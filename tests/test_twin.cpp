// The microsimulation against its expected-value twin, and the calibration.
#include <catch2/catch.hpp>

#include "calibrate.hpp"
#include "services_helpers.hpp"
#include "services_params.hpp"
#include "twin.hpp"

using namespace elevsim;
using namespace elevsim::test;

TEST_CASE("calibrated parameters reproduce every target on the twin", "[twin][calibration]") {
  Params p = load_params(params_dir());
  auto targets = read_targets(params_dir());
  evaluate_targets(p, p.mental_health, targets);
  for (const Target& t : targets) {
    if (t.group != "mental_health") continue;
    INFO(t.key << ": target " << t.value << ", model " << t.fitted);
    CHECK(t.fitted == Approx(t.value).epsilon(1e-4));
  }
}

TEST_CASE("calibration recovers the shipped coefficients from a perturbed start", "[twin][calibration]") {
  Params p = load_params(params_dir());
  const MentalHealthParams shipped = p.mental_health;
  p.mental_health.onset_shift += 0.5;
  p.mental_health.ses_low[0] -= 0.6;
  p.mental_health.ses_low[3] += 0.3;
  p.mental_health.female_adolescent = 0;
  SchoolCalibrationOptions skip_school = read_calibration_settings(params_dir());
  skip_school.skip = true;
  CalibrationResult r = calibrate(p, read_targets(params_dir()), skip_school);
  REQUIRE(r.converged);
  CHECK(r.fitted.onset_shift == Approx(shipped.onset_shift).margin(1e-4));
  for (int b = 0; b < kBands; ++b) CHECK(r.fitted.ses_low[b] == Approx(shipped.ses_low[b]).margin(1e-4));
  CHECK(r.fitted.female_adolescent == Approx(shipped.female_adolescent).margin(1e-4));
}

TEST_CASE("replication mean matches the expected-value twin within 4 standard errors", "[twin][statistical]") {
  const int R = 30;
  // With services switched off: the twin has no queues, so it cannot carry the
  // treatment that services give (test_services.cpp checks what it can of
  // them); switched off, the mental-health process is exactly the twin's.
  // the twin's population is a steady state: every cohort at pupils_per_grade
  RunResult run = run_texts(
      {scenario_text("baseline", std::string(kServicesOff) + "[params.population]\nconstant_cohorts = true\n")}, R,
      424242u, 1.0, 10);
  Params p = load_params(params_dir());
  Twin tw = run_twin(p.mental_health);
  auto w = population_cell_weights(p.population);
  const Dataset& pupils = dataset(run, "pupils");
  const Dataset& comp = dataset(run, "mh_complaints");
  const Dataset& dis = dataset(run, "mh_disorder");
  const Dataset& inc = dataset(run, "mh_new_cases");
  const int bands[4][2] = {{1, 4}, {5, 7}, {8, 10}, {11, 13}};
  int checked = 0;
  for (int y = 0; y < run.years; ++y)
    for (auto& b : bands) {
      std::vector<double> any, disorder, newc;
      for (int r = 0; r < R; ++r) {
        const double n = core_sum(run, pupils, r, y, b[0], b[1]);
        any.push_back((core_sum(run, comp, r, y, b[0], b[1]) + core_sum(run, dis, r, y, b[0], b[1])) / n);
        disorder.push_back(core_sum(run, dis, r, y, b[0], b[1]) / n);
        newc.push_back(core_sum(run, inc, r, y, b[0], b[1]) / n);
      }
      double expect_new = 0, wsum = 0;
      for (int g = b[0]; g <= b[1]; ++g)
        for (int c = 0; c < kCells; ++c) {
          expect_new += w[c] * tw.new_case[g - 1][c];
          wsum += w[c];
        }
      expect_new /= wsum;
      const struct {
        const char* what;
        MeanSe sim;
        double twin;
      } rows[] = {{"state>=1", mean_se(any), twin_share(tw, w, b[0], b[1], 0b110)},
                  {"state 2", mean_se(disorder), twin_share(tw, w, b[0], b[1], 0b100)},
                  {"new cases", mean_se(newc), expect_new}};
      for (auto& row : rows) {
        INFO(row.what << " year " << run.start_year + y << " grades " << b[0] << "-" << b[1] << ": sim "
                      << row.sim.mean << " +- " << row.sim.se << ", twin " << row.twin);
        REQUIRE(row.sim.se > 0);
        CHECK(std::abs(row.sim.mean - row.twin) < 4 * row.sim.se);
        ++checked;
      }
    }
  CHECK(checked == 10 * 4 * 3);
}

TEST_CASE("prevalence, the ses gap in disorder by band, girls above boys and no drift hold on the full population",
          "[acceptance][statistical][full_population]") {
  // elevsim run scenarios/baseline.toml --replications 20, first year, grades 1-13
  const RunResult& run = full_population_baseline();
  const int R = kFullPopulationReplications, Y = run.years;
  const Dataset& pupils = dataset(run, "pupils");
  const Dataset& comp = dataset(run, "mh_complaints");
  const Dataset& dis = dataset(run, "mh_disorder");
  double any = 0, d2 = 0, ratio_ses = 0, girls = 0, boys = 0;
  for (int r = 0; r < R; ++r) {
    const double n = core_sum(run, pupils, r, 0, 1, 13);
    any += (core_sum(run, comp, r, 0, 1, 13) + core_sum(run, dis, r, 0, 1, 13)) / n / R;
    d2 += core_sum(run, dis, r, 0, 1, 13) / n / R;
    const double low = core_sum(run, dis, r, 0, 1, 3, -1, 0) / core_sum(run, pupils, r, 0, 1, 3, -1, 0);
    const double mid = core_sum(run, dis, r, 0, 1, 3, -1, 1) / core_sum(run, pupils, r, 0, 1, 3, -1, 1);
    ratio_ses += low / mid / R;
    girls += (core_sum(run, comp, r, 0, 11, 13, 0) + core_sum(run, dis, r, 0, 11, 13, 0)) /
             core_sum(run, pupils, r, 0, 11, 13, 0) / R;
    boys += (core_sum(run, comp, r, 0, 11, 13, 1) + core_sum(run, dis, r, 0, 11, 13, 1)) /
            core_sum(run, pupils, r, 0, 11, 13, 1) / R;
  }
  INFO("state>=1 " << any << ", state 2 " << d2 << ", low/middle g1-3 " << ratio_ses << ", girls " << girls
                   << " boys " << boys);
  CHECK(any >= 0.15);
  CHECK(any <= 0.20);
  CHECK(d2 >= 0.07);
  CHECK(d2 <= 0.09);
  CHECK(ratio_ses >= 4.0);
  CHECK(ratio_ses <= 6.0);
  CHECK(girls > boys);

  // The low/middle state-2 ratio by grade band, first year: 4-6 in grades 1-3 (seed figure 2.1),
  // 1.6-2.6 in grades 11-13 (Kinge 2021), falling from band to band (Reiss 2013).
  const int bands[4][2] = {{1, 3}, {4, 7}, {8, 10}, {11, 13}};
  double ratio[4] = {};
  for (int b = 0; b < 4; ++b)
    for (int r = 0; r < R; ++r) {
      const int g0 = bands[b][0], g1 = bands[b][1];
      ratio[b] += core_sum(run, dis, r, 0, g0, g1, -1, 0) / core_sum(run, pupils, r, 0, g0, g1, -1, 0) /
                  (core_sum(run, dis, r, 0, g0, g1, -1, 1) / core_sum(run, pupils, r, 0, g0, g1, -1, 1)) / R;
    }
  INFO("low/middle state-2 ratio by band: " << ratio[0] << ", " << ratio[1] << ", " << ratio[2] << ", " << ratio[3]);
  CHECK(ratio[0] >= 4.0);
  CHECK(ratio[0] <= 6.0);
  CHECK(ratio[3] >= 1.6);
  CHECK(ratio[3] <= 2.6);
  for (int b = 1; b < 4; ++b) CHECK(ratio[b] < ratio[b - 1]);

  // No drift: prevalence in the last year within 0.2 percentage points of the first (grade-standardised), and the
  // first year's mean BUP wait within 10 % of the third year's (warm start).
  // Standardised to the first year's grade mix: cohorts differ in size (params/cohorts.csv), so
  // the crude share over grades 1-13 moves with the grade mix even when no grade's prevalence does.
  auto share = [&](int y, bool any_state) {
    double s = 0;
    for (int r = 0; r < R; ++r)
      for (int g = 1; g <= kGrades; ++g)
        s += core_sum(run, pupils, r, 0, g, g) / core_sum(run, pupils, r, 0, 1, kGrades) *
             (core_sum(run, dis, r, y, g, g) + (any_state ? core_sum(run, comp, r, y, g, g) : 0.0)) /
             core_sum(run, pupils, r, y, g, g) / R;
    return s;
  };
  INFO("state>=1 " << share(0, true) << " -> " << share(Y - 1, true) << ", state 2 " << share(0, false) << " -> "
                   << share(Y - 1, false));
  CHECK(std::abs(share(Y - 1, true) - share(0, true)) < 0.002);
  CHECK(std::abs(share(Y - 1, false) - share(0, false)) < 0.002);
  auto bup_wait = [&](int y) {
    double w = 0, n = 0;
    for (int r = 0; r < R; ++r) {
      w += svc_sum(run, dataset(run, "wait_weeks"), r, y, kBup, 1, 13);
      n += svc_sum(run, dataset(run, "treated"), r, y, kBup, 1, 13);
    }
    return w / n;
  };
  INFO("mean BUP wait, first year " << bup_wait(0) << " weeks, third " << bup_wait(2));
  CHECK(std::abs(bup_wait(0) / bup_wait(2) - 1) < 0.10);
}
