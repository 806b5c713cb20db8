#include "grid_tally.hpp"

#include <algorithm>

namespace elevsim {

GridTally::GridTally(std::vector<std::string> dims, std::vector<int> sizes)
    : dims_(std::move(dims)), sizes_(std::move(sizes)) {
  size_t n = 1;
  for (int s : sizes_) n *= static_cast<size_t>(s);
  n_.assign(n, 0u);
  row_size_ = sizes_.empty() || sizes_[0] == 0 ? 0 : n / static_cast<size_t>(sizes_[0]);
  auto it = std::find(dims_.begin(), dims_.end(), "county");
  if (it != dims_.end()) county_axis_ = static_cast<int>(it - dims_.begin());
}

Dataset GridTally::weigh(const Layout& L, std::string name, std::string description, std::string units) const {
  Dataset d;
  d.name = std::move(name);
  d.description = std::move(description);
  d.units = std::move(units);
  d.dims = dims_;
  d.values.resize(n_.size());
  size_t inner = 1;  // stride of the county axis
  for (size_t a = county_axis_ + 1; county_axis_ >= 0 && a < sizes_.size(); ++a) inner *= sizes_[a];
  for (size_t i = 0; i < n_.size(); ++i) {
    const double w = county_axis_ >= 0 ? L.county_weight[(i / inner) % sizes_[county_axis_]] : 1.0;
    d.values[i] = n_[i] * w;
  }
  return d;
}

}  // namespace elevsim
