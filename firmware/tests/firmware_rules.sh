#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The firmware rules: the firmware reaches the hardware only through the
# MMIO bus and simulated memory, as real firmware does. Checked on every
# .c/.h under ROOT except ROOT/tests (Check tests drive the real model):
#  - #include "..." names a header beside the including file, one in
#    ROOT/include, or exactly tcesim/mem.h or tcesim/mmio.h (the only
#    model headers the firmware may use);
#  - #include <...> names no kernel or project header (linux/, asm/,
#    uapi/, kc/, tcesim/);
#  - ROOT/CMakeLists.txt links the firmware library (tcesim_firmware) to
#    tcesim_memio alone, never to the whole model.
# Prints FILE:LINE: reason for each violation; exit 1 if any, 2 on usage.
root=$1
if [ -z "$root" ] || [ ! -d "$root" ]; then
	echo "usage: $0 FIRMWARE_DIR" >&2
	exit 2
fi
root=$(cd "$root" && pwd -P)

out=${TMPDIR:-/tmp}/firmware_rules.$$
trap 'rm -f "$out"' EXIT
: > "$out"
nfiles=0
files=$(find "$root" -path "$root/tests" -prune -o -type f \
	\( -name '*.c' -o -name '*.h' \) -print | sort)

for f in $files; do
	nfiles=$((nfiles + 1))
	dir=$(dirname "$f")
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' "$f" |
	grep -E '<(linux|asm|uapi|kc|tcesim)/' |
	sed -E "s|^([0-9]+):.*(<[^>]*>).*|$f:\1: forbidden include \2 (kernel or project header)|" >> "$out"
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	while IFS= read -r line; do
		n=${line%%:*}
		h=$(echo "$line" | sed -E 's/.*"([^"]*)".*/\1/')
		case "$h" in
		tcesim/mem.h|tcesim/mmio.h) continue;;
		*..*|/*) echo "$f:$n: forbidden include \"$h\" (outside the firmware)"
			 continue;;
		esac
		[ -f "$dir/$h" ] || [ -f "$root/include/$h" ] ||
			echo "$f:$n: forbidden include \"$h\" (not a firmware header, nor tcesim/mem.h or tcesim/mmio.h)"
	done >> "$out"
done

# The library's link line: only tcesim_memio (and scope keywords).
cm=$root/CMakeLists.txt
if [ ! -f "$cm" ]; then
	echo "$cm: missing (the firmware library is defined there)" >> "$out"
else
	tr '\n' ' ' < "$cm" | grep -oE 'target_link_libraries\([[:space:]]*tcesim_firmware[^)]*\)' |
	sed -E 's/^target_link_libraries\([[:space:]]*tcesim_firmware//; s/\)$//' |
	tr ' ' '\n' | grep -vE '^(|PUBLIC|PRIVATE|INTERFACE|tcesim_memio)$' |
	sed "s|^|$cm: tcesim_firmware links |; s|$| (only tcesim_memio allowed)|" >> "$out"
fi

bad=$(wc -l < "$out")
if [ "$bad" -ne 0 ]; then
	cat "$out"
	echo "firmware_rules: $bad violation(s) in $root"
	exit 1
fi
echo "firmware_rules: OK ($nfiles files in $root)"
exit 0
