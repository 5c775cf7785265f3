#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A QEMU dump-guest-memory core loaded into the machine (CTest):
#   sim_images_qemu.sh QEMU_CORE_SAMPLE TCESIM qemu_dump.trace
# For both ELF byte orders: qemu_core_sample writes guest.core next to a
# copy of the trace; `tcesim replay --check` then loads it (the path is
# relative to the trace's folder, run from elsewhere), programs a TVE
# with the table inside the dump and checks every DMA's translation,
# data and faults. `tcesim elf info` must show QEMU's notes undecoded and
# the three RAM blocks.
set -u
sample=${1:?usage: sim_images_qemu.sh QEMU_CORE_SAMPLE TCESIM TRACE}
tcesim=${2:?usage}
trace=${3:?usage}
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
d=$D
fail() { echo "sim_images_qemu ($order): $*" >&2; exit 1; }

for order in lsb msb; do
	rm -f "$d/guest.core"
	"$sample" "$d/guest.core" "$order" || fail "qemu_core_sample failed"
	cp "$trace" "$d/qemu_dump.trace" || exit 1
	"$tcesim" replay "$d/qemu_dump.trace" --check >"$d/out" 2>"$d/err" ||
		{ cat "$d/out" "$d/err" >&2; fail "replay --check failed"; }
	[ -s "$d/err" ] && { cat "$d/err" >&2; fail "replay printed errors"; }
	grep -q "loaded $d/guest.core: 3 segments" "$d/out" ||
		{ cat "$d/out" >&2; fail "load line"; }
	"$tcesim" elf info "$d/guest.core" >"$d/info" 2>"$d/err" ||
		{ cat "$d/err" >&2; fail "elf info failed"; }
	grep -q "ET_CORE, e_machine 21 (EM_PPC64), 4 program headers" "$d/info" ||
		fail "elf info header"
	grep -q "written by tcesim" "$d/info" && fail "a QEMU core taken for a checkpoint"
	[ "$(grep -c '^ *[0-9]* LOAD ' "$d/info")" = 3 ] || fail "elf info: 3 LOADs"
	grep -Eq '^  CORE +type 0x1 ' "$d/info" || fail "elf info: NT_PRSTATUS"
done
echo "sim_images_qemu: lsb and msb dumps loaded, their TCE table walked"
exit 0
