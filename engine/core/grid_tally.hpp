#pragma once
// Integer counts over any named dimensions of the output (the replication
// dimension excluded), weighted into a Dataset at the end. The generalisation
// of Tally for datasets that are not on the core grid.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "people.hpp"
#include "tally.hpp"

namespace elevsim {

class GridTally {
 public:
  GridTally() = default;
  // dims and their sizes, outermost first; one of them should be "county"
  // for the population weights to apply (otherwise weight 1 / scale applies).
  GridTally(std::vector<std::string> dims, std::vector<int> sizes);
  size_t index(std::initializer_list<int> idx) const {
    size_t k = 0;
    auto s = sizes_.begin();
    for (int i : idx) k = k * static_cast<size_t>(*s++) + static_cast<size_t>(i);
    return k;
  }
  // A negative leading index (a warm-start year, or an entry cohort before the
  // first reported year) counts nowhere.
  void add(std::initializer_list<int> idx, uint32_t v = 1) {
    if (*idx.begin() >= 0) n_[index(idx)] += v;
  }
  // The counts of one value of the leading dimension, the others row-major as
  // given, for a caller that computes the rest of the index itself in an inner
  // loop; nullptr for a negative value (which counts nowhere).
  uint32_t* row(int leading) { return leading < 0 ? nullptr : n_.data() + static_cast<size_t>(leading) * row_size_; }
  const std::vector<uint32_t>& counts() const { return n_; }
  Dataset weigh(const Layout& L, std::string name, std::string description,
                std::string units = "pupils (scaled to the real population)") const;

 private:
  std::vector<std::string> dims_;
  std::vector<int> sizes_;
  std::vector<uint32_t> n_;
  int county_axis_ = -1;
  size_t row_size_ = 0;  // counts per value of the leading dimension
};

}  // namespace elevsim
