#pragma once
// ELEVSIM_INCBIN(sym, path): the file at `path` (a string literal, resolved by
// the assembler at build time) linked into the executable as the C string
// `sym`, followed by a NUL. The report's vendored Vega-Lite and the
// workbench's page are embedded this way, so the program needs no files
// beside it.
#define ELEVSIM_INCBIN(sym, path)                                \
  asm(".section .rodata\n"                                       \
      ".global " #sym "\n"                                       \
      ".balign 16\n" #sym ":\n"                                  \
      ".incbin \"" path "\"\n"                                   \
      ".byte 0\n"                                                \
      ".previous\n");                                            \
  extern "C" const char sym[];
