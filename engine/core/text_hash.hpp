#pragma once
// A fingerprint of input texts (parameters, population table) that run files
// record, so that two files can be told to come from the same inputs without
// comparing the texts. FNV-1a, 64 bits: an identity check, not a security
// measure.
#include <cstdint>
#include <cstdio>
#include <string>

namespace elevsim {

inline std::string text_hash(const std::string& text) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;  // FNV-1a prime
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace elevsim
