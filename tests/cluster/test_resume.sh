#!/usr/bin/env bash
# A checkpointed run killed with SIGKILL (twice) and resumed finishes with
# datasets bit-identical to an uninterrupted run, and never leaves a file
# under the output's name before it is complete.
source "$(dirname "$0")/common.sh"
args=(run "$S" "$S2" -r 20 -s 17 --scale 0.1 -q)
"$E" "${args[@]}" -o ref.h5

shards() { ls out.h5.checkpoint/*.h5 2>/dev/null | wc -l; }
# start a run, wait for at least $1 checkpoint shards, kill it hard
run_and_kill() {
  "$E" "${args[@]}" -t 1 --checkpoint-every 1 -o out.h5 "${@:2}" 2>/dev/null &
  local pid=$!
  for _ in $(seq 1 2000); do
    [ "$(shards)" -ge "$1" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill -KILL "$pid" 2>/dev/null || fail "the run finished before it could be killed: give it more replications"
  wait "$pid" 2>/dev/null || true
  [ ! -e out.h5 ] || fail "out.h5 exists after SIGKILL"
  echo "killed with $(shards) checkpoint shard(s)"
}
run_and_kill 3
# every shard left behind is complete and readable
for f in out.h5.checkpoint/*.h5; do /usr/bin/python3 -c "import h5py,sys; h5py.File(sys.argv[1],'r')['scenarios/baseline/mh_disorder'][()]" "$f"; done

expect_refusal out.h5 "pass --resume" "$E" "${args[@]}" -o out.h5
expect_refusal out.h5 "seed 17 where this run (--out out.h5) has 18" "$E" run "$S" "$S2" -r 20 -s 18 --scale 0.1 -q --resume -o out.h5
expect_refusal out.h5 "replications 20 where this run (--out out.h5) has 80" "$E" run "$S" "$S2" -r 80 -s 17 --scale 0.1 -q --resume -o out.h5
{ cat "$S"; echo "# an edited copy"; } >edited.toml
expect_refusal out.h5 "text of scenario baseline differs" \
  "$E" --params "$SRC/params" run edited.toml "$S2" -r 20 -s 17 --scale 0.1 -q --resume -o out.h5

before=$(shards)
run_and_kill $((before + 3)) --resume
# what a writer killed mid-file leaves (its PID gone) is cleaned up by --resume
touch out.h5.partial-999999999 out.h5.checkpoint/reps-0000001-0000002.h5.partial-999999999
"$E" "${args[@]}" --resume -o out.h5
[ ! -e out.h5.partial-999999999 ] || fail "stale temporary output left"
[ ! -e out.h5.checkpoint ] || fail "checkpoint left after a finished run"
same ref.h5 out.h5
# a finished run with --resume and no checkpoint simply runs
"$E" "${args[@]}" --resume --checkpoint-every 7 -o again.h5 2>/dev/null
same ref.h5 again.h5
echo "resume: ok"
