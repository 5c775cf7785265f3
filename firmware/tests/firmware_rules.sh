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
. "$(dirname "$0")/../../tests/lib/rules_lib.sh"
rules_begin firmware_rules "$1" FIRMWARE_DIR
files=$(find "$root" -path "$root/tests" -prune -o -type f \
	\( -name '*.c' -o -name '*.h' \) -print | sort)

for f in $files; do
	rules_file "$f"
	rules_quoted_includes "$f" |
	while read -r n h; do
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

rules_end
