#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs `tcesim replay --check --quiet` on every scenarios/*.trace under
# valgrind memcheck (--leak-check=full); any memcheck error, leak or failed
# expectation fails the run. Used by `make test` (step "valgrind").
#
# Usage: scripts/valgrind_scenarios.sh TCESIM [SCENARIO_DIR] [OUT_DIR]
# Env:   VG_RAM (default 16G)  installed RAM for the valgrind runs
#        VG_JOBS (default 2)   scenarios run in parallel
#
# Why VG_RAM: simulated RAM is one MAP_NORESERVE reservation of the
# trace's ram= size (64G in most scenarios). valgrind's address-space
# manager cannot hand out a 64 GiB mapping on amd64 (about 60 GiB is its
# limit), so each trace is copied to OUT_DIR with ram=... replaced by
# VG_RAM. No scenario depends on the RAM size (the kernel allocates far
# below 16 GiB and the firmware traces use low physical addresses).
set -u

TCESIM=${1:?usage: valgrind_scenarios.sh TCESIM [SCENARIO_DIR] [OUT_DIR]}
SRC=${2:-scenarios}
OUT=${3:-build/valgrind}
RAM=${VG_RAM:-16G}
JOBS=${VG_JOBS:-2}

command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind: not installed (scripts/deps.sh installs it)" >&2
	exit 1
}
[ -x "$TCESIM" ] || { echo "valgrind: no executable $TCESIM" >&2; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT" || exit 1
n=0
for t in "$SRC"/*.trace; do
	[ -f "$t" ] || continue
	sed -E "s/(^|[[:space:]])ram=[0-9]+[KMGT]?([[:space:]]|\$)/\\1ram=$RAM\\2/" \
		"$t" > "$OUT/$(basename "$t")" || exit 1
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "valgrind: no traces in $SRC" >&2; exit 1; }

# One job per trace: exit 99 = memcheck error or leak, other non-zero =
# the replay itself failed.
export TCESIM
ls "$OUT"/*.trace | xargs -P "$JOBS" -I{} sh -c '
	valgrind -q --error-exitcode=99 --leak-check=full \
		--log-file="{}.vg" "$TCESIM" replay --check --quiet "{}" \
		> "{}.out" 2>&1
	echo $? > "{}.rc"'

fail=0
vgerr=0
for t in "$OUT"/*.trace; do
	rc=$(cat "$t.rc" 2>/dev/null || echo 127)
	errs=$(grep -c '^==[0-9]*== ' "$t.vg" 2>/dev/null || true)
	if [ "$rc" != 0 ] || [ "${errs:-0}" != 0 ]; then
		fail=$((fail + 1))
		[ "$rc" = 99 ] && vgerr=$((vgerr + 1))
		echo "valgrind: FAIL $(basename "$t") (exit $rc)" >&2
		sed 's/^/  /' "$t.vg" "$t.out" | head -40 >&2
	fi
done
echo "valgrind: $n scenarios (ram=$RAM), $fail failed, $vgerr with memcheck errors"
[ "$fail" = 0 ]
