#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_sweep_parallel: a sweep spread over GNU parallel jobs with
# --shard i/N, merged with `tcesim sweep merge`, is the unsharded run
# byte for byte: CSV from CSV shards, JSON from JSON shards, CSV from a
# mix, and the same plot data and scripts. Shards in any order; a
# missing shard makes the merge exit 1. GNU parallel is a dependency
# (scripts/deps.sh installs it).
# Usage: sim_sweep_parallel.sh TCESIM
set -u
T=$1
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
N=4
export TCESIM_NO_GNUPLOT=1

command -v parallel >/dev/null ||
	{ echo "FAIL: GNU parallel is not installed (scripts/deps.sh installs it)"; exit 1; }
GRID="--grid entries=16,64,256 --grid io_page=4K,64K --grid levels=1,5 \
--set region=4M --requests 600 --quiet"

# shellcheck disable=SC2086
"$T" sweep $GRID --jobs 2 --csv "$D/whole.csv" --json "$D/whole.json" \
	--plot "$D/whole-plots" 2>/dev/null
# shellcheck disable=SC2086
seq 0 $((N - 1)) | parallel --will-cite -j 2 \
	"'$T' sweep $GRID --jobs 1 --shard {}/$N --csv '$D/part.{}.csv' --json '$D/part.{}.json'"
for i in $(seq 0 $((N - 1))); do
	[ -s "$D/part.$i.csv" ] && [ -s "$D/part.$i.json" ] ||
		{ echo "FAIL: parallel did not run shard $i"; fail=1; }
done

# merge exits 1 because the grid has failing points (levels=5), as the
# unsharded run does; the bytes must be the same.
m() {
	"$T" sweep merge "$@" 2>"$D/merr"
	rc=$?
	[ "$rc" -eq 1 ] || { echo "FAIL: merge $* exited $rc (want 1: failed points)"; cat "$D/merr"; fail=1; }
}
m "$D/part.3.csv" "$D/part.1.csv" "$D/part.0.csv" "$D/part.2.csv" -o "$D/all.csv" \
	--plot "$D/merged-plots"
cmp "$D/whole.csv" "$D/all.csv" || { echo "FAIL: merged CSV differs"; fail=1; }
diff -r "$D/whole-plots" "$D/merged-plots" >/dev/null ||
	{ echo "FAIL: merged plots differ"; fail=1; }
m "$D"/part.*.json -o "$D/all.json"
cmp "$D/whole.json" "$D/all.json" || { echo "FAIL: merged JSON differs"; fail=1; }
jq -e . "$D/all.json" >/dev/null || { echo "FAIL: merged JSON does not parse"; fail=1; }
m "$D/part.0.json" "$D/part.1.csv" "$D/part.2.json" "$D/part.3.csv" -o "$D/mix.csv" \
	--json "$D/mix.json"
cmp "$D/whole.csv" "$D/mix.csv" || { echo "FAIL: CSV merged from a mix differs"; fail=1; }
cmp "$D/whole.json" "$D/mix.json" || { echo "FAIL: JSON merged from a mix differs"; fail=1; }
"$T" sweep merge "$D/part.0.csv" "$D/part.2.csv" -o "$D/half.csv" 2>"$D/merr"
[ $? -eq 1 ] && grep -q "missing: a shard did not run" "$D/merr" ||
	{ echo "FAIL: a missing shard is not reported"; cat "$D/merr"; fail=1; }
exit $fail
