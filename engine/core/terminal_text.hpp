#pragma once
// Text from files (scenario names, labels, units) shown on a terminal: control
// characters would be run by the terminal (retitling the window, clearing the
// screen, faking output), so they are shown escaped instead.
#include <string>

namespace elevsim {

// C0 controls, DEL, C1 controls (U+0080..U+009F) and bytes that are not valid
// UTF-8 become \xNN; newlines and tabs are kept if `keep_lines`.
std::string escape_controls(const std::string& s, bool keep_lines = false);
bool has_control_chars(const std::string& s);  // any byte < 0x20 or DEL

}  // namespace elevsim
