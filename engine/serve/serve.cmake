# `elevsim serve`: the planners' workbench in the browser. The HTTP server is
# Debian's cpp-httplib (libcpp-httplib-dev: one small library, threads and
# sockets only, nothing else to install; Boost.Beast would need Boost.Asio's
# coroutine plumbing for the same few routes). The page's HTML, JavaScript and
# CSS live in engine/serve/web/ and are linked into the engine with .incbin
# like the report's Vega-Lite, so the binary serves them with no file around it.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
target_link_libraries(elevsim_serve PUBLIC PkgConfig::HTTPLIB)
set(SERVE_WEB_FILES
    ${CMAKE_SOURCE_DIR}/engine/serve/web/index.html
    ${CMAKE_SOURCE_DIR}/engine/serve/web/app.js
    ${CMAKE_SOURCE_DIR}/engine/serve/web/app.css)
target_sources(elevsim_serve PRIVATE ${CMAKE_SOURCE_DIR}/engine/serve/web_assets.cpp)
set_source_files_properties(${CMAKE_SOURCE_DIR}/engine/serve/web_assets.cpp PROPERTIES
  OBJECT_DEPENDS "${SERVE_WEB_FILES}"
  COMPILE_DEFINITIONS "ELEVSIM_SERVE_WEB_DIR=\"${CMAKE_SOURCE_DIR}/engine/serve/web\"")
