#pragma once
// The transition thresholds of pupils whose onset or recovery a lever shifts
// this year (prevention, treatment), memoised. Such pupils need a row of their
// own, but the shifts take few values (one prevention effect per replication,
// treatment effects by weeks waited), so the same rows recur hundreds of
// thousands of times a replication; computing each (two exp) dominated the
// mental-health step of grant scenarios. A hit returns exactly what
// transition_row gave for the same arguments, so results do not change.
#include <array>
#include <cstdint>
#include <cstring>

#include "mh_transitions.hpp"
#include "rng.hpp"

namespace elevsim {

class ShiftedThresholds {
 public:
  // The parameters must stay the same between clear() calls.
  void clear() {
    for (Entry& e : table_) e.tag = 0;
    for (OnsetRows& r : onset_rows_) r.valid = {};
  }

  // The rows of pupils with an onset shift and no recovery shift (prevention):
  // the shift takes one value per replication, so the rows of the last value
  // seen in each band sit in a direct table, filled from get() as needed.
  std::array<uint32_t, 2> get_onset(const MentalHealthParams& mh, int band, int cell, int origin, float onset) {
    OnsetRows& r = onset_rows_[band];
    uint32_t ob;
    std::memcpy(&ob, &onset, sizeof ob);
    if (ob != r.onset_bits) {
      r.onset_bits = ob;
      r.valid = {};
    }
    const int k = cell * kStates + origin;
    if (!r.valid[k]) {
      r.th[k] = get(mh, band, cell, origin, onset, 0.0f);
      r.valid[k] = 1;
    }
    return r.th[k];
  }

  std::array<uint32_t, 2> get(const MentalHealthParams& mh, int band, int cell, int origin, float onset,
                              float recovery) {
    uint32_t ob, rb;
    std::memcpy(&ob, &onset, sizeof ob);
    std::memcpy(&rb, &recovery, sizeof rb);
    // band < 4, cell < 64, origin < 3 fit in 16 bits; tag 0 marks an empty slot
    const uint32_t tag = 1u + ((static_cast<uint32_t>(band) << 8) | (static_cast<uint32_t>(cell) << 2) |
                               static_cast<uint32_t>(origin));
    const uint64_t shifts = (static_cast<uint64_t>(ob) << 32) | rb;
    const uint64_t h = (shifts ^ (static_cast<uint64_t>(tag) * 0x9E3779B97F4A7C15ull)) * 0xD6E8FEB86659FD93ull;
    Entry& e = table_[h >> (64 - kBits)];
    if (e.tag != tag || e.shifts != shifts) {
      const auto p = transition_row(mh, band, cell, origin, onset, recovery);
      e = {shifts, tag, {Streams::threshold(p[0]), Streams::threshold(p[0] + p[1])}};
    }
    return e.th;
  }

 private:
  static constexpr int kBits = 10;
  struct Entry {
    uint64_t shifts = 0;
    uint32_t tag = 0;
    std::array<uint32_t, 2> th{};
  };
  std::array<Entry, 1u << kBits> table_{};
  struct OnsetRows {
    uint32_t onset_bits = 0;
    std::array<uint8_t, kCells * kStates> valid{};
    std::array<std::array<uint32_t, 2>, kCells * kStates> th{};
  };
  std::array<OnsetRows, kBands> onset_rows_{};
};

}  // namespace elevsim
