// The page's HTML, JavaScript and CSS, linked into the engine at build time as
// the report's Vega-Lite is (report/vendor_assets.cpp). Each is followed by a NUL.
#include "web_assets.hpp"
#include "incbin.hpp"


ELEVSIM_INCBIN(elevsim_serve_index_html, ELEVSIM_SERVE_WEB_DIR "/index.html")
ELEVSIM_INCBIN(elevsim_serve_app_js, ELEVSIM_SERVE_WEB_DIR "/app.js")
ELEVSIM_INCBIN(elevsim_serve_app_css, ELEVSIM_SERVE_WEB_DIR "/app.css")

namespace elevsim {
std::string_view serve_index_html() { return elevsim_serve_index_html; }
std::string_view serve_app_js() { return elevsim_serve_app_js; }
std::string_view serve_app_css() { return elevsim_serve_app_css; }
}  // namespace elevsim
