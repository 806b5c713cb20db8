#!/usr/bin/env bash
# README command 2 (and CI): set up, build, and run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
