#include "logistic_block.hpp"

#include <emmintrin.h>

#include <cstring>
#include <stdexcept>

namespace elevsim {

LogisticBounds::LogisticBounds() {
  for (int k = 0; k <= kSteps; ++k) {
    const double h = logistic(grid_x(k));
    low_words[k] = words_below(h - kMargin);
    high_words[k] = words_below(h + kMargin);
  }
}
const LogisticBounds kLogistic;

namespace {

// The table's verdict on whether to_unit(w[j]) < logistic(x[j]) for j < n,
// exactly as comparing with the computed logistic(x) would decide, but without
// the exp: logistic increases, the computed value is within about 1e-16 of the
// true one, and on [x_k, x_k+1] the true value lies between those at the ends
// (an x rounded onto a grid point moves logistic far less than the 1e-9
// margin), so a word outside [low[k], high[k+1]) is decided by the table:
// below[j]. At most about one in sixty falls inside: undecided[j]. No branch
// and no exp, so that the loop vectorises (with gathers from the table where
// the CPU has AVX2 or AVX-512).
inline __attribute__((always_inline)) void table_verdicts(const uint32_t* __restrict w, const double* __restrict x,
                                                          uint32_t n, uint8_t* __restrict below,
                                                          uint8_t* __restrict undecided) {
  // pointers, not the object: GCC does not vectorise loads from a dynamically initialised global
  const int64_t* __restrict low_words = kLogistic.low_words.data();
  const int64_t* __restrict high_words = kLogistic.high_words.data();
  for (uint32_t j = 0; j < n; ++j) {
    const double f = (x[j] + 16.0) * LogisticBounds::kPerUnit;  // exact scaling: a power of 2
    const bool inside = (f >= 0.0) & (f < LogisticBounds::kSteps);  // false for NaN too
    const int k = static_cast<int>(inside ? f : 0.0);
    const int64_t word = w[j];
    const bool low = word < low_words[k], high = word >= high_words[k + 1];
    below[j] = low;
    undecided[j] = !(inside & (low | high));
  }
}

using Verdicts = void (*)(const uint32_t*, const double*, uint32_t, uint8_t*, uint8_t*);

__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"))) void table_verdicts_avx512(
    const uint32_t* w, const double* x, uint32_t n, uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

__attribute__((target("avx2"))) void table_verdicts_avx2(const uint32_t* w, const double* x, uint32_t n,
                                                          uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

void table_verdicts_default(const uint32_t* w, const double* x, uint32_t n, uint8_t* below, uint8_t* undecided) {
  table_verdicts(w, x, n, below, undecided);
}

// The widest the pupil loops may use (vector_isa: the CPU's, capped by
// ELEVSIM_KERNELS), chosen on first use. Integer compares and exact double
// arithmetic only, so every kernel gives the same verdicts (tests/test_kernels_identical.py).
Verdicts pick_verdicts() {
  switch (vector_isa()) {
    case VectorIsa::Avx512: return table_verdicts_avx512;
    case VectorIsa::Avx2: return table_verdicts_avx2;
    default: return table_verdicts_default;
  }
}
Verdicts verdicts_kernel() {
  static const Verdicts k = pick_verdicts();
  return k;
}

}  // namespace

void below_logistic_block(const uint32_t* w, const double* x, uint32_t n, uint8_t* below) {
  alignas(8) std::array<uint8_t, kDrawBlock> undecided{};  // cleared: the last eight may pass n
  verdicts_kernel()(w, x, n, below, undecided.data());
  for (uint32_t j0 = 0; j0 < n; j0 += 8) {
    uint64_t eight;  // eight flags at once: mostly all clear
    std::memcpy(&eight, undecided.data() + j0, sizeof eight);
    if (eight == 0) continue;
    for (uint32_t j = j0; j < std::min(n, j0 + 8); ++j)
      if (undecided[j]) below[j] = below_logistic(w[j], x[j]);
  }
}

std::vector<std::string> logistic_block_isas() {
  std::vector<std::string> out = {"portable"};
  if (__builtin_cpu_supports("avx2")) out.push_back("avx2");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq"))
    out.push_back("avx512");
  return out;
}

void table_verdicts_with(const std::string& isa, const uint32_t* w, const double* x, uint32_t n, uint8_t* below,
                         uint8_t* undecided) {
  const auto isas = logistic_block_isas();
  if (std::find(isas.begin(), isas.end(), isa) == isas.end())
    throw std::invalid_argument("table_verdicts_with: no kernel " + isa + " on this CPU");
  if (isa == "avx512") return table_verdicts_avx512(w, x, n, below, undecided);
  if (isa == "avx2") return table_verdicts_avx2(w, x, n, below, undecided);
  table_verdicts_default(w, x, n, below, undecided);
}

uint64_t byte_equal_bits(const uint8_t* bytes, uint32_t n, uint8_t value) {
  uint64_t bits = 0;
  if (n < 64) {
    for (uint32_t k = 0; k < n; ++k) bits |= static_cast<uint64_t>(bytes[k] == value) << k;
    return bits;
  }
  const __m128i v = _mm_set1_epi8(static_cast<char>(value));
  for (int q = 0; q < 4; ++q) {
    const __m128i sixteen = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * q));
    bits |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(sixteen, v)))) << (16 * q);
  }
  return bits;
}

}  // namespace elevsim
