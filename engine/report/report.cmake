# The HTML report embeds Vega, Vega-Lite and vega-embed. They are installed
# from the npm registry at build time at the versions pinned in
# package-lock.json (into the build tree, never the source tree) and linked into
# the engine with .incbin, so the binary writes a report that needs no network.
find_program(NPM_EXECUTABLE npm REQUIRED)
# npm carries its own list of certificate authorities; trust the machine's, as
# apt and curl do, so a site's TLS-inspecting proxy works when the system trusts it.
set(NPM_CA_ARGS)
if(EXISTS /etc/ssl/certs/ca-certificates.crt)
  set(NPM_CA_ARGS --cafile=/etc/ssl/certs/ca-certificates.crt)
endif()
set(REPORT_VENDOR_DIR ${CMAKE_BINARY_DIR}/report_vendor)
file(MAKE_DIRECTORY ${REPORT_VENDOR_DIR})
set(REPORT_VENDOR_FILES
    ${REPORT_VENDOR_DIR}/node_modules/vega/build/vega.min.js
    ${REPORT_VENDOR_DIR}/node_modules/vega-lite/build/vega-lite.min.js
    ${REPORT_VENDOR_DIR}/node_modules/vega-embed/build/vega-embed.min.js)
add_custom_command(
  OUTPUT ${REPORT_VENDOR_FILES} ${REPORT_VENDOR_DIR}/node_modules/playwright-core/package.json
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/engine/report/package.json
          ${CMAKE_SOURCE_DIR}/engine/report/package-lock.json ${REPORT_VENDOR_DIR}
  COMMAND ${NPM_EXECUTABLE} ci ${NPM_CA_ARGS} --ignore-scripts --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${REPORT_VENDOR_FILES}
  WORKING_DIRECTORY ${REPORT_VENDOR_DIR}
  DEPENDS ${CMAKE_SOURCE_DIR}/engine/report/package.json ${CMAKE_SOURCE_DIR}/engine/report/package-lock.json
  COMMENT "npm ci: vendoring Vega-Lite for the HTML report"
  VERBATIM)
add_custom_target(report_vendor DEPENDS ${REPORT_VENDOR_FILES})
target_sources(elevsim_report PRIVATE ${CMAKE_SOURCE_DIR}/engine/report/vendor_assets.cpp)
set_source_files_properties(${CMAKE_SOURCE_DIR}/engine/report/vendor_assets.cpp PROPERTIES
  OBJECT_DEPENDS "${REPORT_VENDOR_FILES}"
  COMPILE_DEFINITIONS "ELEVSIM_REPORT_VENDOR_DIR=\"${REPORT_VENDOR_DIR}/node_modules\"")
add_dependencies(elevsim_report report_vendor)
