#!/usr/bin/env bash
# README command 1: install what building and running need (setup.sh --runtime),
# build the simulator, and run the default scenario comparison:
# the baseline against two grant schemes, 20 replications on the full population,
# with the effect ladder (--ladder: what 10 MNOK a year buys in each intervention,
# paired with the baseline). Prints the summary and the comparison table, leaves
# outputs/baseline.h5 and its report in bokmål (outputs/baseline.html) and English
# (outputs/baseline.en.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --runtime
./build/elevsim run scenarios/baseline.toml scenarios/kompetansetiltak-2021.toml scenarios/los-followup.toml \
  --replications 20 --ladder --out outputs/baseline.h5 --force
echo
./build/elevsim compare outputs/baseline.h5
echo
# the report needs the build's vendored Vega-Lite (npm); without it elevsim says so and the run still stands
./build/elevsim report outputs/baseline.h5 --force || true
./build/elevsim report outputs/baseline.h5 --lang en -o outputs/baseline.en.html --force || true
