#pragma once
// The report's sections on how far the model can be trusted: where the
// non-completers of each entry cohort stand at their deadline, and how well
// the model reproduces known figures (the table of `elevsim validate`).
#include <sstream>
#include <string>
#include <vector>

#include "locale.hpp"
#include "run_figures.hpp"
#include "validate.hpp"

namespace elevsim {

// Writes <section id="noncompleters">; the reference values come from the
// noncompleter checks of params/validation.toml.
void noncompleters_section(std::ostringstream& o, const NoncompleterShares& n, const Validation& v, Lang l);
// Writes <section id="validation">.
void validation_section(std::ostringstream& o, const Validation& v, Lang l);

}  // namespace elevsim
