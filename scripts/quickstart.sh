#!/usr/bin/env bash
# README command 1: install what building and running need (setup.sh --runtime),
# build the simulator, and run the default scenario comparison:
# the baseline against two grant schemes, 20 replications on the full population.
# Prints the summary and the comparison table, and leaves outputs/baseline.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --runtime
./build/elevsim run scenarios/baseline.toml scenarios/kompetansetiltak-2021.toml scenarios/los-followup.toml \
  --replications 20 --out outputs/baseline.h5
echo
./build/elevsim compare outputs/baseline.h5
