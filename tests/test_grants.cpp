// Grants, allocation rules, interventions and paired comparison.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <iostream>

#include "helpers.hpp"
#include "interventions.hpp"
#include "query.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

RunResult run_pair(const Scenario& a, const Scenario& b, int reps, uint32_t seed, double scale, bool psa = false) {
  RunOptions o = run_options(reps, seed, scale);
  o.psa = psa;
  return run_in_memory(make_plan({a, b}, params_dir(), o));
}

double prevalence2(const ScenarioResult& s, int r) {
  const Dataset* dis = nullptr;
  const Dataset* pup = nullptr;
  for (auto& d : s.datasets) {
    if (d.name == "mh_disorder") dis = &d;
    if (d.name == "pupils") pup = &d;
  }
  return Query(*dis).where("replication", r).sum() / Query(*pup).where("replication", r).sum();
}

}  // namespace

TEST_CASE("a scenario with no grant is bit-identical to the baseline", "[grants][crn]") {
  TempDir dir;
  Scenario base = load_scenario(baseline_path());
  Scenario none = scenario_file(dir, "no-grant", "");
  RunResult r = run_pair(base, none, 3, 77u, 0.2, true);
  check_bit_identical(r.scenarios[0].datasets, r.scenarios[1].datasets);
}

TEST_CASE("common random numbers narrow the paired interval at least 5-fold", "[grants][crn][statistical]") {
  TempDir dir;
  Scenario base = load_scenario(baseline_path());
  // a modest programme (about 6 % of eligible pupils reached): the CRN gain
  // shrinks as more pupils are reached, since every reached pupil can diverge
  Scenario prev = scenario_file(dir, "prevention", grant("per_capita", 20e6, "universal_prevention = 1.0"));
  const int R = 16;
  RunResult crn = run_pair(base, prev, R, 1234u, 0.3);
  // the scenario alone with other seeds (its draws do not depend on the other scenarios of a run)
  RunOptions indep = run_options(R, 98765u, 0.3);
  indep.psa = false;
  RunResult indep_prev = run_in_memory(make_plan({prev}, params_dir(), indep));
  std::vector<double> d_crn, d_ind;
  for (int r = 0; r < R; ++r) {
    d_crn.push_back(prevalence2(crn.scenarios[1], r) - prevalence2(crn.scenarios[0], r));
    d_ind.push_back(prevalence2(indep_prev.scenarios[0], r) - prevalence2(crn.scenarios[0], r));
  }
  auto width = [](std::vector<double> v) {
    MeanSe m = mean_se(v);
    return 2 * 1.96 * m.se;  // 95 % interval of the mean paired difference
  };
  const double w_crn = width(d_crn), w_ind = width(d_ind);
  std::cout << "paired state-2 difference, 95% interval width: common random numbers " << w_crn
            << ", independent seeds " << w_ind << " (ratio " << w_ind / w_crn << ")\n";
  CHECK(mean_se(d_crn).mean + 3 * mean_se(d_crn).se < 0);  // prevention lowers prevalence
  CHECK(w_ind >= 5 * w_crn);
}

TEST_CASE("spending adds up for every allocation rule", "[grants]") {
  Params p = load_params(params_dir());
  InterventionValues v = realise(p.interventions, 1u, 0u, true);
  const std::string all_six =
      "staff_competence = 0.2\nschool_health_fte = 0.2\nbup_at_school = 0.1\nmunicipal_psychologist = 0.1\n"
      "followup_los = 0.2\nuniversal_prevention = 0.2";
  struct Case {
    const char* rule;
    std::string extra;
    double targeted_total;
  } cases[] = {{"per_capita", "", 0},
               {"needs_weighted", "", 0},
               {"competitive", "competitive_k = 4", 0},
               {"competitive", "competitive_k = 6\ncompetitive_selection = \"random\"", 0},
               {"targeted", "targeted = { \"Oslo\" = 20_000_000, \"Finnmark\" = 5_500_000 }", 25.5e6}};
  for (const Case& c : cases) {
    const double budget = 37e6;
    Spending sp = plan_grants(p, v, "spend", grant(c.rule, budget, all_six, c.extra));
    for (int t = 0; t < sp.years; ++t) {
      double allocated = 0, spent = 0, remainder = 0;
      for (int co = 0; co < sp.counties; ++co)
        for (int k = 0; k < kInterventions; ++k) {
          const size_t i = sp.at(t, co, k);
          allocated += sp.allocated[i];
          spent += sp.spent[i];
          const double left = sp.allocated[i] - sp.spent[i];
          // the remainder from whole units: less than one unit step, never negative
          CHECK(left >= -1e-6);
          CHECK(left < v.unit_cost_nok[k] * p.interventions.unit_step[k] + 1e-6);
          CHECK(sp.units[i] * v.unit_cost_nok[k] == Approx(sp.spent[i]).margin(1e-3));
          remainder += left;
        }
      INFO(c.rule << " " << c.extra << " year " << t);
      // targeted grants allocate the named amounts; the rest of the budget is unallocated
      const double expected = c.targeted_total > 0 ? c.targeted_total : budget;
      CHECK(allocated == Approx(expected).epsilon(1e-12));
      CHECK(spent + remainder == Approx(allocated).epsilon(1e-12));
      CHECK(spent <= allocated);
    }
  }
}

TEST_CASE("needs_weighted moves more money per pupil to counties with a larger low-ses share", "[grants]") {
  Params p = load_params(params_dir());
  InterventionValues v = realise(p.interventions, 1u, 0u, false);
  Spending a = plan_grants(p, v, "pc", grant("per_capita", 100e6, "universal_prevention = 1.0"));
  Spending b = plan_grants(p, v, "nw", grant("needs_weighted", 100e6, "universal_prevention = 1.0"));
  const auto& counties = p.population.counties;
  // compare the shift in money per pupil with the low-ses share, county by county
  double mean_low = 0;
  for (auto& c : counties) mean_low += c.ses_share[0] / counties.size();
  int agree = 0;
  for (size_t c = 0; c < counties.size(); ++c) {
    const double pupils = counties[c].pupils_per_grade * kGrades;
    const double per_pupil_pc = a.allocated[a.at(0, static_cast<int>(c), kUniversalPrevention)] / pupils;
    const double per_pupil_nw = b.allocated[b.at(0, static_cast<int>(c), kUniversalPrevention)] / pupils;
    const bool above = counties[c].ses_share[0] > mean_low;
    INFO(counties[c].name << ": low-ses share " << counties[c].ses_share[0] << ", NOK per pupil per_capita "
                          << per_pupil_pc << ", needs_weighted " << per_pupil_nw);
    if (above) CHECK(per_pupil_nw > per_pupil_pc);
    agree += above == (per_pupil_nw > per_pupil_pc);
  }
  CHECK(agree >= static_cast<int>(counties.size()) - 2);
}

TEST_CASE("more budget for an effective intervention never lowers its effect in expectation", "[grants][statistical]") {
  TempDir dir;
  Scenario base = load_scenario(baseline_path());
  double last = 0;
  for (double budget : {50e6, 150e6, 400e6}) {
    Scenario s = scenario_file(dir, "prev", grant("per_capita", budget, "universal_prevention = 1.0"));
    RunResult r = run_pair(base, s, 4, 555u, 0.3);
    std::vector<double> d;
    for (int k = 0; k < 4; ++k) d.push_back(prevalence2(r.scenarios[0], k) - prevalence2(r.scenarios[1], k));
    MeanSe m = mean_se(d);
    INFO("budget " << budget << ": state-2 prevalence lowered by " << m.mean << " +- " << m.se);
    CHECK(m.mean > last);
    last = m.mean;
  }
}
