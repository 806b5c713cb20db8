#pragma once
// Evaluating one allocation of `elevsim optimise`: the scenario goes through the
// ordinary runner (run_in_memory) with the run's seed, replications, scale and
// PSA draws, and its objective is read from the same planner figures as
// `elevsim compare`, paired replication by replication with the reference.
#include <string>
#include <vector>

#include "optimise.hpp"

namespace elevsim {

class Evaluator {
 public:
  Evaluator(const Scenario& base, const std::string& params_dir, const OptimiseOptions& opt);
  // Runs `s` (with the base's parameters unless `own_params`), returns its
  // objective level per replication; `kept` receives the scenario with its
  // datasets (on MPI rank 0 only), `rows` the constrained outputs (row x
  // replication, set_rows). Under MPI every rank calls it in the same order:
  // the replications are spread over the ranks and the figures broadcast from
  // rank 0, so every rank's search takes the same steps as one process would.
  std::vector<double> level(const Scenario& s, bool own_params, ScenarioResult* kept,
                            std::vector<double>* rows = nullptr);
  // The constraint rows read from each run (constraints.hpp); the reference's
  // are returned.
  std::vector<double> set_rows(const std::vector<Constraint>& cs, const std::vector<ConstraintRow>& rows);
  // Objective per replication against the reference, with its summary.
  void score(Candidate& c, const std::vector<double>& level) const;
  const RunResult& reference() const { return reference_; }
  const Params& params() const { return params_; }
  int runs() const { return runs_; }

 private:
  std::vector<double> objective_level(const ScenarioResult& sr) const;
  OptimiseOptions opt_;
  std::string params_dir_;
  Params params_;
  RunResult reference_;  // the base without grants, with its datasets
  std::vector<double> reference_level_;
  const std::vector<Constraint>* constraints_ = nullptr;
  const std::vector<ConstraintRow>* rows_ = nullptr;
  int runs_ = 0;
  RunResult run(const ScenarioResult& sr);
};

// a - b replication by replication: mean, 95 % interval and the share of replications with a > b
Paired paired(const std::string& against, const std::vector<double>& a, const std::vector<double>& b);

}  // namespace elevsim
