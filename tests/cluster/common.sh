# Shared by the cluster tests: sourced with $1 = the elevsim binary.
set -euo pipefail
E="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$(cd "$HERE/../.." && pwd)"
S="$SRC/scenarios/baseline.toml"
# a second scenario with spending: exercises /comparisons (paired differences and their summaries)
S2="$SRC/scenarios/package-per-capita.toml"
W="$(mktemp -d /tmp/elevsim-cluster-XXXXXX)"
trap 'rm -rf "$W"' EXIT
cd "$W"

fail() { echo "FAIL: $*" >&2; exit 1; }
same() { /usr/bin/python3 "$HERE/same_datasets.py" "$1" "$2" || fail "$2 differs from $1"; }

# expect_refusal OUT PATTERN CMD...: CMD must exit non-zero with one stderr
# line matching PATTERN and leave no OUT.
expect_refusal() {
  local out="$1" pattern="$2"
  shift 2
  if "$@" 2>err.txt >/dev/null; then fail "accepted: $*"; fi
  [ "$(wc -l <err.txt)" -eq 1 ] || { cat err.txt >&2; fail "not one line on stderr: $*"; }
  grep -q -- "$pattern" err.txt || { cat err.txt >&2; fail "message lacks '$pattern': $*"; }
  [ ! -e "$out" ] || fail "$out written by: $*"
  echo "refused as expected: $(cat err.txt)"
}
