#pragma once
// Uncertain parameter values for probabilistic sensitivity analysis (PSA):
// one draw per replication from a stream keyed by the parameter's name, so
// every scenario of a run sees the same draw and adding a parameter never
// changes another one's draws.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "toml_reader.hpp"

namespace elevsim {

using Uncertain = TomlTable::Uncertain;

// One draw of an uncertain value, keyed by (seed, replication, name).
double draw_uncertain(const Uncertain& u, const std::string& name, uint32_t seed, uint32_t replication);
// Every parameter draw_uncertain has drawn in this process (a value that is
// really uncertain: not "fixed", low < high), by name, sorted. Filled where the
// values are realised, so a parameter drawn anywhere is recorded with the run
// (/psa/draws) without a list to keep up to date. When scenarios draw one name
// from different ranges (a scenario's [params] override), the smallest
// (value, low, high, dist) is kept, so the record does not depend on thread order.
std::vector<std::pair<std::string, Uncertain>> drawn_parameters();
// The draw with --psa, the central value without.
inline double realise_uncertain(const Uncertain& u, const std::string& name, uint32_t seed, uint32_t replication,
                                bool psa) {
  return psa ? draw_uncertain(u, name, seed, replication) : u.value;
}

}  // namespace elevsim
