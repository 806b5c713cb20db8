#pragma once
// Headline figures of a finished run, read back from its HDF5 file, with
// replication means and 2.5/97.5 percentiles.
#include <string>
#include <vector>

#include "indicator.hpp"

namespace elevsim {

struct RunInfo {
  std::string engine_version, created_utc;
  long seed = 0, replications = 0, start_year = 0, years = 0;
  double scale = 1;
  std::vector<std::string> scenarios;
  std::string reference;  // root attribute reference_scenario, else the first scenario
};

// One indicator of one scenario beside the reference scenario: its own level and
// the paired difference (scenario minus reference, replication by replication,
// so common random numbers cancel) with its mean and 2.5/97.5 percentiles.
struct Comparison {
  Indicator value;
  Indicator diff;  // empty per_replication for the reference itself
  bool is_reference = false;
};

RunInfo read_run_info(const std::string& path);
std::vector<Indicator> headline_indicators(const std::string& path);
void finish_indicator(Indicator& ind);
// Every indicator of headline_indicators() paired with the reference's, in the same order.
std::vector<Comparison> compare_indicators(const std::vector<Indicator>& inds, const std::string& reference);
double quantile(std::vector<double> v, double q);
std::string format_summary(const RunInfo& info, const std::vector<Indicator>& inds);


}  // namespace elevsim
