#include "h5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "input_error.hpp"
#include "terminal_text.hpp"

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

void check_read(herr_t status, hid_t obj, const std::string& what) {
  if (status < 0)
    throw InputError(file_name(obj) + ": " + printable(object_path(obj)) + ": cannot " + what +
                     " (damaged: a checksum or a structure does not hold)");
}

bool has_control_chars(const std::string& s) { return elevsim::has_control_chars(s); }

std::string printable(const std::string& s) { return escape_controls(s); }

Handle file_access() {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access list");
  check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST), "set the HDF5 1.10 format");
  return fapl;
}

Handle file_create() {
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create property list");
  check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track order");
  // the root's dozen attributes stay in its object header (under its checksum, at the start
  // of the file) rather than in a fractal heap indexed by a B-tree
  check(H5Pset_attr_phase_change(fcpl, 64, 48), "keep root attributes compact");
  return fcpl;
}

Handle checksummed_dataset(const std::vector<hsize_t>& shape, std::vector<hsize_t> chunk) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create property list");
  for (hsize_t n : shape)
    if (n == 0) return dcpl;
  if (shape.empty()) return dcpl;  // a scalar: HDF5 chunks only arrays
  if (chunk.empty()) chunk = shape;
  check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "set chunk");
  check(H5Pset_fletcher32(dcpl), "set Fletcher-32");
  return dcpl;
}

void close_file(Handle& file, const std::string& what) {
  const hid_t id = file.release();
  if (id >= 0 && H5Fclose(id) < 0) {
    g_close_failed.store(true);
    throw std::runtime_error("HDF5: cannot close " + what + " (disk full?)");
  }
}

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle utf8_string_type(size_t bytes) {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(t, bytes < 1 ? 1 : bytes), "set string size");
  check(H5Tset_strpad(t, H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "set UTF-8");
  return t;
}

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = utf8_string_type(value.size());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "create attribute " + name);
  std::string padded = value;
  padded.resize(value.empty() ? 1 : value.size(), '\0');
  check(H5Awrite(attr, type, padded.data()), "write attribute " + name);
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

bool has_attr(hid_t obj, const std::string& name) {
  const htri_t e = H5Aexists(obj, name.c_str());
  // a damaged attribute index is not an absent attribute
  if (e < 0) check_read(-1, obj, "look up attribute '" + printable(name) + "'");
  return e > 0;
}

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

// A handle of something read from a run file: failure names the file and object.
Handle opened(hid_t id, herr_t (*closer)(hid_t), hid_t where, const std::string& what) {
  if (id < 0) check_read(-1, where, what);
  return Handle(id, closer, what);
}

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
  const std::string at = "attribute '" + printable(name) + "'";
  a.attr = opened(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, obj, "open " + at);
  a.type = opened(H5Aget_type(a.attr), H5Tclose, obj, "read the type of " + at);
  a.space = opened(H5Aget_space(a.attr), H5Sclose, obj, "read the shape of " + at);
  const H5S_class_t sc = H5Sget_simple_extent_type(a.space);
  const bool one = sc == H5S_SCALAR || (sc == H5S_SIMPLE && H5Sget_simple_extent_npoints(a.space) == 1);
  if (!one || !class_in(H5Tget_class(a.type), ok))
    malformed(obj, "attribute '" + name + "'", expected + ", " + found(a.space, a.type));
  return a;
}

// Reads `n` strings of string type `ftype` through `read(memtype, buffer)`,
// variable-length or fixed-length alike.
// Variable-length strings are refused unread: their text lives in HDF5's
// global heap, which carries no checksum and which libhdf5 1.10 reads past
// its bounds when damaged (H5HG_read). Files of elevsim before 0.2 held them.
template <class Read>
std::vector<std::string> read_string_elements(hid_t obj, const std::string& what, hid_t ftype, size_t n, Read&& read) {
  std::vector<std::string> out;
  if (H5Tis_variable_str(ftype) != 0)
    malformed(obj, what,
              "fixed-length strings, found variable-length ones (kept in HDF5's unchecksummed global heap, as files "
              "written before elevsim 0.2 or edited by other tools hold them; re-run to write a checked file)");
  const size_t width = H5Tget_size(ftype);
  if (width == 0 || width > (size_t(1) << 24) || n > (size_t(1) << 26) / width)
    malformed(obj, what, "strings of 1 .. 16777216 bytes, at most 64 MiB in all");
  Handle mtype(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(mtype, width), "set string size");
  check(H5Tset_strpad(mtype, H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(mtype, H5Tget_cset(ftype) == H5T_CSET_UTF8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "set string charset");
  std::vector<char> buf(width * n + 1, '\0');
  check_read(read(static_cast<hid_t>(mtype), static_cast<void*>(buf.data())), obj, "read " + what);
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
  if (name.empty() || name.find('/') != std::string::npos) malformed(group, "", "a dataset named '" + printable(name) + "'");
  Data d;
  d.ds = open_dataset(group, name);
  d.type = opened(H5Dget_type(d.ds), H5Tclose, d.ds, "read its type");
  d.space = opened(H5Dget_space(d.ds), H5Sclose, d.ds, "read its shape");
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
  std::vector<std::string> v = read_string_elements(obj, "attribute '" + printable(name) + "'", a.type, 1,
                                                    [&](hid_t mtype, void* buf) { return H5Aread(a.attr, mtype, buf); });
  return v.at(0);
}

int64_t read_int_attr(hid_t obj, const std::string& name) {
  Attr a = open_scalar_attr(obj, name, {H5T_INTEGER}, "a single integer");
  int64_t v = 0;
  check_read(H5Aread(a.attr, H5T_NATIVE_INT64, &v), obj, "read attribute '" + printable(name) + "'");
  return v;
}

double read_double_attr(hid_t obj, const std::string& name) {
  Attr a = open_scalar_attr(obj, name, {H5T_FLOAT, H5T_INTEGER}, "a single number");
  double v = 0;
  check_read(H5Aread(a.attr, H5T_NATIVE_DOUBLE, &v), obj, "read attribute '" + printable(name) + "'");
  return v;
}

namespace {

// A 1-D dataset of UTF-8 strings, written.
Handle create_strings(hid_t group, const std::string& name, const std::vector<std::string>& values) {
  size_t width = 1;
  for (const std::string& l : values) width = std::max(width, l.size());
  Handle type = utf8_string_type(width);
  hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "create space");
  Handle dcpl = checksummed_dataset({n});
  Handle ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  std::vector<char> buf(width * n, '\0');
  for (size_t i = 0; i < values.size(); ++i) std::copy(values[i].begin(), values[i].end(), buf.begin() + i * width);
  if (n) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "write " + name);
  write_string_attr(ds, "_Encoding", "utf-8");  // xarray decodes fixed-length bytes to text with it
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
  Handle dcpl = checksummed_dataset({n});
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  check(H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
  return ds;
}

Handle write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales, const std::string& label,
                   const std::string& unit) {
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose, "create space");
  Handle dcpl = checksummed_dataset(shape);
  Handle ds(H5Dcreate2(group, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            "create dataset " + name);
  if (!values.empty())
    check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write " + name);
  std::string dimlist;
  for (size_t k = 0; k < scales.size(); ++k) {
    check(H5DSattach_scale(ds, scales[k], static_cast<unsigned>(k)), "attach a scale to " + name);
    const std::string p = object_path(scales[k]);
    dimlist += (k ? "," : "") + p.substr(p.find_last_of('/') + 1);
  }
  write_string_attr(ds, "description", label);
  write_string_attr(ds, "units", unit);
  if (!scales.empty()) write_string_attr(ds, "dimensions", dimlist);
  return ds;
}

void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values, hid_t scale,
                   const std::string& label) {
  Handle ds = create_strings(group, name, values);
  if (scale >= 0) {
    check(H5DSattach_scale(ds, scale, 0), "attach a scale to " + name);
    const std::string p = object_path(scale);
    write_string_attr(ds, "dimensions", p.substr(p.find_last_of('/') + 1));
  }
  write_string_attr(ds, "description", label);
}

namespace {

const char* kind_name(H5O_type_t t) {
  switch (t) {
    case H5O_TYPE_GROUP: return "group";
    case H5O_TYPE_DATASET: return "dataset";
    case H5O_TYPE_NAMED_DATATYPE: return "named datatype";
    default: return "object of unknown kind";
  }
}

const char* link_kind(H5L_type_t t) {
  switch (t) {
    case H5L_TYPE_SOFT: return "a soft link";
    case H5L_TYPE_EXTERNAL: return "an external link (to another file)";
    default: return "a user-defined link";
  }
}

void check_member_name(hid_t parent, const std::string& name) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos)
    malformed(parent, "", "a member name, found '" + printable(name) + "'");
  if (has_control_chars(name))
    malformed(parent, "member '" + printable(name) + "'", "a name without control characters");
}

// The link `name` of `parent`: false if absent; refused unless a hard link.
bool hard_link(hid_t parent, const std::string& name) {
  check_member_name(parent, name);
  const htri_t e = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
  check_read(e < 0 ? -1 : 0, parent, "look up member '" + printable(name) + "'");
  if (e == 0) return false;
  H5L_info_t li;
  check_read(H5Lget_info(parent, name.c_str(), &li, H5P_DEFAULT), parent, "read link '" + printable(name) + "'");
  if (li.type != H5L_TYPE_HARD)
    malformed(parent, "link '" + printable(name) + "'",
              std::string("a hard link inside the file, found ") + link_kind(li.type) + ", which is not followed");
  return true;
}

H5O_type_t object_type(hid_t parent, const std::string& name) {
  H5O_info_t info;
  check_read(H5Oget_info_by_name2(parent, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), parent,
             "read object '" + printable(name) + "'");
  return info.type;
}

std::vector<std::string> path_parts(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string p; std::getline(in, p, '/');)
    if (!p.empty()) parts.push_back(p);
  return parts;
}

// Walks `path` below `parent`; `last` is the kind asked of the last step.
// Returns an invalid handle if a step is absent and `optional`.
Handle walk(hid_t parent, const std::string& path, H5O_type_t last, bool optional) {
  const std::vector<std::string> parts = path_parts(path);
  if (parts.empty()) malformed(parent, "", "a member path, found '" + printable(path) + "'");
  Handle cur;
  hid_t at = parent;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    const H5O_type_t want = i + 1 == parts.size() ? last : H5O_TYPE_GROUP;
    if (!hard_link(at, p)) {
      if (optional) return Handle();
      malformed(at, "", std::string("a ") + kind_name(want) + " named '" + printable(p) + "'");
    }
    const H5O_type_t t = object_type(at, p);
    if (t != want)
      malformed(at, "'" + printable(p) + "'", std::string("a ") + kind_name(want) + ", found a " + kind_name(t));
    Handle next = want == H5O_TYPE_GROUP
                      ? opened(H5Gopen2(at, p.c_str(), H5P_DEFAULT), H5Gclose, at, "open group '" + printable(p) + "'")
                      : opened(H5Dopen2(at, p.c_str(), H5P_DEFAULT), H5Dclose, at, "open dataset '" + printable(p) + "'");
    cur = std::move(next);
    at = cur;
  }
  return cur;
}

// Every member of `group` (see list_groups), each checked to be of kind `want`.
std::vector<std::string> list_members(hid_t group, H5O_type_t want, bool creation_order) {
  struct Link {
    std::string name;
    H5L_type_t type;
  };
  std::vector<Link> links;
  auto cb = [](hid_t, const char* name, const H5L_info_t* info, void* data) -> herr_t {
    auto& v = *static_cast<std::vector<Link>*>(data);
    if (v.size() > kMaxMembers) return 1;  // stop: refused below
    v.push_back({name, info->type});
    return 0;
  };
  if (!creation_order || H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, cb, &links) < 0) {
    links.clear();  // the group does not track creation order
    check_read(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, cb, &links), group, "list its members");
  }
  if (links.size() > kMaxMembers) malformed(group, "", "at most " + std::to_string(kMaxMembers) + " members");
  std::vector<std::string> names;
  for (const Link& l : links) {
    check_member_name(group, l.name);
    if (l.type != H5L_TYPE_HARD)
      malformed(group, "link '" + printable(l.name) + "'",
                std::string("a hard link inside the file, found ") + link_kind(l.type) + ", which is not followed");
    const H5O_type_t t = object_type(group, l.name);
    if (t != want)
      malformed(group, "'" + printable(l.name) + "'", std::string("a ") + kind_name(want) + ", found a " + kind_name(t));
    names.push_back(l.name);
  }
  return names;
}

// Values against their documented domain (outputs/README.md, "Values").
void check_values(const Data& d, const std::string& name, const std::vector<double>& v) {
  // `units` on a scenario's datasets (levels: a count is >= 0); `unit` on the
  // comparisons (differences from the reference: any sign)
  const std::string units = has_attr(d.ds, "units") ? read_string_attr(d.ds, "units") : "";
  const bool nan_ok = units == "weeks" || name == "cost_per_dropout_avoided" || name == "county_share";
  const bool inf_ok = name == "capacity_sessions";
  // a count is a level of a scenario; elsewhere (/ladder, /optimisation) the same units measure changes
  bool count = false;
  if (object_path(d.ds).rfind("/scenarios/", 0) == 0)
    for (const char* p : {"pupils", "persons", "sessions", "cases", "referrals", "units", "days", "FTE", "pupil-weeks"})
      count |= units.rfind(p, 0) == 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const double x = v[i];
    const char* bad = std::isnan(x) && !nan_ok                   ? "NaN"
                      : std::isinf(x) && !(inf_ok && x > 0)     ? "an infinite value"
                      : count && x < 0                           ? "a negative count"
                                                                 : nullptr;
    if (bad)
      malformed(d.ds, "", std::string("values in its documented domain (") + (count ? "counts >= 0, " : "") +
                              (nan_ok ? "NaN where undefined" : "no NaN") + (inf_ok ? ", +inf if unlimited" : ", finite") +
                              "), found " + bad + " at element " + std::to_string(i));
  }
}

}  // namespace

Handle open_group(hid_t parent, const std::string& path) { return walk(parent, path, H5O_TYPE_GROUP, false); }
Handle open_dataset(hid_t parent, const std::string& path) { return walk(parent, path, H5O_TYPE_DATASET, false); }

bool has_member(hid_t parent, const std::string& path) {
  const std::vector<std::string> parts = path_parts(path);
  if (parts.empty()) return false;
  Handle cur;
  hid_t at = parent;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!hard_link(at, parts[i])) return false;
    if (i + 1 == parts.size()) return true;
    if (object_type(at, parts[i]) != H5O_TYPE_GROUP) return false;
    cur = opened(H5Gopen2(at, parts[i].c_str(), H5P_DEFAULT), H5Gclose, at, "open group '" + printable(parts[i]) + "'");
    at = cur;
  }
  return true;
}

std::vector<hsize_t> dataset_shape(hid_t group, const std::string& name) {
  return open_data(group, name, {H5T_INTEGER, H5T_FLOAT}, "a numeric array").dims;
}

std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>* shape) {
  Data d = open_data(group, name, {H5T_INTEGER, H5T_FLOAT}, "a numeric array");
  std::vector<double> v(d.count);
  if (d.count) check_read(H5Dread(d.ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), d.ds, "read its values");
  check_values(d, name, v);
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
  if (d.count) check_read(H5Dread(d.ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), d.ds, "read its values");
  check_values(d, name, v);
  return v;
}

std::vector<std::string> read_strings(hid_t group, const std::string& name) {
  Data d = open_vector(group, name, {H5T_STRING}, "strings");
  std::vector<std::string> out = read_string_elements(d.ds, "", d.type, d.count, [&](hid_t mtype, void* buf) {
    return d.count ? H5Dread(d.ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : herr_t(0);
  });
  // labels: names shown on terminals and in spreadsheets
  for (size_t i = 0; i < out.size(); ++i)
    if (has_control_chars(out[i]))
      malformed(d.ds, "label " + std::to_string(i) + " ('" + printable(out[i]) + "')", "a label without control characters");
  return out;
}

std::vector<int64_t> read_ints(hid_t group, const std::string& name) {
  Data d = open_vector(group, name, {H5T_INTEGER}, "integers");
  std::vector<int64_t> v(d.count);
  if (d.count) check_read(H5Dread(d.ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), d.ds, "read its values");
  return v;
}

std::vector<std::string> list_groups(hid_t group) { return list_members(group, H5O_TYPE_GROUP, true); }

std::vector<std::string> list_datasets(hid_t group, bool creation_order) {
  return list_members(group, H5O_TYPE_DATASET, creation_order);
}

bool is_scale(hid_t ds) {
  if (!has_attr(ds, "CLASS")) return false;
  return read_string_attr(ds, "CLASS") == "DIMENSION_SCALE";
}

std::vector<std::string> dimension_names(hid_t group, const std::string& name, const std::vector<hsize_t>& shape) {
  Handle ds = open_dataset(group, name);
  std::vector<std::string> dims;
  if (!has_attr(ds, "dimensions"))
    malformed(ds, "", "a 'dimensions' attribute naming its dimension scales (elevsim writes one on every dataset)");
  std::stringstream list(read_string_attr(ds, "dimensions"));
  for (std::string part; std::getline(list, part, ',');) dims.push_back(part);
  if (dims.size() != shape.size())
    malformed(ds, "attribute 'dimensions'",
              std::to_string(shape.size()) + " comma-separated names, one per dimension, found " +
                  std::to_string(dims.size()));
  for (size_t k = 0; k < dims.size(); ++k) {
    const std::string& dim = dims[k];
    const std::string at = "dimension " + std::to_string(k) + " ('" + printable(dim) + "')";
    if (dim.empty() || dim.find('/') != std::string::npos || dim == "." || dim == name || has_control_chars(dim) ||
        !hard_link(group, dim) || object_type(group, dim) != H5O_TYPE_DATASET)
      malformed(ds, at, "a dimension scale of that name beside the dataset");
    Handle sc = open_dataset(group, dim);
    Handle space = opened(H5Dget_space(sc), H5Sclose, sc, "read its shape");
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
