#include "query.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <hdf5_hl.h>

#include "h5.hpp"
#include "input_error.hpp"

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
  h5::quiet();
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  h5::Handle file(f, H5Fclose, "open");
  const std::string full = "scenarios/" + scenario + "/" + name;
  return H5Lexists(file, ("scenarios/" + scenario).c_str(), H5P_DEFAULT) > 0 &&
         H5Lexists(file, full.c_str(), H5P_DEFAULT) > 0;
}

Dataset read_dataset(const std::string& path, const std::string& scenario, const std::string& name) {
  h5::quiet();
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError(path, 0, "", "cannot open as an elevsim HDF5 file (missing, unreadable or not HDF5)");
  h5::Handle file(f, H5Fclose, "open " + path);
  if (!has_dataset(path, scenario, name))
    throw InputError(path, 0, "scenarios/" + scenario + "/" + name, "dataset not in this file");
  h5::Handle g(H5Gopen2(file, ("scenarios/" + scenario).c_str(), H5P_DEFAULT), H5Gclose, "open " + scenario);
  Dataset d;
  d.name = name;
  std::vector<hsize_t> shape;
  d.values = h5::read_doubles(g, name, &shape);
  for (auto s : shape) d.shape.push_back(static_cast<size_t>(s));
  h5::Handle ds(H5Dopen2(g, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
  if (h5::has_attr(ds, "dimensions")) {
    std::stringstream dims(h5::read_string_attr(ds, "dimensions"));
    for (std::string part; std::getline(dims, part, ',');) d.dims.push_back(part);
  } else {
    // a file from another writer: the names of the attached dimension scales
    for (unsigned k = 0; k < shape.size(); ++k) {
      std::string name;
      auto visit = [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        char buf[256] = {0};
        if (H5DSget_scale_name(scale, buf, sizeof buf) > 0) *static_cast<std::string*>(out) = buf;
        return 1;
      };
      H5DSiterate_scales(ds, k, nullptr, visit, &name);
      d.dims.push_back(name);
    }
  }
  if (d.dims.size() != d.shape.size()) throw InputError(path, 0, name, "dimensions attribute does not match its shape");
  if (h5::has_attr(ds, "description")) d.description = h5::read_string_attr(ds, "description");
  if (h5::has_attr(ds, "units")) d.units = h5::read_string_attr(ds, "units");
  return d;
}

}  // namespace elevsim
