#!/usr/bin/env bash
# scripts/slurm/ run end to end without a cluster: a stand-in `sbatch` on PATH
# runs each array task and then the dependent merge job locally, the way Slurm
# would (environment exported, SLURM_ARRAY_TASK_ID set). The merged file must
# equal a single run bit for bit.
source "$(dirname "$0")/common.sh"
mkdir bin
cat >bin/sbatch <<'SB'
#!/usr/bin/env bash
set -euo pipefail
array="" script=""
for a in "$@"; do
  case $a in
    --array=*) array=${a#--array=} ;;
    --dependency=*) [[ $a == --dependency=afterok:* ]] || { echo "sbatch stand-in: unexpected $a" >&2; exit 1; } ;;
    --*) ;;
    *) script=$a ;;
  esac
done
echo "$script${array:+ array $array}" >>"$SBATCH_LOG"
if [ -n "$array" ]; then
  n=$((${array#*-} + 1))
  for ((i = 0; i < n; i++)); do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$n SLURM_CPUS_PER_TASK=1 bash "$script" >/dev/null
  done
else
  bash "$script" >/dev/null
fi
echo $((RANDOM + 1000))
SB
chmod +x bin/sbatch
export SBATCH_LOG="$W/sbatch.log" PATH="$W/bin:$PATH"

"$E" run "$S" -r 11 -s 21 --scale 0.05 -q -o single.h5
bash "$SRC/scripts/slurm/submit.sh" -r 11 -n 4 -s 21 -d job -b "$E" -a "--scale 0.05" "$S"
cat sbatch.log
[ "$(ls job/shard-*.h5 | wc -l)" -eq 4 ] || fail "expected 4 shards"
same single.h5 job/run.h5
# more tasks than replications: the extra tasks do nothing, the merge still tiles
bash "$SRC/scripts/slurm/submit.sh" -r 3 -n 5 -s 21 -d job2 -b "$E" -a "--scale 0.05" "$S"
"$E" run "$S" -r 3 -s 21 --scale 0.05 -q -o single3.h5
same single3.h5 job2/run.h5
echo "slurm scripts: ok"
