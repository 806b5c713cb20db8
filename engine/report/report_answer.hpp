#pragma once
// The report's opening for ministry staff: the answer before the tables. One
// short paragraph per scenario in plain words (cost a year, dropouts avoided
// per cohort, disorder prevalence, BUP waits, the ses gap, net benefit, each
// with its interval in words and whether the difference is clear), then the
// cost-effect chart, the optimiser's frontier where the run has one, and the
// decision uncertainty (CEAC, EVPI).
#include <string>

#include "report_charts.hpp"

namespace elevsim {

// The paragraph for one scenario against the reference (HTML).
std::string answer_paragraph(const ReportData& d, const std::string& scenario, Lang l);
// The whole opening section; its charts' specs are added to `specs` by id.
std::string answer_section(const ReportData& d, Lang l, Json& specs);

}  // namespace elevsim
