#pragma once
// Branch-free flag passes over a block of pupils: the cheap first look that
// leaves only the few pupils a rule can act on for the loop that follows
// (for_each_flagged, draw_block.hpp). Compiled for AVX-512 and portable,
// picked by vector_isa(); every version flags the same pupils.
#include <cstdint>

#include "draw_block.hpp"

namespace elevsim {

// flag[j] = 0xFF where state[j] != 0 or word (off + j) & 3 of group
// (off + j) >> 2 in `words` is below `below`, else 0, for j < n: the pupils
// outside state 0, and those in it whose group word could pass a threshold
// of at most `below`. off + n <= 4 * kDrawBlock.
void flag_nonzero_or_group_word_below(const uint8_t* state, const DrawBlock& words, uint32_t off, uint32_t below,
                                      uint8_t* flag, uint32_t n);

// flag[j] = 0xFF where state[j] != 0 or word[j] < below_by_cell[cell[j]],
// else 0, for j < n: the pupils outside state 0, and those in it whose word
// is below their cell's threshold (the AVX-512 version gathers the thresholds
// 16 pupils at a time).
void flag_nonzero_or_word_below(const uint8_t* state, const uint8_t* cell, const uint32_t* word,
                                const uint32_t* below_by_cell, uint8_t* flag, uint32_t n);

}  // namespace elevsim
