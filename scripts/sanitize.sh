#!/usr/bin/env bash
# Part of README command 2 (scripts/test.sh): an AddressSanitizer +
# UndefinedBehaviorSanitizer build with clang in build-san/, which runs the
# fast tests (the slow statistical acceptance runs are left to the release
# build) and each libFuzzer target for a bounded time from its seed corpus.
# Any sanitizer report fails the test that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --all
# build/ first (scripts/build.sh): its vendored report packages are reused
cmake -S . -B build-san -DELEVSIM_SANITIZE=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -ffp-contract=off" \
  -DELEVSIM_REPORT_VENDOR_DIR="$PWD/build/report_vendor" ${ELEVSIM_CMAKE_ARGS:-} >/dev/null
cmake --build build-san -j"$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp"
# The byte sweep of a run file (tests/test_run_file_bytes.cpp) reads 16 388 mutants in
# about 2 min in the release build; here every 4th byte of its 8 KB, both values each
# (4 100 mutants, the issue's four offsets among them), keeps it in the fast set.
export ELEVSIM_BYTES_STRIDE=4
# Slow under the sanitizers and about statistics, not memory: full-population
# and many-replication acceptance runs, the browser and the cluster scripts.
# The optimiser's known-case search (20 evaluations of 8 replications at scale
# 0.3: 66 s of CPU in the release build, about 7 times that here) is about the
# answer; its code runs here in the two smaller optimise tests.
SLOW="full scale|full population|each leaving coefficient|expected-value twin within|common random numbers narrow"
SLOW+="|more budget for an effective|scale 0.1 agrees|BUP capacity matters|smaller leaving hazard|more treatment lowers"
SLOW+="|optimise finds the known best split"
SLOW+="|optimise --target finds the known least budget"
SLOW+="|py_test_report_export|py_test_examples|report_browser|serve_browser|cluster_"
cd build-san
ctest --output-on-failure -j"$(nproc)" -E "$SLOW"
