#pragma once
// What the page shows of a run, as JSON: the report's own answer paragraphs
// and charts (the same functions and texts as `elevsim report`, so the words
// match), the paired differences over time with a 50 % or 95 % band, and the
// counties as a table and a tile map.
#include <string>
#include <vector>

#include "report_charts.hpp"
#include "run_result.hpp"

namespace elevsim {

// The figures of the replications `slots` that every scenario has finished:
// levels[scenario][slot] are each replication's planner figures.
ReportData partial_report(const RunResult& run, const std::vector<std::vector<std::vector<Indicator>>>& levels,
                          const std::vector<int>& slots);

// Counties of a finished run beyond ReportData: the mean BUP wait in the last
// year per scenario and county (weeks, mean over replications), when the run has it.
struct CountyWaits {
  std::string service;
  long year = 0;
  std::vector<std::string> counties, scenarios;
  std::vector<std::vector<double>> weeks;  // [scenario][county]
};
CountyWaits county_waits(const std::string& h5_path, const ReportData& d);

// The page's view of a run in one language. `finished`: d came from the run
// file (CEAC, EVPI, counties, differences over time); else only the answer.
Json result_json(const ReportData& d, const CountyWaits* waits, Lang l);

}  // namespace elevsim
