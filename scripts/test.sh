#!/usr/bin/env bash
# README command 2 (and CI): install everything the tests use (setup.sh --all),
# build the simulator and the tests, and run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --all
cd build
ctest --output-on-failure -j"$(nproc)"
