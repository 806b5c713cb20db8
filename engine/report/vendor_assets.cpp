// The charting library's files, linked into the engine at build time (see
// report.cmake). Each is followed by a NUL so it can be read as a C string.
#include "report_assets.hpp"
#include "incbin.hpp"


ELEVSIM_INCBIN(elevsim_vega_js, ELEVSIM_REPORT_VENDOR_DIR "/vega/build/vega.min.js")
ELEVSIM_INCBIN(elevsim_vega_lite_js, ELEVSIM_REPORT_VENDOR_DIR "/vega-lite/build/vega-lite.min.js")
ELEVSIM_INCBIN(elevsim_vega_embed_js, ELEVSIM_REPORT_VENDOR_DIR "/vega-embed/build/vega-embed.min.js")

namespace elevsim {
std::string_view vega_js() { return elevsim_vega_js; }
std::string_view vega_lite_js() { return elevsim_vega_lite_js; }
std::string_view vega_embed_js() { return elevsim_vega_embed_js; }
}  // namespace elevsim
