#pragma once
// Reader-facing language of the report: translated texts and numbers written
// the way a Norwegian (bokmål) or English reader expects them.
#include <string>

#include "numbers.hpp"

namespace elevsim {

Lang parse_lang(const std::string& s);  // "nb" or "en"; throws std::invalid_argument otherwise
const char* lang_code(Lang l);

// Decimals that show an interval of this width without hiding its spread.
int decimals_for(double lo, double hi, const std::string& unit);
// "mellom 310 og 450" / "between 310 and 450".
std::string format_interval(double lo, double hi, int decimals, Lang l, bool plus_sign = false);

// The text with this key in the language; unknown keys come back as `fallback`
// (or the key itself), so texts added by later modules still show in English.
std::string tr(const std::string& key, Lang l, const std::string& fallback = "");
bool has_tr(const std::string& key);
// The text with every `placeholder` ("{ref}", "{n}", ...) replaced by `value`.
std::string fill_in(std::string text, const std::string& placeholder, const std::string& value);

}  // namespace elevsim
