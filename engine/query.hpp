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

// Reads one dataset of one scenario from an elevsim HDF5 file.
Dataset read_dataset(const std::string& path, const std::string& scenario, const std::string& name);
bool has_dataset(const std::string& path, const std::string& scenario, const std::string& name);

}  // namespace elevsim
