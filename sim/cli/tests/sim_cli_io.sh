#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_cli_io: every failure visible, through the real binary. Exit codes
# (0 ok, 1 a failed expectation, 2 usage/input/output error), messages on
# stderr (checked for content), stdout kept pure when a report goes there,
# '-' for stdin/stdout, every output file checked (a full disk: /dev/full)
# and created before the work starts, directories refused as input,
# --help on every command, every "Try '...'" hint runs.
# Usage: sim_cli_io.sh TCESIM SCENARIO_DIR
set -u
T=$1
S=$2
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
TR=$S/v2-map-errors.trace	# a scenario that passes, with expected errnos

bad() {
	echo "FAIL: $*"
	for f in out err; do
		echo "--- $f:"
		head -8 "$D/$f"
	done
	fail=1
}

# run CODE CMD...: runs CMD (stdout in $D/out, stderr in $D/err) and
# checks its exit code.
run() {
	code=$1
	shift
	"$@" >"$D/out" 2>"$D/err"
	rc=$?
	[ "$rc" -eq "$code" ] || bad "$* -> exit $rc, want $code"
}

# has FILE PATTERN / hasnt FILE PATTERN (FILE: out or err)
has() { grep -q -- "$2" "$D/$1" || bad "no '$2' in std$1 of: $last"; }
hasnt() { ! grep -q -- "$2" "$D/$1" || bad "'$2' in std$1 of: $last"; }
empty() { [ ! -s "$D/$1" ] || bad "std$1 not empty: $last"; }
json() { jq -e . "$1" >/dev/null 2>&1 || bad "$1 is not JSON: $last"; }

# r CODE CMD...: run, remembering the command for messages.
r() { last="$*"; run "$@"; }

# ---- replay: exit status, failed expectations on stderr ------------------
HDR='tcesim-trace 1
machine platform=phb3 ram=1G
boot
proc_create vmm'
printf '%s\nmmap ua=0x10000000 size=64K\nexpect locked_vm=5\necho after\n' "$HDR" >"$D/mismatch.trace"
r 1 "$T" replay "$D/mismatch.trace"
has err "mismatch.trace:6: expectation failed: locked_vm=5"
has err "1 expectation(s) failed"
hasnt out "expectation failed"
has out "after"				# without --check the run goes on
r 1 "$T" replay --check "$D/mismatch.trace"
has err "mismatch.trace:6: expectation failed"
hasnt out "after"			# --check stops there
r 1 "$T" replay --quiet "$D/mismatch.trace"
has out "expectations      1 failed"	# the report still says it

# an errno the trace does not expect: strict by default, --tolerant counts
printf '%s\nmmap ua=0 size=64K\necho after\n' "$HDR" >"$D/errno.trace"
r 1 "$T" replay "$D/errno.trace"
has err "errno.trace:5: expectation failed: mmap failed with EINVAL, which the trace does not expect"
has err "1 of them operations failing with an errno the trace does not expect"
has out "failed ioctls     1 (1 unexpected"
r 1 "$T" replay --check "$D/errno.trace"
hasnt out "after"
r 0 "$T" replay --tolerant "$D/errno.trace"
has err "errno.trace:5: note: mmap failed with EINVAL (tolerated"
has err "1 operation(s) failed with an errno the trace does not expect (tolerated)"
has out "failed ioctls     1 (1 unexpected: no expect.errno, tolerated)"
r 0 "$T" replay --tolerant --json - "$D/errno.trace"
json "$D/out"
[ "$(jq .unexpected_errors "$D/out")" = 1 ] || bad "unexpected_errors != 1"
[ "$(jq .tolerant "$D/out")" = true ] || bad "tolerant != true"
printf '%s\nmmap ua=0 size=64K expect.errno=EINVAL\n' "$HDR" >"$D/errno-ok.trace"
r 0 "$T" replay "$D/errno-ok.trace"
empty err
r 0 "$T" run --check --quiet
r 0 "$T" replay --check --quiet "$TR"
empty err

# ---- input errors name their line, on stderr, exit 2 -------------------------
printf 'tcesim-trace 1\nmachine platform=phb3 phbs=1\ngroup g0 dev=1:0x100\nboot\n' >"$D/phb.trace"
r 2 "$T" replay "$D/phb.trace"
has err "phb.trace:3:10: error: dev=1:0x0100: the machine has no PHB 1"
hasnt out "error"
printf 'tcesim-trace 1\nmachine ram=1G\nmachine phbs=2\n' >"$D/m2.trace"
r 2 "$T" replay "$D/m2.trace"; has err "m2.trace:3:1: error: a second 'machine' line"
printf 'tcesim-trace 1\nboot\nexpect\n' >"$D/bare.trace"
r 2 "$T" replay "$D/bare.trace"; has err "bare.trace:3:1: error: 'expect' checks nothing"
printf 'tcesim-trace 1\nboot\ndma dev=0:0x100 addr=0 len=4 dir=read expect.fault=permision\n' >"$D/fault.trace"
r 2 "$T" replay "$D/fault.trace"
has err "fault.trace:3:52: error: expect.fault: expected one of none|"
empty out				# rejected before anything ran

# ---- '-': stdin and stdout --------------------------------------------------
last="replay - < TR"
"$T" replay --quiet - <"$TR" >"$D/out" 2>"$D/err" || bad "$last"
has out "== report =="
r 0 "$T" replay --json - "$TR"
json "$D/out"
has err "== report =="			# the human report on stderr
hasnt out "== report =="
r 0 "$T" replay --csv - --quiet "$TR"
head -1 "$D/out" | grep -q '^epoch,name,value,unit$' || bad "csv - header"
hasnt out "== report"
r 0 "$T" replay --record - "$TR"
head -1 "$D/out" | grep -q '^tcesim-trace 1$' || bad "--record - is not a trace"
"$T" replay --check --quiet "$D/out" >/dev/null 2>&1 || bad "--record - does not replay"
cp "$D/out" "$D/rec.trace"
r 0 "$T" replay --check --quiet "$D/rec.trace"
r 2 "$T" replay --json - --csv - "$TR"
has err "only one of --json, --csv, --record and --epoch can be '-'"
empty out
r 0 "$T" run --json - --quiet
json "$D/out"
r 0 "$T" traffic --count 2000 --json -
json "$D/out"
has err "traffic: scatter"		# the text report on stderr
r 0 "$T" import qemu - -o - <"$S/qemu/vfio-v2.log"
head -1 "$D/out" | grep -q '^tcesim-trace 1$' || bad "import -o - is not a trace"
has err "^stdin: 9 lines"
r 0 "$T" convert - "$D/t.bin" <"$TR"
r 0 "$T" convert "$D/t.bin" -
head -1 "$D/out" | grep -q '^tcesim-trace 1$' || bad "convert to - is not text"
r 0 "$T" failnth --max 2 --kind pin --json - "$TR"
json "$D/out"
has err "== fail-nth:"			# the summary on stderr

# ---- full precision in JSON and CSV -----------------------------------------
# (with 6 digits these ratios would not equal the counts they come from)
r 0 "$T" traffic --count 3000 --set region=1M --json -
[ "$(jq '.hits / (.hits + .misses) == .hit_rate' "$D/out")" = true ] ||
	bad "traffic JSON hit_rate is not hits/(hits+misses) exactly"
r 0 "$T" replay --json - --quiet "$S/v2-freeze-and-clear.trace"
[ "$(jq '.stats | ."phb3.0.tce_cache.hits" / ."phb3.0.tce_cache.lookups" == ."phb3.0.tce_cache.hit_rate"' "$D/out")" = true ] ||
	bad "replay JSON hit_rate is not hits/lookups exactly"
r 0 "$T" replay --csv - --quiet "$S/v2-freeze-and-clear.trace"
has out "^-1,phb3.0.tce_cache.hit_rate,0.6666666666666666,ratio$"

# ---- every output write checked: a full disk --------------------------------
FULL="/dev/full: write error: No space left on device"
r 2 "$T" replay --json /dev/full --quiet "$TR"; has err "$FULL"
r 2 "$T" replay --csv /dev/full --quiet "$TR"; has err "$FULL"
r 2 "$T" replay --record /dev/full --quiet "$TR"; has err "$FULL"
r 2 "$T" replay --mode timing --set stats.epoch_cycles=1000 --epoch /dev/full --quiet "$TR"
has err "$FULL"
r 2 "$T" import qemu "$S/qemu/vfio-v2.log" -o /dev/full; has err "$FULL"
r 2 "$T" convert "$TR" /dev/full; has err "$FULL"
r 2 "$T" failnth --max 1 --kind pin --json /dev/full "$TR"; has err "$FULL"
r 2 "$T" traffic --count 1000 --json /dev/full; has err "$FULL"
SW="--grid entries=16,64 --set region=1M --requests 500 --quiet"
# shellcheck disable=SC2086
{
r 2 "$T" sweep $SW --csv /dev/full; has err "$FULL"
r 2 "$T" sweep $SW --csv "$D/s.csv" --json /dev/full; has err "$FULL"
r 0 "$T" sweep $SW --csv "$D/s.csv"
r 2 "$T" sweep merge "$D/s.csv" -o /dev/full; has err "$FULL"
}
STDOUT_FULL="tcesim: stdout: write error: No space left on device"
for cmd in "replay $TR" "run" "--help" "replay --help" "config" \
	   "traffic --count 1000" "import qemu $S/qemu/vfio-v2.log -o -" \
	   "convert $TR -" "sweep $SW" "sweep merge $D/s.csv" "--man"; do
	last="tcesim $cmd >/dev/full"
	# shellcheck disable=SC2086
	"$T" $cmd >/dev/full 2>"$D/err"
	rc=$?
	[ "$rc" -eq 2 ] || bad "$last -> exit $rc, want 2"
	has err "$STDOUT_FULL"
done

# ---- output files created before the run starts ----------------------------
NODIR=$D/no/such/dir/x
r 2 "$T" replay --json "$NODIR.json" "$TR"
has err "$NODIR.json: cannot create: No such file or directory"
empty out				# not one operation ran
r 2 "$T" replay --record "$D" "$TR"; has err "$D: cannot create: is a directory"
empty out
r 2 "$T" failnth --json "$NODIR.json" "$TR"
has err "cannot create"; empty out
r 2 "$T" traffic --json "$NODIR.json"; has err "cannot create"; empty out
# shellcheck disable=SC2086
r 2 "$T" sweep --grid entries=16,64 --set region=1M --requests 500 \
	--csv "$D/s2.csv" --json "$NODIR.json"
has err "cannot create"; hasnt err "point 0"
[ ! -e "$D/s2.csv" ] || bad "sweep left $D/s2.csv behind"
# shellcheck disable=SC2086
r 2 "$T" sweep $SW --plot "$TR"; has err "not a directory"
r 2 "$T" import qemu "$S/qemu/vfio-v2.log" -o "$NODIR.trace"; has err "cannot create"
hasnt err "lines,"			# the log was not imported

# ---- bad input: directories, sizes, limits ----------------------------------
r 2 "$T" replay "$S"; has err "$S: error: is a directory"
r 2 "$T" failnth "$S"; has err "is a directory"
r 2 "$T" import qemu "$S" -o "$D/x.trace"; has err "$S: is a directory"
[ ! -e "$D/x.trace" ] || bad "import left $D/x.trace behind"
r 2 "$T" convert "$S" "$D/x.trace"; has err "is a directory"
r 2 "$T" replay --config "$S" "$TR"; has err "Is a directory"
r 2 "$T" sweep merge "$S" -o "$D/m.csv"; has err "is a directory"
r 2 "$T" import qemu "$S/qemu/vfio-v2.log" -o "$D/x.trace" --guest-ram 3
has err "expected a size that is a non-zero multiple of 64K"
r 2 "$T" failnth --max 0 "$TR"; has err "expected a number of points >= 1"
r 2 "$T" sweep $SW --jobs 0; has err "--jobs '0': expected a number of processes"

# ---- --help everywhere, and every hint runs ----------------------------------
for c in run replay import convert config failnth traffic sweep; do
	r 0 "$T" "$c" --help; has out "usage: tcesim $c"; empty err
	r 0 "$T" help "$c"; has out "usage: tcesim $c"
done
r 0 "$T" import qemu --help; has out "usage: tcesim import"
for args in "frobnicate" "replay --bogus" "run --bogus" "import --bogus" \
	    "import qemu" "convert --bogus" "config --bogus" "failnth --bogus" \
	    "traffic --bogus" "sweep --bogus" "sweep merge" "run nosuch" \
	    "sweep --grid nokey=1"; do
	last="tcesim $args"
	# shellcheck disable=SC2086
	"$T" $args >"$D/out" 2>"$D/err"
	rc=$?
	[ "$rc" -eq 2 ] || bad "$last -> exit $rc, want 2"
	empty out
	# every 'tcesim ...' the message points to must work
	grep -o "'tcesim [^']*'" "$D/err" | tr -d "'" | while read -r hint; do
		# shellcheck disable=SC2086
		"$T" ${hint#tcesim } >/dev/null 2>&1 ||
			echo "FAIL: '$hint' (from: $last) does not run" >>"$D/hints"
	done
	grep -q "'tcesim " "$D/err" || bad "no hint in the message of: $last"
done
[ ! -s "$D/hints" ] || { cat "$D/hints"; fail=1; }

# ---- progress on a terminal --------------------------------------------------
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$T' failnth --max 3 --kind pin '$TR'" /dev/null >"$D/out" 2>&1
	grep -q "pin 3/3" "$D/out" || bad "failnth shows no progress on a terminal"
	# shellcheck disable=SC2086
	script -qec "'$T' sweep --grid entries=16,64,256 --set region=1M --requests 500 --csv '$D/p.csv'" \
		/dev/null >"$D/out" 2>&1
	grep -q "3/3 points, elapsed .*, ETA" "$D/out" ||
		bad "sweep shows no progress bar on a terminal"
else
	echo "sim_cli_io: 'script' cannot make a terminal here; progress not tested"
fi
"$T" failnth --max 3 --kind pin "$TR" >/dev/null 2>"$D/err"
hasnt err "pin 3/3"			# not a terminal: quiet

exit $fail
