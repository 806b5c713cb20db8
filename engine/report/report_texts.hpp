#pragma once
// Every reader-facing text of the report in bokmål and English.
#include <vector>

namespace elevsim {
struct Text {
  const char* key;
  const char* nb;
  const char* en;
};
const std::vector<Text>& report_texts();
}  // namespace elevsim
