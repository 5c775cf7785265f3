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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rtl_stream.h"

#define GiB (1ull << 30)

static char first_msg[512];	/* the first mismatch of the last run */
static struct rtl_stream_stats sst;	/* outcomes of the last run */

static uint64_t run(const struct phb3_params *pp, const struct timing_params *tp,
		    const struct rtl_lockstep_opts *lo,
		    const struct rtl_stream_opts *so, unsigned corrupt)
{
	char err[256];
	struct sim_mem *mem = sim_mem_create(2 * GiB, 0);
	struct rtl_lockstep *ls;
	uint64_t m;
	int rc;

	struct rtl_lockstep_opts o = *lo;

	ck_assert_ptr_nonnull(mem);
	o.corrupt_read = corrupt;
	ls = rtl_lockstep_new(mem, pp, tp, &o, err, sizeof(err));
	ck_assert_msg(ls != NULL, "%s", err);
	rc = rtl_stream_run(ls, mem, so, &sst, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	m = rtl_lockstep_report(ls, stderr);
	snprintf(first_msg, sizeof(first_msg), "%s",
		 rtl_lockstep_mismatch(ls, 0) ? rtl_lockstep_mismatch(ls, 0) : "");
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
	struct rtl_lockstep_opts lo = { .cycles = true };
	struct rtl_stream_opts so;

	if (getenv("RTL_LOCKSTEP_ONLY"))
		return;
	rtl_stream_opts_default(&so);
	so.requests = requests(100000);
	ck_assert_uint_eq(run(NULL, NULL, &lo, &so, 0), 0);
	/* the stream really covered every outcome */
	for (unsigned r = SIM_FAULT_UNSUPPORTED_ADDR; r < SIM_FAULT_MAX; r++)
		ck_assert_msg(sst.reason[r] > 0, "no %s fault in the stream",
			      sim_fault_reason_name(r));
	ck_assert_uint_gt(sst.status[SIM_DMA_OK], so.requests / 2);
	ck_assert_uint_gt(sst.status[SIM_DMA_MSI], 0);
	ck_assert_uint_gt(sst.status[SIM_DMA_FROZEN], 0);
	ck_assert_uint_gt(sst.multipage, 0);
	ck_assert_uint_gt(sst.kills, so.requests / 20);
}
END_TEST

/* One what-if: C model and twin both get pp/tp; 0 mismatches expected. */
struct variant {
	const char *name;
	void (*set)(struct phb3_params *pp, struct timing_params *tp,
		    struct rtl_stream_opts *so);
};

static void v_drop(struct phb3_params *pp, struct timing_params *tp,
		   struct rtl_stream_opts *so)
{
	tp->kill_inflight = TIMING_KILL_DROP;
}

static void v_line64(struct phb3_params *pp, struct timing_params *tp,
		     struct rtl_stream_opts *so)
{
	tp->line_bytes = 1;
}

static void v_line64_drop(struct phb3_params *pp, struct timing_params *tp,
			  struct rtl_stream_opts *so)
{
	tp->line_bytes = 1;
	tp->kill_inflight = TIMING_KILL_DROP;
	so->no_kill_one = true;
}

/* Prefetch and the indirect cache: one request at a time (known
   differences "prefetch tag reuse", "indirect entry in flight"). */
static void v_prefetch(struct phb3_params *pp, struct timing_params *tp,
		       struct rtl_stream_opts *so)
{
	tp->prefetch_next = 1;
	so->serialize = true;
}

static void v_prefetch64(struct phb3_params *pp, struct timing_params *tp,
			 struct rtl_stream_opts *so)
{
	tp->prefetch_next = 1;
	tp->line_bytes = 1;
	so->serialize = true;
}

static void v_indirect(struct phb3_params *pp, struct timing_params *tp,
		       struct rtl_stream_opts *so)
{
	tp->cache_indirect = 1;
	so->serialize = true;
	so->multipage = false;	/* page 2 would skip through page 1's entry */
}

static void v_small_lru(struct phb3_params *pp, struct timing_params *tp,
			struct rtl_stream_opts *so)
{
	pp->tce_cache.entries = 16;
	pp->tce_cache.ways = 4;
}

static void v_fifo(struct phb3_params *pp, struct timing_params *tp,
		   struct rtl_stream_opts *so)
{
	pp->tce_cache.entries = 32;
	pp->tce_cache.policy = TCE_CACHE_FIFO;
}

static void v_random(struct phb3_params *pp, struct timing_params *tp,
		     struct rtl_stream_opts *so)
{
	pp->tce_cache.entries = 24;
	pp->tce_cache.ways = 8;
	pp->tce_cache.policy = TCE_CACHE_RANDOM;
	pp->tce_cache.seed = 7;
	/* a walk fault fills (and draws a victim) in the twin only */
	so->no_walk_faults = true;
}

static void v_two_tags(struct phb3_params *pp, struct timing_params *tp,
		       struct rtl_stream_opts *so)
{
	tp->max_outstanding_fetches = 2;
}

static void v_latencies(struct phb3_params *pp, struct timing_params *tp,
			struct rtl_stream_opts *so)
{
	tp->lat_hit = 1;
	tp->issue_interval = 2;
	tp->lat_walk_level = 0;
	tp->lat_mem_read = 60;
	tp->mem_bytes_per_cycle = 4;
	tp->lat_kill_all = 10;
	tp->lat_kill_pe = 7;
	tp->lat_kill_one = 1;
}

static void v_alias(struct phb3_params *pp, struct timing_params *tp,
		    struct rtl_stream_opts *so)
{
	pp->oow_policy = PHB3_OOW_ALIAS;
	pp->bypass_bounds_check = false;
}

static const struct variant variants[] = {
	{ "drop", v_drop },
	{ "line64", v_line64 },
	{ "line64_drop", v_line64_drop },
	{ "prefetch", v_prefetch },
	{ "prefetch_line64", v_prefetch64 },
	{ "indirect", v_indirect },
	{ "small_lru_4way", v_small_lru },
	{ "fifo", v_fifo },
	{ "random", v_random },
	{ "two_tags", v_two_tags },
	{ "latencies", v_latencies },
	{ "alias_nobounds", v_alias },
};

START_TEST(lockstep_whatif)
{
	const struct variant *v = &variants[_i];
	const char *only = getenv("RTL_LOCKSTEP_ONLY");
	struct rtl_lockstep_opts lo = { .cycles = true };
	struct rtl_stream_opts so;
	struct phb3_params pp;
	struct timing_params tp;

	if (only && strcmp(only, v->name))
		return;
	phb3_params_default(&pp);
	timing_params_default(&tp);
	rtl_stream_opts_default(&so);
	so.requests = requests(20000);
	so.seed = 100 + (uint64_t)_i;
	v->set(&pp, &tp, &so);
	fprintf(stderr, "what-if %s:\n", v->name);
	ck_assert_msg(run(&pp, &tp, &lo, &so, 0) == 0, "what-if %s", v->name);
}
END_TEST

/* The twin on its generated built-in defaults against the C defaults. */
START_TEST(lockstep_builtin_defaults)
{
	struct rtl_lockstep_opts lo = { .cycles = true, .rtl_builtin_defaults = true };
	struct rtl_stream_opts so;

	if (getenv("RTL_LOCKSTEP_ONLY"))
		return;
	rtl_stream_opts_default(&so);
	so.requests = requests(10000) / 4;
	so.seed = 77;
	ck_assert_uint_eq(run(NULL, NULL, &lo, &so, 0), 0);
}
END_TEST

/* The checker fails when the twin is built differently ... */
START_TEST(lockstep_detects_other_cache_size)
{
	struct rtl_lockstep_opts lo = { .cycles = true };
	struct rtl_stream_opts so;
	struct phb3_params rp;

	phb3_params_default(&rp);
	rp.tce_cache.entries = 32;	/* the C model has 64 */
	lo.rtl_phb = &rp;
	rtl_stream_opts_default(&so);
	so.requests = 3000;
	so.seed = 5;
	ck_assert_uint_gt(run(NULL, NULL, &lo, &so, 0), 0);
	/* a hit one side, a miss the other */
	ck_assert_msg(strstr(first_msg, "hits") || strstr(first_msg, "misses") ||
		      strstr(first_msg, "cycle"), "%s", first_msg);
}
END_TEST

/* ... and when one table read returns something else. */
START_TEST(lockstep_detects_corrupted_read)
{
	struct rtl_lockstep_opts lo = { .cycles = true };
	struct rtl_stream_opts so;

	rtl_stream_opts_default(&so);
	so.requests = 3000;
	so.seed = 6;
	ck_assert_uint_gt(run(NULL, NULL, &lo, &so, 40), 0);
	ck_assert_msg(strstr(first_msg, "status") || strstr(first_msg, "PA") ||
		      strstr(first_msg, "PE") || strstr(first_msg, "outside") ||
		      strstr(first_msg, "reason"), "%s", first_msg);
}
END_TEST

Suite *check_suite(void)
{
	Suite *s = suite_create("rtl_lockstep");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, lockstep_default_stream);
	tcase_add_loop_test(tc, lockstep_whatif, 0,
			    (int)(sizeof(variants) / sizeof(variants[0])));
	tcase_add_test(tc, lockstep_builtin_defaults);
	tcase_add_test(tc, lockstep_detects_other_cache_size);
	tcase_add_test(tc, lockstep_detects_corrupted_read);
	suite_add_tcase(s, tc);
	return s;
}
