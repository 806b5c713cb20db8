#pragma once
// Sums over a dataset by dimension name: the one way calibration, summaries,
// comparisons and tests slice results, so they cannot disagree on layout.
#include <map>
#include <string>

#include "tally.hpp"

namespace elevsim {

class Query {
 public:
  explicit Query(const Dataset& d);
  // Keep only index `i` of dimension `dim` (a missing dimension throws).
  Query& where(const std::string& dim, int i);
  // ... or an inclusive range of indices.
  Query& where(const std::string& dim, int lo, int hi);
  double sum() const;
  size_t size(const std::string& dim) const;

 private:
  const Dataset& d_;
  std::map<size_t, std::pair<int, int>> ranges_;  // axis -> [lo, hi]
};

// Sum of a core dataset (replication, year, county, sex, ses, grade) for one
// replication and year over grades [g0, g1]; sex, ses and county -1 = all.
double core_sum(const Dataset& d, long replication, long year, int g0 = 1, int g1 = 13, int sex = -1, int ses = -1,
                int county = -1);

// Reads one dataset of one scenario from an elevsim HDF5 file.
Dataset read_dataset(const std::string& path, const std::string& scenario, const std::string& name);
bool has_dataset(const std::string& path, const std::string& scenario, const std::string& name);

}  // namespace elevsim
