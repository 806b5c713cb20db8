#pragma once
// The target, constraints and risk form in the HDF5 and text of `elevsim
// optimise` (optimise_output.cpp calls these beside its own parts).
#include <hdf5.h>

#include <sstream>
#include <string>

#include "optimise.hpp"

namespace elevsim {

std::string risk_form(const OptimiseOptions& o);  // "mean" or "quantile 0.1"
// Attributes of /optimisation, /optimisation/target and /optimisation/constraints.
void write_limits_root(hid_t optimisation, const OptimiseResult& r);
// Per candidate in /optimisation/trace (`cand` its candidate scale).
void write_limits_trace(hid_t trace, hid_t cand, const OptimiseResult& r);
// Every constraint row at the best of budget b, in /optimisation/budget_<b>.
void write_limits_budget(hid_t budget_group, const OptimiseResult& r, size_t b);
// The frontier with the target's answer marked (`budget` its scale).
void write_limits_frontier(hid_t frontier, hid_t budget, const OptimiseResult& r);
void format_limits_budget(std::ostringstream& o, const OptimiseResult& r, size_t b);
void format_target(std::ostringstream& o, const OptimiseResult& r);

}  // namespace elevsim
