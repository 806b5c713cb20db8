#pragma once
// The expected-value twin: the transition model run as a cohort Markov chain
// over grade x cell, with no sampling. It gives the distribution over states
// that the microsimulation's replication mean must converge to; it drives
// calibration and is the oracle of the statistical tests.
//
// Pupils enter grade 1 after `entry_burnin_years` of the youngest band's
// chain started from state 0, and the start population is that chain carried
// forward, so with time-invariant parameters every simulated year has the
// same expected distribution by grade.
#include <Eigen/Core>
#include <array>
#include <vector>

#include "mh_transitions.hpp"

namespace elevsim {

using StateDist = Eigen::RowVector3d;

struct Twin {
  // [grade-1][cell]: state distribution before and after the year's transition.
  std::array<std::array<StateDist, kCells>, kGrades> pre, post;
  // [grade-1][cell]: probability of a new case (0 -> 1 or 2) during the year.
  std::array<std::array<double, kCells>, kGrades> new_case;
  TransitionTable P;
  std::array<int, kGrades> band{};
};

// treatment: expect the calibrated treated shares (services on), or none.
Twin run_twin(const MentalHealthParams& mh, bool treatment = false);

// Real pupils per grade in each cell, summed over counties.
std::array<double, kCells> population_cell_weights(const PopulationParams& p);

// Aggregates over grades [g0, g1] and the cells selected by `use`:
// expected share in `states` (bit k set = state k counts).
double twin_share(const Twin& tw, const std::array<double, kCells>& w, int g0, int g1, unsigned states,
                  bool (*use)(int cell) = nullptr, bool after = true);

// [grade-1][cell][state]: what a pupil who starts grade g in `state` is
// expected to have accumulated in grades [from_grade, g), counting per_year[j]
// for each year spent in state j (the chain run backwards by Bayes' rule).
// Pupils who start the simulation past from_grade have no simulated history;
// this is the mental-health side's expectation of it, so no other module needs
// the chain's algebra.
using GradeCellStates = std::array<std::array<std::array<double, kStates>, kCells>, kGrades>;
GradeCellStates twin_history(const Twin& tw, int from_grade, const std::array<double, kStates>& per_year);

// Share of pupils in state 1 after grade g0's transition who are in state
// >= 1 again `years` later (persistence).
double twin_persistence(const Twin& tw, const std::array<double, kCells>& w, int g0, int years);

}  // namespace elevsim
