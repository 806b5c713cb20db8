// The block draw is Philox4x32-10 itself: every word equals Streams::bits for
// the same pupil, year and decision, for full and short blocks and for every
// kernel the CPU can run (AVX-512, AVX2, portable), not only the one it picks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "draw_block.hpp"

using namespace elevsim;

namespace {

void check_block(const std::string& isa, const Streams& rng, const std::vector<uint32_t>& pupils, uint32_t n,
                 uint32_t year, Decision d) {
  DrawBlock b{};
  if (isa.empty())
    draw_block(rng, pupils.data(), n, year, d, b);
  else
    draw_block_with(isa, rng, pupils.data(), n, year, d, b);
  for (uint32_t j = 0; j < n; ++j) {
    const auto w = rng.bits(pupils[j], year, d);
    for (int k = 0; k < 4; ++k) {
      INFO("kernel " << (isa.empty() ? draw_block_isa() : isa) << ", pupil " << pupils[j] << " word " << k
                     << " of a block of " << n);
      REQUIRE(b.w[k][j] == w[k]);
    }
  }
}

}  // namespace

TEST_CASE("block draws equal Streams::bits word for word, on every kernel this CPU runs", "[rng]") {
  const std::vector<std::string> isas = draw_block_isas();
  REQUIRE(std::find(isas.begin(), isas.end(), "portable") != isas.end());
  REQUIRE(isas.front() == draw_block_isa());  // the best one is the one used
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
          check_block("", rng, pupils, n, 2025u, d);
          for (const std::string& isa : isas) check_block(isa, rng, pupils, n, kYearSynthesis, d);
        }
    }
}
