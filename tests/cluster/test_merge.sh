#!/usr/bin/env bash
# Shards of one run (--replication-range) merge into datasets bit-identical to
# a single run; shards of different runs, overlaps and gaps are refused.
source "$(dirname "$0")/common.sh"
run() { "$E" run "$S" "$S2" -r 8 -s 11 --scale 0.05 -q "$@"; }

run -o full.h5
run --replication-range 5:8 -o c.h5
run --replication-range 0:3 -o a.h5
run --replication-range 3:5 -o b.h5
"$E" merge c.h5 a.h5 b.h5 -o merged.h5
same full.h5 merged.h5
/usr/bin/python3 - <<'PY'
import h5py
a, m = h5py.File("c.h5", "r"), h5py.File("merged.h5", "r")
assert list(a["scenarios/baseline/replication"][()]) == [5, 6, 7], a["scenarios/baseline/replication"][()]
assert (a.attrs["replications"], a.attrs["replication_begin"], a.attrs["replication_end"]) == (8, 5, 8)
assert (m.attrs["replications"], m.attrs["replication_begin"], m.attrs["replication_end"]) == (8, 0, 8)
PY

# a shard equals the same replications of the full run
/usr/bin/python3 - <<'PY'
import h5py
f, c = h5py.File("full.h5", "r"), h5py.File("c.h5", "r")
for k in ("mh_disorder", "mh_new_cases"):
    assert f["scenarios/baseline/" + k][5:8].tobytes() == c["scenarios/baseline/" + k][()].tobytes(), k
PY

# refusals: one line, non-zero exit, no output file
run --replication-range 2:6 -o overlap.h5
expect_refusal out.h5 "overlap" "$E" merge a.h5 overlap.h5 c.h5 -o out.h5
expect_refusal out.h5 "replications 3..4 .* in no shard" "$E" merge a.h5 c.h5 -o out.h5
expect_refusal out.h5 "replications 5..7 .* in no shard" "$E" merge a.h5 b.h5 -o out.h5
"$E" run "$S" "$S2" -r 8 -s 12 --scale 0.05 -q --replication-range 3:5 -o seed.h5
expect_refusal out.h5 "seed.h5: not from the same run as a.h5: seed 12 where a.h5 has 11" "$E" merge a.h5 seed.h5 c.h5 -o out.h5
{ cat "$S"; echo "# an edited copy"; } >edited.toml
"$E" --params "$SRC/params" run edited.toml "$S2" -r 8 -s 11 --scale 0.05 -q --replication-range 3:5 -o text.h5
expect_refusal out.h5 "text of scenario baseline differs" "$E" merge a.h5 text.h5 c.h5 -o out.h5
cp -r "$SRC/params" params2 && echo "# edited" >>params2/mental_health.toml
"$E" --params params2 run "$S" "$S2" -r 8 -s 11 --scale 0.05 -q --replication-range 3:5 -o params.h5
expect_refusal out.h5 "parameters of scenario baseline differ" "$E" merge a.h5 params.h5 c.h5 -o out.h5
run --replication-range 3:5 --no-psa -o nopsa.h5
expect_refusal out.h5 "psa 0 where a.h5 has 1" "$E" merge a.h5 nopsa.h5 c.h5 -o out.h5
cp b.h5 version.h5
/usr/bin/python3 -c "import h5py; import numpy; h5py.File('version.h5', 'r+').attrs['engine_version'] = numpy.bytes_(b'0.0.1')"
expect_refusal out.h5 "engine version 0.0.1 where a.h5 has" "$E" merge a.h5 version.h5 c.h5 -o out.h5
expect_refusal out.h5 "replication-range" "$E" run "$S" -r 8 --replication-range 6:9 -q -o out.h5
expect_refusal out.h5 "replication-range" "$E" run "$S" -r 8 --replication-range 3 -q -o out.h5
echo "merge: ok"
