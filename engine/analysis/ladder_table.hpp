#pragma once
// The effect ladder (/ladder, io/ladder.hpp) as a terminal table for
// `elevsim validate`: one row per intervention, what the money buys side by side.
#include <string>

#include "ladder.hpp"

namespace elevsim {

// "" when the run has no ladder.
std::string format_ladder(const Ladder& ladder);

}  // namespace elevsim
