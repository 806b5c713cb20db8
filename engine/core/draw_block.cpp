#include "draw_block.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <stdexcept>

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

// The same rounds with AVX-512 intrinsics, two groups of 16 pupils at a time
// with their four words in registers through all ten rounds (the compiler's version of
// philox_rounds kept them in memory between rounds and widened to 64-bit
// multiplies). _mm512_mul_epu32 multiplies the even 32-bit lanes into 64-bit
// products; the odd lanes are shifted down first; blends put the high and low
// halves back in their lanes.
// GCC 12's AVX-512 headers warn, where their helpers are inlined, that they
// read an uninitialised vector (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
__attribute__((target("avx512f"))) void rounds_avx512(uint32_t k0, uint32_t k1, const uint32_t* pupils,
                                                      uint32_t year, uint32_t decision, DrawBlock& out) {
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  constexpr __mmask16 kOdd = 0xAAAA;
  // two groups of 16 pupils at a time: their rounds are independent, so one
  // group's multiplies fill the other's wait for its results
  for (uint32_t j = 0; j < kDrawBlock; j += 32) {
    __m512i x0[2], x1[2], x2[2], x3[2];
    for (int g = 0; g < 2; ++g) {
      x0[g] = _mm512_loadu_si512(pupils + j + 16 * g);
      x1[g] = _mm512_set1_epi32(static_cast<int>(year));
      x2[g] = _mm512_set1_epi32(static_cast<int>(decision));
      x3[g] = _mm512_setzero_si512();
    }
    uint32_t a = k0, b = k1;
    for (int r = 0; r < 10; ++r) {
      const __m512i ka = _mm512_set1_epi32(static_cast<int>(a)), kb = _mm512_set1_epi32(static_cast<int>(b));
      for (int g = 0; g < 2; ++g) {
        const __m512i p0e = _mm512_mul_epu32(x0[g], m0), p0o = _mm512_mul_epu32(_mm512_srli_epi64(x0[g], 32), m0);
        const __m512i p1e = _mm512_mul_epu32(x2[g], m1), p1o = _mm512_mul_epu32(_mm512_srli_epi64(x2[g], 32), m1);
        const __m512i hi0 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(p0e, 32), p0o);
        const __m512i lo0 = _mm512_mask_blend_epi32(kOdd, p0e, _mm512_slli_epi64(p0o, 32));
        const __m512i hi1 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(p1e, 32), p1o);
        const __m512i lo1 = _mm512_mask_blend_epi32(kOdd, p1e, _mm512_slli_epi64(p1o, 32));
        // 0x96: three-way xor
        x0[g] = _mm512_ternarylogic_epi32(hi1, x1[g], ka, 0x96);
        x2[g] = _mm512_ternarylogic_epi32(hi0, x3[g], kb, 0x96);
        x1[g] = lo1;
        x3[g] = lo0;
      }
      a += kW0;
      b += kW1;
    }
    for (int g = 0; g < 2; ++g) {
      _mm512_store_si512(out.w[0].data() + j + 16 * g, x0[g]);
      _mm512_store_si512(out.w[1].data() + j + 16 * g, x1[g]);
      _mm512_store_si512(out.w[2].data() + j + 16 * g, x2[g]);
      _mm512_store_si512(out.w[3].data() + j + 16 * g, x3[g]);
    }
  }
}
#pragma GCC diagnostic pop

// The same with AVX2, 8 pupils at a time (machines without AVX-512).
__attribute__((target("avx2"))) void rounds_avx2(uint32_t k0, uint32_t k1, const uint32_t* pupils, uint32_t year,
                                                 uint32_t decision, DrawBlock& out) {
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  constexpr int kOdd = 0xAA;
  for (uint32_t j = 0; j < kDrawBlock; j += 8) {
    __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(pupils + j));
    __m256i x1 = _mm256_set1_epi32(static_cast<int>(year)), x2 = _mm256_set1_epi32(static_cast<int>(decision));
    __m256i x3 = _mm256_setzero_si256();
    uint32_t a = k0, b = k1;
    for (int r = 0; r < 10; ++r) {
      const __m256i p0e = _mm256_mul_epu32(x0, m0), p0o = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
      const __m256i p1e = _mm256_mul_epu32(x2, m1), p1o = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0e, 32), p0o, kOdd);
      const __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_slli_epi64(p0o, 32), kOdd);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1e, 32), p1o, kOdd);
      const __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_slli_epi64(p1o, 32), kOdd);
      x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(a)));
      x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(b)));
      x1 = lo1;
      x3 = lo0;
      a += kW0;
      b += kW1;
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.w[0].data() + j), x0);
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.w[1].data() + j), x1);
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.w[2].data() + j), x2);
    _mm256_store_si256(reinterpret_cast<__m256i*>(out.w[3].data() + j), x3);
  }
}

void rounds_default(uint32_t k0, uint32_t k1, const uint32_t* pupils, uint32_t year, uint32_t decision,
                    DrawBlock& out) {
  philox_rounds(k0, k1, pupils, year, decision, out);
}

struct NamedKernel {
  const char* isa;
  Kernel kernel;
};
// Best first. Integer arithmetic only: every kernel gives the same words, so
// the choice never changes a result.
constexpr NamedKernel kKernels[] = {{"avx512", rounds_avx512}, {"avx2", rounds_avx2}, {"portable", rounds_default}};

bool supported(const NamedKernel& k) {
  const std::string isa = k.isa;
  if (isa == "avx512") return vector_isa() >= VectorIsa::Avx512;
  if (isa == "avx2") return vector_isa() >= VectorIsa::Avx2;
  return true;
}

// chosen on first use (a function-local static: no static-initialisation order to rely on)
const NamedKernel& kernel() {
  static const NamedKernel& k = *std::find_if(std::begin(kKernels), std::end(kKernels), supported);
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
  draw_with(kernel().kernel, rng, pupils, n, year, d, out);
}

const char* draw_block_isa() { return kernel().isa; }

namespace {

VectorIsa cpu_isa() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq"))
    return VectorIsa::Avx512;
  return __builtin_cpu_supports("avx2") ? VectorIsa::Avx2 : VectorIsa::Portable;
}

VectorIsa capped_isa() {
  const VectorIsa cpu = cpu_isa();
  const char* env = std::getenv("ELEVSIM_KERNELS");
  if (env == nullptr || *env == '\0') return cpu;
  const std::string want = env;
  VectorIsa cap = VectorIsa::Avx512;
  if (want == "portable" || want == "reference")
    cap = VectorIsa::Portable;
  else if (want == "avx2")
    cap = VectorIsa::Avx2;
  else if (want != "avx512")
    std::fprintf(stderr, "elevsim: ELEVSIM_KERNELS=%s ignored (expected reference, portable, avx2 or avx512)\n", env);
  return std::min(cpu, cap);
}

}  // namespace

VectorIsa vector_isa() {
  static const VectorIsa isa = capped_isa();
  return isa;
}

bool reference_rules() {
  static const bool reference = [] {
    const char* env = std::getenv("ELEVSIM_KERNELS");
    return env != nullptr && std::string(env) == "reference";
  }();
  return reference;
}

std::vector<std::string> draw_block_isas() {
  std::vector<std::string> out;
  for (const NamedKernel& k : kKernels)
    if (supported(k)) out.push_back(k.isa);
  return out;
}

void draw_block_with(const std::string& isa, const Streams& rng, const uint32_t* pupils, uint32_t n, uint32_t year,
                     Decision d, DrawBlock& out) {
  for (const NamedKernel& k : kKernels)
    if (isa == k.isa && supported(k)) return draw_with(k.kernel, rng, pupils, n, year, d, out);
  throw std::invalid_argument("draw_block_with: no kernel " + isa + " on this CPU");
}

}  // namespace elevsim
