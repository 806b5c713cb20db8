#include "run_attrs.hpp"

#include <cmath>
#include <filesystem>

#include "h5.hpp"
#include "input_error.hpp"

namespace elevsim {

namespace {

int64_t int_in(hid_t f, const char* name, int64_t lo, int64_t hi) {
  const int64_t v = h5::read_int_attr(f, name);
  if (v < lo || v > hi)
    h5::malformed(f, std::string("attribute '") + name + "'",
                  "an integer " + std::to_string(lo) + " .. " + std::to_string(hi) + ", found " + std::to_string(v));
  return v;
}

}  // namespace

hid_t open_run_file(const std::string& path) {
  h5::quiet();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path, 0, "", "cannot open: missing, unreadable or not a regular file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, 0, "", "not an HDF5 file written by elevsim run");
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError(path, 0, "", "cannot open as an elevsim HDF5 file (unreadable or damaged)");
  return f;
}

RunAttrs read_run_attrs(hid_t f) {
  for (const char* a : {"engine_version", "seed", "replications", "start_year", "years"})
    if (!h5::has_attr(f, a))
      throw InputError(h5::file_name(f), 0, "", std::string("not an elevsim run file (no root attribute ") + a + ")");
  RunAttrs r;
  r.engine_version = h5::read_string_attr(f, "engine_version");
  r.created_utc = h5::string_attr_or(f, "created_utc");
  r.seed = static_cast<uint32_t>(int_in(f, "seed", 0, 4294967295LL));
  r.replications = static_cast<int>(int_in(f, "replications", 1, 1000000));
  // files written before shards existed hold the whole run
  r.replication_begin = h5::has_attr(f, "replication_begin")
                            ? static_cast<int>(int_in(f, "replication_begin", 0, r.replications - 1)) : 0;
  r.replication_end = h5::has_attr(f, "replication_end")
                          ? static_cast<int>(int_in(f, "replication_end", r.replication_begin + 1, r.replications))
                          : r.replications;
  r.psa = !h5::has_attr(f, "psa") || h5::read_int_attr(f, "psa") != 0;  // on unless recorded off
  if (h5::has_attr(f, "population_scale")) {
    r.scale = h5::read_double_attr(f, "population_scale");
    if (!(r.scale > 0 && r.scale <= 1))
      h5::malformed(f, "attribute 'population_scale'", "a number 0 < s <= 1, found " + std::to_string(r.scale));
  }
  r.start_year = static_cast<int>(int_in(f, "start_year", 1900, 2200));
  r.years = static_cast<int>(int_in(f, "years", 1, 200));
  r.reference = h5::string_attr_or(f, "reference_scenario");
  return r;
}

}  // namespace elevsim
