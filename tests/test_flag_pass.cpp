// core/flag_pass.hpp: each flag pass flags exactly the pupils its definition
// names, on this machine's kernel (test_kernels_identical.py runs the others).
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "flag_pass.hpp"

using namespace elevsim;

TEST_CASE("flag_nonzero_or_word_below: pupils outside state 0, or with a word below their cell's threshold",
          "[flag_pass]") {
  std::mt19937 gen(3);
  std::vector<uint32_t> below(64);
  for (uint32_t& b : below) b = gen();
  below[5] = 0;            // a cell no word is below
  below[6] = 0xFFFFFFFFu;  // a cell every word but the last is below
  for (uint32_t n : {0u, 1u, 15u, 16u, 17u, 255u, 256u}) {
    std::vector<uint8_t> state(n), cell(n), flag(n + 16, 0x55);
    std::vector<uint32_t> word(n);
    for (uint32_t j = 0; j < n; ++j) {
      state[j] = gen() % 4 == 0 ? static_cast<uint8_t>(1 + gen() % 2) : 0;
      cell[j] = static_cast<uint8_t>(gen() % 64);
      word[j] = j % 9 == 0 ? below[cell[j]] : (j % 9 == 1 ? below[cell[j]] - 1 : static_cast<uint32_t>(gen()));
    }
    flag_nonzero_or_word_below(state.data(), cell.data(), word.data(), below.data(), flag.data(), n);
    for (uint32_t j = 0; j < n; ++j) {
      const bool want = state[j] != 0 || word[j] < below[cell[j]];
      CHECK(flag[j] == (want ? 0xFF : 0));
    }
    CHECK(flag[n] == 0x55);  // nothing written past n
  }
}
