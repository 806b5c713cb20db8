#!/bin/bash
# Paired A/B of elevsim builds: ROUNDS rounds; each round runs every binary's
# `bench` once, in an order rotated from round to round, and each binary's rate
# is divided by the first binary's rate in the same round. The machine's speed
# drifts between rounds more than builds differ; ratios within a round cancel it.
#
#   scripts/ab_bench.sh ROUNDS [DIR:]BINARY [DIR:]BINARY ...
#
# DIR: the tree a binary runs in (its own params/; default: this tree). BENCH
# sets bench's options (default "-t 2 -r 2"). Prints, per thread count, each
# binary's median rate and the median and quartiles of its paired ratios, then
# the median module seconds of thread 0. Builds nothing: build each commit in
# its own worktree first (README, "What readable rules cost").
set -euo pipefail
if [ $# -lt 3 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 ROUNDS [DIR:]BINARY [DIR:]BINARY ... (ROUNDS >= 1, at least two binaries)" >&2
  exit 2
fi
rounds=$1; shift
here=$(cd "$(dirname "$0")/.." && pwd)
specs=("$@"); nb=${#specs[@]}
bins=(); dirs=()
for spec in "${specs[@]}"; do
  b=${spec#*:}; d=${spec%%:*}; [ "$d" = "$spec" ] && d=$here
  [ -f "$b" ] && [ -x "$b" ] || { echo "$0: $b: not an executable file" >&2; exit 2; }
  [ -d "$d/params" ] || { echo "$0: $d: no params/ there" >&2; exit 2; }
  bins+=("$(realpath "$b")"); dirs+=("$(realpath "$d")")  # each runs in its own tree
done
out=$(mktemp); trap 'rm -f "$out"' EXIT
for i in $(seq "$rounds"); do
  for k in $(seq 0 $((nb - 1))); do
    j=$(( (k + i) % nb )); spec=${specs[$j]}; b=${bins[$j]}; d=${dirs[$j]}
    # shellcheck disable=SC2086
    (cd "$d" && "$b" bench ${BENCH:--t 2 -r 2} 2>&1) |
      awk -v r="$i" -v n="$spec" '/^threads [0-9]+:/{t=$2} /^ +full model/{print r, n, t, $3}
                                  /thread 0, seconds/{print r, n, "mod", $0}' >> "$out"
  done
  echo "round $i of $rounds done" >&2
done
/usr/bin/python3 - "$out" "${specs[@]}" <<'PY'
import collections, re, statistics as st, sys
out, specs = sys.argv[1], sys.argv[2:]
rate = collections.defaultdict(dict)
mods = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(out):
    p = line.split()
    if p[2] == "mod":
        for k, v in re.findall(r"(\w+) ([0-9.]+)", line.split("seconds:")[1]):
            mods[p[1]][k].append(float(v))
    else:
        rate[(p[1], p[2])][int(p[0])] = float(p[3])
for t in sorted({k[1] for k in rate}):
    print("threads", t, "full model, M person-years/s/thread")
    base = rate[(specs[0], t)]
    for s in specs:
        r = rate[(s, t)]
        ratios = sorted(r[i] / base[i] for i in r if i in base)
        q = lambda f: ratios[min(len(ratios) - 1, int(f * len(ratios)))]
        print("  %-50s median %6.2f   ratio to the first: median %.3f [quartiles %.3f, %.3f], %d rounds"
              % (s[-50:], st.median(r.values()), st.median(ratios), q(0.25), q(0.75), len(ratios)))
keys = ["synthesis", "schooling", "help_seeking", "services", "mental_health"]
print("module seconds, thread 0 (medians):")
print("  %-50s" % "" + "".join("%14s" % k for k in keys))
for s in specs:
    print("  %-50s" % s[-50:] + "".join("%14.4f" % st.median(mods[s][k]) for k in keys))
PY
