#pragma once
// The transition thresholds of pupils whose recovery a treatment shifts this
// year, memoised. Such pupils need a row of their own, but the shifts take few
// values (treatment effects by weeks waited), so the same rows recur hundreds
// of thousands of times a replication; computing each (two exp) dominated the
// mental-health step. A hit returns exactly what transition_row gives for the
// same arguments, so results do not change.
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
  }

  std::array<uint32_t, 2> get(const MentalHealthParams& mh, int band, int cell, int origin, float recovery) {
    uint32_t rb;
    std::memcpy(&rb, &recovery, sizeof rb);
    // band < 4, cell < 64, origin < 3 fit in 16 bits; tag 0 marks an empty slot
    const uint32_t tag = 1u + ((static_cast<uint32_t>(band) << 8) | (static_cast<uint32_t>(cell) << 2) |
                               static_cast<uint32_t>(origin));
    const uint64_t h = (rb ^ (static_cast<uint64_t>(tag) * 0x9E3779B97F4A7C15ull)) * 0xD6E8FEB86659FD93ull;
    Entry& e = table_[h >> (64 - kBits)];
    if (e.tag != tag || e.shift != rb) {
      const auto p = transition_row(mh, band, cell, origin, 0.0, recovery);
      e = {rb, tag, {Streams::threshold(p[0]), Streams::threshold(p[0] + p[1])}};
    }
    return e.th;
  }

 private:
  static constexpr int kBits = 10;
  struct Entry {
    uint32_t shift = 0;
    uint32_t tag = 0;
    std::array<uint32_t, 2> th{};
  };
  std::array<Entry, 1u << kBits> table_{};
};

}  // namespace elevsim
