#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lib_symbols LIB API HEADER: the shared library exports the API and
# nothing else: every defined dynamic symbol is tcesim_* and declared
# with TCESIM_API in HEADER (tcesim/tcesim.h), every such declaration is
# exported, and the SONAME is libtcesim.so.<API version>.
set -eu
usage="usage: lib_symbols.sh LIBTCESIM_SO API_VERSION HEADER"
lib=${1:?$usage}
api=${2:?$usage}
hdr=${3:?$usage}
fail=0
syms=$(nm -D --defined-only "$lib" | awk '{ print $3 }')
[ -n "$syms" ] || { echo "$lib: no dynamic symbols" >&2; exit 1; }
for s in $syms; do
	case $s in
	tcesim_*) ;;
	*) echo "$lib: exports $s (only tcesim_* may be exported)" >&2
	   fail=1 ;;
	esac
done
declared=$(sed -n 's/^TCESIM_API .*[ *]\(tcesim_[a-z0-9_]*\)(.*/\1/p' "$hdr")
[ -n "$declared" ] || { echo "$hdr: no TCESIM_API declarations" >&2; exit 1; }
# the export list (lib/CMakeLists.txt) reads the same lines: a
# declaration written otherwise would be neither exported nor checked
odd=$(grep -n 'TCESIM_API\b' "$hdr" | grep -v '#define TCESIM_API\b' |
      grep -v ':TCESIM_API .*[ *]tcesim_[a-z0-9_]*(' || true)
if [ -n "$odd" ]; then
	echo "$hdr: TCESIM_API lines not of the form 'TCESIM_API type tcesim_name(':" >&2
	echo "$odd" >&2
	fail=1
fi
for s in $declared; do
	echo "$syms" | grep -qx "$s" ||
		{ echo "$lib: $s (declared in $hdr) is not exported" >&2; fail=1; }
done
for s in $syms; do
	case $s in
	tcesim_*) echo "$declared" | grep -qx "$s" ||
		{ echo "$lib: exports $s, which $hdr does not declare" >&2
		  fail=1; } ;;
	esac
done
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" != "libtcesim.so.$api" ]; then
	echo "$lib: SONAME '$soname', expected libtcesim.so.$api" >&2
	fail=1
fi
[ $fail = 0 ] && echo "$lib: $(echo "$syms" | wc -l) symbols, all tcesim_*; SONAME $soname"
exit $fail
