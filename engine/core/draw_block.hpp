#pragma once
// Philox4x32-10 for a block of pupils at once. The pupil loops of the model
// draw one Philox word set per pupil-year, and the draw is most of their cost
// when done one pupil at a time; here the ten rounds run over a whole block,
// so the compiler can use the machine's vector units (AVX-512 where the CPU
// has it, chosen at run time). Word k of pupil j is exactly
// Streams::bits(pupils[j], year, d)[k]: only how the words are computed
// changes, never their values (tests/test_draw_block.cpp).
#include <emmintrin.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "rng.hpp"

namespace elevsim {

inline constexpr uint32_t kDrawBlock = 256;

// The four words of up to kDrawBlock pupils' draws, word by word.
struct DrawBlock {
  alignas(64) std::array<std::array<uint32_t, kDrawBlock>, 4> w;
};

// Fills out.w[k][j] = rng.bits(pupils[j], year, d)[k] for j < n (n <= kDrawBlock).
void draw_block(const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d, DrawBlock& out);

// Calls f(i, block, j) for every pupil i in [b, e), or only those with
// active[i] != 0 when active is given, in pupil order, where block.w[k][j] is
// word k of rng.bits(key[i], year, d): the block-at-a-time pupil loop.
// Always inlined: f's captures then stay the caller's locals, which the
// caller's byte stores cannot alias; out of line they would be reloaded per pupil.
template <class F>
[[gnu::always_inline]] inline void for_each_draw(const Streams& rng, const uint32_t* key, const uint8_t* active, uint32_t b, uint32_t e,
                   uint32_t year, Decision d, F&& f) {
  DrawBlock blk;
  std::array<uint32_t, kDrawBlock> ids, keys;
  for (uint32_t i = b; i < e;) {
    uint32_t n = 0;
    if (active == nullptr) {
      n = e - i < kDrawBlock ? e - i : kDrawBlock;
      draw_block(rng, key + i, n, year, d, blk);
      for (uint32_t j = 0; j < n; ++j) f(i + j, blk, j);
      i += n;
      continue;
    }
    // branch-free: who is still followed follows no pattern a CPU could predict
    for (; i < e && n < kDrawBlock; ++i) {
      ids[n] = i;
      keys[n] = key[i];
      n += active[i] != 0;
    }
    draw_block(rng, keys.data(), n, year, d, blk);
    for (uint32_t j = 0; j < n; ++j) f(ids[j], blk, j);
  }
}

// Calls f(j) for every j < n with flag[j] != 0, in order, sixteen flags at a
// time: the loop over the few pupils of a block that a cheap branch-free pass
// flagged. flag[j] is 0 or 0xFF, and flag must be readable (zero) up to n
// rounded up to 16.
template <class F>
[[gnu::always_inline]] inline void for_each_flagged(const uint8_t* flag, uint32_t n, F&& f) {
  for (uint32_t j0 = 0; j0 < n; j0 += 16)
    for (unsigned bits = static_cast<unsigned>(
             _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(flag + j0))));
         bits; bits &= bits - 1)
      f(j0 + static_cast<uint32_t>(__builtin_ctz(bits)));
}

// The widest vector instruction set the pupil loops use: what the CPU runs,
// capped by the environment variable ELEVSIM_KERNELS (portable, avx2 or
// avx512; reference is portable too), so that a test can check that every path gives the same datasets
// (tests/test_kernels_identical.py). Loops compiled twice or three times
// (__attribute__((target(...)))) pick their version with it.
enum class VectorIsa { Portable = 0, Avx2 = 1, Avx512 = 2 };
VectorIsa vector_isa();
inline bool cpu_has_avx512() { return vector_isa() == VectorIsa::Avx512; }

// ELEVSIM_KERNELS=reference: the modules with a reference path (help-seeking, schooling)
// run one pupil at a time through their scalar rules, each draw made alone
// (Streams::bits), services compute every withdrawal week rather than read
// their table, and the rest run their portable kernels, so that a test can
// compare the batched passes with the rules they are derived from
// (tests/test_reference_identical.py).
bool reference_rules();

// Which kernel draw_block uses on this machine ("avx512", "avx2", "portable").
const char* draw_block_isa();

// Every kernel this CPU can run, and draw_block with one of them by name
// (std::invalid_argument for another): tests check each against Streams::bits.
std::vector<std::string> draw_block_isas();
void draw_block_with(const std::string& isa, const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year,
                     Decision d, DrawBlock& out);

}  // namespace elevsim
