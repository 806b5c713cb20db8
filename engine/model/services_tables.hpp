#pragma once
// The batched path's tables of two services rules (services_rules.hpp),
// filled by calling the rules: withdrawal weeks by the top bits of the draw's
// word, and the treatment shift by whole weeks waited. Both claim to be
// exact; tests/test_services_tables.cpp checks them against the rules.
#include <cstdint>
#include <vector>

namespace elevsim {

// 14 bits: a table of 32 KiB stays in the first-level cache; about one word
// in fifteen falls where the weeks change within a bucket (at the usual hazard).
constexpr uint32_t kWithdrawBits = 14;

// withdraw_weeks by the top kWithdrawBits bits of the word, where they alone
// decide it; -1 where they do not. Each thread keeps the last table it made.
const std::vector<int16_t>& withdraw_table(double log_stay);

// Waits (in weeks) up to which each service's treatment shift is tabled.
inline constexpr int kTabledWaits = 1024;

// treatment_shift(effect, w, halving_weeks) as stored (a float) for w = 0 ..
// kTabledWaits - 1.
std::vector<float> treatment_shift_table(double effect, double halving_weeks);

}  // namespace elevsim
