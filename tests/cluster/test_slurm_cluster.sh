#!/usr/bin/env bash
# scripts/slurm/ through a real Slurm: starts a private one-node cluster
# (munged, slurmctld, slurmd from Debian, all state and sockets in a scratch
# folder, random ports; nothing under /etc is touched), submits the job array
# and the dependent merge with submit.sh and checks the merged file against a
# single run bit for bit. Exits 77 (ctest: skipped), saying why, when the
# daemons are missing or cannot start here; a cluster that starts but gives a
# wrong result fails.
source "$(dirname "$0")/common.sh"
skip() { echo "SKIP: $*"; exit 77; }
for b in munged mungekey slurmctld slurmd sbatch squeue; do
  command -v "$b" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$b" >/dev/null || skip "$b not installed (scripts/setup.sh installs slurmctld slurmd slurm-client munge)"
done
export PATH="$PATH:/usr/sbin"
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root to start jobs"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT
C="$W/slurm"
mkdir -p "$C/state" "$C/spool" "$C/munge"
chmod 711 "$C/munge"
mungekey -c -k "$C/munge/munge.key" 2>/dev/null || skip "mungekey cannot create a key"
munged -F -f --socket="$C/munge/sock" --key-file="$C/munge/munge.key" --pid-file="$C/munge/pid" \
  --log-file="$C/munge/log" --seed-file="$C/munge/seed" >"$C/munge/out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$C/munge/sock" ] && break; sleep 0.1; done
[ -S "$C/munge/sock" ] || skip "munged did not start: $(tail -2 "$C/munge/log" 2>/dev/null)"

port=$((20000 + RANDOM % 20000))
mem=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2))
cat >"$C/slurm.conf" <<CONF
ClusterName=elevsimci
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$C/munge/sock
CredType=cred/munge
StateSaveLocation=$C/state
SlurmdSpoolDir=$C/spool
SlurmctldPidFile=$C/slurmctld.pid
SlurmdPidFile=$C/slurmd.pid
SlurmctldLogFile=$C/slurmctld.log
SlurmdLogFile=$C/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=ci NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=ci Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$C/slurm.conf"
slurmctld -D -i >"$C/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N ci >"$C/slurmd.out" 2>&1 &
pids+=($!)
up=""
for _ in $(seq 100); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then up=1; break; fi
  sleep 0.2
done
[ -n "$up" ] || skip "the one-node cluster did not come up: $(tail -n 2 "$C/slurmctld.log" "$C/slurmd.log" 2>/dev/null | tr '\n' ' ')"
echo "one-node Slurm cluster up on port $port"

"$E" run "$S" -r 9 -s 23 --scale 0.05 -q -o single.h5
bash "$SRC/scripts/slurm/submit.sh" -r 9 -n 3 -s 23 -d job -b "$E" -a "--scale 0.05" -S "--mem=200M --time=5" "$S"
for _ in $(seq 300); do
  [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 0.2
done
[ -z "$(squeue -h)" ] || { squeue; fail "jobs still queued after 60 s"; }
cat job/logs/*.out
[ "$(ls job/shard-*.h5 | wc -l)" -eq 3 ] || fail "expected 3 shards, got: $(ls job)"
[ -e job/run.h5 ] || fail "merge job wrote no run.h5"
same single.h5 job/run.h5
echo "slurm cluster: ok"
