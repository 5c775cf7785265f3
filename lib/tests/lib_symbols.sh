#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# lib_symbols LIB: the shared library exports the API and nothing else
# (every defined dynamic symbol is tcesim_*), its SONAME is
# libtcesim.so.<API version>, and the API's entry points are there.
set -eu
lib=${1:?usage: lib_symbols.sh LIBTCESIM_SO API_VERSION}
api=${2:?usage: lib_symbols.sh LIBTCESIM_SO API_VERSION}
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
for s in tcesim_create tcesim_destroy tcesim_dma tcesim_errmsg \
	 tcesim_setup_ini tcesim_opal_call tcesim_boot tcesim_ioctl \
	 tcesim_stats_json tcesim_replay_file; do
	echo "$syms" | grep -qx "$s" ||
		{ echo "$lib: $s is not exported" >&2; fail=1; }
done
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" != "libtcesim.so.$api" ]; then
	echo "$lib: SONAME '$soname', expected libtcesim.so.$api" >&2
	fail=1
fi
[ $fail = 0 ] && echo "$lib: $(echo "$syms" | wc -l) symbols, all tcesim_*; SONAME $soname"
exit $fail
