#!/usr/bin/env bash
# mpirun -np K gives datasets bit-identical to a single-process run, K = 1, 2, 3.
source "$(dirname "$0")/common.sh"
MPIRUN="$2"
args=(run "$S" "$S2" -r 7 -s 13 --scale 0.05 -t 1)
"$E" "${args[@]}" -q -o single.h5
for K in 1 2 3; do
  "$MPIRUN" --oversubscribe --allow-run-as-root -np "$K" "$E" "${args[@]}" -o "mpi$K.h5" >/dev/null 2>log.txt ||
    { cat log.txt >&2; fail "mpirun -np $K"; }
  if [ "$K" -gt 1 ]; then grep -q "$K MPI ranks" log.txt || { cat log.txt >&2; fail "-np $K did not run $K ranks"; }; fi
  same single.h5 "mpi$K.h5"
done
# a slice split across ranks is the same slice
"$MPIRUN" --oversubscribe --allow-run-as-root -np 2 "$E" "${args[@]}" -q --replication-range 2:7 -o slice.h5
/usr/bin/python3 - <<'PY'
import h5py
s, f = h5py.File("slice.h5", "r"), h5py.File("single.h5", "r")
assert list(s["scenarios/baseline/replication"][()]) == [2, 3, 4, 5, 6]
assert s["scenarios/baseline/mh_disorder"][()].tobytes() == f["scenarios/baseline/mh_disorder"][2:7].tobytes()
PY
# more ranks than replications: the idle rank sends nothing
"$MPIRUN" --oversubscribe --allow-run-as-root -np 3 "$E" run "$S" -r 2 -s 13 --scale 0.05 -t 1 -q -o two_mpi.h5
"$E" run "$S" -r 2 -s 13 --scale 0.05 -q -o two.h5
same two.h5 two_mpi.h5
# checkpoints under MPI, and a checkpoint resumed by 3 ranks (a shard written
# under the checkpoint's name stands in for the batch an interrupted run left)
"$MPIRUN" --oversubscribe --allow-run-as-root -np 2 "$E" "${args[@]}" -q --checkpoint-every 2 -o ck.h5
same single.h5 ck.h5
mkdir res.h5.checkpoint
"$E" "${args[@]}" -q --replication-range 0:3 -o res.h5.checkpoint/reps-0000000-0000003.h5
"$MPIRUN" --oversubscribe --allow-run-as-root -np 3 "$E" "${args[@]}" --resume -o res.h5 >/dev/null 2>log.txt
grep -q "replications 0..2 are done" log.txt || { cat log.txt >&2; fail "did not resume"; }
[ ! -e res.h5.checkpoint ] || fail "checkpoint left after a finished run"
same single.h5 res.h5
# a refused resume stops every rank with one message
mkdir bad.h5.checkpoint
"$E" run "$S" "$S2" -r 7 -s 14 --scale 0.05 -q --replication-range 0:3 -o bad.h5.checkpoint/reps-0000000-0000003.h5
if "$MPIRUN" --oversubscribe --allow-run-as-root -np 3 "$E" "${args[@]}" -q --resume -o bad.h5 2>log.txt; then
  fail "resumed a checkpoint of seed 14 as seed 13"
fi
[ "$(grep -c "elevsim: error" log.txt)" -eq 1 ] || { cat log.txt >&2; fail "expected one error line"; }
[ ! -e bad.h5 ] || fail "bad.h5 written"
echo "mpi: ok"
