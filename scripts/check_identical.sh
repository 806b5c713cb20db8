#!/usr/bin/env bash
# Before/after identity check for optimisations: runs every shipped scenario
# (scenarios/*.toml, each after the baseline so the comparisons are checked
# too) with two binaries at a fixed seed, small scale and few replications,
# and compares every dataset and attribute bit for bit (scripts/compare_h5.py;
# build and time attributes aside). Exit 0 when all are identical.
#
#   scripts/check_identical.sh REF NEW [--scale S] [--reps R] [--threads T]
#
# REF and NEW are elevsim binaries, or git revisions (a commit, a branch, main),
# which are built once into ~/.cache/elevsim-ref/<commit>/ (Release, target
# elevsim only) and reused afterwards. Both use this checkout's scenarios/ and
# params/, so only the engine differs. REF runs on 1 thread and NEW on T
# (default 2): results must not depend on the thread count either.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scale=0.03 reps=3 threads=2 seed=20250101
[[ $# -ge 2 ]] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ref=$1 new=$2
shift 2
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "check_identical.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# A binary as given, or the elevsim of a git revision, built once and cached.
binary_for() {
  local what=$1
  if [[ -x $what && ! -d $what ]]; then realpath "$what"; return; fi
  local commit
  commit=$(git rev-parse --verify "$what^{commit}" 2>/dev/null) ||
    { echo "check_identical.sh: $what is neither an executable nor a git revision" >&2; exit 2; }
  local cache=${ELEVSIM_REF_CACHE:-$HOME/.cache/elevsim-ref}/$commit
  if [[ ! -x $cache/build/elevsim ]]; then
    echo "building elevsim at $commit into $cache (once)" >&2
    rm -rf "$cache" && mkdir -p "$cache"
    git archive "$commit" | tar -x -C "$cache/"
    # CMAKE_CXX_COMPILER_LAUNCHER from the environment (e.g. ccache) is honoured by cmake itself
    cmake -S "$cache" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >"$cache/cmake.log" 2>&1
    cmake --build "$cache/build" -j2 --target elevsim >"$cache/build.log" 2>&1 ||
      { echo "check_identical.sh: building $commit failed, see $cache/build.log" >&2; exit 2; }
  fi
  echo "$cache/build/elevsim"
}

ref_bin=$(binary_for "$ref")
new_bin=$(binary_for "$new")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ref" "$work/new"

fail=0
for scen in scenarios/*.toml; do
  name=$(basename "$scen" .toml)
  if [[ $name == baseline ]]; then files=("$scen"); else files=(scenarios/baseline.toml "$scen"); fi
  for side in ref new; do
    bin=$ref_bin t=1
    [[ $side == new ]] && bin=$new_bin t=$threads
    "$bin" run "${files[@]}" -r "$reps" -s "$seed" --scale "$scale" -t "$t" -q \
      -o "$work/$side/$name.h5" >"$work/$side/$name.log" 2>&1 ||
      { echo "FAIL $name: $side run failed:"; cat "$work/$side/$name.log"; fail=1; continue 2; }
  done
  if /usr/bin/python3 scripts/compare_h5.py "$work/ref/$name.h5" "$work/new/$name.h5" >"$work/diff.txt"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    cat "$work/diff.txt"
    fail=1
  fi
done
[[ $fail == 0 ]] && echo "identical: every dataset of every scenario (scale $scale, $reps replications, seed $seed)"
exit $fail
