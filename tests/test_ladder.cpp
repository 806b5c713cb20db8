// The effect ladder (run/ladder_run.hpp): each rung gets its 10 MNOK a year,
// per capita, and what it buys is paired with the reference.
#include "helpers.hpp"
#include "ladder_file.hpp"
#include "ladder_run.hpp"

using namespace elevsim;
using namespace elevsim::test;

namespace {

RunPlan small_plan(int reps, double scale) {
  return make_plan({load_scenario(baseline_path())}, params_dir(), run_options(reps, 4242u, scale));
}

const LadderFigure& figure(const Ladder& L, const char* key) {
  const LadderFigure* f = L.figure(key);
  REQUIRE(f != nullptr);
  REQUIRE(f->by_intervention.size() == static_cast<size_t>(kInterventions));
  return *f;
}

}  // namespace

TEST_CASE("ladder rungs spend the budget on whole units, per capita, every year") {
  RunPlan plan = small_plan(2, 0.02);
  const Ladder L = run_ladder(plan);
  REQUIRE(L.interventions.size() == static_cast<size_t>(kInterventions));
  CHECK(L.reference == "baseline");
  const Params& p = plan.scenarios[0].params;
  const double counties = static_cast<double>(p.population.counties.size());
  for (int k = 0; k < kInterventions; ++k) {
    INFO(kInterventionNames[k]);
    for (double a : figure(L, "allocated_nok_per_year").by_intervention[k].per_replication)
      CHECK(a == Approx(kLadderBudgetNok).epsilon(1e-12));
    // whole units: at most one unit step per county left unspent, at the dearest unit cost
    const double step = p.interventions.unit_step[k] * p.interventions.unit_cost_nok[k].high;
    for (double s : figure(L, "spent_nok_per_year").by_intervention[k].per_replication) {
      CHECK(s <= kLadderBudgetNok * (1 + 1e-12));
      CHECK(s >= kLadderBudgetNok - counties * step);
    }
    for (double u : figure(L, "units_per_year").by_intervention[k].per_replication) CHECK(u > 0);
  }
  // every figure's interval holds its mean
  for (const LadderFigure& f : L.figures)
    for (const Indicator& i : f.by_intervention) {
      INFO(f.key << " " << i.scenario);
      CHECK(i.lo <= i.mean);
      CHECK(i.mean <= i.hi);
    }
  // per capita: each county's money per pupil is the same
  const ScenarioResult rung = ladder_rung(plan.scenarios[0], kSchoolHealthFte, kLadderBudgetNok);
  const RunResult one = run_in_memory(make_plan({rung}, run_options(1, 4242u, 0.02)));
  const Dataset& alloc = dataset(one, "allocated_nok");
  const double per_pupil0 = Query(alloc).where("year", 0).where("county", 0).where("intervention", kSchoolHealthFte).sum() /
                            p.population.counties[0].pupils_per_grade;
  double total = 0;
  for (size_t c = 0; c < p.population.counties.size(); ++c) {
    const double nok =
        Query(alloc).where("year", 0).where("county", static_cast<int>(c)).where("intervention", kSchoolHealthFte).sum();
    total += nok;
    CHECK(nok / p.population.counties[c].pupils_per_grade == Approx(per_pupil0).epsilon(1e-9));
  }
  CHECK(total == Approx(kLadderBudgetNok).epsilon(1e-12));
}

TEST_CASE("a ladder rung whose effect is none averts no disorder-year and no dropout") {
  RunPlan plan = small_plan(3, 0.02);
  // follow-up with a leaving odds ratio of exactly 1 (PSA draw included): no effect
  plan.scenarios[0].params.interventions.los_leave_odds_ratio = {1.0, 1.0, 1.0, "fixed"};
  const Ladder L = run_ladder(plan);
  for (double v : figure(L, "dropouts_avoided_per_cohort").by_intervention[kFollowupLos].per_replication) CHECK(v == 0.0);
  for (double v : figure(L, "disorder_years_averted_per_year").by_intervention[kFollowupLos].per_replication)
    CHECK(v == 0.0);
  // the money is still spent and pupils followed
  CHECK(figure(L, "spent_nok_per_year").by_intervention[kFollowupLos].mean > 0);
  CHECK(figure(L, "pupils_reached_per_year").by_intervention[kFollowupLos].mean > 0);
}

TEST_CASE("the ladder lands in /ladder of the run file and reads back as written") {
  RunPlan plan = small_plan(2, 0.02);
  plan.ladder = run_ladder(plan);
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("elevsim-ladder-" + std::to_string(getpid()) + ".h5");
  plan.out = out.string();
  run_streamed(plan);
  const Ladder back = read_ladder(out.string());
  std::filesystem::remove(out);
  REQUIRE(back.interventions == plan.ladder.interventions);
  REQUIRE(back.figures.size() == plan.ladder.figures.size());
  for (size_t f = 0; f < back.figures.size(); ++f)
    for (int k = 0; k < kInterventions; ++k) {
      CHECK(back.figures[f].key == plan.ladder.figures[f].key);
      CHECK(back.figures[f].by_intervention[k].per_replication == plan.ladder.figures[f].by_intervention[k].per_replication);
      CHECK(back.figures[f].by_intervention[k].mean == plan.ladder.figures[f].by_intervention[k].mean);
    }
  CHECK(back.budget_nok == kLadderBudgetNok);
}
