#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_traffic_rtl: `tcesim traffic --rtl` (the RTL twin in lockstep) over
# the generators stream, scatter and nic-pool (two devices, two PEs) at
# 1..4 table levels and 4K/64K/16M/256M IO pages, with the default fetch, 64-byte lines and
# drop-mode kills, in timing mode; nic-strict (a map, a kill-one and an
# unmap per packet, kills racing with its fetches) functional, drain and
# drop. Each run must exit 0 with "rtl lockstep: N requests, 0
# mismatches" last. nic-strict in timing mode is docs/rtl.md known
# difference 9: it must run and report its mismatches (exit 1). The twin
# times the fetch unit alone: every run has link.enabled=0, and with the
# PCIe link on, --rtl must be refused (exit 2, saying so; difference 10).
# Usage: sim_traffic_rtl.sh TCESIM
set -u
T=$1
fail=0
n=0
out=$(mktemp) || exit 2
err=$(mktemp) || exit 2
trap 'rm -f "$out" "$err"' EXIT

run() {	# expected-exit args...
	want=$1
	shift
	n=$((n + 1))
	"$T" traffic --rtl --count 400 region=4M pes=2 link.enabled=0 "$@" \
		>"$out" 2>"$err"
	rc=$?
	last=$(tail -n 1 "$out")
	case "$want:$last" in
	0:"rtl lockstep: "*" requests, 0 mismatches") ok=$((rc == 0)) ;;
	1:"rtl lockstep: "*" requests, 0 mismatches") ok=0 ;;
	1:"rtl lockstep: "*) ok=$((rc == 1)) ;;
	*) ok=0 ;;
	esac
	if [ "$ok" != 1 ]; then
		echo "FAIL (exit $rc, wanted $want): traffic $*: $last" >&2
		head -n 5 "$err" >&2
		fail=1
	fi
}

# (levels, IO page, host page, window): every geometry the driver accepts
# for a small buffer; 5 levels need windows the driver refuses here (the
# lockstep stream, rtl_lockstep, covers them)
for g in "1 4K 64K 64G" "1 64K 64K 64G" "1 16M 64K 64G" "1 256M 64K 64G" \
	 "2 4K 64K 64G" "2 64K 64K 64G" "2 16M 64K 64G" "2 256M 64K 64G" \
	 "3 4K 4K 1G" "3 64K 4K 1G" "3 16M 4K 1G" "4 4K 4K 1G" "4 64K 4K 1G"; do
	set -- $g
	geo="levels=$1 io_page=$2 host_page=$3 window=$4"
	for w in stream scatter nic-pool; do
		run 0 workload=$w $geo
		run 0 workload=$w $geo line_bytes=64
		run 0 workload=$w $geo kill_inflight=drop
	done
done
for lv in 1 3; do
	for pg in 4K 64K; do
		run 0 --functional workload=nic-strict levels=$lv io_page=$pg host_page=4K window=1G
		run 0 --functional workload=nic-strict levels=$lv io_page=$pg host_page=4K window=1G kill_inflight=drop
	done
done
run 1 workload=nic-strict
n=$((n + 1))
"$T" traffic --rtl --count 10 workload=stream >"$out" 2>"$err"
rc=$?
if [ "$rc" != 2 ] || ! grep -q 'set link.enabled=0' "$err"; then
	echo "FAIL (exit $rc, wanted 2): traffic --rtl with the link on was not refused:" >&2
	head -n 5 "$err" >&2
	fail=1
fi
echo "sim_traffic_rtl: $n runs" >&2
exit $fail
