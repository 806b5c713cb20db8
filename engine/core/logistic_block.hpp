#pragma once
// Logistic decisions a block at a time: whether Streams::to_unit(w[j]) <
// logistic(x[j]), decided by a table of word thresholds without the exp for
// nearly every pupil, with exactly the verdicts of computing logistic(x)
// directly (below_logistic; tests/test_logistic_block.cpp checks every table
// entry). Compiled for AVX-512, AVX2 and portable, picked by vector_isa().
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "draw_block.hpp"
#include "rng.hpp"

namespace elevsim {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The decision itself: the word's uniform below the logistic of the log-odds.
inline bool below_logistic(uint32_t w, double x) { return Streams::to_unit(w) < logistic(x); }

// The word w with Streams::to_unit(w) < v exactly when w < words_below(v):
// to_unit(w) = (w + 0.5) * 2^-32 and v * 2^32 - 0.5 are exact in doubles (for
// 0 <= v < 2^20), so u < v is w + 0.5 < v * 2^32, that is w < ceil(v * 2^32 - 0.5).
inline int64_t words_below(double v) { return static_cast<int64_t>(std::max(0.0, std::ceil(std::ldexp(v, 32) - 0.5))); }

// logistic(x) at x = -16, -16 + 1/16, ..., 16, less and plus a margin, as
// word thresholds (words_below), so a block compares words without converting
// them. The finer the grid, the fewer words fall between two bounds and take the exp.
struct LogisticBounds {
  static constexpr int kPerUnit = 16, kSteps = 32 * kPerUnit;
  static constexpr double kMargin = 1e-9;
  std::array<int64_t, kSteps + 1> low_words{}, high_words{};
  LogisticBounds();
  // the grid point k: x = -16 + k / kPerUnit
  static double grid_x(int k) { return -16.0 + static_cast<double>(k) / kPerUnit; }
};
extern const LogisticBounds kLogistic;

// below[j] = below_logistic(w[j], x[j]) for j < n (n <= kDrawBlock): the
// table's verdicts a block at a time, then the exp for the few it leaves undecided.
void below_logistic_block(const uint32_t* w, const double* x, uint32_t n, uint8_t* below);

// The table's verdicts alone, by a named kernel (one of logistic_block_isas(),
// else std::invalid_argument): below[j], valid where undecided[j] is 0. For tests.
std::vector<std::string> logistic_block_isas();
void table_verdicts_with(const std::string& isa, const uint32_t* w, const double* x, uint32_t n, uint8_t* below,
                         uint8_t* undecided);

// Bit k set when bytes[k] == value, for k < n <= 64: sixteen bytes compared at
// once (SSE2, in every x86-64) when the chunk is whole.
uint64_t byte_equal_bits(const uint8_t* bytes, uint32_t n, uint8_t value);

}  // namespace elevsim
