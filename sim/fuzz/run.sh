#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bounded fuzzing for `make fuzz` / `make test`: runs each libFuzzer target
# of BUILD (a -DTCESIM_FUZZ=ON clang build) for SECONDS on a fresh copy of
# its seed corpus, all targets at once. Any crash, leak, timeout or
# sanitizer report fails the run; the input is left in
# BUILD/fuzz-out/<target>/artifacts/ (keep it in sim/fuzz/regress/ once
# fixed). A summary (executions, exec/s, coverage) goes to stdout and to
# BUILD/fuzz-out/summary.txt.
#
# Usage: sim/fuzz/run.sh BUILD [SECONDS] [RSS_LIMIT_MB]
set -u

BUILD=${1:?usage: run.sh BUILD [SECONDS] [RSS_LIMIT_MB]}
SECS=${2:-60}
RSS=${3:-2048}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/fuzz-out

# target:corpus-directory:max_len (libFuzzer's default max_len is the
# largest seed, far too short for an ioctl sequence)
TARGETS="trace_parse:trace:4096 ioctl:ioctl:1024 elf_load:elf:8192 ckpt_restore:ckpt:32768"
# ioctl inputs are op sequences: use the whole max_len from the start
# (libFuzzer otherwise grows its length limit slowly).

rm -rf "$OUT" && mkdir -p "$OUT" || exit 1
for tc in $TARGETS; do
	t=${tc%%:*}
	c=${tc#*:}
	ml=${c#*:}
	c=${c%%:*}
	bin=$BUILD/sim/fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin missing (configure with CC=clang -DTCESIM_FUZZ=ON)" >&2
		exit 1
	fi
	lc=
	[ "$t" = ioctl ] && lc=-len_control=0
	mkdir -p "$OUT/$t/corpus" "$OUT/$t/artifacts"
	cp "$HERE/corpus/$c/"* "$OUT/$t/corpus/" 2>/dev/null
	cp "$HERE/regress/$c/"* "$OUT/$t/corpus/" 2>/dev/null
	# -timeout: an input running 30 s is a hang, and a hang is a bug.
	( "$bin" -max_total_time="$SECS" -rss_limit_mb="$RSS" -timeout=30 \
		-max_len="$ml" $lc -print_final_stats=1 -artifact_prefix="$OUT/$t/artifacts/" \
		"$OUT/$t/corpus" > "$OUT/$t/log" 2>&1
	  echo $? > "$OUT/$t/rc" ) &
done
wait

fail=0
: > "$OUT/summary.txt"
for tc in $TARGETS; do
	t=${tc%%:*}
	rc=$(cat "$OUT/$t/rc" 2>/dev/null || echo 127)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/$t/log")
	cov=$(sed -n 's/.*DONE *cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p' \
		"$OUT/$t/log" | tail -1)
	line="fuzz_$t: ${SECS}s, ${execs:-?} executions (${rate:-?}/s), ${cov:-no coverage line}, exit $rc"
	echo "$line" | tee -a "$OUT/summary.txt"
	if [ "$rc" != 0 ]; then
		fail=1
		echo "fuzz_$t FAILED; report:" >&2
		grep -E 'ERROR|SUMMARY|fuzz_ioctl:|Test unit written|#[0-9]+ 0x' \
			"$OUT/$t/log" | head -30 >&2
	fi
done
exit $fail
