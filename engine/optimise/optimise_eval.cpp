#include "optimise_eval.hpp"

#include <cmath>

#include "compare.hpp"
#include "input_error.hpp"
#include "mpi_run.hpp"
#include "optimise_limits.hpp"
#include "optimise_space.hpp"
#include "query.hpp"

namespace elevsim {

namespace {

const Indicator& find_level(const std::vector<Indicator>& levels, const char* key) {
  for (const Indicator& i : levels)
    if (i.key == key) return i;
  throw std::logic_error(std::string("planner figure ") + key + " is missing");
}

const Dataset& find_dataset(const ScenarioResult& sr, const char* name) {
  for (const Dataset& d : sr.datasets)
    if (d.name == name) return d;
  throw std::logic_error(std::string("dataset ") + name + " is missing");
}

}  // namespace

Evaluator::Evaluator(const Scenario& base, const std::string& params_dir, const OptimiseOptions& opt)
    : opt_(opt), params_dir_(params_dir) {
  opt_.run.progress = false;  // the optimiser prints its own progress line
  params_ = load_params(params_dir, &base);
  ScenarioResult ref;
  ref.scenario = load_scenario_text(reference_toml(base, "no-grant-reference"), base.path + " (no grant)");
  ref.params = params_;
  reference_ = run(ref);
  reference_level_ = mpi_root() ? objective_level(reference_.scenarios[0]) : std::vector<double>{};
  mpi_broadcast(reference_level_);
}

// One scenario's replications, over the MPI ranks when there are several
// (rank 0 receives them all; replication r is the same on any rank).
RunResult Evaluator::run(const ScenarioResult& sr) {
  RunPlan plan = make_plan({sr}, opt_.run);
  plan.ranks = mpi_size();
  ++runs_;
  return run_on_ranks(plan, plan.replications());
}

std::vector<double> Evaluator::set_rows(const std::vector<Constraint>& cs, const std::vector<ConstraintRow>& rows) {
  constraints_ = &cs;
  rows_ = &rows;
  std::vector<double> out = mpi_root() ? row_values(reference_.scenarios[0], cs, rows) : std::vector<double>{};
  mpi_broadcast(out);
  return out;
}

// The objective is a difference of per-scenario levels, higher is better:
// fewer dropouts, less disorder, more treated, more value net of cost.
std::vector<double> Evaluator::objective_level(const ScenarioResult& sr) const {
  const std::string& name = sr.scenario.name;
  const std::vector<Indicator> levels =
      planner_levels(name, [&](const std::string&, const std::string& n) -> const Dataset* {
        for (const Dataset& d : sr.datasets)
          if (d.name == n) return &d;
        return nullptr;
      });
  const std::vector<double>& drop = find_level(levels, "dropouts_per_cohort").per_replication;
  std::vector<double> out(drop.size());
  for (size_t r = 0; r < drop.size(); ++r) {
    switch (opt_.objective) {
      case Objective::DropoutsAvoided: out[r] = -drop[r]; break;
      case Objective::DisorderPrevalence:
        out[r] = -find_level(levels, "prev_disorder_mean").per_replication[r];
        break;
      case Objective::Treated: out[r] = find_level(levels, "treated_per_year").per_replication[r]; break;
      case Objective::NetBenefit:
        out[r] = -drop[r] * sr.params.schooling.value_per_completer_nok -
                 find_level(levels, "spending_per_year").per_replication[r];
        break;
      case Objective::EquityDropouts: {
        // dropouts per cohort by ses, a low-ses one weighted W times
        const Dataset& ent = find_dataset(sr, "cohort_entrants");
        const Dataset& com = find_dataset(sr, "cohort_completed");
        const double cohorts = static_cast<double>(Query(ent).size("entry_year"));
        double weighted = 0;
        for (int ses = 0; ses < 3; ++ses) {
          const double d = Query(ent).where("replication", static_cast<int>(r)).where("ses", ses).sum() -
                           Query(com).where("replication", static_cast<int>(r)).where("ses", ses).sum();
          weighted += (ses == 0 ? opt_.equity_weight : 1.0) * d / cohorts;
        }
        out[r] = -weighted;
        break;
      }
    }
  }
  return out;
}

std::vector<double> Evaluator::level(const Scenario& s, bool own_params, ScenarioResult* kept, std::vector<double>* rows) {
  ScenarioResult sr;
  sr.scenario = s;
  sr.params = own_params ? load_params(params_dir_, &s) : params_;
  RunResult done = run(sr);
  std::vector<double> lv, rv;
  if (mpi_root()) {
    lv = objective_level(done.scenarios[0]);
    if (rows_ && !rows_->empty()) rv = row_values(done.scenarios[0], *constraints_, *rows_);
  }
  mpi_broadcast(lv);
  mpi_broadcast(rv);
  if (rows) *rows = std::move(rv);
  if (kept && mpi_root()) *kept = std::move(done.scenarios[0]);
  return lv;
}

void Evaluator::score(Candidate& c, const std::vector<double>& level) const {
  Indicator ind;
  for (size_t r = 0; r < level.size(); ++r) ind.per_replication.push_back(level[r] - reference_level_[r]);
  finish_indicator(ind);
  c.objective = ind.per_replication;
  c.mean = ind.mean;
  c.lo = ind.lo;
  c.hi = ind.hi;
  const double q = opt_.limits.risk_quantile;
  c.quantile = q > 0 ? lower_quantile(c.objective, q) : NAN;
  c.score = q > 0 ? c.quantile : c.mean;
}

Paired paired(const std::string& against, const std::vector<double>& a, const std::vector<double>& b) {
  Indicator d;
  int better = 0;
  for (size_t r = 0; r < a.size(); ++r) {
    d.per_replication.push_back(a[r] - b[r]);
    better += a[r] > b[r];
  }
  finish_indicator(d);
  return {against, d.mean, d.lo, d.hi, a.empty() ? 0.0 : static_cast<double>(better) / a.size()};
}

}  // namespace elevsim
