// SPDX-License-Identifier: GPL-2.0
/*
 * model_timing: the PHB3 TCE fetch unit timing model. Small streams whose
 * completion cycles are worked out by hand in each test from the
 * configured latencies (never by asking the model), tag exhaustion, 64-byte
 * line fills, prefetch, kill cost in drain and drop modes; and functional
 * equivalence: a random DMA + kill stream gives identical results and data
 * through the plain PHB and through the timed PHB with unusual timing.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_random_tables.h"
#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

/* Test latencies: distinct values so a wrong sum cannot match. */
#define L_RTC 1
#define L_HIT 2
#define L_MEM 100
#define L_WALK 3
#define L_KALL 64
#define L_KPE 40
#define L_KONE 5

static struct timing_params tp;
static struct tce_cache_params cp;

static void params(unsigned tags)
{
	timing_params_default(&tp);
	tp.lat_rtc_hit = L_RTC;
	tp.lat_hit = L_HIT;
	tp.lat_mem_read = L_MEM;
	tp.lat_walk_level = L_WALK;
	tp.mem_bytes_per_cycle = 8;	/* an 8-byte read holds it 1 cycle */
	tp.max_outstanding_fetches = tags;
	tp.lat_kill_all = L_KALL;
	tp.lat_kill_pe = L_KPE;
	tp.lat_kill_one = L_KONE;
	tce_cache_params_default(&cp);
}

static struct fetch_timing *mk(void)
{
	struct fetch_timing *t = fetch_timing_create(&tp, &cp, 4);

	ck_assert_ptr_nonnull(t);
	return t;
}

/* A page of PE 3, window 0, 4K pages, 512-entry levels. */
static struct fetch_timing_page pg(unsigned levels, uint64_t page)
{
	struct fetch_timing_page p;

	memset(&p, 0, sizeof(p));
	p.pe = 3;
	p.levels = (uint8_t)levels;
	p.ts = 9;
	p.ps = 12;
	p.win_shift = (uint8_t)(9 * levels + 12);
	p.offset = page << 12;
	return p;
}

/* One single-page request; returns its completion cycle. */
static uint64_t req(struct fetch_timing *t, uint64_t at, int rid,
		    unsigned levels, uint64_t page)
{
	struct fetch_timing_page p = pg(levels, page);

	fetch_timing_begin(t, at, rid);
	fetch_timing_page(t, &p);
	return fetch_timing_end(t, 4096);
}

CK_CASE("core", 0, NULL, NULL);

CK_TEST("core", timing_params_default_valid)
{
	struct timing_params d;

	timing_params_default(&d);
	ck_assert_int_eq(timing_params_check(&d), 0);
	ck_assert_uint_eq(d.max_outstanding_fetches, 32); /* TCE_TAG_ENABLE */
	ck_assert_uint_eq(timing_line_bytes(&d), 8);
	d.max_outstanding_fetches = 0;
	ck_assert_int_eq(timing_params_check(&d), -EINVAL);
	d.max_outstanding_fetches = 65;
	ck_assert_int_eq(timing_params_check(&d), -EINVAL);
	ck_assert_ptr_null(fetch_timing_create(&d, &cp, 4));
}
END_TEST

CK_TEST("core", timing_hit_after_rtc_and_walk)
{
	struct fetch_timing *t;

	params(32);
	t = mk();
	/* cold: RTC lookup + RTT read, TCE lookup, one level */
	ck_assert_uint_eq(req(t, 0, 5, 1, 7),
			  L_RTC + L_MEM + L_HIT + L_MEM + L_WALK);
	/* warm: RTC hit + TCE hit */
	ck_assert_uint_eq(req(t, 1000, 5, 1, 7), 1000 + L_RTC + L_HIT);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->hits, 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->misses, 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->rtc_misses, 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->rtc_hits, 1);
	ck_assert_uint_eq(fetch_timing_xlate_max(t),
			  L_RTC + L_MEM + L_HIT + L_MEM + L_WALK);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_miss_three_levels)
{
	struct fetch_timing *t;
	uint64_t walk = 3 * (L_MEM + L_WALK);

	params(32);
	t = mk();
	ck_assert_uint_eq(req(t, 0, -1, 3, 123456), L_HIT + walk);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->walks[3], 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->mem_reads, 3);
	ck_assert_uint_eq(fetch_timing_walk_percentile(t, 0.5), walk);
	ck_assert_uint_eq(fetch_timing_walk_max(t), walk);
	/* 5 levels */
	ck_assert_uint_eq(req(t, 10000, -1, 5, 99), 10000 + L_HIT +
			  5 * (L_MEM + L_WALK));
	ck_assert_uint_eq(fetch_timing_get_stats(t)->walks[5], 1);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_tags_exhausted_stall)
{
	struct fetch_timing *t;
	uint64_t d0, d1, d2;

	params(2);
	t = mk();
	d0 = req(t, 0, -1, 1, 100);
	d1 = req(t, 1, -1, 1, 200);
	ck_assert_uint_eq(d0, L_HIT + L_MEM + L_WALK);
	/* issued at 1 + L_HIT = 3; d0's read held the path only cycle 2 */
	ck_assert_uint_eq(d1, 1 + L_HIT + L_MEM + L_WALK);
	/* third miss: no tag until d0 frees one */
	d2 = req(t, 2, -1, 1, 300);
	ck_assert_uint_eq(d2, d0 + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->stalls, 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->stall_cycles, d0 - (2 + L_HIT));
	ck_assert_uint_eq(fetch_timing_get_stats(t)->tag_max, 2);
	/* a hit behind the stalled miss waits for the pipeline */
	ck_assert_uint_eq(req(t, 3, -1, 1, 100), d0 + L_HIT);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_walks_overlap_on_memory_path)
{
	struct fetch_timing *t;
	uint64_t walk = 2 * (L_MEM + L_WALK);

	params(32);
	t = mk();
	/* Two back-to-back 2-level misses. The first walk books its level-2
	   read at cycle 2+103; that must not delay the second walk's
	   level-1 read at cycle 3 (the path holds each 8-byte read 1 cycle). */
	ck_assert_uint_eq(req(t, 0, -1, 2, 1000), L_HIT + walk);
	ck_assert_uint_eq(req(t, 1, -1, 2, 5000000), 1 + L_HIT + walk);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->mem_queue_cycles, 0);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_memory_bandwidth_queues)
{
	struct fetch_timing *t;

	params(32);
	tp.mem_bytes_per_cycle = 1;	/* an 8-byte read holds it 8 cycles */
	t = mk();
	/* issued at 2 and 3: the second read waits until 2 + 8 */
	ck_assert_uint_eq(req(t, 0, -1, 1, 100), L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(req(t, 1, -1, 1, 900), 2 + 8 + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->mem_queue_cycles, 7);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_per_pe_stats_registered_on_first_use)
{
	struct sim_stats reg;
	struct fetch_timing *t;
	struct fetch_timing_page p;

	params(32);
	t = mk();
	sim_stats_init(&reg);
	ck_assert_int_eq(fetch_timing_register_stats(t, &reg, "x"), 0);
	ck_assert_ptr_null(sim_stats_find(&reg, "x.pe3.lookups"));
	req(t, 0, -1, 1, 7);		/* PE 3: miss */
	req(t, 1000, -1, 1, 7);		/* PE 3: hit */
	p = pg(1, 7);
	p.pe = 9;			/* PE 9: its own miss, same page */
	fetch_timing_begin(t, 2000, -1);
	fetch_timing_page(t, &p);
	fetch_timing_end(t, 4096);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->lookups, 2);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->hits, 1);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->misses, 1);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->walk_cycles, L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 9)->misses, 1);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 9)->hits, 0);
	ck_assert_ptr_null(fetch_timing_get_pe_stats(t, FETCH_TIMING_MAX_PES));
	ck_assert_ptr_nonnull(sim_stats_find(&reg, "x.pe3.lookups"));
	ck_assert_ptr_nonnull(sim_stats_find(&reg, "x.pe9.misses"));
	ck_assert_ptr_null(sim_stats_find(&reg, "x.pe4.lookups"));
	ck_assert(sim_stat_value(sim_stats_find(&reg, "x.pe3.hit_rate")) == 0.5);
	fetch_timing_destroy(t);
	sim_stats_free(&reg);
}
END_TEST

CK_TEST("core", timing_no_fill_never_hits_and_is_no_fault)
{
	struct fetch_timing *t;
	struct fetch_timing_page p;
	uint64_t d0, d1;

	params(32);
	t = mk();
	p = pg(1, 7);
	p.no_fill = true;		/* a unit without a TCE cache */
	fetch_timing_begin(t, 0, -1);
	d0 = fetch_timing_page(t, &p);
	fetch_timing_end(t, 8);
	fetch_timing_begin(t, 1000, -1);
	d1 = fetch_timing_page(t, &p);
	fetch_timing_end(t, 8);
	ck_assert_uint_eq(d0, L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(d1, 1000 + L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->hits, 0);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->misses, 2);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->faults, 0);
	p.fault = true;
	fetch_timing_begin(t, 2000, -1);
	fetch_timing_page(t, &p);
	fetch_timing_end(t, 8);
	ck_assert_uint_eq(fetch_timing_get_pe_stats(t, 3)->faults, 1);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_line64_fills_neighbours)
{
	struct fetch_timing *t;

	params(32);
	tp.line_bytes = 1;	/* 64 */
	t = mk();
	ck_assert_uint_eq(req(t, 0, -1, 1, 10), L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->line_fills, 7);
	/* 8..15 share the line: hits */
	ck_assert_uint_eq(req(t, 1000, -1, 1, 8), 1000 + L_HIT);
	ck_assert_uint_eq(req(t, 2000, -1, 1, 15), 2000 + L_HIT);
	/* 16 is the next line */
	ck_assert_uint_eq(req(t, 3000, -1, 1, 16),
			  3000 + L_HIT + L_MEM + L_WALK);
	/* a 64-byte read holds the 8 B/cycle path 8 cycles */
	ck_assert_uint_eq(fetch_timing_get_stats(t)->mem_bytes, 2 * 64);
	fetch_timing_destroy(t);

	params(32);		/* 8-byte fetches: the neighbour misses */
	t = mk();
	req(t, 0, -1, 1, 10);
	ck_assert_uint_eq(req(t, 1000, -1, 1, 11),
			  1000 + L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->line_fills, 0);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_prefetch_next_page)
{
	struct fetch_timing *t;
	uint64_t d0;

	params(32);
	tp.prefetch_next = 1;
	t = mk();
	d0 = req(t, 0, -1, 1, 4);
	ck_assert_uint_eq(d0, L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->prefetches, 1);
	/* the prefetch read issues with the demand leaf read and queues one
	   cycle behind it: page 5 is in flight until d0 + 1 */
	ck_assert_uint_eq(req(t, 50, -1, 1, 5), d0 + 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->merges, 1);
	ck_assert_uint_eq(req(t, 1000, -1, 1, 5), 1000 + L_HIT);
	/* the last entry of a leaf table: its neighbour is in another
	   table, no prefetch */
	req(t, 2000, -1, 1, 511);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->prefetches, 1);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_kill_costs)
{
	struct fetch_timing *t;

	params(32);
	t = mk();
	req(t, 0, -1, 1, 1);
	req(t, 1000, -1, 1, 2);
	fetch_timing_advance(t, 2000);
	ck_assert_uint_eq(fetch_timing_kill(t, XLATE_KILL_ONE, 3, 0, 1 << 12), 2000 + L_KONE);
	/* the pipeline is blocked until the kill is done */
	ck_assert_uint_eq(req(t, 2001, -1, 1, 2), 2000 + L_KONE + L_HIT);
	/* page 1 was killed: walk again */
	ck_assert_uint_eq(req(t, 3000, -1, 1, 1),
			  3000 + L_HIT + L_MEM + L_WALK);
	fetch_timing_advance(t, 4000);
	ck_assert_uint_eq(fetch_timing_kill(t, XLATE_KILL_PE, 3, 0, 0), 4000 + L_KPE);
	fetch_timing_advance(t, 5000);
	ck_assert_uint_eq(fetch_timing_kill(t, XLATE_KILL_ALL, 0, 0, 0), 5000 + L_KALL);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kills[0], 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kills[1], 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kills[2], 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_removed[2], 1);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_removed[1], 2);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_removed[0], 0);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_cycles,
			  L_KONE + L_KPE + L_KALL);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_kill_inflight_drain_and_drop)
{
	struct fetch_timing *t;
	uint64_t d0;

	params(32);		/* drain: the kill waits for the fetch */
	t = mk();
	d0 = req(t, 0, -1, 1, 1);
	fetch_timing_advance(t, 10);
	ck_assert_uint_eq(fetch_timing_kill(t, XLATE_KILL_ALL, 0, 0, 0), d0 + L_KALL);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_drain_cycles, d0 - 10);
	fetch_timing_destroy(t);

	params(32);
	tp.kill_inflight = TIMING_KILL_DROP;
	t = mk();
	d0 = req(t, 0, -1, 1, 1);
	fetch_timing_advance(t, 10);
	ck_assert_uint_eq(fetch_timing_kill(t, XLATE_KILL_ALL, 0, 0, 0), 10 + L_KALL);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->kill_dropped, 1);
	/* no merge into the cancelled fetch: a new walk (the read path
	   is idle again by then) */
	ck_assert_uint_eq(req(t, 20, -1, 1, 1),
			  10 + L_KALL + L_HIT + L_MEM + L_WALK);
	ck_assert_uint_eq(fetch_timing_get_stats(t)->merges, 0);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_indirect_cache_skips_levels)
{
	struct fetch_timing *t;

	params(32);
	tp.cache_indirect = 1;
	t = mk();
	req(t, 0, -1, 3, 0x12345);
	/* same leaf table (same level-1 entry): only the leaf is read */
	ck_assert_uint_eq(req(t, 1000, -1, 3, 0x12346),
			  1000 + L_HIT + L_MEM + L_WALK);
	/* same root entry, other level-1 entry: two reads */
	ck_assert_uint_eq(req(t, 2000, -1, 3, 0x12345 + 512 * 2),
			  2000 + L_HIT + 2 * (L_MEM + L_WALK));
	ck_assert_uint_eq(fetch_timing_get_stats(t)->indirect_hits, 2 + 1);
	fetch_timing_destroy(t);
}
END_TEST

CK_TEST("core", timing_stats_registered)
{
	struct sim_stats s;
	struct fetch_timing *t;

	params(32);
	tp.clock_mhz = 1000;	/* 1 cycle = 1 ns */
	t = mk();
	req(t, 0, -1, 1, 1);
	req(t, 200, -1, 1, 1);
	sim_stats_init(&s);
	ck_assert_int_eq(fetch_timing_register_stats(t, &s, "t"), 0);
	ck_assert_ptr_nonnull(sim_stats_find(&s, "t.hit_rate"));
	ck_assert(sim_stat_value(sim_stats_find(&s, "t.hit_rate")) == 0.5);
	/* 2 translations in [0, 200 + L_HIT] ns */
	ck_assert(sim_stat_value(sim_stats_find(&s, "t.translations_per_s")) ==
		  2e9 / (200 + L_HIT));
	ck_assert(sim_stat_value(sim_stats_find(&s, "t.xlate_latency.max_ns")) ==
		  L_HIT + L_MEM + L_WALK);
	ck_assert_int_eq(fetch_timing_register_stats(t, &s, "t"), -EEXIST);
	sim_stats_free(&s);
	fetch_timing_destroy(t);
}
END_TEST

/* ---- functional equivalence through the real PHB3 ---- */

#define GiB (1ull << 30)
#define RAM (4 * GiB)
#define RTT_BASE (3 * GiB)
#define POOL (1 * GiB)

struct rig {
	struct sim_mem *mem;
	struct phb3 *phb;
	struct phb3_timed *pt;	/* NULL: plain */
	uint64_t pool;
};

static uint64_t mapped[4][64];	/* pages mapped per PE (same in both rigs) */

static void wr(struct rig *r, uint64_t off, uint64_t v)
{
	/* the timed rig's observer sees the kills the PHB accepts */
	rt_wr(r->phb, off, v);
}

/* Leaf TCEs: any of 4096 real pages, any permission (none too). */
static uint64_t leaf(void)
{
	uint64_t pa = (rnd() % 4096) << 12;

	return pa | (rnd() % 4);
}

/* Both rigs get identical tables: the builder draws from rng in order.
   RID i -> PE i % 4; PE p: a (1 + p % 3)-level table of 4K pages. */
static void rig_build(struct rig *r, uint64_t seed)
{
	rng = seed;
	r->pool = POOL;
	rt_build(r->phb, r->mem, RTT_BASE, &r->pool, 64, 4096, mapped[0], leaf);
}

static void rig_init(struct rig *r, const struct timing_params *t)
{
	memset(r, 0, sizeof(*r));
	r->mem = sim_mem_create(RAM, 0);
	ck_assert_ptr_nonnull(r->mem);
	r->phb = phb3_create(r->mem, NULL, 0);
	ck_assert_ptr_nonnull(r->phb);
	if (t) {
		r->pt = phb3_timed_create(r->phb, t, NULL);
		ck_assert_ptr_nonnull(r->pt);
	}
	rig_build(r, 42);
}

static void rig_fini(struct rig *r)
{
	phb3_timed_destroy(r->pt);
	phb3_destroy(r->phb);
	sim_mem_destroy(r->mem);
}

static void equivalence(const struct timing_params *t, bool hits_match)
{
	struct rig a, b;
	unsigned n, faults = 0, ok = 0;
	uint8_t ba[8192], bb[8192];

	rig_init(&a, NULL);
	rig_init(&b, t);
	rng = 7;
	for (n = 0; n < 20000; n++) {
		struct sim_dma_req q;
		struct sim_dma_result ra, rb;
		struct sim_dma_target ta = phb3_dma_target(a.phb);
		struct sim_dma_target tb = phb3_timed_dma_target(b.pt);
		unsigned pe, k = rnd() % 100;

		if (k < 3) {	/* kills of every kind, same on both */
			uint64_t v = k == 0 ? 1ull << 63 :
				     k == 1 ? 1ull << 62 | rnd() % 4 :
				     1ull << 61 | (rnd() % 4096) << 12 | rnd() % 4;
			wr(&a, 0x210, v);
			wr(&b, 0x210, v);
			continue;
		}
		memset(&q, 0, sizeof(q));
		q.rid = rnd() % 18;	/* 16, 17: RTE 0 (unwritten) */
		if (rnd() % 4)	/* mostly pages the tables map */
			q.addr = mapped[q.rid % 4][rnd() % 64] << 12 |
				 (rnd() % 4096);
		else
			q.addr = (rnd() % 4096) << 12 | (rnd() % 4096);
		if (rnd() % 50 == 0)
			q.addr |= 1ull << 59;	/* window 1: invalid TVE */
		q.len = 1 + (rnd() % 8 ? rnd() % 256 : rnd() % 6000);
		q.dir = rnd() % 2 ? SIM_DMA_WRITE : SIM_DMA_READ;
		memset(ba, 0x5A, sizeof(ba));
		memset(bb, 0x5A, sizeof(bb));
		ck_assert_int_eq(ta.dma(ta.opaque, &q, ba, &ra), 0);
		ck_assert_int_eq(tb.dma(tb.opaque, &q, bb, &rb), 0);
		ck_assert_int_eq(ra.status, rb.status);
		ck_assert_int_eq(ra.reason, rb.reason);
		ck_assert_uint_eq(ra.pe, rb.pe);
		ck_assert_uint_eq(ra.pa, rb.pa);
		ck_assert_uint_eq(ra.fault_addr, rb.fault_addr);
		ck_assert_uint_eq(ra.bytes_done, rb.bytes_done);
		ck_assert_uint_eq(ra.walk_levels, rb.walk_levels);
		ck_assert_int_eq(ra.cache_hit, rb.cache_hit);
		ck_assert_mem_eq(ba, bb, sizeof(ba));
		if (ra.status == SIM_DMA_OK)
			ok++;
		if (ra.status == SIM_DMA_FAULT || ra.status == SIM_DMA_FROZEN) {
			faults++;
			/* unfreeze so the stream keeps translating */
			for (pe = 0; pe < 4; pe++) {
				rt_thaw(a.phb, pe);
				rt_thaw(b.phb, pe);
			}
		}
	}
	ck_assert_uint_gt(ok, 1000);
	ck_assert_uint_gt(faults, 1000);
	ck_assert_uint_gt(fetch_timing_get_stats(phb3_timed_timing(b.pt))->translations,
			  10000);
	if (hits_match) {
		/* default timing: the tag copy agrees with the functional
		   cache on every lookup */
		const struct tce_cache_stats *cs =
			tce_cache_get_stats(phb3_tce_cache(a.phb));
		const struct fetch_timing_stats *ts =
			fetch_timing_get_stats(phb3_timed_timing(b.pt));

		ck_assert_uint_eq(ts->hits + ts->merges, cs->hits);
	}
	rig_fini(&a);
	rig_fini(&b);
}

CK_CASE("equivalence", 60, NULL, NULL);

CK_TEST("equivalence", timing_functional_equivalence_default)
{
	struct timing_params d;

	timing_params_default(&d);
	equivalence(&d, true);
}
END_TEST

CK_TEST("equivalence", timing_functional_equivalence_whatif)
{
	struct timing_params d;

	timing_params_default(&d);
	d.line_bytes = 1;
	d.prefetch_next = 1;
	d.cache_indirect = 1;
	d.max_outstanding_fetches = 2;
	d.kill_inflight = TIMING_KILL_DROP;
	d.lat_mem_read = 7;
	equivalence(&d, false);
}
END_TEST

/* ---- memory latencies from outside (an embedder's memory timing) ---- */

CK_TEST("core", timing_read_latencies_replace_lat_mem_read)
{
	const uint64_t lat[3] = { 500, FETCH_TIMING_LAT_DEFAULT, 20 };
	struct fetch_timing *t;
	struct fetch_timing_page p;

	params(32);
	t = mk();
	/* RTT read 300 instead of L_MEM, then a 3-level walk: 500, the
	   default, 20 */
	fetch_timing_next_rtt_latency(t, 300);
	p = pg(3, 77);
	p.read_lat = lat;
	ck_assert_uint_eq(fetch_timing_begin(t, 0, 9), L_RTC + 300);
	fetch_timing_page(t, &p);
	ck_assert_uint_eq(fetch_timing_end(t, 8), L_RTC + 300 + L_HIT +
			  (500 + L_WALK) + (L_MEM + L_WALK) + (20 + L_WALK));
	/* one shot: the next RTT miss costs L_MEM again */
	ck_assert_uint_eq(fetch_timing_begin(t, 10000, 10),
			  10000 + L_RTC + L_MEM);
	fetch_timing_end(t, 0);
	fetch_timing_destroy(t);
}
END_TEST

struct lat_src {
	uint64_t rtt_pa, calls, last_pa;
};

static uint64_t lat_of(void *ctx, uint64_t pa, unsigned bytes)
{
	struct lat_src *ls = ctx;

	ls->calls++;
	ls->last_pa = pa;
	if (bytes == 2)
		return pa == ls->rtt_pa ? 77 : 0;
	return 1000;
}

CK_TEST("equivalence", timing_phb3_takes_latencies_from_a_source)
{
	struct rig r;
	struct lat_src ls = { .rtt_pa = RTT_BASE + 2 * 5 };
	struct sim_dma_target tg;
	struct sim_dma_req q = { .rid = 5, .len = 8, .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint8_t buf[8];

	params(32);
	rig_init(&r, &tp);
	phb3_timed_set_latency_source(r.pt, lat_of, &ls);
	/* RID 5 -> PE 1: a 2-level table; a page it maps */
	q.addr = mapped[1][0] << 12;
	tg = phb3_timed_dma_target(r.pt);
	phb3_timed_set_arrival(r.pt, 0);
	ck_assert_int_eq(tg.dma(tg.opaque, &q, buf, &res), 0);
	ck_assert_uint_eq(res.walk_levels, 2);
	/* RTT read 77, both table reads 1000 */
	ck_assert_uint_eq(phb3_timed_last_completion(r.pt),
			  L_RTC + 77 + L_HIT + 2 * (1000 + L_WALK));
	ck_assert_uint_eq(ls.calls, 3);
	/* the leaf read was asked last, by its address in the table */
	ck_assert_uint_ge(ls.last_pa, POOL);
	/* off again: the same page of another PE's table uses L_MEM */
	phb3_timed_set_latency_source(r.pt, NULL, NULL);
	q.rid = 6;	/* PE 2: 3 levels */
	q.addr = mapped[2][0] << 12;
	phb3_timed_set_arrival(r.pt, 100000);
	ck_assert_int_eq(tg.dma(tg.opaque, &q, buf, &res), 0);
	ck_assert_uint_eq(phb3_timed_last_completion(r.pt),
			  100000 + L_RTC + L_MEM + L_HIT + 3 * (L_MEM + L_WALK));
	ck_assert_uint_eq(ls.calls, 3);
	rig_fini(&r);
}
END_TEST

/*
 * A request larger than the link takes (PCIE_LINK_MAX_BYTES): the link
 * refuses it (its errors counter), the translation is still timed, and
 * the next request crosses the link as usual.
 */
CK_TEST("core", timing_link_refuses_huge_request)
{
	struct timing_params d;
	struct pcie_link_params lp;
	struct sim_dma_req q = { .rid = 0, .addr = 0x3FF000,
				 .len = PCIE_LINK_MAX_BYTES + 4096,
				 .dir = SIM_DMA_WRITE };
	struct sim_dma_result res;
	struct sim_dma_target t;
	const struct pcie_link_stats *ls;
	uint8_t buf[64] = { 0 };
	struct rig r;

	timing_params_default(&d);
	pcie_link_params_default(&lp);
	rig_init(&r, NULL);
	r.pt = phb3_timed_create(r.phb, &d, &lp);
	ck_assert_ptr_nonnull(r.pt);
	ls = pcie_link_get_stats(phb3_timed_link(r.pt));
	t = phb3_timed_dma_target(r.pt);
	/* PE 0's 1-level window is 2 MiB: the first page is out of it, so
	   the PHB faults before it would touch the buffer */
	ck_assert_int_eq(t.dma(t.opaque, &q, buf, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);
	ck_assert_uint_eq(ls->errors, 1);
	ck_assert_uint_eq(ls->writes, 0);
	ck_assert_uint_eq(phb3_timed_last_completion(r.pt),
			  fetch_timing_last_done(phb3_timed_timing(r.pt)));
	q.len = 64;
	q.rid = 1;	/* PE 1: not frozen by the fault */
	q.addr = mapped[1][0] << 12;
	q.dir = SIM_DMA_READ;
	ck_assert_int_eq(t.dma(t.opaque, &q, buf, &res), 0);
	ck_assert_uint_eq(ls->reads, 1);
	ck_assert_uint_eq(phb3_timed_last_completion(r.pt), ls->last_done);
	ck_assert_uint_gt(ls->last_done,
			  fetch_timing_last_done(phb3_timed_timing(r.pt)));
	rig_fini(&r);
}
END_TEST

CK_SUITE("model_timing");
