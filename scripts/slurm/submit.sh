#!/usr/bin/env bash
# Submits a job array of N shard tasks and a merge job that waits for them.
#   scripts/slurm/submit.sh -r 1000 -n 20 -s 7 -d runs/2025-psa scenarios/baseline.toml scenarios/x.toml
# Options: -r replications (default 1000), -n tasks (default 10), -s seed
# (default 20250101), -d output folder (default runs/<date-time>), -b elevsim
# binary (default build/elevsim), -p params folder, -a "extra elevsim run
# options", -S "extra sbatch options" (e.g. "--partition=short --account=x").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
R=1000 N=10 SEED=20250101 DIR="runs/$(date +%Y%m%d-%H%M%S)" BIN="$here/../../build/elevsim" PARAMS="" ARGS="" SB=""
while getopts "r:n:s:d:b:p:a:S:h" o; do
  case $o in
    r) R=$OPTARG ;; n) N=$OPTARG ;; s) SEED=$OPTARG ;; d) DIR=$OPTARG ;; b) BIN=$OPTARG ;;
    p) PARAMS=$OPTARG ;; a) ARGS=$OPTARG ;; S) SB=$OPTARG ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "submit.sh: give at least one scenario file" >&2; exit 2; }
[ -x "$BIN" ] || { echo "submit.sh: $BIN is not an executable elevsim (-b)" >&2; exit 2; }
[ "$N" -ge 1 ] && [ "$R" -ge 1 ] || { echo "submit.sh: -r and -n must be >= 1" >&2; exit 2; }
mkdir -p "$DIR/logs"
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
scen=()
for s in "$@"; do scen+=("$(abs "$s")"); done
export ELEVSIM="$(abs "$BIN")" ELEVSIM_REPLICATIONS="$R" ELEVSIM_SEED="$SEED" ELEVSIM_TASKS="$N"
export ELEVSIM_DIR="$(abs "$DIR")" ELEVSIM_SCENARIOS="${scen[*]}" ELEVSIM_ARGS="$ARGS"
export ELEVSIM_PARAMS="${PARAMS:+$(abs "$PARAMS")}"
# shellcheck disable=SC2086 # $SB holds several sbatch options on purpose
array=$(sbatch --parsable --export=ALL $SB --array=0-$((N - 1)) --output="$ELEVSIM_DIR/logs/shard-%a.out" \
  "$here/array.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --export=ALL $SB --dependency=afterok:"$array" --output="$ELEVSIM_DIR/logs/merge.out" \
  "$here/merge.sbatch")
echo "array job $array ($N tasks, $R replications), merge job ${merge%%;*} -> $ELEVSIM_DIR/run.h5"
