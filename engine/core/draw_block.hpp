#pragma once
// Philox4x32-10 for a block of pupils at once. The pupil loops of the model
// draw one Philox word set per pupil-year, and the draw is most of their cost
// when done one pupil at a time; here the ten rounds run over a whole block,
// so the compiler can use the machine's vector units (AVX-512 where the CPU
// has it, chosen at run time). Word k of pupil j is exactly
// Streams::bits(pupils[j], year, d)[k]: only how the words are computed
// changes, never their values (tests/test_draw_block.cpp).
#include <array>
#include <cstdint>

#include "rng.hpp"

namespace elevsim {

inline constexpr uint32_t kDrawBlock = 256;

// The four words of up to kDrawBlock pupils' draws, word by word.
struct DrawBlock {
  alignas(64) std::array<std::array<uint32_t, kDrawBlock>, 4> w;
};

// Fills out.w[k][j] = rng.bits(pupils[j], year, d)[k] for j < n (n <= kDrawBlock).
void draw_block(const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d, DrawBlock& out);

// Which instruction set draw_block uses on this machine ("avx512", "default").
const char* draw_block_isa();

// draw_block with the portable kernel whatever the CPU has, so that a test on
// an AVX-512 machine checks both.
void draw_block_portable(const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d,
                         DrawBlock& out);

}  // namespace elevsim
