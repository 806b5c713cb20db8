#include "ladder_run.hpp"

#include <array>
#include <map>

#include "compare.hpp"
#include "query.hpp"
#include "runner.hpp"
#include "service_catalogue.hpp"

namespace elevsim {

namespace {

// What one replication of one scenario holds that the ladder needs, each per
// year of the run (mean over its years): every rung is funded every year.
struct RungLevels {
  double allocated = 0, spent = 0, sessions = 0, treated = 0, disorder = 0, identified = 0;
  std::array<double, kInterventions> units{};
  std::array<double, kServices> treated_at{};
};

RungLevels levels_of(const std::vector<Dataset>& ds) {
  std::map<std::string, const Dataset*> by;
  for (const Dataset& d : ds) by[d.name] = &d;
  RungLevels L;
  auto total = [&](const char* name) {
    auto it = by.find(name);
    if (it == by.end()) return 0.0;
    const Dataset& d = *it->second;
    return Query(d).sum() / static_cast<double>(Query(d).size("year"));
  };
  L.allocated = total("allocated_nok");
  L.spent = total("spending_nok");
  L.sessions = total("sessions_delivered");
  L.treated = total("treated");
  L.disorder = total("mh_disorder");
  L.identified = total("identified");
  if (auto it = by.find("units_bought"); it != by.end())
    for (int k = 0; k < kInterventions; ++k)
      L.units[k] = Query(*it->second).where("intervention", k).sum() / static_cast<double>(Query(*it->second).size("year"));
  if (auto it = by.find("treated"); it != by.end())
    for (int v = 0; v < kServices; ++v)
      L.treated_at[v] = Query(*it->second).where("service", v).sum() / static_cast<double>(Query(*it->second).size("year"));
  return L;
}

// Pupils an intervention reaches in a year, by what it buys: a programme its
// pupil-years; follow-up workers their caseload; trained staff the pupils they
// identify; bought FTE the pupils who start a course of treatment at the
// service bought.
double reached(int k, const RungLevels& L, const Params& p) {
  switch (k) {
    case kStaffCompetence: return L.identified;
    case kSchoolHealthFte: return L.treated_at[kSchoolHealth];
    case kBupAtSchool: return L.treated_at[kBupSchool];
    case kMunicipalPsychologist: return L.treated_at[kMunicipal];
    case kFollowupLos: return L.units[k] * p.interventions.los_caseload;
    case kUniversalPrevention: return L.units[k];
  }
  return 0;
}

class LadderSink : public ReplicationSink {
 public:
  explicit LadderSink(size_t scenarios) : n_(scenarios) {}
  void begin(const RunResult& run) override {
    levels_.assign(n_, std::vector<RungLevels>(static_cast<size_t>(run.options.rep_end() - run.options.replication_begin)));
  }
  void consume(int s, int slot, std::vector<Dataset>&& ds) override { levels_[s][slot] = levels_of(ds); }
  const RungLevels& at(int s, int slot) const { return levels_[s][slot]; }

 private:
  size_t n_;
  std::vector<std::vector<RungLevels>> levels_;  // [scenario][slot]
};

}  // namespace

ScenarioResult ladder_rung(const ScenarioResult& reference, int k, double budget_nok) {
  ScenarioResult r;
  r.params = reference.params;
  r.scenario = reference.scenario;
  r.scenario.name = std::string("ladder-") + kInterventionNames[k];
  r.scenario.path = reference.scenario.path + " (ladder: " + kInterventionNames[k] + ")";
  r.scenario.description = r.scenario.description_en = "";
  Grant g;
  g.name = std::string("ladder: ") + kInterventionNames[k];
  g.budget_nok = budget_nok;
  g.first_year = reference.scenario.start_year;
  g.last_year = reference.scenario.start_year + reference.scenario.years - 1;
  g.recipients = "county";
  g.rule = Allocation::PerCapita;
  g.split[k] = 1.0;
  g.file = r.scenario.path;
  r.scenario.grants.push_back(g);
  return r;
}

Ladder run_ladder(const RunPlan& plan, double budget_nok) {
  std::vector<ScenarioResult> rungs{plan.scenarios.at(0)};
  rungs[0].datasets.clear();
  for (int k = 0; k < kInterventions; ++k) rungs.push_back(ladder_rung(rungs[0], k, budget_nok));
  RunOptions opt = plan.options;
  opt.replication_begin = 0;
  opt.replication_end = -1;
  RunPlan lp = make_plan(std::move(rungs), opt);
  // the rungs run with the reference's parameters, so they share its warm start when it can be shared
  lp.same_params = plan.same_params;
  LadderSink sink(lp.scenarios.size());
  const RunResult R = run_replications(lp, lp.replications(), sink);

  Ladder L;
  L.budget_nok = budget_nok;
  L.allocation = "per_capita";
  L.reference = plan.scenarios[0].scenario.name;
  const Params& p = lp.scenarios[0].params;
  for (int k = 0; k < kInterventions; ++k) {
    L.interventions.push_back(kInterventionNames[k]);
    L.units.push_back(p.interventions.unit_name[k]);
  }
  const int reps = lp.replications().size();
  // gain of rung k over the reference in replication r
  auto figure = [&](const char* key, const char* label, const char* unit, auto gain) {
    LadderFigure f{key, label, unit, {}};
    for (int k = 0; k < kInterventions; ++k) {
      Indicator ind{kInterventionNames[k], key, label, unit, {}, 0, 0, 0};
      for (int r = 0; r < reps; ++r) ind.per_replication.push_back(gain(k, sink.at(k + 1, r), sink.at(0, r)));
      finish_indicator(ind);
      f.by_intervention.push_back(std::move(ind));
    }
    L.figures.push_back(std::move(f));
  };
  figure("allocated_nok_per_year", "grant money allocated per year", "NOK",
         [](int, const RungLevels& a, const RungLevels& b) { return a.allocated - b.allocated; });
  figure("spent_nok_per_year", "grant money spent on whole units per year", "NOK",
         [](int, const RungLevels& a, const RungLevels& b) { return a.spent - b.spent; });
  figure("units_per_year", "units bought per year (unit_bought)", "units",
         [](int k, const RungLevels& a, const RungLevels& b) { return a.units[k] - b.units[k]; });
  figure("pupils_reached_per_year",
         "pupils reached per year: programme pupil-years, followed pupils (caseload), pupils identified by trained "
         "staff, or pupils starting treatment at the service bought",
         "pupils", [&](int k, const RungLevels& a, const RungLevels& b) { return reached(k, a, p) - reached(k, b, p); });
  figure("sessions_per_year", "extra sessions delivered per year, all services", "sessions",
         [](int, const RungLevels& a, const RungLevels& b) { return a.sessions - b.sessions; });
  figure("treatments_per_year", "extra courses of treatment started per year, all services", "pupils",
         [](int, const RungLevels& a, const RungLevels& b) { return a.treated - b.treated; });
  figure("disorder_years_averted_per_year", "pupil-years with a disorder (state 2) averted, per year of the run",
         "pupil-years", [](int, const RungLevels& a, const RungLevels& b) { return b.disorder - a.disorder; });
  // dropouts avoided per cohort exactly as `elevsim compare` counts them
  LadderFigure drop{"dropouts_avoided_per_cohort", "dropouts avoided, per Vg1 entry cohort", "pupils", {}};
  for (int k = 0; k < kInterventions; ++k)
    for (const Indicator& i : R.comparisons)
      if (i.scenario == lp.scenarios[k + 1].scenario.name && i.key == "dropouts_avoided") {
        Indicator d = i;
        d.scenario = kInterventionNames[k];
        d.key = drop.key;
        d.label = drop.label;
        drop.by_intervention.push_back(std::move(d));
      }
  if (drop.by_intervention.size() == static_cast<size_t>(kInterventions)) L.figures.push_back(std::move(drop));
  return L;
}

}  // namespace elevsim
