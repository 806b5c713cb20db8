#pragma once
// Uncertain parameter values for probabilistic sensitivity analysis (PSA):
// one draw per replication from a stream keyed by the parameter's name, so
// every scenario of a run sees the same draw and adding a parameter never
// changes another one's draws.
#include <cstdint>
#include <string>

#include "toml_reader.hpp"

namespace elevsim {

using Uncertain = TomlTable::Uncertain;

// One draw of an uncertain value, keyed by (seed, replication, name).
double draw_uncertain(const Uncertain& u, const std::string& name, uint32_t seed, uint32_t replication);
// The draw with --psa, the central value without.
inline double realise_uncertain(const Uncertain& u, const std::string& name, uint32_t seed, uint32_t replication,
                                bool psa) {
  return psa ? draw_uncertain(u, name, seed, replication) : u.value;
}

}  // namespace elevsim
