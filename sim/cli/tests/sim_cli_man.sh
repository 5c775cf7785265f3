#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sim_cli_man: the committed manual page docs/tcesim.1 is what
# `tcesim --man` makes from the help texts today (regenerate it with
# `make man`), it has a section for every command, and, where man is
# installed, it renders without warnings.
# Usage: sim_cli_man.sh TCESIM MANPAGE
set -u
T=$1
M=$2
. "$(dirname "$0")/../../../tests/lib/scratch.sh"

"$T" --man >"$D/tcesim.1" || { echo "FAIL: tcesim --man exited $?"; exit 1; }
if ! cmp -s "$D/tcesim.1" "$M"; then
	echo "FAIL: $M differs from 'tcesim --man' (run 'make man'):"
	diff "$M" "$D/tcesim.1" | head -20
	fail=1
fi
for c in run replay import convert config failnth traffic sweep elf; do
	grep -q "^\.SS $c\$" "$M" || { echo "FAIL: no section for $c"; fail=1; }
	# the page holds that command's help text
	"$T" "$c" --help | head -1 | sed 's/-/\\-/g' >"$D/first"
	grep -qF -f "$D/first" "$M" || { echo "FAIL: $c --help not in $M"; fail=1; }
done
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$M" 2>"$D/warn"
	if [ -s "$D/warn" ]; then
		echo "FAIL: groff warnings:"
		cat "$D/warn"
		fail=1
	fi
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$M" >"$D/page" 2>"$D/err" || {
		echo "FAIL: man -l $M exited $?"; cat "$D/err"; fail=1; }
	grep -q "tcesim replay \[options\] TRACE" "$D/page" ||
		{ echo "FAIL: the rendered page lacks the synopsis"; fail=1; }
else
	echo "sim_cli_man: man is not installed; rendering not checked"
fi
exit $fail
