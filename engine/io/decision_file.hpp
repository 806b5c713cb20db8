#pragma once
// /decision of a run file (written with the comparisons by h5_writer).
#include <string>

#include "decision.hpp"

namespace elevsim {

// /decision of a finished run; empty when the file has none.
DecisionUncertainty read_decision(const std::string& path);

}  // namespace elevsim
