#pragma once
// `elevsim merge`: joins shards of one run (written with --replication-range)
// into one file whose datasets are bit-identical to a single run.
#include <string>
#include <vector>

#include "run_result.hpp"

namespace elevsim {

// Refuses (InputError, one line, nothing written) shards that are not from the
// same run, that overlap, or that leave replications of the run uncovered.
void merge_shards(const std::vector<std::string>& shards, const std::string& out);

// write_run, then copies the attributes of `attrs_from` over the written ones
// (see copy_attributes); the file appears under `out` only when complete.
void write_run_keeping_attributes(const RunResult& run, const std::string& out, const std::string& attrs_from);

}  // namespace elevsim
