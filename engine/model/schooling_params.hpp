#pragma once
// Reading the schooling model's parameters (spec section 3; params/schooling.toml
// and calibrated.toml), defined beside it in schooling_params.cpp. The struct,
// SchoolingParams, is still in input/params.hpp (issue 20: to move here once
// the dropout work on it has landed).
#include <vector>

#include "params.hpp"
#include "toml_reader.hpp"

namespace elevsim {

// County terms are tables county name = value; names must be counties of population.csv.
void read_schooling(const TomlTable& t, SchoolingParams& s, const std::vector<County>& counties);

}  // namespace elevsim
