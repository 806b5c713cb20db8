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

// The twin with problem types (spec s.2): the same chain over five states,
// none, complaints (internalizing, externalizing), disorder (internalizing,
// externalizing). Its sums over types are the three-state twin's states; it
// gives the expected prevalence by type and the start types of the pupils.
inline constexpr int kTypedStates = 5;
using TypedDist = Eigen::Matrix<double, 1, kTypedStates>;
using TypedMatrix = Eigen::Matrix<double, kTypedStates, kTypedStates>;
// The typed state of (state, type): 0, then 1 + (state - 1) x 2 + (type - 1).
inline int typed_state(int state, int type) { return state == 0 ? 0 : 1 + (state - 1) * 2 + (type - 1); }
inline int sex_of_cell(int cell) { return cell / (kSes * kBackgrounds * 2); }

// One year's five-state matrix from the three-state one: a new case is
// externalizing with probability `externalizing`, and an internalizing onset
// happens with the risk ratio `prevention_rr` (mh_year's rule in expectation).
TypedMatrix typed_matrix(const TransitionMatrix& P, double externalizing, double prevention_rr = 1);

struct TypedTwin {
  // [grade-1][cell]: distribution before and after the year's transition
  std::array<std::array<TypedDist, kCells>, kGrades> pre, post;
};
// externalizing_logodds: the PSA's shift of the externalizing shares.
TypedTwin run_typed_twin(const MentalHealthParams& mh, const Twin& tw, double externalizing_logodds = 0);

}  // namespace elevsim
