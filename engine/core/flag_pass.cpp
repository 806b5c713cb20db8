#include "flag_pass.hpp"

namespace elevsim {

namespace {

using GroupFlags = void (*)(const uint8_t*, const uint32_t*, uint32_t, uint32_t, uint8_t*, uint32_t);

// __restrict: the flags written cannot alias the states or words read, so the
// loop vectorises (the AVX-512 version gathers the words 16 pupils at a time)
[[gnu::always_inline]] inline void group_flags_loop(const uint8_t* __restrict state, const uint32_t* __restrict words,
                                                    uint32_t off, uint32_t below, uint8_t* __restrict flag,
                                                    uint32_t n) {
  for (uint32_t j = 0; j < n; ++j) {
    const uint32_t q = off + j;
    const bool maybe = (state[j] != 0) | (words[(q & 3) * kDrawBlock + (q >> 2)] < below);
    flag[j] = static_cast<uint8_t>(-static_cast<int>(maybe));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void group_flags_avx512(const uint8_t* state,
                                                                           const uint32_t* words, uint32_t off,
                                                                           uint32_t below, uint8_t* flag, uint32_t n) {
  group_flags_loop(state, words, off, below, flag, n);
}

void group_flags_portable(const uint8_t* state, const uint32_t* words, uint32_t off, uint32_t below, uint8_t* flag,
                          uint32_t n) {
  group_flags_loop(state, words, off, below, flag, n);
}

GroupFlags group_flags() {
  static const GroupFlags f = cpu_has_avx512() ? group_flags_avx512 : group_flags_portable;
  return f;
}

using CellFlags = void (*)(const uint8_t*, const uint8_t*, const uint32_t*, const uint32_t*, uint8_t*, uint32_t);

[[gnu::always_inline]] inline void cell_flags_loop(const uint8_t* __restrict state, const uint8_t* __restrict cell,
                                                   const uint32_t* __restrict word,
                                                   const uint32_t* __restrict below_by_cell, uint8_t* __restrict flag,
                                                   uint32_t n) {
  for (uint32_t j = 0; j < n; ++j) {
    const bool maybe = (state[j] != 0) | (word[j] < below_by_cell[cell[j]]);
    flag[j] = static_cast<uint8_t>(-static_cast<int>(maybe));
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void cell_flags_avx512(const uint8_t* state, const uint8_t* cell,
                                                                          const uint32_t* word,
                                                                          const uint32_t* below_by_cell, uint8_t* flag,
                                                                          uint32_t n) {
  cell_flags_loop(state, cell, word, below_by_cell, flag, n);
}

void cell_flags_portable(const uint8_t* state, const uint8_t* cell, const uint32_t* word, const uint32_t* below_by_cell,
                         uint8_t* flag, uint32_t n) {
  cell_flags_loop(state, cell, word, below_by_cell, flag, n);
}

CellFlags cell_flags() {
  static const CellFlags f = cpu_has_avx512() ? cell_flags_avx512 : cell_flags_portable;
  return f;
}

}  // namespace

void flag_nonzero_or_word_below(const uint8_t* state, const uint8_t* cell, const uint32_t* word,
                                const uint32_t* below_by_cell, uint8_t* flag, uint32_t n) {
  cell_flags()(state, cell, word, below_by_cell, flag, n);
}

void flag_nonzero_or_group_word_below(const uint8_t* state, const DrawBlock& words, uint32_t off, uint32_t below,
                                      uint8_t* flag, uint32_t n) {
  group_flags()(state, words.w[0].data(), off, below, flag, n);
}

}  // namespace elevsim
