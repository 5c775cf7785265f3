// SPDX-License-Identifier: GPL-2.0
/*
 * lib_check_main: the shared runner itself. One case passes, one fails on
 * purpose; CTest runs the program three ways (tests/lib/CMakeLists.txt):
 * CK_RUN_CASE=pass must exit 0, CK_RUN_CASE=fail and the whole suite
 * must exit non-zero, so selection by environment and the exit status
 * are both checked.
 */
#include "check_main.h"

START_TEST(passes)
{
	ck_assert_int_eq(1 + 1, 2);
}
END_TEST

START_TEST(fails_on_purpose)
{
	ck_abort_msg("this case fails on purpose");
}
END_TEST

Suite *check_suite(void)
{
	Suite *s = suite_create("lib_check_main");
	TCase *p = tcase_create("pass");
	TCase *f = tcase_create("fail");

	tcase_add_test(p, passes);
	tcase_add_test(f, fails_on_purpose);
	suite_add_tcase(s, p);
	suite_add_tcase(s, f);
	return s;
}
