#pragma once
// The search space of `elevsim optimise`: allocations as shares on one or two
// bounded simplices, and the scenario (TOML text) each allocation stands for.
#include <array>
#include <string>
#include <vector>

#include "optimise.hpp"

namespace elevsim {

// One simplex of the allocation: n shares in [lo, hi] adding up to 1.
struct Simplex {
  int offset = 0;  // position of its first share in the full allocation vector
  std::vector<double> lo, hi;
  int size() const { return static_cast<int>(lo.size()); }
};

// Where the money goes: the interventions' shares and, when the search is over
// counties, the counties' shares (an allocation vector holds them in that order).
struct Space {
  SearchOver over = SearchOver::Split;
  std::vector<Simplex> blocks;  // split and/or counties
  int full_size() const;
  int free_size() const;  // the optimiser's variables: all but the last share of each block
  std::vector<double> to_free(const std::vector<double>& full) const;
  // Full allocation from the optimiser's variables, projected onto the bounds.
  std::vector<double> from_free(const std::vector<double>& x) const;
  std::vector<double> project(const std::vector<double>& full) const;
};

Space make_space(const Scenario& base, SearchOver over, int counties);

double total_budget(const Scenario& s);
// The base's money per intervention as shares (its grants' splits weighted by their budgets).
std::array<double, kInterventions> combined_split(const Scenario& s);

// The scenario text of one allocation: the base's years, parameters and first
// grant's recipients and rule (targeted by county when the counties are searched).
std::string allocation_toml(const Scenario& base, const std::string& name, const std::string& description,
                            double budget, const std::array<double, kInterventions>& shares,
                            const std::vector<double>& county_shares, const std::vector<std::string>& county_names);
// The base's own grants with every amount scaled to `budget` (no grant: an
// equal split per capita).
std::string scaled_base_toml(const Scenario& base, const std::string& name, double budget);
// The base with its grants removed: the reference of every objective.
std::string reference_toml(const Scenario& base, const std::string& name);

}  // namespace elevsim
