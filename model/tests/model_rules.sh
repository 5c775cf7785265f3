#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The model rules, checked on every .c/.h/.def under ROOT (the model; its
# tests too, except ROOT/tests/fixtures): the model is the hardware and
# knows nothing of the firmware, the drivers or the simulator around it.
#  - #include "..." must name a model header: one beside the including
#    file (a relative path may not leave ROOT) or one in ROOT/include;
#  - #include <...> must not name a kernel or project header (linux/,
#    asm/, uapi/, kc/, tcesim/);
#  - the one exception: tests may include the shared test pieces of
#    tests/lib: "check_main.h"/"check_auto.h" (the Check runner) and
#    "pcie_curves.h" (published reference figures), "emb_mem.h" (the
#    tests' embedder memory): test plumbing and data, not a layer.
# Prints FILE:LINE: reason for each violation; exit 1 if any, 2 on usage.
. "$(dirname "$0")/../../tests/lib/rules_lib.sh"
rules_begin model_rules "$1" MODEL_DIR
files=$(find "$root" -path "$root/tests/fixtures" -prune -o -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.def' \) -print | sort)

for f in $files; do
	rules_file "$f"
	rules_quoted_includes "$f" |
	while read -r n h; do
		case "$f:$h" in
		"$root"/tests/*:check_main.h|"$root"/tests/*:check_auto.h|\
		"$root"/tests/*:pcie_curves.h|"$root"/tests/*:emb_mem.h) continue;;
		esac
		if [ -f "$dir/$h" ]; then
			p=$(cd "$(dirname "$dir/$h")" && pwd -P)
			case "$p/" in
			"$root"/*) continue;;
			esac
			echo "$f:$n: forbidden include \"$h\" (outside the model)"
		elif [ -f "$root/include/$h" ]; then
			continue
		else
			echo "$f:$n: forbidden include \"$h\" (not a model header)"
		fi
	done >> "$out"
done

rules_end
