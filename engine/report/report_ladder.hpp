#pragma once
// The report's effect ladder (/ladder, `elevsim run --ladder`): what one unit
// of money buys in each intervention, side by side.
#include <string>

#include "locale.hpp"
#include "report_data.hpp"

namespace elevsim {

// <section id="ladder">; "" when the run has no ladder.
std::string ladder_section(const ReportData& d, Lang l);

}  // namespace elevsim
