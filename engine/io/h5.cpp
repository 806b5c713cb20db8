#include "h5.hpp"

#include <hdf5_hl.h>

#include <atomic>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "input_error.hpp"

namespace elevsim::h5 {

Handle::Handle(hid_t id, herr_t (*closer)(hid_t), const std::string& what) : id_(id), closer_(closer) {
  if (id < 0) throw std::runtime_error("HDF5: cannot " + what);
}
namespace {
std::atomic<bool> g_close_failed{false};
}

bool close_failed() { return g_close_failed.load(); }

void Handle::close_now() {
  if (id_ >= 0 && closer_ && closer_(id_) < 0 && closer_ == H5Fclose) g_close_failed.store(true);
  id_ = -1;
}
Handle::~Handle() { close_now(); }
Handle::Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    close_now();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = -1;
  }
  return *this;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: cannot " + what);
}

void close_file(Handle& file, const std::string& what) {
  const hid_t id = file.release();
  if (id >= 0 && H5Fclose(id) < 0) {
    g_close_failed.store(true);
    throw std::runtime_error("HDF5: cannot close " + what + " (disk full?)");
  }
}

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle utf8_string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(t, H5T_VARIABLE), "set string size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "set UTF-8");
  return t;
}

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = utf8_string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  const char* p = value.c_str();
  check(H5Awrite(attr, type, &p), "write attribute " + name);
}

void write_int_attr(hid_t obj, const std::string& name, int64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Handle attr(H5Acreate2(obj, name.c_str(), H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_INT64, &value), "write attribute " + name);
}

void write_double_attr(hid_t obj, const std::string& name, double value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Handle attr(H5Acreate2(obj, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write attribute " + name);
}

bool has_attr(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

std::string string_attr_or(hid_t obj, const std::string& name, const std::string& fallback) {
  return has_attr(obj, name) ? read_string_attr(obj, name) : fallback;
}

// A name the HDF5 C API hands out in two calls: its length, then the text.
template <class Get>
std::string hdf5_name(hid_t obj, Get get) {
  const ssize_t n = get(obj, nullptr, 0);
  if (n <= 0) return "?";
  std::vector<char> buf(static_cast<size_t>(n) + 1, '\0');
  get(obj, buf.data(), buf.size());
  return std::string(buf.data());
}

std::string object_path(hid_t obj) { return hdf5_name(obj, H5Iget_name); }

std::string file_name(hid_t obj) { return hdf5_name(obj, H5Fget_name); }

void malformed(hid_t obj, const std::string& what, const std::string& expected) {
  std::string where = object_path(obj);
  if (!what.empty()) where = (where == "/" ? "root " : where + ": ") + what;
  throw InputError(file_name(obj) + ": " + where + ": expected " + expected);
}

namespace {

const char* class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_REFERENCE: return "reference";
    case H5T_VLEN: return "variable-length";
    case H5T_ARRAY: return "array-typed";
    case H5T_ENUM: return "enum";
    default: return "other";
  }
}

// "found a 2-D integer array (3 x 4)" etc.
std::string found(hid_t space, hid_t type) {
  const H5S_class_t sc = H5Sget_simple_extent_type(space);
  const std::string cls = class_name(H5Tget_class(type));
  if (sc == H5S_SCALAR) return "found a scalar " + cls;
  if (sc != H5S_SIMPLE) return "found an empty " + cls + " value";
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > H5S_MAX_RANK) return "found a " + cls + " value of unreadable shape";
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::string shape;
  for (hsize_t d : dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
  return "found a " + std::to_string(rank) + "-D " + cls + " array (" + shape + ")";
}

bool class_in(H5T_class_t c, std::initializer_list<H5T_class_t> ok) {
  for (H5T_class_t k : ok)
    if (c == k) return true;
  return false;
}

// An attribute holding exactly one element of one of the type classes `ok`.
struct Attr {
  Handle attr, type, space;
};
Attr open_scalar_attr(hid_t obj, const std::string& name, std::initializer_list<H5T_class_t> ok,
                      const std::string& expected) {
  Attr a;
  a.attr = Handle(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  a.type = Handle(H5Aget_type(a.attr), H5Tclose, "get type of attribute " + name);
  a.space = Handle(H5Aget_space(a.attr), H5Sclose, "get space of attribute " + name);
  const H5S_class_t sc = H5Sget_simple_extent_type(a.space);
  const bool one = sc == H5S_SCALAR || (sc == H5S_SIMPLE && H5Sget_simple_extent_npoints(a.space) == 1);
  if (!one || !class_in(H5Tget_class(a.type), ok))
    malformed(obj, "attribute '" + name + "'", expected + ", " + found(a.space, a.type));
  return a;
}

// Reads `n` strings of string type `ftype` through `read(memtype, buffer)`,
// variable-length or fixed-length alike.
template <class Read>
std::vector<std::string> read_string_elements(hid_t ftype, size_t n, Read&& read) {
  std::vector<std::string> out;
  if (H5Tis_variable_str(ftype) > 0) {
    Handle mtype = utf8_string_type();
    std::vector<char*> p(n, nullptr);
    check(read(static_cast<hid_t>(mtype), static_cast<void*>(p.data())), "read strings");
    for (char* s : p) {
      out.emplace_back(s ? s : "");
      H5free_memory(s);
    }
    return out;
  }
  const size_t width = H5Tget_size(ftype);
  if (width == 0 || width > (size_t(1) << 20)) throw std::runtime_error("HDF5: string width out of range");
  Handle mtype(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(mtype, width), "set string size");
  check(H5Tset_strpad(mtype, H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(mtype, H5Tget_cset(ftype)), "set string charset");
  std::vector<char> buf(width * n + 1, '\0');
  check(read(static_cast<hid_t>(mtype), static_cast<void*>(buf.data())), "read strings");
  for (size_t i = 0; i < n; ++i) {
    const char* p = buf.data() + i * width;
    out.emplace_back(p, strnlen(p, width));
  }
  return out;
}

// Opens dataset `name` of `group` and checks its space: simple (or scalar),
// rank <= 8, at most kMaxElements elements, type class among `ok`.
struct Data {
  Handle ds, type, space;
  std::vector<hsize_t> dims;
  size_t count = 1;
};
Data open_data(hid_t group, const std::string& name, std::initializer_list<H5T_class_t> ok, const std::string& expected) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0)
    malformed(group, "", "a dataset named '" + name + "'");
  Data d;
  d.ds = Handle(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  d.type = Handle(H5Dget_type(d.ds), H5Tclose, "get type of " + name);
  d.space = Handle(H5Dget_space(d.ds), H5Sclose, "get space of " + name);
  const H5S_class_t sc = H5Sget_simple_extent_type(d.space);
  const int rank = H5Sget_simple_extent_ndims(d.space);
  if ((sc != H5S_SIMPLE && sc != H5S_SCALAR) || rank < 0 || rank > 8 || !class_in(H5Tget_class(d.type), ok))
    malformed(d.ds, "", expected + ", " + found(d.space, d.type));
  d.dims.resize(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(d.space, d.dims.data(), nullptr);
  for (hsize_t n : d.dims) {
    if (n != 0 && d.count > kMaxElements / n)
      malformed(d.ds, "", "at most " + std::to_string(kMaxElements) + " elements, " + found(d.space, d.type));
    d.count *= static_cast<size_t>(n);
  }
  return d;
}

Data open_vector(hid_t group, const std::string& name, std::initializer_list<H5T_class_t> ok, const std::string& what) {
  Data d = open_data(group, name, ok, "a 1-D array of " + what);
  if (d.dims.size() != 1) malformed(d.ds, "", "a 1-D array of " + what + ", " + found(d.space, d.type));
  return d;
}

}  // namespace

std::string read_string_attr(hid_t obj, const std::string& name) {
  Attr a = open_scalar_attr(obj, name, {H5T_STRING}, "a single string");
  std::vector<std::string> v =
      read_string_elements(a.type, 1, [&](hid_t mtype, void* buf) { return H5Aread(a.attr, mtype, buf); });
  return v.at(0);
}

int64_t read_int_attr(hid_t obj, const std::string& name) {
  Attr a = open_scalar_attr(obj, name, {H5T_INTEGER}, "a single integer");
  int64_t v = 0;
  check(H5Aread(a.attr, H5T_NATIVE_INT64, &v), "read attribute " + name);
  return v;
}

double read_double_attr(hid_t obj, const std::string& name) {
  Attr a = open_scalar_attr(obj, name, {H5T_FLOAT, H5T_INTEGER}, "a single number");
  double v = 0;
  check(H5Aread(a.attr, H5T_NATIVE_DOUBLE, &v), "read attribute " + name);
  return v;
}

namespace {

// A 1-D dataset of UTF-8 strings, written.
Handle create_strings(hid_t group, const std::string& name, const std::vector<std::string>& values) {
  Handle type = utf8_string_type();
  hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space");
  Handle ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  std::vector<const char*> ptrs;
  for (auto& l : values) ptrs.push_back(l.c_str());
  if (n) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + name);
  return ds;
}

}  // namespace

Handle write_scale_strings(hid_t group, const std::string& name, const std::vector<std::string>& labels) {
  Handle ds = create_strings(group, name, labels);
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
  return ds;
}

Handle write_scale_ints(hid_t group, const std::string& name, const std::vector<int64_t>& values) {
  hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space");
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  check(H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
  return ds;
}

void write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales, const std::string& label,
                   const std::string& unit) {
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose, "create space");
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  if (!values.empty())
    check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  for (size_t k = 0; k < scales.size(); ++k)
    check(H5DSattach_scale(ds, scales[k], static_cast<unsigned>(k)), "attach a scale to " + name);
  write_string_attr(ds, "description", label);
  write_string_attr(ds, "units", unit);
}

void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values, hid_t scale,
                   const std::string& label) {
  Handle ds = create_strings(group, name, values);
  if (scale >= 0) check(H5DSattach_scale(ds, scale, 0), "attach a scale to " + name);
  write_string_attr(ds, "description", label);
}

std::vector<hsize_t> dataset_shape(hid_t group, const std::string& name) {
  return open_data(group, name, {H5T_INTEGER, H5T_FLOAT}, "a numeric array").dims;
}

std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>* shape) {
  Data d = open_data(group, name, {H5T_INTEGER, H5T_FLOAT}, "a numeric array");
  std::vector<double> v(d.count);
  if (d.count) check(H5Dread(d.ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  if (shape) *shape = d.dims;
  return v;
}

std::vector<double> read_doubles_shaped(hid_t group, const std::string& name, const std::vector<hsize_t>& expected) {
  Data d = open_data(group, name, {H5T_INTEGER, H5T_FLOAT}, "a numeric array");
  if (d.dims != expected) {
    std::string shape;
    for (hsize_t n : expected) shape += (shape.empty() ? "" : " x ") + std::to_string(n);
    malformed(d.ds, "", "a numeric array of shape (" + shape + ") as its dimension scales say, " + found(d.space, d.type));
  }
  std::vector<double> v(d.count);
  if (d.count) check(H5Dread(d.ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  return v;
}

std::vector<std::string> read_strings(hid_t group, const std::string& name) {
  Data d = open_vector(group, name, {H5T_STRING}, "strings");
  return read_string_elements(d.type, d.count, [&](hid_t mtype, void* buf) {
    return d.count ? H5Dread(d.ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : herr_t(0);
  });
}

std::vector<int64_t> read_ints(hid_t group, const std::string& name) {
  Data d = open_vector(group, name, {H5T_INTEGER}, "integers");
  std::vector<int64_t> v(d.count);
  if (d.count) check(H5Dread(d.ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + name);
  return v;
}

std::vector<std::string> list_groups(hid_t group) {
  std::vector<std::string> names;
  auto cb = [](hid_t g, const char* name, const H5L_info_t*, void* data) -> herr_t {
    H5O_info_t info;
    if (H5Oget_info_by_name2(g, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 && info.type == H5O_TYPE_GROUP)
      static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, cb, &names) < 0) {
    names.clear();  // the group does not track creation order
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, cb, &names), "list groups");
  }
  return names;
}

std::vector<std::string> list_datasets(hid_t group, bool creation_order) {
  std::vector<std::string> names;
  auto cb = [](hid_t g, const char* name, const H5L_info_t*, void* data) -> herr_t {
    H5O_info_t info;
    if (H5Oget_info_by_name2(g, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 && info.type == H5O_TYPE_DATASET)
      static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  if (!creation_order || H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, cb, &names) < 0) {
    names.clear();  // the group does not track creation order
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, cb, &names), "list datasets");
  }
  return names;
}

bool is_scale(hid_t ds) {
  if (!has_attr(ds, "CLASS")) return false;
  return read_string_attr(ds, "CLASS") == "DIMENSION_SCALE";
}

namespace {

// Names of the scales attached to each dimension (files from other writers,
// without elevsim's `dimensions` attribute). DIMENSION_LIST is checked first:
// H5DSiterate_scales reads it into a buffer sized by the dataset's rank.
std::vector<std::string> attached_scale_names(hid_t ds, size_t rank) {
  if (!has_attr(ds, "DIMENSION_LIST")) malformed(ds, "", "a 'dimensions' attribute or attached dimension scales");
  {
    Handle a(H5Aopen(ds, "DIMENSION_LIST", H5P_DEFAULT), H5Aclose, "open attribute DIMENSION_LIST");
    Handle type(H5Aget_type(a), H5Tclose, "get type of DIMENSION_LIST");
    Handle space(H5Aget_space(a), H5Sclose, "get space of DIMENSION_LIST");
    bool ok = H5Tget_class(type) == H5T_VLEN && H5Sget_simple_extent_type(space) == H5S_SIMPLE &&
              H5Sget_simple_extent_ndims(space) == 1 && H5Sget_simple_extent_npoints(space) == static_cast<hssize_t>(rank);
    if (ok) {
      Handle super(H5Tget_super(type), H5Tclose, "get base type of DIMENSION_LIST");
      ok = H5Tget_class(super) == H5T_REFERENCE && H5Tequal(super, H5T_STD_REF_OBJ) > 0;
    }
    if (!ok) malformed(ds, "attribute 'DIMENSION_LIST'", "one list of object references per dimension");
  }
  std::vector<std::string> names;
  for (unsigned k = 0; k < rank; ++k) {
    std::string name;
    auto cb = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
      const std::string p = object_path(scale);
      *static_cast<std::string*>(data) = p.substr(p.find_last_of('/') + 1);
      return 1;  // the first scale is the one
    };
    if (H5DSiterate_scales(ds, k, nullptr, cb, &name) < 0 || name.empty())
      malformed(ds, "", "a dimension scale on dimension " + std::to_string(k));
    names.push_back(name);
  }
  return names;
}

}  // namespace

std::vector<std::string> dimension_names(hid_t group, const std::string& name, const std::vector<hsize_t>& shape) {
  Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  std::vector<std::string> dims;
  if (has_attr(ds, "dimensions")) {
    std::stringstream list(read_string_attr(ds, "dimensions"));
    for (std::string part; std::getline(list, part, ',');) dims.push_back(part);
    if (dims.size() != shape.size())
      malformed(ds, "attribute 'dimensions'",
                std::to_string(shape.size()) + " comma-separated names, one per dimension, found " +
                    std::to_string(dims.size()));
  } else {
    dims = attached_scale_names(ds, shape.size());
  }
  for (size_t k = 0; k < dims.size(); ++k) {
    const std::string& dim = dims[k];
    const std::string at = "dimension " + std::to_string(k) + " ('" + dim + "')";
    if (dim.empty() || dim.find('/') != std::string::npos || dim == "." || dim == name ||
        H5Lexists(group, dim.c_str(), H5P_DEFAULT) <= 0)
      malformed(ds, at, "a dimension scale of that name beside the dataset");
    Handle sc(H5Dopen2(group, dim.c_str(), H5P_DEFAULT), H5Dclose, "open scale " + dim);
    Handle space(H5Dget_space(sc), H5Sclose, "get space of " + dim);
    hsize_t n = 0;
    if (H5Sget_simple_extent_type(space) != H5S_SIMPLE || H5Sget_simple_extent_ndims(space) != 1)
      malformed(sc, "", "a 1-D dimension scale");
    H5Sget_simple_extent_dims(space, &n, nullptr);
    if (n != shape[k])
      malformed(ds, at, std::to_string(shape[k]) + " entries as in the dataset, but its scale " + object_path(sc) +
                            " has " + std::to_string(n));
  }
  return dims;
}

}  // namespace elevsim::h5
