#pragma once
// Thin RAII helpers over the HDF5 C API: handles that close themselves, and
// string/number attributes in the forms h5py, xarray and R read directly.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace elevsim::h5 {

class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*closer)(hid_t), const std::string& what);
  ~Handle();
  Handle(Handle&& o) noexcept;
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t id() const { return id_; }
  hid_t release() {  // the caller closes it
    const hid_t id = id_;
    id_ = -1;
    return id;
  }
  operator hid_t() const { return id_; }

 private:
  void close_now();
  hid_t id_ = -1;
  herr_t (*closer_)(hid_t) = nullptr;
};

void check(herr_t status, const std::string& what);
// The same for a step of reading a run file: an InputError naming the file and
// the object (a damaged file fails a checksum here).
void check_read(herr_t status, hid_t obj, const std::string& what);

// The format of every file elevsim writes: HDF5 1.10 (superblock version 3,
// version-2 object headers, version-2 B-trees, fractal heaps, fixed and
// extensible chunk indexes), in which every metadata block carries a Jenkins
// lookup3 checksum. Readers open with the same bounds. Strings are fixed-length
// (stored beside the object, not in the global heap, which has no checksum)
// and every dataset is chunked with the Fletcher-32 filter, so a changed byte
// of metadata or data is caught by a checksum rather than read.
Handle file_access();   // H5P_FILE_ACCESS with libver bounds V110 .. latest
Handle file_create();   // H5P_FILE_CREATE, links in creation order
// Chunked (the whole dataset one chunk unless `chunk` is given), Fletcher-32;
// for an empty dataset a plain contiguous one (nothing to checksum).
Handle checksummed_dataset(const std::vector<hsize_t>& shape, std::vector<hsize_t> chunk = {});
void quiet();  // HDF5 prints its error stack by default; we report our own
// Closes a file handle and reports failure (a full disk shows here, when the
// last metadata is written), where a destructor could only ignore it.
void close_file(Handle& file, const std::string& what);
// True once closing a file failed. HDF5 1.10 keeps such a file in its tables
// and crashes closing it again when the process exits (H5F__close_cb from
// H5_term_library), so the command line then leaves with _Exit.
bool close_failed();

// Run files travel between users and machines, so nothing read from one is
// trusted: every reader below checks the rank, length and type class of what
// it reads before reading it, and throws InputError naming the file, the
// object and what was expected. Reads go only into buffers sized from the
// checked shape.
std::string object_path(hid_t obj);  // "/scenarios/baseline/pupils"
std::string file_name(hid_t obj);
[[noreturn]] void malformed(hid_t obj, const std::string& what, const std::string& expected);
// The most elements one dataset or scale of a run file may hold (a guard
// against a file that declares more than it could hold or memory could take).
constexpr hsize_t kMaxElements = hsize_t(1) << 28;

// A fixed-length UTF-8 string type of `bytes` bytes (at least 1), NUL-padded.
Handle utf8_string_type(size_t bytes);

// The members of run files are opened one link at a time: `path` ("a/b/c",
// relative to `parent`) must be hard links inside the file at every step
// (external, soft and user-defined links are refused without being followed
// or their target opened), each step a group, the last a group or a dataset
// as asked; names with control characters are refused. InputError otherwise,
// naming the file and the object.
Handle open_group(hid_t parent, const std::string& path);
Handle open_dataset(hid_t parent, const std::string& path);
// True if `path` exists below `parent` (refusing non-hard links on the way).
bool has_member(hid_t parent, const std::string& path);
// The most members one group of a run file may list.
constexpr size_t kMaxMembers = 100000;
// A name as it may be shown on a terminal: control characters, DEL and
// invalid UTF-8 escaped as \xNN (also used by the command line).
std::string printable(const std::string& s);
bool has_control_chars(const std::string& s);
void write_string_attr(hid_t obj, const std::string& name, const std::string& value);
void write_int_attr(hid_t obj, const std::string& name, int64_t value);
void write_double_attr(hid_t obj, const std::string& name, double value);
// Scalar attributes (one element): a string, an integer, a number.
std::string read_string_attr(hid_t obj, const std::string& name);
int64_t read_int_attr(hid_t obj, const std::string& name);
double read_double_attr(hid_t obj, const std::string& name);
bool has_attr(hid_t obj, const std::string& name);
std::string string_attr_or(hid_t obj, const std::string& name, const std::string& fallback = "");

// A 1-D dimension scale named `name` holding labels or numbers.
Handle write_scale_strings(hid_t group, const std::string& name, const std::vector<std::string>& labels);
Handle write_scale_ints(hid_t group, const std::string& name, const std::vector<int64_t>& values);

// A float64 dataset of the given shape, each dimension attached to its scale
// (scales[k] for dimension k; none when `scales` is empty); returned, for
// more attributes.
Handle write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales, const std::string& label,
                   const std::string& unit);
// A 1-D dataset of UTF-8 strings along the dimension `scale` (or none), with
// `_Encoding = "utf-8"` so that xarray shows them as text.
void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values, hid_t scale,
                   const std::string& label);

// Shape of a dataset: rank at most 8, at most kMaxElements elements.
std::vector<hsize_t> dataset_shape(hid_t group, const std::string& name);
// Reads a whole numeric dataset and its shape. Its values are checked against
// their documented domain (outputs/README.md, "Values"): no infinity but a
// service's unlimited capacity_sessions, NaN only where documented (means in
// `weeks`, cost_per_dropout_avoided, county_share), no negative count.
std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>* shape);
// ... and refuses it unless its shape is `expected`.
std::vector<double> read_doubles_shaped(hid_t group, const std::string& name, const std::vector<hsize_t>& expected);
// A 1-D dataset of strings, or of integers.
std::vector<std::string> read_strings(hid_t group, const std::string& name);
std::vector<int64_t> read_ints(hid_t group, const std::string& name);
// Every member of `group`, in creation order where the group tracks it, else
// (or if !creation_order) by name. Each must be a hard link to a group
// (list_groups) or a dataset (list_datasets): anything else is refused.
std::vector<std::string> list_groups(hid_t group);
std::vector<std::string> list_datasets(hid_t group, bool creation_order = true);

// A dimension scale: a dataset whose CLASS attribute says DIMENSION_SCALE
// (checked here rather than by H5DSis_scale, which trusts the attribute's shape).
bool is_scale(hid_t ds);
// The names of the dimensions of dataset `name` in `group`, checked against
// the file's own dimension scales: each names a 1-D scale in the same group
// whose length is the dataset's extent along that dimension. From the
// `dimensions` attribute elevsim writes on every dataset (the attached scales'
// DIMENSION_LIST, object references in HDF5's unchecksummed global heap, is
// for other readers and never read here).
std::vector<std::string> dimension_names(hid_t group, const std::string& name, const std::vector<hsize_t>& shape);

}  // namespace elevsim::h5
