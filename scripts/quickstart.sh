#!/usr/bin/env bash
# README command 1: set up, build, and run the baseline scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/elevsim run scenarios/baseline.toml --replications 20 --out outputs/baseline.h5
