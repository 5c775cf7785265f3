#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages tcesim needs, or say exactly how to.
# Usage: scripts/deps.sh [extra-package ...]
# Exit 0 when everything is present (installed now or before), 1 otherwise.
set -u

# clang + libclang-rt-dev: libFuzzer targets (make fuzz; the runtime is only
# a Recommends of clang, so name it). valgrind: memcheck on the scenarios.
# gnuplot-nox: the what-if plots (scripts/plot*). libelf-dev: ELF memory
# images and checkpoints (sim/images); binutils: its readelf reads them
# back in the tests (and nm checks what libtcesim exports). xz-utils: the
# tests decompress the captured QEMU logs (scenarios/qemu/captured/*.log.xz).
# libsystemc-dev: the SystemC TLM component (systemc/) and its example;
# valgrind's helgrind also checks two machines in two threads.
PKGS="build-essential cmake pkg-config check libsubunit-dev linux-libc-dev clang"
PKGS="$PKGS libclang-rt-dev valgrind gnuplot-nox libelf-dev binutils xz-utils"
PKGS="$PKGS libsystemc-dev"
# parallel: the sharded-sweep test runs GNU parallel over --shard i/n;
# jq: the CLI tests check that JSON outputs (and JSON on stdout) parse.
# verilator: the RTL twin (rtl/; gtkwave, to look at its waveforms, is
# optional and not installed).
PKGS="$PKGS parallel jq verilator"
[ $# -gt 0 ] && PKGS="$PKGS $*"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ]; then
	echo "tcesim: installing missing packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || { echo "tcesim: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2 || {
		echo "tcesim: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi

echo "tcesim: missing Debian packages:$missing" >&2
echo "tcesim: run this as root, then retry:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1
