// Built as a file of core/ (linked to elevsim_core only, like core's headers in
// elevsim_core_headers): it includes io/'s output_file.hpp in the <...> form,
// which core/ must not see. The ctest layers_upward_include_does_not_compile
// builds it and passes only when the compiler cannot find that header.
#include <output_file.hpp>

int main() { return 0; }
