# SPDX-License-Identifier: GPL-2.0
# What the layer-rule checkers (firmware/tests/firmware_rules.sh,
# model/tests/model_rules.sh) share; sourced, not run:
#   rules_begin NAME ROOT WHAT  usage check (exit 2 when ROOT is not a
#                               directory; WHAT names it), ROOT made
#                               absolute in $root, violations collected
#                               in the file $out, nfiles=0;
#   rules_file FILE             counts FILE, sets $dir to its folder and
#                               records each #include <linux|asm|uapi|kc|
#                               tcesim/...> of it as a violation;
#   rules_quoted_includes FILE  "LINE HEADER" for each #include "..."
#                               of FILE;
#   rules_end                   prints the violations and exits 1, or
#                               NAME: OK and exits 0.
rules_begin() {
	rules_name=$1
	root=$2
	if [ -z "$root" ] || [ ! -d "$root" ]; then
		echo "usage: $0 $3" >&2
		exit 2
	fi
	root=$(cd "$root" && pwd -P)
	out=${TMPDIR:-/tmp}/$rules_name.$$
	trap 'rm -f "$out"' EXIT
	: > "$out"
	nfiles=0
}

rules_file() {
	nfiles=$((nfiles + 1))
	dir=$(dirname "$1")
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' "$1" |
	grep -E '<(linux|asm|uapi|kc|tcesim)/' |
	sed -E "s|^([0-9]+):.*(<[^>]*>).*|$1:\1: forbidden include \2 (kernel or project header)|" >> "$out"
}

rules_quoted_includes() {
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$1" |
	sed -E 's/^([0-9]+):.*"([^"]*)".*/\1 \2/'
}

rules_end() {
	bad=$(wc -l < "$out")
	if [ "$bad" -ne 0 ]; then
		cat "$out"
		echo "$rules_name: $bad violation(s) in $root"
		exit 1
	fi
	echo "$rules_name: OK ($nfiles files in $root)"
	exit 0
}
