#include "query.hpp"

#include <algorithm>
#include <stdexcept>

#include "h5.hpp"
#include "input_error.hpp"
#include "run_attrs.hpp"

namespace elevsim {

Query::Query(const Dataset& d) : d_(d) {
  if (d.shape.size() != d.dims.size()) throw std::logic_error("dataset " + d.name + " has no shape");
}

Query& Query::where(const std::string& dim, int i) { return where(dim, i, i); }

Query& Query::where(const std::string& dim, int lo, int hi) {
  auto it = std::find(d_.dims.begin(), d_.dims.end(), dim);
  if (it == d_.dims.end()) throw std::logic_error("dataset " + d_.name + " has no dimension " + dim);
  ranges_[static_cast<size_t>(it - d_.dims.begin())] = {lo, hi};
  return *this;
}

size_t Query::size(const std::string& dim) const {
  auto it = std::find(d_.dims.begin(), d_.dims.end(), dim);
  if (it == d_.dims.end()) throw std::logic_error("dataset " + d_.name + " has no dimension " + dim);
  return d_.shape[static_cast<size_t>(it - d_.dims.begin())];
}

double Query::sum() const {
  // walk the selected hyper-rectangle with an odometer over the axes
  const size_t rank = d_.shape.size();
  if (rank == 0) return d_.values.empty() ? 0.0 : d_.values[0];
  std::vector<size_t> lo(rank), hi(rank), idx(rank), stride(rank);
  size_t st = 1;
  for (size_t a = rank; a-- > 0;) {
    stride[a] = st;
    st *= d_.shape[a];
    lo[a] = 0;
    hi[a] = d_.shape[a] - 1;
    if (auto r = ranges_.find(a); r != ranges_.end()) {
      lo[a] = static_cast<size_t>(r->second.first);
      hi[a] = static_cast<size_t>(r->second.second);
      if (hi[a] >= d_.shape[a] || lo[a] > hi[a]) return 0.0;
    }
    idx[a] = lo[a];
  }
  if (d_.values.empty()) return 0.0;
  double s = 0;
  const size_t last = rank - 1;
  while (true) {
    size_t off = 0;
    for (size_t a = 0; a < last; ++a) off += idx[a] * stride[a];
    for (size_t k = lo[last]; k <= hi[last]; ++k) s += d_.values[off + k];
    size_t a = last;
    while (a-- > 0) {
      if (++idx[a] <= hi[a]) break;
      idx[a] = lo[a];
    }
    if (a == static_cast<size_t>(-1)) break;
  }
  return s;
}

double core_sum(const Dataset& d, long r, long y, int g0, int g1, int sex, int ses, int county) {
  Query q(d);
  q.where("replication", static_cast<int>(r)).where("year", static_cast<int>(y)).where("grade", g0 - 1, g1 - 1);
  if (sex >= 0) q.where("sex", sex);
  if (ses >= 0) q.where("ses", ses);
  if (county >= 0) q.where("county", county);
  return q.sum();
}

bool has_dataset(const std::string& path, const std::string& scenario, const std::string& name) {
  h5::Handle file(open_run_file(path), H5Fclose, "open " + path);
  const std::string group = "scenarios/" + scenario;
  if (!h5::has_member(file, "scenarios") || !h5::has_member(file, group)) return false;
  h5::Handle g = h5::open_group(file, group);
  return h5::has_member(g, name);
}

Dataset read_dataset(const std::string& path, const std::string& scenario, const std::string& name) {
  if (!has_dataset(path, scenario, name))
    throw InputError(path, 0, "scenarios/" + scenario + "/" + name, "dataset not in this file");
  h5::Handle file(open_run_file(path), H5Fclose, "open " + path);
  h5::Handle g = h5::open_group(file, ("scenarios/" + scenario));
  Dataset d;
  d.name = name;
  std::vector<hsize_t> shape;
  d.values = h5::read_doubles(g, name, &shape);
  d.shape.assign(shape.begin(), shape.end());
  d.dims = h5::dimension_names(g, name, shape);
  h5::Handle ds = h5::open_dataset(g, name);
  d.description = h5::string_attr_or(ds, "description");
  d.units = h5::string_attr_or(ds, "units");
  return d;
}

}  // namespace elevsim
