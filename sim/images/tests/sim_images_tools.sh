#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Checkpoints written by tcesim, read by other tools (CTest):
#   sim_images_tools.sh SAMPLE readelf    binutils' readelf -h -l -n accepts
#       the file (exit 0, nothing on stderr), lists its PT_LOADs at their
#       physical addresses and its TCESIM notes; also with 70001 program
#       headers (PN_XNUM)
#   sim_images_tools.sh SAMPLE gdb        gdb -core lists the PT_LOADs and
#       reads RAM bytes from the file (exit 77, skipped, without gdb)
#   sim_images_tools.sh SAMPLE full-disk  writing onto a full file system
#       (a 512 KiB tmpfs in a user+mount namespace) fails with a message
#       naming the file and ENOSPC, and leaves no file (77 without
#       unprivileged namespaces)
# SAMPLE is the images_sample program.
set -u
sample=${1:?usage: sim_images_tools.sh SAMPLE readelf|gdb|full-disk}
what=${2:?usage: sim_images_tools.sh SAMPLE readelf|gdb|full-disk}
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
d=$D
fail() { echo "sim_images_tools $what: $*" >&2; exit 1; }

"$sample" "$d/s.core" >/dev/null || fail "images_sample failed"

case $what in
readelf)
	readelf -h -l -n -W "$d/s.core" >"$d/out" 2>"$d/err" ||
		fail "readelf exit status $?"
	[ -s "$d/err" ] && { cat "$d/err" >&2; fail "readelf printed warnings"; }
	grep -q 'Type: *CORE' "$d/out" || fail "not a core file"
	grep -q 'Machine: *PowerPC64' "$d/out" || fail "not PowerPC64"
	grep -q "big endian" "$d/out" || fail "not big-endian"
	[ "$(grep -c '^ *LOAD ' "$d/out")" = 3 ] || fail "expected 3 LOAD lines"
	# physical = virtual address, file size = memory size
	for a in 0x0000000000000000 0x0000000040000000 0x0000000fc0000000; do
		grep -Eq "^ *LOAD +0x[0-9a-f]+ $a $a " "$d/out" ||
			fail "no LOAD at $a"
	done
	grep -Eq '^ *LOAD .* 0x300000 0x300000 ' "$d/out" ||
		fail "3 MiB run: filesz/memsz"
	[ "$(grep -c '^ *TCESIM ' "$d/out")" = 3 ] || fail "expected 3 TCESIM notes"
	grep -q 'Unknown note type: (0x54430001)' "$d/out" || fail "ID note"
	"$sample" "$d/m.core" many >/dev/null || fail "images_sample many failed"
	readelf -h -l -W "$d/m.core" >"$d/out" 2>"$d/err" ||
		fail "readelf (many) exit status $?"
	[ -s "$d/err" ] && { cat "$d/err" >&2; fail "readelf (many) printed warnings"; }
	grep -q 'Number of program headers: *65535 (70001)' "$d/out" ||
		fail "PN_XNUM not read"
	[ "$(grep -c '^ *LOAD ' "$d/out")" = 70000 ] || fail "expected 70000 LOADs"
	;;
gdb)
	command -v gdb >/dev/null 2>&1 || { echo "gdb not installed: skipped"; exit 77; }
	gdb -nx -batch -ex 'info files' -ex 'x/4xb 0x40000000' \
		-core "$d/s.core" >"$d/out" 2>"$d/err" || fail "gdb exit status $?"
	grep -q '0x40000000 - 0x40300000 is load2' "$d/out" || fail "no load2"
	grep -q '0xfc0000000 - 0xfc0001000 is load3' "$d/out" || fail "no load3"
	# images_sample fills byte i of the run at 0x40000000 with (2 + 13 i) | 1
	grep -Eq '0x40000000:[[:space:]]+0x03[[:space:]]+0x0f[[:space:]]+0x1d[[:space:]]+0x29' \
		"$d/out" || { cat "$d/out" >&2; fail "RAM bytes not read"; }
	;;
full-disk)
	command -v unshare >/dev/null 2>&1 || { echo "no unshare: skipped"; exit 77; }
	mkdir "$d/mnt"
	unshare -rm true 2>/dev/null ||
		{ echo "no unprivileged namespaces: skipped"; exit 77; }
	unshare -rm sh -c 'mount -t tmpfs -o size=512k none "$1" &&
		"$2" "$1/full.core" big 4; echo "rc=$?";
		ls "$1"' sh "$d/mnt" "$sample" >"$d/out" 2>"$d/err"
	grep -q '^rc=1$' "$d/out" || { cat "$d/out" "$d/err" >&2; fail "expected exit 1"; }
	grep -q "$d/mnt/full.core: writing .* No space left on device" "$d/err" ||
		{ cat "$d/err" >&2; fail "no ENOSPC message naming the file"; }
	grep -q "removed" "$d/err" || fail "partial file not reported removed"
	grep -q 'full.core' "$d/out" && fail "partial file left behind"
	;;
*)
	fail "unknown check"
	;;
esac
exit 0
