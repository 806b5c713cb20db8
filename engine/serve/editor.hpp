#pragma once
// The page's scenario editor works on fields (name, descriptions, years, each
// grant's budget, years, rule, recipients, split and counties); the scenario
// itself stays TOML. Fields are written into the TOML they came from, so
// what the editor does not show ([params], [optimise], comments aside) is
// kept, and the result is read back by the same reader as the command line,
// with the same messages.
#include <string>

#include "report_charts.hpp"

namespace elevsim {

// The editor's fields of a scenario text (throws InputError as load_scenario does).
Json scenario_fields(const std::string& text, const std::string& label);
// `fields` written into `base_text` (or a new scenario when empty): the TOML
// text, not yet checked (check it with load_scenario_text / make_plan).
// Throws InputError naming the field when a field has the wrong type.
std::string apply_fields(const std::string& base_text, const Json& fields);
// "key 'grant.split': ..." -> "grant.split" (the field a message is about), or "".
std::string message_key(const std::string& message);

}  // namespace elevsim
