#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Checkpoint round trip of one firmware-level trace (CTest):
#   sim_ckpt_roundtrip.sh TCESIM GEN TRACE [replay options...]
#   sim_ckpt_roundtrip.sh TCESIM GEN gen:phb3|p5ioc2:SEED:OPS [options...]
# TRACE (or the trace GEN writes) is replayed once to get it one operation
# per line (its --record, with every result as an expectation). Then, in
# functional and in timing mode: the uncut run; and for several cuts N
# (right after boot, one after, the middle, the last but one, the end):
#   replay the first N operations, dump (--dump-at end), start a fresh
#   tcesim, load the dump right after boot (--load) and replay the rest.
# Checked, byte for byte: the resumed run's --json report equals the
# uncut run's (every statistic, TCE cache hits/misses and evictions of
# stale entries included), the prefix's --record followed by the
# suffix's (without its machine and boot lines) equals the uncut
# --record, every run passes --check (the recorded results hold), and
# the dump made by --dump-at N during the whole trace is the same file as
# the prefix's. GEN is the gen_fw_trace program.
set -u
tcesim=${1:?usage: sim_ckpt_roundtrip.sh TCESIM GEN TRACE [options]}
gen=${2:?usage: sim_ckpt_roundtrip.sh TCESIM GEN TRACE [options]}
src=${3:?usage: sim_ckpt_roundtrip.sh TCESIM GEN TRACE [options]}
shift 3
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
d=$D
fail() { echo "sim_ckpt_roundtrip $src $mode: $*" >&2; exit 1; }
mode=setup

case $src in
gen:*)
	IFS=: read -r _ kind seed ops <<EOF
$src
EOF
	"$gen" "$kind" "$seed" "$ops" > "$d/src.trace" || fail "gen_fw_trace failed"
	;;
*)
	cp "$src" "$d/src.trace" || fail "cannot read $src"
	;;
esac
grep -q 'kernel=0' "$d/src.trace" || fail "not a boot kernel=0 trace"
"$tcesim" replay "$d/src.trace" --quiet --record "$d/full.rec" \
	"$@" >/dev/null 2>"$d/err" || { cat "$d/err" >&2; fail "first replay failed"; }
[ -s "$d/err" ] && { cat "$d/err" >&2; fail "first replay printed errors"; }

# operations (one per line after the header) and the boot's position
n=$(($(wc -l < "$d/full.rec") - 1))
b=$(grep -n '^boot ' "$d/full.rec" | head -1 | cut -d: -f1)
b=$((b - 1))
[ "$b" -ge 1 ] && [ "$n" -gt "$b" ] || fail "no boot or nothing after it"
cuts=$(printf '%s\n' "$b" $((b + 1)) $(((3 * b + n) / 4)) $(((b + n) / 2)) \
	$(((b + 3 * n) / 4)) $((n - 1)) "$n" |
	awk -v b="$b" -v n="$n" '$1 >= b && $1 <= n && !seen[$1]++')

# replay DIR MODE ARGS...: t.trace in DIR, reports there, --check
run() {
	dir=$1
	shift
	(cd "$dir" && "$tcesim" replay t.trace --check --quiet --record r.rec \
		--json r.json "$@") >"$dir/out" 2>"$dir/err" ||
		{ cat "$dir/out" "$dir/err" >&2; return 1; }
	[ -s "$dir/err" ] && { cat "$dir/err" >&2; return 1; }
	return 0
}

for mode in functional timing; do
	m=$d/$mode
	mkdir -p "$m/u" || exit 1
	cp "$d/full.rec" "$m/u/t.trace"
	run "$m/u" --mode "$mode" "$@" || fail "uncut run failed"
	for c in $cuts; do
		rm -rf "$m/p" "$m/s" "$m/w"
		mkdir -p "$m/p" "$m/s" "$m/w"
		head -n $((c + 1)) "$d/full.rec" > "$m/p/t.trace"
		{ head -n $((b + 1)) "$d/full.rec"; tail -n +$((c + 2)) "$d/full.rec"; } \
			> "$m/s/t.trace"
		run "$m/p" --mode "$mode" --dump-at end ../ck.core "$@" ||
			fail "cut $c: prefix run failed"
		run "$m/s" --mode "$mode" --load ../ck.core "$@" ||
			fail "cut $c: resumed run failed"
		cmp -s "$m/u/r.json" "$m/s/r.json" || {
			diff "$m/u/r.json" "$m/s/r.json" | head -20 >&2
			fail "cut $c: the resumed report differs from the uncut one"; }
		{ cat "$m/p/r.rec"; tail -n +$((b + 2)) "$m/s/r.rec"; } > "$m/joined.rec"
		cmp -s "$m/u/r.rec" "$m/joined.rec" || {
			diff "$m/u/r.rec" "$m/joined.rec" | head -20 >&2
			fail "cut $c: prefix + resumed --record differs from the uncut one"; }
		# --dump-at N during the whole trace: the same checkpoint
		cp "$d/full.rec" "$m/w/t.trace"
		run "$m/w" --mode "$mode" --dump-at "$c" ../ck2.core "$@" ||
			fail "cut $c: --dump-at $c run failed"
		cmp -s "$m/ck.core" "$m/ck2.core" ||
			fail "cut $c: --dump-at $c wrote another file than the prefix's --dump-at end"
	done
done
echo "sim_ckpt_roundtrip: $src: $n operations, cuts $(echo $cuts), functional and timing: identical"
exit 0
