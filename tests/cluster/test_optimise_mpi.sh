#!/usr/bin/env bash
# `mpirun -np K elevsim optimise` spreads each candidate's replications over the
# ranks and gives a trace, answer and files bit-identical to one process, with
# constraints (per county, chance form), the risk form and a --target search.
source "$(dirname "$0")/common.sh"
MPIRUN="$2"
P="$SRC/scenarios/portfolio-2015.toml"
args=(optimise "$P" -r 5 -s 7 --scale 0.02 -t 1 -e 6 --constraint "bup_wait_weeks[county]<=today+1"
      --constraint "noncompletion_ses_gap<=base+0.5@0.8" --risk-quantile 0.2)
"$E" "${args[@]}" --budget 203.25e6 -q -o single.h5 >/dev/null
"$MPIRUN" --oversubscribe --allow-run-as-root -np 2 "$E" "${args[@]}" --budget 203.25e6 -o mpi2.h5 >/dev/null 2>log.txt ||
  { cat log.txt >&2; fail "mpirun -np 2 optimise"; }
grep -q "2 MPI ranks" log.txt || { cat log.txt >&2; fail "-np 2 did not run 2 ranks"; }
same single.h5 mpi2.h5
cmp single.best.toml mpi2.best.toml || fail "best scenario files differ"
# the least budget for a target: every bisection step the same on 2 ranks (-r 3: one rank has one replication more)
targs=(optimise "$P" -r 3 -s 7 --scale 0.02 -t 1 -e 2 --target dropouts_avoided=8 --budget-max 203.25e6 --target-tolerance 0.3)
"$E" "${targs[@]}" -q -o t1.h5 >/dev/null
"$MPIRUN" --oversubscribe --allow-run-as-root -np 2 "$E" "${targs[@]}" -q -o t2.h5 >/dev/null 2>log.txt ||
  { cat log.txt >&2; fail "mpirun -np 2 optimise --target"; }
same t1.h5 t2.h5
# scripts/slurm/optimise.sbatch with a stand-in srun that starts 2 MPI ranks
mkdir bin
printf '#!/usr/bin/env bash\n[ "$1" = --cpu-bind=cores ] && shift\nexec %q --oversubscribe --allow-run-as-root -np 2 "$@"\n' "$MPIRUN" >bin/srun
chmod +x bin/srun
PATH="$W/bin:$PATH" ELEVSIM="$E" ELEVSIM_BASE="$P" ELEVSIM_OUT="$W/slurm.h5" SLURM_CPUS_PER_TASK=1 \
  ELEVSIM_ARGS="--budget 203.25e6 -r 5 -s 7 --scale 0.02 -e 6 --constraint bup_wait_weeks[county]<=today+1 \
  --constraint noncompletion_ses_gap<=base+0.5@0.8 --risk-quantile 0.2 -q" bash "$SRC/scripts/slurm/optimise.sbatch" >/dev/null
same single.h5 slurm.h5
# bad input under MPI: one line, no output
if "$MPIRUN" --oversubscribe --allow-run-as-root -np 2 "$E" optimise "$P" --budget 1e6 --constraint "happiness <= 3" \
  -q -o bad.h5 2>log.txt >/dev/null; then fail "accepted an unknown output under MPI"; fi
[ "$(grep -c "elevsim: error" log.txt)" -eq 1 ] || { cat log.txt >&2; fail "expected one error line"; }
grep -q "unknown output" log.txt || { cat log.txt >&2; fail "the error does not name the unknown output"; }
[ ! -e bad.h5 ] || fail "bad.h5 written"
echo "optimise mpi: ok"
