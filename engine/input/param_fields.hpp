#pragma once
// A parameter table read key by key into the members of a struct: one row per
// key, naming the member and its allowed range, instead of one hand-written
// read per member. Rows are read in order, so the first bad key is the one
// reported, as with hand-written reads in that order.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <variant>

#include "toml_reader.hpp"

namespace elevsim {

// P: the struct; N: the length of its fixed-length arrays of numbers.
template <class P, size_t N>
struct ParamField {
  const char* key;
  // a number, a whole number (read as an integer in [lo, hi]) or N numbers, each in [lo, hi]
  std::variant<double P::*, int P::*, std::array<double, N> P::*> member;
  double lo, hi;
};

template <class P, size_t N>
void read_fields(const TomlTable& t, P& p, std::initializer_list<ParamField<P, N>> fields) {
  for (const ParamField<P, N>& f : fields) {
    if (auto m = std::get_if<double P::*>(&f.member)) {
      p.*(*m) = t.number(f.key, f.lo, f.hi);
    } else if (auto m = std::get_if<int P::*>(&f.member)) {
      p.*(*m) = static_cast<int>(t.integer(f.key, static_cast<long>(f.lo), static_cast<long>(f.hi)));
    } else {
      const auto v = t.numbers(f.key, N, f.lo, f.hi);
      std::copy(v.begin(), v.end(), (p.*std::get<std::array<double, N> P::*>(f.member)).begin());
    }
  }
}

}  // namespace elevsim
