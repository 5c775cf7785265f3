#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rtl_cfg: the committed rtl/tce_cfg_pkg.sv must be exactly what
# tce_cfg_gen prints from the C configuration table.
# Usage: rtl_cfg_check.sh GENERATOR COMMITTED SCRATCH
set -eu
"$1" "$3"
if ! cmp -s "$3" "$2"; then
	echo "rtl_cfg: $2 is out of date with the C configuration table:" >&2
	diff -u "$2" "$3" >&2 || true
	echo "rtl_cfg: regenerate it with: make -C build rtl-cfg-pkg" >&2
	exit 1
fi
echo "rtl_cfg: tce_cfg_pkg.sv matches the C configuration table"
