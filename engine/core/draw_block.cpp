#include "draw_block.hpp"

#include <algorithm>

namespace elevsim {

namespace {

// Random123's Philox4x32 constants (philox.h): the round multipliers and the
// Weyl increments of the key.
constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

// The rounds of r123::Philox4x32 (philox4x32_R with R = 10), written lane by
// lane over a whole block so the loops vectorise. The counter is (pupil, year,
// decision, 0), as in Streams::bits.
inline __attribute__((always_inline)) void philox_rounds(uint32_t k0, uint32_t k1, const uint32_t* __restrict pupils,
                                                         uint32_t year, uint32_t decision, DrawBlock& out) {
  uint32_t* __restrict x0 = out.w[0].data();
  uint32_t* __restrict x1 = out.w[1].data();
  uint32_t* __restrict x2 = out.w[2].data();
  uint32_t* __restrict x3 = out.w[3].data();
  for (uint32_t j = 0; j < kDrawBlock; ++j) {
    x0[j] = pupils[j];
    x1[j] = year;
    x2[j] = decision;
    x3[j] = 0u;
  }
  for (int r = 0; r < 10; ++r) {
    for (uint32_t j = 0; j < kDrawBlock; ++j) {
      const uint64_t p0 = static_cast<uint64_t>(kM0) * x0[j];
      const uint64_t p1 = static_cast<uint64_t>(kM1) * x2[j];
      const uint32_t y0 = static_cast<uint32_t>(p1 >> 32) ^ x1[j] ^ k0;
      const uint32_t y2 = static_cast<uint32_t>(p0 >> 32) ^ x3[j] ^ k1;
      x1[j] = static_cast<uint32_t>(p1);
      x3[j] = static_cast<uint32_t>(p0);
      x0[j] = y0;
      x2[j] = y2;
    }
    k0 += kW0;
    k1 += kW1;
  }
}

using Kernel = void (*)(uint32_t, uint32_t, const uint32_t*, uint32_t, uint32_t, DrawBlock&);

__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"))) void rounds_avx512(uint32_t k0, uint32_t k1,
                                                                                  const uint32_t* pupils, uint32_t year,
                                                                                  uint32_t decision, DrawBlock& out) {
  philox_rounds(k0, k1, pupils, year, decision, out);
}

void rounds_default(uint32_t k0, uint32_t k1, const uint32_t* pupils, uint32_t year, uint32_t decision,
                    DrawBlock& out) {
  philox_rounds(k0, k1, pupils, year, decision, out);
}

// Integer arithmetic only: both kernels give the same words, so the choice
// never changes a result.
Kernel pick_kernel() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
             ? rounds_avx512
             : rounds_default;
}

// chosen on first use (a function-local static: no static-initialisation order to rely on)
Kernel kernel() {
  static const Kernel k = pick_kernel();
  return k;
}

void draw_with(Kernel k, const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d,
               DrawBlock& out) {
  const auto key = rng.key();
  if (n == kDrawBlock) {
    k(key[0], key[1], pupils, year, static_cast<uint32_t>(d), out);
    return;
  }
  // a short block: pad the counters (the words past n are not used)
  alignas(64) std::array<uint32_t, kDrawBlock> padded{};
  std::copy(pupils, pupils + std::min(n, kDrawBlock), padded.begin());
  k(key[0], key[1], padded.data(), year, static_cast<uint32_t>(d), out);
}

}  // namespace

void draw_block(const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d, DrawBlock& out) {
  draw_with(kernel(), rng, pupils, n, year, d, out);
}

void draw_block_portable(const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year, Decision d,
                         DrawBlock& out) {
  draw_with(rounds_default, rng, pupils, n, year, d, out);
}

const char* draw_block_isa() { return kernel() == rounds_avx512 ? "avx512" : "default"; }

}  // namespace elevsim
