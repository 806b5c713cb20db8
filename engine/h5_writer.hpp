#pragma once
// Writes a finished run to HDF5 (the layout is documented in outputs/README.md).
// The file appears under its final name only when complete: it is written to
// a temporary file beside it and renamed.
#include <string>

#include "runner.hpp"

namespace elevsim {

void write_run(const RunResult& run, const std::string& path);

// Removes temporary files left by a writer that was killed.
std::string temp_path_for(const std::string& path);

}  // namespace elevsim
