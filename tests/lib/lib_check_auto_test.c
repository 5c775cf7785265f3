// SPDX-License-Identifier: GPL-2.0
/*
 * lib_check_auto: self-registering tests (check_auto.h). Tests of case
 * "first" are written around one of case "second"; the suite must run
 * "first" (declared first) with its tests in source order, the loop test
 * once per index, then "second". Each test checks its place in that order
 * (CK_FORK=no: one process, so the count carries over); the last one
 * then fails on purpose. CTest wants exactly that one failure, out of 5
 * checks, and the exit status (tests/lib/CMakeLists.txt).
 */
#include "check_auto.h"

static int step;	/* tests run so far */

CK_TEST("first", a_runs_first)
{
	ck_assert_int_eq(step++, 0);
}
END_TEST

CK_TEST("second", e_runs_last_and_fails_on_purpose)
{
	ck_assert_int_eq(step++, 4);
	ck_abort_msg("fails on purpose");
}
END_TEST

CK_TEST("first", b_runs_second)
{
	ck_assert_int_eq(step++, 1);
}
END_TEST

CK_LOOP_TEST("first", c_d_run_third_and_fourth, 0, 2)
{
	ck_assert_int_eq(step++, 2 + _i);
}
END_TEST

CK_CASE("first", 0, NULL, NULL);
CK_CASE("second", 0, NULL, NULL);
CK_SUITE("lib_check_auto");
