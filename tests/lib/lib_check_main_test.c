// SPDX-License-Identifier: GPL-2.0
/*
 * lib_check_main: the shared runner itself. One case passes, one fails on
 * purpose; CTest runs the program three ways (tests/lib/CMakeLists.txt):
 * CK_RUN_CASE=pass must exit 0, CK_RUN_CASE=fail and the whole suite
 * must exit non-zero, so selection by environment and the exit status
 * are both checked.
 */
#include "check_main.h"

/* Run i of the loop: 0 passes, 1 fails on purpose. */
START_TEST(passes_or_fails)
{
	ck_assert_msg(_i == 0, "run %d fails on purpose", _i);
}
END_TEST

Suite *check_suite(void)
{
	static const char *const cases[] = { "pass", "fail" };
	Suite *s = suite_create("lib_check_main");
	int i;

	for (i = 0; i < 2; i++) {
		TCase *tc = tcase_create(cases[i]);

		tcase_add_loop_test(tc, passes_or_fails, i, i + 1);
		suite_add_tcase(s, tc);
	}
	return s;
}
