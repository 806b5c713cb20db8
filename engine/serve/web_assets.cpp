// The page's HTML, JavaScript and CSS, linked into the engine at build time as
// the report's Vega-Lite is (report/vendor_assets.cpp). Each is followed by a NUL.
#include "web_assets.hpp"

#define ELEVSIM_SERVE_INCBIN(sym, file)                          \
  asm(".section .rodata\n"                                       \
      ".global " #sym "\n"                                       \
      ".balign 16\n" #sym ":\n"                                  \
      ".incbin \"" ELEVSIM_SERVE_WEB_DIR "/" file "\"\n"         \
      ".byte 0\n"                                                \
      ".previous\n");                                            \
  extern "C" const char sym[];

ELEVSIM_SERVE_INCBIN(elevsim_serve_index_html, "index.html")
ELEVSIM_SERVE_INCBIN(elevsim_serve_app_js, "app.js")
ELEVSIM_SERVE_INCBIN(elevsim_serve_app_css, "app.css")

namespace elevsim {
std::string_view serve_index_html() { return elevsim_serve_index_html; }
std::string_view serve_app_js() { return elevsim_serve_app_js; }
std::string_view serve_app_css() { return elevsim_serve_app_css; }
}  // namespace elevsim
