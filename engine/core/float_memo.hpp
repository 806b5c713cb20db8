#pragma once
// A small direct-mapped memo keyed by a tag and a float, compared by the
// float's bits: for values computed from a float argument that takes few
// distinct values but recurs very often (mental health's rows of treated
// pupils, shifted by a few treatment effects). A hit returns what the last
// compute for the same tag and the same bits returned; a slot another key
// took is recomputed, so what get() returns never depends on the order of
// calls, only on the compute function.
#include <array>
#include <cstdint>
#include <cstring>

namespace elevsim {

// The float's bits as an integer: equal keys are equal bit patterns (so 0.0
// and -0.0 differ, and a NaN equals itself).
inline uint32_t float_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

template <class Value, int Bits>
class FloatKeyedMemo {
 public:
  // Forget every entry (the compute function changed)
  void clear() {
    for (Entry& e : table_) e.tag = 0;
  }

  // compute() for the key (tag, x), memoised. tag != 0 (0 marks an empty slot).
  template <class Compute>
  const Value& get(uint32_t tag, float x, Compute&& compute) {
    const uint32_t xb = float_bits(x);
    const uint64_t h = (xb ^ (static_cast<uint64_t>(tag) * 0x9E3779B97F4A7C15ull)) * 0xD6E8FEB86659FD93ull;
    Entry& e = table_[h >> (64 - Bits)];
    if (e.tag != tag || e.x != xb) e = {xb, tag, compute()};
    return e.value;
  }

 private:
  struct Entry {
    uint32_t x = 0;
    uint32_t tag = 0;
    Value value{};
  };
  std::array<Entry, 1u << Bits> table_{};
};

}  // namespace elevsim
