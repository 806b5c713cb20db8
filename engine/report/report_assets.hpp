#pragma once
// Vega, Vega-Lite and vega-embed (minified, from npm), built into the engine.
#include <string_view>

namespace elevsim {
std::string_view vega_js();
std::string_view vega_lite_js();
std::string_view vega_embed_js();
}  // namespace elevsim
