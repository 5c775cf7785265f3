// SPDX-License-Identifier: GPL-2.0
/*
 * main() of every Check test program: run the program's suite
 * (check_suite(), see check_main.h) and exit 0 only if no test failed.
 */
#include <stdlib.h>

#include "check_main.h"

int main(void)
{
	SRunner *sr = srunner_create(check_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
