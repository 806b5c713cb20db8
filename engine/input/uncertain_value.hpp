#pragma once
// An uncertain parameter value as a parameter file gives it: the central value,
// the PSA range and the distribution drawn from (TomlTable::uncertain reads it,
// core/uncertain.hpp draws it per replication). Its own header so that the
// parameter structs can hold one without the TOML reader.
#include <string>

namespace elevsim {

struct UncertainValue {
  double value = 0, low = 0, high = 0;
  std::string dist = "fixed";  // "fixed", "uniform", "triangular" or "lognormal"
};

}  // namespace elevsim
