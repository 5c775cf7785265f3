# SPDX-License-Identifier: GPL-2.0
# Sourced by the shell tests, after their arguments are read: $D is a
# fresh scratch directory removed on exit, fail=0 (a check that fails
# sets it to 1; the test exits with it).
D=$(mktemp -d) || exit 1
trap 'rm -rf "$D"' EXIT
fail=0
