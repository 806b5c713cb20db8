// The logistic table's shortcut is exact (core/logistic_block.hpp): for every
// table entry k, at both ends of its interval and inside it (x rounded onto
// the grid points, just beside them, random x), just outside [-16, 16] and at
// NaN and the infinities, for words at and around the entry's bounds
// low_words[k] and high_words[k + 1], around the exact threshold of x, and
// random words, every kernel's verdict (where it gives one) and
// below_logistic_block's are to_unit(w) < logistic(x), computed directly.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "logistic_block.hpp"

using namespace elevsim;

namespace {

struct Case {
  uint32_t w;
  double x;
};

uint32_t clamp_word(int64_t v) { return static_cast<uint32_t>(std::clamp<int64_t>(v, 0, UINT32_MAX)); }

// Words at and around v (a word count that may be 0 or 2^32).
void words_around(int64_t v, std::vector<uint32_t>& out) {
  for (int64_t d = -2; d <= 2; ++d) out.push_back(clamp_word(v + d));
}

std::vector<Case> cases() {
  std::mt19937_64 gen(20);
  std::uniform_int_distribution<uint32_t> any_word;
  std::vector<Case> out;
  const auto add = [&](double x, const std::vector<uint32_t>& extra) {
    std::vector<uint32_t> ws = extra;
    if (std::isfinite(x)) words_around(words_below(logistic(x)), ws);  // the exact threshold of x
    ws.push_back(0);
    ws.push_back(UINT32_MAX);
    for (int r = 0; r < 4; ++r) ws.push_back(any_word(gen));
    for (uint32_t w : ws) out.push_back({w, x});
  };
  const int K = LogisticBounds::kSteps;
  for (int k = 0; k < K; ++k) {
    const double a = LogisticBounds::grid_x(k), b = LogisticBounds::grid_x(k + 1);
    std::vector<uint32_t> bounds;
    words_around(kLogistic.low_words[k], bounds);
    words_around(kLogistic.high_words[k + 1], bounds);
    std::uniform_real_distribution<double> inside(a, b);
    for (double x : {a, std::nextafter(a, b), std::nextafter(a, -1e9), (a + b) / 2, std::nextafter(b, a), b,
                     inside(gen), inside(gen), inside(gen)})
      add(x, bounds);
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (double x : {std::nextafter(-16.0, -inf), -16.0 - 1e-9, -17.0, -100.0, -inf, std::nextafter(16.0, -inf), 16.0,
                   std::nextafter(16.0, inf), 17.0, 100.0, inf, std::numeric_limits<double>::quiet_NaN()})
    add(x, {});
  return out;
}

std::string describe(const Case& c, bool got) {
  std::ostringstream s;
  s.precision(17);
  s << "w " << c.w << ", x " << c.x << ": got " << got << ", direct " << below_logistic(c.w, c.x);
  return s.str();
}

}  // namespace

TEST_CASE("logistic table: each kernel's verdicts equal the direct comparison, on every table entry",
          "[logistic_block]") {
  const std::vector<Case> all = cases();
  REQUIRE(all.size() > 90000);
  for (const std::string& isa : logistic_block_isas()) {
    size_t wrong = 0, decided = 0;
    std::string first;
    for (size_t b = 0; b < all.size(); b += kDrawBlock) {
      const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kDrawBlock, all.size() - b));
      std::array<uint32_t, kDrawBlock> w{};
      std::array<double, kDrawBlock> x{};
      std::array<uint8_t, kDrawBlock> below{}, undecided{};
      for (uint32_t j = 0; j < n; ++j) w[j] = all[b + j].w, x[j] = all[b + j].x;
      table_verdicts_with(isa, w.data(), x.data(), n, below.data(), undecided.data());
      for (uint32_t j = 0; j < n; ++j) {
        if (undecided[j]) continue;
        ++decided;
        if (below[j] != below_logistic(w[j], x[j]) && wrong++ == 0) first = describe(all[b + j], below[j]);
      }
    }
    INFO(isa << ": " << decided << " of " << all.size() << " decided by the table; first wrong: " << first);
    CHECK(wrong == 0);
    CHECK(decided > all.size() / 2);  // the cases crowd the bounds; random words are nearly all decided
  }
}

TEST_CASE("logistic table: below_logistic_block equals the direct comparison, NaN and infinities included",
          "[logistic_block]") {
  const std::vector<Case> all = cases();
  size_t wrong = 0;
  std::string first;
  for (size_t b = 0; b < all.size(); b += kDrawBlock) {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kDrawBlock, all.size() - b));
    std::array<uint32_t, kDrawBlock> w{};
    std::array<double, kDrawBlock> x{};
    std::array<uint8_t, kDrawBlock> below{};
    for (uint32_t j = 0; j < n; ++j) w[j] = all[b + j].w, x[j] = all[b + j].x;
    below_logistic_block(w.data(), x.data(), n, below.data());
    for (uint32_t j = 0; j < n; ++j)
      if (below[j] != below_logistic(w[j], x[j]) && wrong++ == 0) first = describe(all[b + j], below[j]);
  }
  INFO("first wrong: " << first);
  CHECK(wrong == 0);
}

TEST_CASE("logistic table: random words are nearly all decided without the exp", "[logistic_block]") {
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<uint32_t> any_word;
  std::uniform_real_distribution<double> any_x(-16.0, 16.0);
  size_t undecided_total = 0, total = 0;
  for (const std::string& isa : logistic_block_isas()) {
    std::array<uint32_t, kDrawBlock> w{};
    std::array<double, kDrawBlock> x{};
    std::array<uint8_t, kDrawBlock> below{}, undecided{};
    for (int rep = 0; rep < 200; ++rep) {
      for (uint32_t j = 0; j < kDrawBlock; ++j) w[j] = any_word(gen), x[j] = any_x(gen);
      table_verdicts_with(isa, w.data(), x.data(), kDrawBlock, below.data(), undecided.data());
      for (uint32_t j = 0; j < kDrawBlock; ++j) undecided_total += undecided[j];
      total += kDrawBlock;
    }
  }
  INFO(undecided_total << " of " << total << " undecided");
  CHECK(undecided_total * 50 < total);
}

TEST_CASE("byte_equal_bits: bit k for bytes[k] == value, whole chunks and short ones", "[logistic_block]") {
  std::array<uint8_t, 64> bytes{};
  for (int k = 0; k < 64; ++k) bytes[k] = static_cast<uint8_t>(k % 5);
  for (uint32_t n : {0u, 1u, 17u, 63u, 64u})
    for (uint8_t v = 0; v < 6; ++v) {
      uint64_t want = 0;
      for (uint32_t k = 0; k < n; ++k) want |= static_cast<uint64_t>(bytes[k] == v) << k;
      CHECK(byte_equal_bits(bytes.data(), n, v) == want);
    }
}
