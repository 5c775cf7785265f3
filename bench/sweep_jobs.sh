#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/sweep_jobs.sh TCESIM [JOBS] [ROUNDS]: the speed-up of
# `tcesim sweep --jobs JOBS` (default: every CPU) over --jobs 1 on a
# 48-point sweep, the two run alternately ROUNDS times (default 3); the
# best wall time of each is kept (the run least disturbed by other work
# on a shared machine); for each run the CPU time other processes used
# meanwhile is shown (from /proc/stat), so a disturbed run is visible.
# Every run's CSV must be the same bytes. Not part of the tests.
set -eu
T=${1:?usage: bench/sweep_jobs.sh TCESIM [JOBS] [ROUNDS]}
J=${2:-$(nproc)}
R=${3:-3}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

GRID="--grid entries=16,64,256,1024 --grid io_page=4K,64K,16M \
--grid seed=1,2,3,4 --set region=64M --requests 400000 --quiet"

now() { date +%s.%N; }
# CPU seconds every process of the machine has used (user+nice+sys+irq+softirq+steal)
busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
best1="" bestj=""
for r in $(seq 1 "$R"); do
	for j in 1 "$J"; do
		b0=$(busy)
		t0=$(now)
		# shellcheck disable=SC2086
		/usr/bin/time -f "%U %S" -o "$D/cpu" "$T" sweep $GRID --jobs "$j" \
			--csv "$D/out.$j.$r.csv"
		t1=$(now)
		b1=$(busy)
		wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
		cpu=$(awk '{ print $1 + $2 }' "$D/cpu")
		others=$(awk -v a="$b0" -v b="$b1" -v c="$cpu" 'BEGIN { o = b - a - c; print o < 0 ? 0 : o }')
		printf 'round %s  --jobs %-3s wall %7.2f s  cpu %7.2f s  other processes %6.2f cpu s\n' \
			"$r" "$j" "$wall" "$cpu" "$others"
		cmp -s "$D/out.1.1.csv" "$D/out.$j.$r.csv" ||
			{ echo "output of --jobs $j (round $r) differs"; exit 1; }
		if [ "$j" = 1 ]; then
			best1=$(echo "$wall" | awk -v b="$best1" '{ print (b == "" || $1 < b) ? $1 : b }')
		else
			bestj=$(echo "$wall" | awk -v b="$bestj" '{ print (b == "" || $1 < b) ? $1 : b }')
		fi
	done
done
awk -v a="$best1" -v b="$bestj" -v j="$J" 'BEGIN {
	printf "best wall: --jobs 1 %.2f s, --jobs %d %.2f s: speed-up %.2fx\n", a, j, b, a / b }'
