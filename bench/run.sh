#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench/run.sh BUILD_DIR [RESULTS_JSON]: build and run the simulator
# benchmarks (speed and memory, each against a baseline measured in the
# same run), print a table, write JSON (default bench/results.json).
set -eu
build=${1:?usage: bench/run.sh BUILD_DIR [RESULTS_JSON]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/results.json}
cmake --build "$build" -j2 --target bench_sim
if [ -x /usr/bin/time ]; then
	/usr/bin/time -v "$build/bench/bench_sim" "$out" 2>"$build/bench/time.txt"
	grep -E "Maximum resident|Elapsed" "$build/bench/time.txt" || true
else
	"$build/bench/bench_sim" "$out"
fi
echo "results: $out"
