#pragma once
// Population synthesis: draws every pupil's fixed attributes from the county
// table. Draws are keyed by pupil id, so each replication gets a fresh sample
// of the same structure and every scenario gets the same pupils.
#include "people.hpp"
#include "rng.hpp"

namespace elevsim {

// The owner of the pupils' fixed attributes (People's PupilField<T, Synthesis>):
// only its run() can write them.
class Synthesis {
 public:
  static void run(const PopulationParams& p, const Layout& L, const Streams& rng, int start_year, People& people);
};
inline void synthesize(const PopulationParams& p, const Layout& L, const Streams& rng, int start_year,
                       People& people) {
  Synthesis::run(p, L, rng, start_year, people);
}

// Shares of each transition-model cell in a county (sex x ses x background x
// child welfare), used by the expected-value twin and by calibration.
std::array<double, kCells> cell_shares(const PopulationParams& p, const County& c);

}  // namespace elevsim
