#pragma once
// One figure of one scenario, per replication, with its mean and interval.
#include <string>
#include <vector>

namespace elevsim {

struct Indicator {
  std::string scenario;
  std::string key;    // stable identifier, e.g. "prev_any_first_year"
  std::string label;  // what a reader sees
  std::string unit;   // "%", "ratio", "pupils"
  std::vector<double> per_replication;
  double mean = 0, lo = 0, hi = 0;  // mean and 95 % percentile interval
};

}  // namespace elevsim
