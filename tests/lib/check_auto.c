// SPDX-License-Identifier: GPL-2.0
/*
 * The registry behind check_auto.h: constructors record each test and
 * each test case before main(); ck_auto_suite() builds the suite from
 * them (cases by declaration line, tests by source line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_auto.h"

#define CK_AUTO_MAX 1024

static struct ck_auto_entry {
	const char *tcase;
	const TTest *test;
	bool loop;
	int start, end;		/* of a loop test */
} tests[CK_AUTO_MAX];
static const struct ck_auto_case *cases[CK_AUTO_MAX];
static unsigned ntests, ncases;

static void full(const char *what)
{
	fprintf(stderr, "check_auto: more than %d %s\n", CK_AUTO_MAX, what);
	exit(EXIT_FAILURE);
}

static void add(const char *tcase, const TTest *test, bool loop, int start,
		int end)
{
	if (ntests == CK_AUTO_MAX)
		full("tests");
	tests[ntests].tcase = tcase;
	tests[ntests].test = test;
	tests[ntests].loop = loop;
	tests[ntests].start = start;
	tests[ntests++].end = end;
}

void ck_auto_test(const char *tcase, const TTest *test)
{
	add(tcase, test, false, 0, 0);
}

void ck_auto_loop_test(const char *tcase, const TTest *test, int start,
		       int end)
{
	add(tcase, test, true, start, end);
}

void ck_auto_case(const struct ck_auto_case *c)
{
	if (ncases == CK_AUTO_MAX)
		full("test cases");
	cases[ncases++] = c;
}

static int by_test_line(const void *a, const void *b)
{
	const struct ck_auto_entry *x = *(const struct ck_auto_entry *const *)a;
	const struct ck_auto_entry *y = *(const struct ck_auto_entry *const *)b;

	return (x->test->line > y->test->line) -
	       (x->test->line < y->test->line);
}

static int by_case_line(const void *a, const void *b)
{
	const struct ck_auto_case *x = *(const struct ck_auto_case *const *)a;
	const struct ck_auto_case *y = *(const struct ck_auto_case *const *)b;

	return (x->line > y->line) - (x->line < y->line);
}

Suite *ck_auto_suite(const char *name)
{
	const struct ck_auto_entry *order[CK_AUTO_MAX];
	Suite *s = suite_create(name);
	unsigned i, j, k;

	qsort(cases, ncases, sizeof(cases[0]), by_case_line);
	for (i = 0; i < ntests; i++) {
		for (j = 0; j < ncases; j++)
			if (!strcmp(tests[i].tcase, cases[j]->name))
				break;
		if (j == ncases) {
			fprintf(stderr, "check_auto: test %s names test case "
				"\"%s\", which no CK_CASE declares\n",
				tests[i].test->name, tests[i].tcase);
			exit(EXIT_FAILURE);
		}
	}
	for (j = 0; j < ncases; j++) {
		const struct ck_auto_case *c = cases[j];
		TCase *tc = tcase_create(c->name);

		if (c->timeout > 0)
			tcase_set_timeout(tc, c->timeout);
		if (c->setup || c->teardown) {
			if (c->unchecked)
				tcase_add_unchecked_fixture(tc, c->setup,
							    c->teardown);
			else
				tcase_add_checked_fixture(tc, c->setup,
							  c->teardown);
		}
		for (i = 0, k = 0; i < ntests; i++)
			if (!strcmp(tests[i].tcase, c->name))
				order[k++] = &tests[i];
		qsort(order, k, sizeof(order[0]), by_test_line);
		for (i = 0; i < k; i++) {
			if (order[i]->loop)
				tcase_add_loop_test(tc, order[i]->test,
						    order[i]->start,
						    order[i]->end);
			else
				tcase_add_test(tc, order[i]->test);
		}
		suite_add_tcase(s, tc);
	}
	return s;
}
