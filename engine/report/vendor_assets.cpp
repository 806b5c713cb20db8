// The charting library's files, linked into the engine at build time (see
// report.cmake). Each is followed by a NUL so it can be read as a C string.
#include "report_assets.hpp"

#define ELEVSIM_INCBIN(sym, file)                                \
  asm(".section .rodata\n"                                       \
      ".global " #sym "\n"                                       \
      ".balign 16\n" #sym ":\n"                                  \
      ".incbin \"" ELEVSIM_REPORT_VENDOR_DIR "/" file "\"\n"     \
      ".byte 0\n"                                                \
      ".previous\n");                                            \
  extern "C" const char sym[];

ELEVSIM_INCBIN(elevsim_vega_js, "vega/build/vega.min.js")
ELEVSIM_INCBIN(elevsim_vega_lite_js, "vega-lite/build/vega-lite.min.js")
ELEVSIM_INCBIN(elevsim_vega_embed_js, "vega-embed/build/vega-embed.min.js")

namespace elevsim {
std::string_view vega_js() { return elevsim_vega_js; }
std::string_view vega_lite_js() { return elevsim_vega_lite_js; }
std::string_view vega_embed_js() { return elevsim_vega_embed_js; }
}  // namespace elevsim
