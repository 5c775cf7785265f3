// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_cache: the twin's TCE cache replaces entries exactly as the C
 * model's tce_cache does. Serialised one-page requests of two PEs over a
 * working set three times the cache, with kills of every kind mixed in, go
 * to the twin; the same lookups, fills and kills go to a C tce_cache of
 * the same geometry; every request's hit or miss must agree. LRU, FIFO and
 * seeded random replacement, fully and set associative.
 */
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rtl_rig.h"
#include "tcesim/tce_cache.h"

#define BIT(n) (1ull << (63 - (n)))

static const struct {
	unsigned entries, ways;
	enum tce_cache_policy policy;
	uint64_t seed;
} geo[] = {
	{ 64, 0, TCE_CACHE_LRU, 1 },
	{ 16, 4, TCE_CACHE_LRU, 1 },
	{ 12, 3, TCE_CACHE_LRU, 1 },	/* 4 sets: not a power of two ways */
	{ 32, 0, TCE_CACHE_FIFO, 1 },
	{ 24, 8, TCE_CACHE_FIFO, 1 },
	{ 16, 2, TCE_CACHE_RANDOM, 3 },
	{ 8, 0, TCE_CACHE_RANDOM, 0 },	/* seed 0: the built-in seed */
};

static uint64_t rng = 12345;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

START_TEST(cache_replacement_matches_c)
{
	struct phb3_params pp;
	struct tce_cache *c;
	struct tce_rtl_resp o;
	struct rig g;
	uint64_t root[2], pages[2][256], dummy;
	unsigned n, ws = 3 * geo[_i].entries, i, pe;

	phb3_params_default(&pp);
	pp.tce_cache.entries = geo[_i].entries;
	pp.tce_cache.ways = geo[_i].ways;
	pp.tce_cache.policy = geo[_i].policy;
	pp.tce_cache.seed = geo[_i].seed;
	c = tce_cache_create(&pp.tce_cache);
	ck_assert_ptr_nonnull(c);
	rig_init(&g, &pp, NULL, 0);
	for (pe = 0; pe < 2; pe++) {
		rig_rte(&g, (uint16_t)(0x10 + pe), (uint16_t)(pe + 1));
		root[pe] = rig_window(&g, pe + 1, 0, 1, 9, 12);
		for (i = 0; i < ws; i++) {
			pages[pe][i] = rnd() % 512;
			rig_map(&g, root[pe], 1, 9, pages[pe][i],
				(0x1000000ull + (pages[pe][i] << 12)) | 3);
		}
	}
	for (n = 0; n < 3000; n++) {
		struct tce_cache_key k;
		unsigned r = (unsigned)(rnd() % 100);
		uint64_t page;

		pe = (unsigned)(rnd() % 2);
		page = pages[pe][rnd() % ws];
		memset(&k, 0, sizeof(k));
		k.pe = (uint16_t)(pe + 1);
		k.page_shift = 12;
		k.win_shift = 21;
		k.page = page;
		if (r < 5) {
			rig_write(&g, 0x210, BIT(2) | page << 12 | (pe + 1));
			tce_cache_kill_one(c, (uint16_t)(pe + 1), 0, page << 12);
			continue;
		}
		if (r < 7) {
			rig_write(&g, 0x210, BIT(1) | (pe + 1));
			tce_cache_kill_pe(c, (uint16_t)(pe + 1));
			continue;
		}
		if (r < 8) {
			rig_write(&g, 0x210, BIT(0));
			tce_cache_kill_all(c);
			continue;
		}
		o = rig_dma(&g, (uint16_t)(0x10 + pe), page << 12, 8, false);
		ck_assert_int_eq(o.status, SIM_DMA_OK);
		if (tce_cache_lookup(c, &k, &dummy)) {
			ck_assert_msg(o.cnt.hits == 1, "request %u: C hit, twin miss", n);
		} else {
			ck_assert_msg(o.cnt.misses == 1, "request %u: C miss, twin hit", n);
			tce_cache_fill(c, &k, 0);
		}
	}
	/* and it really evicted: the working set does not fit */
	ck_assert_uint_gt(tce_cache_get_stats(c)->evictions, 100);
	tce_cache_destroy(c);
	rig_fini(&g);
}
END_TEST

Suite *check_suite(void)
{
	Suite *s = suite_create("rtl_cache");
	TCase *tc = tcase_create("replacement");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, cache_replacement_matches_c, 0,
			    (int)(sizeof(geo) / sizeof(geo[0])));
	suite_add_tcase(s, tc);
	return s;
}
