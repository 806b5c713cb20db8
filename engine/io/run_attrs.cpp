#include "run_attrs.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
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

int superblock_version(const std::string& path) {
  // the HDF5 signature at the start (elevsim writes no user block), then the superblock version
  static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  unsigned char head[9] = {};
  std::FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) return -1;
  const size_t n = std::fread(head, 1, sizeof head, fp);
  std::fclose(fp);
  if (n != sizeof head || std::memcmp(head, sig, sizeof sig) != 0) return -1;
  return head[8];
}

hid_t open_run_file(const std::string& path) {
  h5::quiet();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path, 0, "", "cannot open: missing, unreadable or not a regular file");
  const int version = superblock_version(path);
  if (version < 0) throw InputError(path, 0, "", "not an HDF5 file written by elevsim run");
  if (version < 2)
    throw InputError(path, 0, "",
                     "written in HDF5's format without checksums (superblock version " + std::to_string(version) +
                         ", as elevsim wrote before 0.2): re-run it with this elevsim to get a checked file");
  h5::Handle fapl = h5::file_access();
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl);
  if (f < 0) throw InputError(path, 0, "", "cannot open as an elevsim HDF5 file (damaged: a checksum or a structure does not hold)");
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
  if (h5::has_attr(f, "reference_scenario") && (r.reference.empty() || h5::has_control_chars(r.reference)))
    h5::malformed(f, "attribute 'reference_scenario'", "the name of the reference scenario, found '" +
                                                          h5::printable(r.reference) + "'");
  return r;
}

std::vector<std::string> list_scenarios(hid_t f) {
  if (!h5::has_member(f, "scenarios")) throw InputError(h5::file_name(f), 0, "", "not an elevsim run file (no /scenarios)");
  h5::Handle g = h5::open_group(f, "scenarios");
  std::vector<std::string> names = h5::list_groups(g);
  if (names.empty()) throw InputError(h5::file_name(f), 0, "", "holds no scenario");
  if (names.size() > static_cast<size_t>(kMaxScenarios))
    h5::malformed(g, "", "at most " + std::to_string(kMaxScenarios) + " scenarios (as elevsim run writes), found " +
                             std::to_string(names.size()));
  return names;
}

}  // namespace elevsim
