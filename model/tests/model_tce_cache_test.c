// SPDX-License-Identifier: GPL-2.0
/*
 * model_tce_cache: the TCE cache on its own: hit/miss, replacement order
 * (LRU, FIFO, seeded random), set-associative geometry, the three kills,
 * PE isolation, counters; and, through a PHB3, that a cached TCE stays
 * in use after the table changes until it is killed.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/phb3.h"
#include "tcesim/tce_cache.h"

static struct tce_cache *mk(unsigned entries, unsigned ways,
			    enum tce_cache_policy pol)
{
	struct tce_cache_params p = { entries, ways, pol, 42 };
	struct tce_cache *c = tce_cache_create(&p);

	ck_assert_ptr_nonnull(c);
	return c;
}

static struct tce_cache_key key(uint16_t pe, uint16_t win, uint64_t page)
{
	struct tce_cache_key k = { .pe = pe, .window = win, .page_shift = 12,
				   .win_shift = 30, .page = page };
	return k;
}

static bool has(struct tce_cache *c, uint16_t pe, uint16_t win, uint64_t page)
{
	struct tce_cache_key k = key(pe, win, page);
	uint64_t v;

	return tce_cache_lookup(c, &k, &v);
}

static void put(struct tce_cache *c, uint16_t pe, uint16_t win, uint64_t page)
{
	struct tce_cache_key k = key(pe, win, page);

	tce_cache_fill(c, &k, page << 12 | 3);
}

CK_CASE("core", 0, NULL, NULL);

CK_TEST("core", lookup_miss_then_hit_after_fill)
{
	struct tce_cache *c = mk(64, 0, TCE_CACHE_LRU);
	struct tce_cache_key k = key(1, 0, 0x12);
	const struct tce_cache_stats *st = tce_cache_get_stats(c);
	uint64_t v = 0;

	ck_assert(!tce_cache_lookup(c, &k, &v));
	tce_cache_fill(c, &k, 0x76543001);
	ck_assert(tce_cache_lookup(c, &k, &v));
	ck_assert_uint_eq(v, 0x76543001);
	/* refill updates in place */
	tce_cache_fill(c, &k, 0x11111001);
	ck_assert(tce_cache_lookup(c, &k, &v));
	ck_assert_uint_eq(v, 0x11111001);
	ck_assert_uint_eq(st->lookups, 3);
	ck_assert_uint_eq(st->hits, 2);
	ck_assert_uint_eq(st->misses, 1);
	ck_assert_uint_eq(st->insertions, 1);
	ck_assert_uint_eq(tce_cache_valid_entries(c), 1);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", lookup_page_shift_is_part_of_tag)
{
	struct tce_cache *c = mk(64, 0, TCE_CACHE_LRU);
	struct tce_cache_key k = key(1, 0, 5);
	uint64_t v;

	tce_cache_fill(c, &k, 0x5003);
	k.page_shift = 16;
	ck_assert(!tce_cache_lookup(c, &k, &v));
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", fill_lru_evicts_least_recently_used)
{
	struct tce_cache *c = mk(4, 0, TCE_CACHE_LRU);

	put(c, 1, 0, 10);
	put(c, 1, 0, 11);
	put(c, 1, 0, 12);
	put(c, 1, 0, 13);
	ck_assert(has(c, 1, 0, 10));	/* 10 is now most recent */
	put(c, 1, 0, 14);		/* evicts 11 */
	ck_assert(!has(c, 1, 0, 11));
	ck_assert(has(c, 1, 0, 10));
	ck_assert(has(c, 1, 0, 12));
	ck_assert(has(c, 1, 0, 13));
	ck_assert(has(c, 1, 0, 14));
	ck_assert_uint_eq(tce_cache_get_stats(c)->evictions, 1);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", peek_changes_nothing)
{
	struct tce_cache *c = mk(4, 0, TCE_CACHE_LRU);
	struct tce_cache_key k10 = key(1, 0, 10), k99 = key(1, 0, 99);
	uint64_t v = 0;

	put(c, 1, 0, 10);
	put(c, 1, 0, 11);
	put(c, 1, 0, 12);
	put(c, 1, 0, 13);
	ck_assert(tce_cache_peek(c, &k10, &v));
	ck_assert_uint_eq(v, 10 << 12 | 3);
	ck_assert(!tce_cache_peek(c, &k99, &v));
	ck_assert_uint_eq(tce_cache_get_stats(c)->lookups, 0);
	put(c, 1, 0, 14);	/* 10 is still least recent: evicted */
	ck_assert(!tce_cache_peek(c, &k10, &v));
	ck_assert(has(c, 1, 0, 11));
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", fill_fifo_evicts_oldest_fill)
{
	struct tce_cache *c = mk(4, 0, TCE_CACHE_FIFO);

	put(c, 1, 0, 10);
	put(c, 1, 0, 11);
	put(c, 1, 0, 12);
	put(c, 1, 0, 13);
	ck_assert(has(c, 1, 0, 10));	/* a hit does not save it */
	put(c, 1, 0, 14);
	ck_assert(!has(c, 1, 0, 10));
	ck_assert(has(c, 1, 0, 11));
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", fill_random_is_reproducible_with_seed)
{
	struct tce_cache *a = mk(8, 0, TCE_CACHE_RANDOM);
	struct tce_cache *b = mk(8, 0, TCE_CACHE_RANDOM);
	unsigned i, p;

	for (i = 0; i < 100; i++) {
		put(a, 1, 0, i);
		put(b, 1, 0, i);
	}
	ck_assert_uint_eq(tce_cache_valid_entries(a), 8);
	ck_assert_uint_eq(tce_cache_get_stats(a)->evictions, 92);
	for (p = 0; p < 100; p++)
		ck_assert_int_eq(has(a, 1, 0, p), has(b, 1, 0, p));
	ck_assert(has(a, 1, 0, 99));	/* the last fill is present */
	tce_cache_destroy(a);
	tce_cache_destroy(b);
}
END_TEST

CK_TEST("core", fill_set_associative_evicts_within_set)
{
	struct tce_cache *c = mk(8, 2, TCE_CACHE_LRU);	/* 4 sets x 2 */

	put(c, 1, 0, 1);	/* set 1 */
	put(c, 1, 0, 0);	/* set 0 */
	put(c, 1, 0, 4);	/* set 0 */
	put(c, 1, 0, 8);	/* set 0: evicts page 0 */
	ck_assert(!has(c, 1, 0, 0));
	ck_assert(has(c, 1, 0, 4));
	ck_assert(has(c, 1, 0, 8));
	ck_assert(has(c, 1, 0, 1));
	ck_assert_uint_eq(tce_cache_valid_entries(c), 3);
	tce_cache_destroy(c);
}
END_TEST

CK_CASE("kill", 0, NULL, NULL);

CK_TEST("kill", kill_all_removes_everything)
{
	struct tce_cache *c = mk(16, 0, TCE_CACHE_LRU);
	const struct tce_cache_stats *st = tce_cache_get_stats(c);

	put(c, 1, 0, 1);
	put(c, 2, 1, 1);
	put(c, 3, 0, 7);
	ck_assert_uint_eq(tce_cache_kill_all(c), 3);
	ck_assert_uint_eq(tce_cache_valid_entries(c), 0);
	ck_assert_uint_eq(st->kill_all, 1);
	ck_assert_uint_eq(st->removed_all, 3);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("kill", kill_pe_removes_only_that_pe)
{
	struct tce_cache *c = mk(16, 0, TCE_CACHE_LRU);
	const struct tce_cache_stats *st = tce_cache_get_stats(c);

	put(c, 1, 0, 1);
	put(c, 1, 1, 2);
	put(c, 2, 0, 1);
	ck_assert_uint_eq(tce_cache_kill_pe(c, 3), 0);	/* other PE: nothing */
	ck_assert_uint_eq(tce_cache_valid_entries(c), 3);
	ck_assert_uint_eq(tce_cache_kill_pe(c, 1), 2);
	ck_assert(has(c, 2, 0, 1));
	ck_assert(!has(c, 1, 0, 1));
	ck_assert(!has(c, 1, 1, 2));
	ck_assert_uint_eq(st->kill_pe, 2);
	ck_assert_uint_eq(st->removed_pe, 2);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("kill", kill_one_matches_page_containing_address)
{
	struct tce_cache *c = mk(16, 0, TCE_CACHE_LRU);
	struct tce_cache_key big = { .pe = 5, .window = 1, .page_shift = 16,
				     .win_shift = 29, .page = 1 };
	uint64_t v;

	put(c, 5, 1, 0x12);	/* 4K page at 0x12000 */
	put(c, 5, 0, 0x12);	/* same page, other window */
	put(c, 6, 1, 0x12);	/* same page, other PE */
	tce_cache_fill(c, &big, 0xABCD0001);	/* 64K page at 0x10000 */
	ck_assert_uint_eq(tce_cache_kill_one(c, 5, 1, 0x23000), 0);
	/* 0x12FF8 lies in the 4K page 0x12000 and the 64K page 0x10000 */
	ck_assert_uint_eq(tce_cache_kill_one(c, 5, 1, 0x12FF8), 2);
	ck_assert(!has(c, 5, 1, 0x12));
	ck_assert(!tce_cache_lookup(c, &big, &v));
	ck_assert(has(c, 5, 0, 0x12));
	ck_assert(has(c, 6, 1, 0x12));
	/* the 64K entry: any address inside it */
	tce_cache_fill(c, &big, 0xABCD0001);
	ck_assert_uint_eq(tce_cache_kill_one(c, 5, 1, 0x1F000), 1);
	ck_assert(!tce_cache_lookup(c, &big, &v));
	ck_assert_uint_eq(tce_cache_get_stats(c)->removed_one, 3);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("kill", kill_one_aliased_address_matches_in_window_page)
{
	struct tce_cache *c = mk(16, 0, TCE_CACHE_LRU);

	put(c, 1, 0, 3);	/* win_shift 30: 1 GB window */
	ck_assert_uint_eq(tce_cache_kill_one(c, 1, 0, (1ull << 30) + 0x3000), 1);
	tce_cache_destroy(c);
}
END_TEST

CK_TEST("core", lookup_isolates_pes_and_windows)
{
	struct tce_cache *c = mk(16, 0, TCE_CACHE_LRU);

	put(c, 1, 0, 0x12);
	ck_assert(!has(c, 2, 0, 0x12));
	ck_assert(!has(c, 1, 1, 0x12));
	ck_assert(has(c, 1, 0, 0x12));
	tce_cache_destroy(c);
}
END_TEST

/*
 * Replacement against a naive reference written here: per set an array of
 * (page, last use, fill time); LRU evicts the smallest last use, FIFO the
 * smallest fill time. Random lookups, fills and kills over 3x more pages
 * than the cache holds; every lookup must hit or miss as the reference
 * says.
 */
struct ref_way {
	bool valid;
	uint64_t page, used, filled;
};

static void replacement_vs_reference(enum tce_cache_policy pol,
				     unsigned entries, unsigned ways)
{
	unsigned sets = ways ? entries / ways : 1, nw = ways ? ways : entries;
	struct tce_cache *c = mk(entries, ways, pol);
	struct ref_way *ref = calloc(entries, sizeof(*ref));
	uint64_t npages = 3ull * entries, t = 0, rng = 12345;
	unsigned step;

	ck_assert_ptr_nonnull(ref);
	for (step = 0; step < 20000; step++) {
		uint64_t pg, r;
		unsigned set, w, hit_w = nw, vict = nw;
		bool hit;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		r = rng;
		pg = (r >> 8) % npages;
		set = sets == 1 ? 0 : (unsigned)(pg % sets);
		for (w = 0; w < nw; w++)
			if (ref[set * nw + w].valid && ref[set * nw + w].page == pg)
				hit_w = w;
		t++;
		if ((r & 0xff) == 0) {		/* now and then: kill all */
			tce_cache_kill_all(c);
			for (w = 0; w < entries; w++)
				ref[w].valid = false;
			continue;
		}
		if ((r & 0xff) < 16) {		/* kill one page */
			struct tce_cache_key k = key(1, 0, pg);

			tce_cache_kill_one(c, 1, 0, pg << k.page_shift);
			if (hit_w < nw)
				ref[set * nw + hit_w].valid = false;
			continue;
		}
		/* the cache's answer must match the reference's */
		hit = has(c, 1, 0, pg);
		ck_assert_msg(hit == (hit_w < nw),
			      "policy %d step %u page %llu: cache %s, reference %s",
			      pol, step, (unsigned long long)pg,
			      hit ? "hit" : "miss", hit_w < nw ? "hit" : "miss");
		if (hit) {
			if (pol == TCE_CACHE_LRU)
				ref[set * nw + hit_w].used = t;
			continue;
		}
		/* miss: fill (one more tick, as the cache counts fills) */
		t++;
		put(c, 1, 0, pg);
		for (w = 0; w < nw && vict == nw; w++)
			if (!ref[set * nw + w].valid)
				vict = w;
		if (vict == nw) {
			vict = 0;
			for (w = 1; w < nw; w++) {
				struct ref_way *a = &ref[set * nw + w];
				struct ref_way *b = &ref[set * nw + vict];

				if (pol == TCE_CACHE_LRU ? a->used < b->used :
							   a->filled < b->filled)
					vict = w;
			}
		}
		ref[set * nw + vict] = (struct ref_way){ true, pg, t, t };
	}
	free(ref);
	tce_cache_destroy(c);
}

CK_CASE("limits", 0, NULL, NULL);

CK_TEST("limits", replacement_matches_reference_lru_fifo)
{
	replacement_vs_reference(TCE_CACHE_LRU, 64, 0);
	replacement_vs_reference(TCE_CACHE_LRU, 64, 4);
	replacement_vs_reference(TCE_CACHE_FIFO, 64, 0);
	replacement_vs_reference(TCE_CACHE_FIFO, 32, 8);
	replacement_vs_reference(TCE_CACHE_LRU, 3, 0);
}
END_TEST

CK_TEST("limits", create_rejects_bad_geometry)
{
	struct tce_cache_params p;

	tce_cache_params_default(&p);
	ck_assert_uint_eq(p.entries, 64);
	ck_assert_int_eq(tce_cache_params_check(&p), 0);
	p.entries = 0;
	ck_assert_ptr_null(tce_cache_create(&p));
	p.entries = 64;
	p.ways = 5;
	ck_assert_int_eq(tce_cache_params_check(&p), -EINVAL);
	p.ways = 128;
	ck_assert_int_eq(tce_cache_params_check(&p), -EINVAL);
	p.ways = 0;
	p.policy = 9;
	ck_assert_int_eq(tce_cache_params_check(&p), -EINVAL);
	p.policy = TCE_CACHE_LRU;
	p.entries = 1u << 20;
	ck_assert_int_eq(tce_cache_params_check(&p), -EINVAL);
}
END_TEST

/* Through a PHB3: staleness, and a capacity of exactly `entries` pages. */
CK_TEST("limits", phb3_cache_holds_entries_pages_then_evicts_lru)
{
	struct sim_mem *m = sim_mem_create(1ull << 31, 0);
	struct phb3_params pp;
	struct phb3 *p;
	struct sim_dma_target t;
	struct sim_dma_req req = { .rid = 0x0100, .len = 1 };
	struct sim_dma_result r;
	uint8_t b;
	unsigned i;

	ck_assert_ptr_nonnull(m);
	phb3_params_default(&pp);
	pp.tce_cache.entries = 4;
	p = phb3_create(m, &pp, 0);
	ck_assert_ptr_nonnull(p);
	t = phb3_dma_target(p);
	ck_assert_int_eq(phb3_mmio_ops.write(p, 0x168, 8,
					     (1ull << 63) | 0x60000000), 0);
	ck_assert_int_eq(sim_mem_write_be16(m, 0x60000000 + 0x200, 1), 0);
	ck_assert_int_eq(phb3_mmio_ops.write(p, 0x220, 8, 9ull << 48 | 2), 0);
	ck_assert_int_eq(phb3_mmio_ops.write(p, 0x228, 8,
					     0x0000000200000101ull), 0);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(sim_mem_write_be64(m, 0x20000000 + 8 * i,
						    0x40000003 + (i << 12)), 0);
	for (i = 0; i < 5; i++) {	/* pages 0..4: page 0 evicted */
		req.addr = (uint64_t)i << 12;
		ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), 0);
		ck_assert(!r.cache_hit);
	}
	ck_assert_int_eq(sim_mem_write_be64(m, 0x20000008, 0x77777003), 0);
	req.addr = 0x1000;		/* page 1: still cached, stale */
	ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), 0);
	ck_assert(r.cache_hit);
	ck_assert_uint_eq(r.pa, 0x40001000);
	req.addr = 0;			/* page 0: evicted, walked again */
	ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), 0);
	ck_assert(!r.cache_hit);
	phb3_destroy(p);
	sim_mem_destroy(m);
}
END_TEST

CK_SUITE("model_tce_cache");
