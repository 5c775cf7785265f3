#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_sweep_jobs: `tcesim sweep --jobs N` writes the same bytes (CSV,
# JSON, plot data and scripts) for every N, including a grid with a
# failing point; a worker killed in the middle of a point fails only
# that point (its row says so, the others are the same bytes), exit 1.
# Usage: sim_sweep_jobs.sh TCESIM
set -u
T=$1
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
export TCESIM_NO_GNUPLOT=1	# the plot data and scripts are compared

# A 24-point grid whose points take different times, one failing point
# per value of entries (5 levels of 4K pages cannot be built).
GRID="--grid entries=16,256 --grid levels=1,2,5 --grid io_page=4K,64K,16M,256M \
--set region=16M --set workload=scatter --requests 800 --quiet"

for j in 1 2 3 7; do
	# shellcheck disable=SC2086
	"$T" sweep $GRID --jobs $j --csv "$D/j$j.csv" --json "$D/j$j.json" \
		--plot "$D/plot$j" --plot-x levels 2>"$D/err$j"
	rc=$?
	[ "$rc" -eq 1 ] || { echo "FAIL: --jobs $j exited $rc (want 1: failed points)"; cat "$D/err$j"; fail=1; }
done
n=$(grep -c ',error,' "$D/j1.csv")
[ "$n" -gt 0 ] || { echo "FAIL: no failing point in the grid"; fail=1; }
[ "$(wc -l <"$D/j1.csv")" -eq 25 ] || { echo "FAIL: j1.csv is not 24 rows"; fail=1; }
for j in 2 3 7; do
	cmp "$D/j1.csv" "$D/j$j.csv" || { echo "FAIL: --jobs $j CSV differs"; fail=1; }
	cmp "$D/j1.json" "$D/j$j.json" || { echo "FAIL: --jobs $j JSON differs"; fail=1; }
	diff -r "$D/plot1" "$D/plot$j" >/dev/null ||
		{ echo "FAIL: --jobs $j plots differ"; fail=1; }
done
# and on stdout
# shellcheck disable=SC2086
"$T" sweep $GRID --jobs 2 >"$D/stdout.csv" 2>/dev/null
cmp "$D/j1.csv" "$D/stdout.csv" || { echo "FAIL: --jobs 2 to stdout differs"; fail=1; }

# A worker killed at point 5: that row is an error, the rest unchanged.
# shellcheck disable=SC2086
TCESIM_SWEEP_KILL_POINT=5 "$T" sweep $GRID --jobs 2 --csv "$D/k.csv" 2>"$D/kerr"
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: killed worker: exit $rc, want 1"; fail=1; }
grep -q '^5,.*,error,.*the worker process running this point was killed by signal 9' "$D/k.csv" ||
	{ echo "FAIL: point 5 does not say its worker was killed"; fail=1; }
grep -v '^5,' "$D/j1.csv" >"$D/a"
grep -v '^5,' "$D/k.csv" >"$D/b"
cmp "$D/a" "$D/b" || { echo "FAIL: a killed worker changed other rows"; fail=1; }
exit $fail
