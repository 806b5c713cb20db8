#pragma once
// "What the answer rests on": the groups of uncertain parameters whose exact
// values would be worth most to know before choosing (EVPPI per group from
// /decision), with their sources and how strong the evidence is.
#include <string>

#include "report_charts.hpp"

namespace elevsim {

// The section (HTML), or "" when the run has no EVPPI (one scenario, or a file
// written before /decision had it).
std::string rests_on_section(const ReportData& d, Lang l);

}  // namespace elevsim
