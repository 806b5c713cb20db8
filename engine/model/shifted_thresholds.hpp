#pragma once
// The transition thresholds of pupils whose recovery a treatment shifts this
// year, memoised. Such pupils need a row of their own, but the shifts take few
// values (treatment effects by weeks waited), so the same rows recur hundreds
// of thousands of times a replication; computing each (two exp) dominated the
// mental-health step. A hit returns exactly what row_thresholds(transition_row)
// gives for the same arguments, so results do not change (the reference path,
// ELEVSIM_KERNELS=reference, computes every row and must agree).
#include <array>
#include <cstdint>

#include "float_memo.hpp"
#include "mh_transitions.hpp"

namespace elevsim {

class ShiftedThresholds {
 public:
  // The parameters must stay the same between clear() calls.
  void clear() { memo_.clear(); }

  std::array<uint32_t, 2> get(const MentalHealthParams& mh, int band, int cell, int origin, float recovery) {
    // band < 4, cell < 64, origin < 3 fit in 16 bits; the memo's tags start at 1
    const uint32_t tag = 1u + ((static_cast<uint32_t>(band) << 8) | (static_cast<uint32_t>(cell) << 2) |
                               static_cast<uint32_t>(origin));
    return memo_.get(tag, recovery,
                     [&] { return row_thresholds(transition_row(mh, band, cell, origin, 0.0, recovery)); });
  }

 private:
  FloatKeyedMemo<std::array<uint32_t, 2>, 10> memo_;
};

}  // namespace elevsim
