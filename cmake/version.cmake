# Writes version.hpp: the project version plus the git commit the engine was
# built from (with -dirty when tracked files differ from it), so every run file
# says which code wrote it. Run at every build; the header is rewritten only
# when the text changes, so nothing recompiles unless HEAD or the dirt did.
# Without git or outside a work tree (a tarball) the commit is "unknown".
# Inputs: SRC (source dir), IN (template), OUT (header), VERSION.
set(commit "unknown")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE AND EXISTS "${SRC}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} -C "${SRC}" rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE sha RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(rc EQUAL 0 AND sha)
    set(commit "${sha}")
    execute_process(COMMAND ${GIT_EXECUTABLE} -C "${SRC}" status --porcelain --untracked-files=no
                    OUTPUT_VARIABLE dirt RESULT_VARIABLE rc2 ERROR_QUIET)
    if(rc2 EQUAL 0 AND NOT dirt STREQUAL "")
      set(commit "${commit}-dirty")
    endif()
  endif()
endif()
set(ELEVSIM_VERSION "${VERSION}")
set(ELEVSIM_COMMIT "${commit}")
configure_file("${IN}" "${OUT}.tmp" @ONLY)
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
