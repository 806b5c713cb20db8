#include "numbers.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace elevsim {

std::string format_number(double v, int decimals, Lang l, bool plus_sign) {
  if (!std::isfinite(v)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string digits = buf, frac;
  if (const size_t dot = digits.find('.'); dot != std::string::npos) {
    frac = digits.substr(dot + 1);
    digits.resize(dot);
  }
  // Bokmål groups thousands with a no-break space (so a number never breaks
  // across lines) and writes a decimal comma; English uses comma and point.
  // Four-digit numbers are grouped too, as the charts' axes group them.
  const std::string group = l == Lang::nb ? "\u00a0" : ",";
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += group;
    out += digits[i];
  }
  if (!frac.empty()) out += (l == Lang::nb ? "," : ".") + frac;
  const bool zero = std::stod(buf) == 0;
  if (v < 0 && !zero) out = (l == Lang::nb ? "\u2212" : "-") + out;
  else if (plus_sign && !zero) out = "+" + out;
  return out;
}

MoneyUnit money_unit(double magnitude) {
  const double m = std::fabs(magnitude);
  // rounded first, so 999 999 999 shows as "1.00 bn", never "1000 MNOK"
  if (m >= 999.95e6) return {1e9, m >= 99.95e9 ? 0 : 2, "bn NOK", "mrd.\u00a0kr"};
  if (m >= 0.9995e6) return {1e6, m >= 99.95e6 ? 0 : 1, "MNOK", "mill.\u00a0kr"};
  // a fraction of a million as planners write it: "0.9 MNOK", "0.45 MNOK"
  if (m >= 0.1e6) return {1e6, 2, "MNOK", "mill.\u00a0kr"};
  return {1, 0, "NOK", "kr"};
}

const char* money_unit_name(const MoneyUnit& u, Lang l) { return l == Lang::nb ? u.nb : u.en; }

std::string format_money(double nok, const MoneyUnit& u, Lang l, bool plus_sign, bool with_unit) {
  if (!std::isfinite(nok)) return "–";
  std::string s = format_number(nok / u.divisor, u.decimals, l, plus_sign);
  // "0.90" reads as "0.9"; only fractions of a million have two decimals
  if (u.decimals == 2 && u.divisor == 1e6 && s.size() > 1 && s.back() == '0') s.pop_back();
  return with_unit ? s + "\u00a0" + money_unit_name(u, l) : s;
}

std::string format_money(double nok, Lang l, bool plus_sign) {
  return format_money(nok, money_unit(nok), l, plus_sign);
}

std::string format_money_plain(double nok, bool plus_sign) {
  std::string s = format_money(nok, Lang::en, plus_sign);
  for (size_t p = s.find("\u00a0"); p != std::string::npos; p = s.find("\u00a0", p)) s.replace(p, 2, " ");
  return s;
}

}  // namespace elevsim
