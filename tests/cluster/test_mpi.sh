#!/usr/bin/env bash
# mpirun -np K gives datasets bit-identical to a single-process run, K = 1, 2, 3.
source "$(dirname "$0")/common.sh"
MPIRUN="$2"
args=(run "$S" -r 7 -s 13 --scale 0.05 -t 1)
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
echo "mpi: ok"
