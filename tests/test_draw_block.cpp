// The block draw is Philox4x32-10 itself: every word equals Streams::bits for
// the same pupil, year and decision, for full and short blocks and for both
// kernels (the vector one this machine picks and the portable one).
#include <catch2/catch.hpp>

#include <vector>

#include "draw_block.hpp"

using namespace elevsim;

namespace {

void check_block(void (*draw)(const Streams&, const uint32_t*, uint32_t, uint32_t, Decision, DrawBlock&),
                 const Streams& rng, const std::vector<uint32_t>& pupils, uint32_t n, uint32_t year, Decision d) {
  DrawBlock b{};
  draw(rng, pupils.data(), n, year, d, b);
  for (uint32_t j = 0; j < n; ++j) {
    const auto w = rng.bits(pupils[j], year, d);
    for (int k = 0; k < 4; ++k) {
      INFO("pupil " << pupils[j] << " word " << k << " of a block of " << n);
      REQUIRE(b.w[k][j] == w[k]);
    }
  }
}

}  // namespace

TEST_CASE("block draws equal Streams::bits word for word, on both kernels", "[rng]") {
  INFO("kernel picked on this machine: " << draw_block_isa());
  std::vector<uint32_t> pupils(kDrawBlock);
  uint32_t x = 12345u;
  for (uint32_t& p : pupils) p = (x = x * 1664525u + 1013904223u);  // arbitrary ids, all 32 bits used
  pupils[0] = 0u;
  pupils[1] = 0xFFFFFFFFu;
  for (uint32_t seed : {0u, 12345u, 0xFFFFFFFFu})
    for (uint32_t rep : {0u, 7u, 0xFFFFFFFFu}) {
      const Streams rng(seed, rep);
      for (uint32_t n : {kDrawBlock, 1u, 37u, kDrawBlock - 1})
        for (Decision d : {Decision::MhTransition, Decision::HelpSeeking, Decision::SchoolOutcome}) {
          check_block(draw_block, rng, pupils, n, 2025u, d);
          check_block(draw_block_portable, rng, pupils, n, kYearSynthesis, d);
        }
    }
}
