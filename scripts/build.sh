#!/usr/bin/env bash
# Installs what is missing, then configures and builds elevsim in build/.
#   build.sh --runtime   the simulator only (no tests), from the packages of setup.sh --runtime
#   build.sh [--all]     the simulator and every test
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:---all}"
bash scripts/setup.sh "$MODE"
TESTING=ON
if [ "$MODE" = --runtime ]; then TESTING=OFF; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$TESTING >/dev/null
cmake --build build -j"$(nproc)"
