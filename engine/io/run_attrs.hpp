#pragma once
// The root attributes of a run file, read and checked in one place for every
// command that reads run files (summary, compare, report, export, merge,
// --resume): each must be a single value of the right type and in range.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace elevsim {

struct RunAttrs {
  std::string engine_version, created_utc, reference;  // reference: empty if the file names none
  uint32_t seed = 0;
  int replications = 0, replication_begin = 0, replication_end = 0;  // [begin, end) held by this file
  bool psa = true;
  double scale = 1;
  int start_year = 0, years = 0;
  int held() const { return replication_end - replication_begin; }
};

// Throws InputError (file, attribute, what was expected) on a missing or malformed attribute.
RunAttrs read_run_attrs(hid_t file);

// Opens an elevsim run file read-only; InputError if it is missing, not HDF5,
// damaged, or written in the unchecksummed format of elevsim before 0.2.
hid_t open_run_file(const std::string& path);

// The most scenarios one run file holds: `elevsim run` refuses more, so a file
// with more was not written by it (and would take minutes to summarise).
constexpr int kMaxScenarios = 1000;
// The names of /scenarios' groups, in order; InputError if there is no such
// group, it holds none, something else than groups, or more than kMaxScenarios.
std::vector<std::string> list_scenarios(hid_t file);

}  // namespace elevsim
