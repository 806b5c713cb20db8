#include "services_tables.hpp"

#include <limits>

#include "services_rules.hpp"

namespace elevsim {

// The weeks never rise with the word (the words' units
// are 2^-32 apart, their logarithms far more than libm's error), so equal
// weeks at a bucket's first word and the next bucket's mean the same weeks
// for every word between. Each thread keeps the last table it made.
const std::vector<int16_t>& withdraw_table(double log_stay) {
  thread_local double made_for = std::numeric_limits<double>::quiet_NaN();
  thread_local std::vector<int16_t> table;
  if (made_for == log_stay) return table;
  constexpr uint32_t n = 1u << kWithdrawBits, shift = 32 - kWithdrawBits;
  table.assign(n, -1);
  double next = withdraw_weeks(0, log_stay);
  for (uint32_t b = 0; b < n; ++b) {
    const double here = next;
    next = withdraw_weeks(b + 1 < n ? (b + 1) << shift : 0xFFFFFFFFu, log_stay);
    if (here == next && here >= 0 && here < 32767) table[b] = static_cast<int16_t>(here);
  }
  made_for = log_stay;
  return table;
}

std::vector<float> treatment_shift_table(double effect, double halving_weeks) {
  std::vector<float> table(kTabledWaits);
  for (int w = 0; w < kTabledWaits; ++w) table[w] = static_cast<float>(treatment_shift(effect, w, halving_weeks));
  return table;
}

}  // namespace elevsim
