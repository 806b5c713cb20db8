#pragma once
// Numbers and money written the way a Norwegian (bokmål) or English reader
// expects them: used by the report, `elevsim summary` and `elevsim compare`.
#include <string>

namespace elevsim {

enum class Lang { nb, en };

// 12345.6 -> "12 345,6" (nb, no-break space between thousands) or "12,345.6" (en).
std::string format_number(double v, int decimals, Lang l, bool plus_sign = false);

// The unit money is shown in: whole kroner below 100 000, then millions and
// billions with three significant digits at most ("0.45 MNOK", "0.9 MNOK",
// "29.2 MNOK", "103 MNOK").
struct MoneyUnit {
  double divisor = 1;
  int decimals = 0;
  const char* en = "NOK";
  const char* nb = "kr";
};
// The unit for amounts of about this size (the largest of a group, so a
// figure and its interval share one unit).
MoneyUnit money_unit(double magnitude);
// "29.2 MNOK" / "29,2 mill. kr"; "−496 927 kr".
std::string format_money(double nok, Lang l, bool plus_sign = false);
std::string format_money(double nok, const MoneyUnit& u, Lang l, bool plus_sign = false, bool with_unit = true);
const char* money_unit_name(const MoneyUnit& u, Lang l);
// For the terminal: English, plain spaces ("29.2 MNOK", "-496,927 NOK").
std::string format_money_plain(double nok, bool plus_sign = false);

}  // namespace elevsim
