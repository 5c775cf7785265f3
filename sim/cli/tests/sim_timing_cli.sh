#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_timing_cli: the model options of `tcesim run|replay|config`. Bad
# configuration input exits 2 with "file:line: what was expected"; the
# printed .ini reads back; timing mode prints the timing report and
# writes epoch files. Usage: sim_timing_cli.sh TCESIM SCENARIO_DIR
set -u
T=$1
S=$2
. "$(dirname "$0")/../../../tests/lib/scratch.sh"

# expect CODE PATTERN CMD...: exit code CODE and PATTERN in stdout+stderr
expect() {
	code=$1 pat=$2
	shift 2
	"$@" >"$D/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$code" ] || ! grep -q -- "$pat" "$D/out"; then
		echo "FAIL: $* -> exit $rc (want $code), output:"
		head -5 "$D/out"
		echo "(wanted: $pat)"
		fail=1
	fi
}

printf '[memory]\nlat_mem_read = abc\n' >"$D/bad.ini"
expect 2 "bad.ini:2: memory.lat_mem_read: expected an unsigned integer" \
	"$T" run --config "$D/bad.ini"
printf '[walker]\nmax_outstanding_fetches = 65\n' >"$D/range.ini"
expect 2 "range.ini:2:" "$T" replay "$S/fw-tce-kill-staleness.trace" \
	--config "$D/range.ini"
expect 2 "unknown key 'nosuch'" "$T" run --set nosuch=1
expect 2 "expected key=value" "$T" run --set lat_hit
expect 2 "must be functional or timing" "$T" run --mode fast
expect 2 "cannot open" "$T" run --config "$D/none.ini"
expect 2 "need timing mode" "$T" run --epoch "$D/e.csv"
expect 2 "needs an argument" "$T" run --set

# the printed configuration reads back with the override in it
"$T" config --set lat_hit=5 --set kill.kill_inflight=drop >"$D/p.ini" || fail=1
expect 0 "lat_hit = 5 " "$T" config --config "$D/p.ini"
expect 0 "kill_inflight = drop " "$T" config --config "$D/p.ini"
expect 0 "clock_mhz" "$T" config --help-params

# timing mode: the timing report, epoch files in CSV and JSON
expect 0 "== timing: phb3.0.timing" "$T" run --mode timing --quiet
expect 0 "walks by depth" "$T" run --mode timing --quiet \
	--set epoch_cycles=500 --epoch "$D/e.csv"
expect 0 "^-1,phb3.0.timing.requests,5,count" cat "$D/e.csv"
expect 0 "timing.requests" "$T" run --mode timing --quiet \
	--set epoch_cycles=500 --epoch "$D/e.json"
expect 0 '"epoch": -1' cat "$D/e.json"
# functional mode has no timing report
"$T" run --quiet >"$D/f.out" 2>&1 || fail=1
if grep -q "== timing" "$D/f.out"; then
	echo "FAIL: timing report in functional mode"
	fail=1
fi
exit $fail
