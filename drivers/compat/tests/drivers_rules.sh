#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The driver rules, checked on every .c/.h under ROOT except ROOT/compat
# (the only libc user) and ROOT/tests (Check tests, userspace code):
#  - #include <...> only of linux/, asm/ or uapi/ headers; #include "..."
#    only of a header that exists beside the including file;
#  - no #if/#ifdef/#ifndef/#elif mentioning USERSPACE, __KERNEL__,
#    SIMULAT, TCESIM or KC_ (kernel code must not know where it runs).
# Prints FILE:LINE: reason for each violation; exit 1 if any, 2 on usage.
root=$1
if [ -z "$root" ] || [ ! -d "$root" ]; then
	echo "usage: $0 DRIVERS_DIR" >&2
	exit 2
fi

bad=0
nfiles=0
files=$(find "$root" \( -path "$root/compat" -o -path "$root/tests" \) -prune \
	-o -type f \( -name '*.c' -o -name '*.h' \) -print | sort)

for f in $files; do
	nfiles=$((nfiles + 1))
	dir=$(dirname "$f")
	# Angle includes outside linux/, asm/, uapi/.
	out=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' "$f" |
	      grep -vE '<(linux|asm|uapi)/[^>]+>' |
	      sed -E 's/^([0-9]+):.*(<[^>]*>).*/\1: forbidden include \2/')
	if [ -n "$out" ]; then
		echo "$out" | sed "s|^|$f:|"
		bad=$((bad + $(echo "$out" | wc -l)))
	fi
	# Quoted includes must name a header beside the file.
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	while IFS= read -r line; do
		n=${line%%:*}
		h=$(echo "$line" | sed -E 's/.*"([^"]*)".*/\1/')
		case "$h" in
		*..*|/*) echo "$f:$n: forbidden include \"$h\" (outside the driver tree)";;
		*) [ -f "$dir/$h" ] || echo "$f:$n: forbidden include \"$h\" (no such own header)";;
		esac
	done > "${TMPDIR:-/tmp}/drivers_rules.$$"
	if [ -s "${TMPDIR:-/tmp}/drivers_rules.$$" ]; then
		cat "${TMPDIR:-/tmp}/drivers_rules.$$"
		bad=$((bad + $(wc -l < "${TMPDIR:-/tmp}/drivers_rules.$$")))
	fi
	rm -f "${TMPDIR:-/tmp}/drivers_rules.$$"
	# Userspace conditionals.
	out=$(grep -nE '^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif)\b.*(USERSPACE|__KERNEL__|SIMULAT|TCESIM|KC_)' "$f" |
	      sed -E 's/^([0-9]+):[[:space:]]*(.*)$/\1: userspace conditional: \2/')
	if [ -n "$out" ]; then
		echo "$out" | sed "s|^|$f:|"
		bad=$((bad + $(echo "$out" | wc -l)))
	fi
done

if [ "$bad" -ne 0 ]; then
	echo "drivers_rules: $bad violation(s) in $root"
	exit 1
fi
echo "drivers_rules: OK ($nfiles files in $root)"
exit 0
