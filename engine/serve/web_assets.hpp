#pragma once
// The page's own files (engine/serve/web/), built into the engine (serve.cmake).
#include <string_view>

namespace elevsim {
std::string_view serve_index_html();
std::string_view serve_app_js();
std::string_view serve_app_css();
}  // namespace elevsim
