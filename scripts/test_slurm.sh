#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# scripts/test_slurm.sh TCESIM: a sharded sweep as a Slurm array job on a
# throw-away single-node cluster (`make test-slurm`, which installs
# slurm-wlm and munge first; not part of `make test`).
#
# Starts munged on a private socket, then slurmctld and slurmd from a
# slurm.conf written into a temporary directory (this host as the only
# node, private ports, no cgroups, no accounting), submits
#   sbatch --array=0-N-1 --wait ... --shard $SLURM_ARRAY_TASK_ID/N
# merges the parts with `tcesim sweep merge` and compares the result with
# the same sweep run unsharded, byte for byte. Every daemon it started is
# stopped and the directory removed on exit, whatever happens. Needs root
# (the daemons run as root here).
set -u
T=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${SLURM_TEST_SHARDS:-4}
D=$(mktemp -d /tmp/tcesim-slurm.XXXXXX)
chmod 755 "$D"
pids=""

say() { echo "test-slurm: $*"; }
stop() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.5
		done
		kill -9 "$p" 2>/dev/null
	done
	[ -n "${KEEP_SLURM_DIR:-}" ] || rm -rf "$D"
}
trap stop EXIT
trap 'exit 1' INT TERM
die() {
	say "FAIL: $*"
	for f in "$D"/*.log; do
		[ -f "$f" ] && { echo "--- $f"; tail -15 "$f"; }
	done
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root (it starts slurmctld, slurmd and munged)"
for c in munged slurmctld slurmd sbatch sinfo; do
	command -v "$c" >/dev/null || die "$c not found (make test-slurm installs slurm-wlm and munge)"
done

# munge: a daemon of our own on a private socket, with the package's key.
KEY=/etc/munge/munge.key
[ -r "$KEY" ] || die "no munge key $KEY"
munged --force --socket="$D/munge.sock" --pid-file="$D/munged.pid" \
	--log-file="$D/munged.log" --seed-file="$D/munged.seed" \
	--key-file="$KEY" || die "munged did not start"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$D/munged.pid" ] && break
	sleep 0.2
done
pids="$(cat "$D/munged.pid")"

host=$(hostname -s)
cpus=$(nproc)
port=$((20000 + $$ % 20000))
mkdir -p "$D/state" "$D/spool"
cat >"$D/slurm.conf" <<EOC
ClusterName=tcesim-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$D/munge.sock
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOC
export SLURM_CONF="$D/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" >"$D/slurmctld.out.log" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" >"$D/slurmd.out.log" 2>&1 &
pids="$pids $!"
up=""
for _ in $(seq 1 60); do
	if sinfo -h -o %t 2>/dev/null | grep -q idle; then
		up=1
		break
	fi
	sleep 0.5
done
[ -n "$up" ] || die "the node did not come up (sinfo: $(sinfo 2>&1 | tail -1))"
say "slurmctld and slurmd up on $host ($cpus CPUs), port $port"

GRID="--grid entries=16,64,256 --grid io_page=4K,64K,16M --set region=4M --requests 2000 --quiet"
cd "$D" || die "cd $D"
# shellcheck disable=SC2086
"$T" sweep $GRID --csv whole.csv --json whole.json 2>whole.err ||
	die "the unsharded sweep failed: $(cat whole.err)"
# The array job the docs describe (docs/whatif.md).
sbatch --wait --array=0-$((N - 1)) --output="$D/task-%a.log" \
	--job-name=tcesim-sweep --cpus-per-task=1 \
	--wrap "'$T' sweep $GRID --jobs 1 --shard \$SLURM_ARRAY_TASK_ID/$N --csv part.\$SLURM_ARRAY_TASK_ID.csv --json part.\$SLURM_ARRAY_TASK_ID.json" \
	>sbatch.log 2>&1 || die "sbatch --wait failed: $(cat sbatch.log)"
say "$(cat sbatch.log)"
for i in $(seq 0 $((N - 1))); do
	[ -s "part.$i.csv" ] || die "array task $i wrote no part.$i.csv ($(cat "task-$i.log" 2>/dev/null))"
done
"$T" sweep merge part.*.csv -o all.csv --quiet || die "merge of the CSV parts failed"
"$T" sweep merge part.*.json -o all.json --quiet || die "merge of the JSON parts failed"
cmp whole.csv all.csv || die "the merged CSV differs from the unsharded run"
cmp whole.json all.json || die "the merged JSON differs from the unsharded run"
say "OK: $N array tasks merged into the unsharded bytes ($(($(wc -l <all.csv) - 1)) points)"
