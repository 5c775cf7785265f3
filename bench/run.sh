#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/run.sh BUILD_DIR [RESULTS_JSON]: build and run the simulator
# benchmarks (speed and memory, each against a baseline measured in the
# same run), pinned to one core, print their tables and write one JSON
# object (default bench/results.json) with the meta data and one member
# per benchmark program. Each program takes medians of repeated runs
# itself. BENCH_CPU picks the core (default: the last one).
set -eu
build=${1:?usage: bench/run.sh BUILD_DIR [RESULTS_JSON]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/results.json}
cpu=${BENCH_CPU:-$(($(nproc) - 1))}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

progs="bench_sim bench_ioctl bench_trace bench_link bench_images"
# the SystemC socket against direct library calls, when built
if grep -q '^TCESIM_WITH_SYSTEMC:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
	progs="$progs bench_systemc"
fi
cmake --build "$build" -j2 --target $progs
# the RTL twin's bench exists only when Verilator was found
if cmake --build "$build" --target help 2>/dev/null | grep -q bench_rtl; then
	cmake --build "$build" -j2 --target bench_rtl && progs="$progs bench_rtl"
else
	echo "bench: no RTL twin in $build (Verilator not found): skipping bench_rtl" >&2
fi

pin=""
if command -v taskset >/dev/null 2>&1; then
	pin="taskset -c $cpu"
fi
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
for p in $progs; do
	echo "== $p"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v $pin "$build/bench/$p" "$tmp/$p.json" \
			2>"$tmp/$p.time"
		grep -E "Maximum resident|Elapsed" "$tmp/$p.time" || true
	else
		$pin "$build/bench/$p" "$tmp/$p.json"
	fi
done

{
	printf '{\n  "meta": {"date": "%s", "host": "%s", "cpu": %s, "pinned": %s, "loadavg_before": "%s", "clock": "thread CPU time"},\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -m)" "$cpu" \
		"$([ -n "$pin" ] && echo true || echo false)" "$load"
	sep=""
	for p in $progs; do
		printf '%s  "%s": ' "$sep" "${p#bench_}"
		sed '1!s/^/  /' "$tmp/$p.json" | sed '$ s/[[:space:]]*$//'
		sep=",
"
	done
	printf '\n}\n'
} >"$out"
echo "results: $out"
