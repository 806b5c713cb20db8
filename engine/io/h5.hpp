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
  operator hid_t() const { return id_; }

 private:
  hid_t id_ = -1;
  herr_t (*closer_)(hid_t) = nullptr;
};

void check(herr_t status, const std::string& what);
void quiet();  // HDF5 prints its error stack by default; we report our own

Handle utf8_string_type();
void write_string_attr(hid_t obj, const std::string& name, const std::string& value);
void write_int_attr(hid_t obj, const std::string& name, int64_t value);
void write_double_attr(hid_t obj, const std::string& name, double value);
std::string read_string_attr(hid_t obj, const std::string& name);
int64_t read_int_attr(hid_t obj, const std::string& name);
double read_double_attr(hid_t obj, const std::string& name);  // a scalar number, or throws
bool has_attr(hid_t obj, const std::string& name);
// A string attribute, or `fallback` when the object has none.
std::string attr_or(hid_t obj, const std::string& name, const std::string& fallback = "");

// A 1-D dimension scale named `name` holding labels or numbers.
Handle write_scale_strings(hid_t group, const std::string& name, const std::vector<std::string>& labels);
Handle write_scale_ints(hid_t group, const std::string& name, const std::vector<int64_t>& values);

// A float64 dataset of the given shape, each dimension attached to its scale
// (scales[k] for dimension k; none when `scales` is empty).
void write_doubles(hid_t group, const std::string& name, const std::vector<double>& values,
                   const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales, const std::string& label,
                   const std::string& unit);
// A 1-D dataset of UTF-8 strings along the dimension `scale` (or none).
void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values, hid_t scale,
                   const std::string& label);

// Reads a whole float64 dataset and its shape.
std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>* shape);
std::vector<std::string> read_strings(hid_t group, const std::string& name);
std::vector<std::string> list_groups(hid_t group);

}  // namespace elevsim::h5
