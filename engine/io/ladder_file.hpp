#pragma once
// /ladder of a run file (ladder.hpp), written with the comparisons by h5_writer.
#include <hdf5.h>

#include <string>

#include "ladder.hpp"

namespace elevsim {

// Writes /ladder into an open run file (nothing when the ladder is empty).
void write_ladder(hid_t file, const Ladder& ladder);
// /ladder of a run file; empty when the file has none. Checks every shape it reads.
Ladder read_ladder(const std::string& path);

}  // namespace elevsim
