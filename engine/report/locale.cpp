#include "locale.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

#include "report_texts.hpp"

namespace elevsim {

Lang parse_lang(const std::string& s) {
  if (s == "nb") return Lang::nb;
  if (s == "en") return Lang::en;
  throw std::invalid_argument("language '" + s + "': allowed are nb (Norwegian bokmål) and en (English)");
}

const char* lang_code(Lang l) { return l == Lang::nb ? "nb" : "en"; }

int decimals_for(double lo, double hi, const std::string& unit) {
  if (unit.rfind("pupils", 0) == 0 || unit == "NOK") return 0;
  const double w = std::fabs(hi - lo);
  if (!(w > 0)) return unit == "ratio" ? 2 : 1;
  // two significant digits of the interval's width, at most 3 decimals
  const int d = 1 - static_cast<int>(std::floor(std::log10(w)));
  return std::max(unit == "ratio" ? 2 : 1, std::min(3, d));
}

std::string format_interval(double lo, double hi, int decimals, Lang l, bool plus_sign) {
  return tr("between", l) + " " + format_number(lo, decimals, l, plus_sign) + " " + tr("and", l) + " " +
         format_number(hi, decimals, l, plus_sign);
}

namespace {
const std::unordered_map<std::string, const Text*>& table() {
  static const auto* t = [] {
    auto* m = new std::unordered_map<std::string, const Text*>;
    for (const Text& x : report_texts()) (*m)[x.key] = &x;
    return m;
  }();
  return *t;
}
}  // namespace

bool has_tr(const std::string& key) { return table().count(key) > 0; }

std::string tr(const std::string& key, Lang l, const std::string& fallback) {
  auto it = table().find(key);
  if (it == table().end()) return fallback.empty() ? key : fallback;
  return l == Lang::nb ? it->second->nb : it->second->en;
}

std::string fill_in(std::string text, const std::string& placeholder, const std::string& value) {
  for (size_t p = text.find(placeholder); p != std::string::npos; p = text.find(placeholder, p + value.size()))
    text.replace(p, placeholder.size(), value);
  return text;
}

}  // namespace elevsim
