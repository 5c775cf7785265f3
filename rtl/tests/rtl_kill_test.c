// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_kill: TCE kills in the twin, cycles worked out by hand. In drain mode
 * a kill waits for the fetch in flight and then blocks lookups for
 * lat_kill_one; in drop mode it starts at once, the fetch it covers takes
 * no more merges and the next lookup walks again. Kill-all and kill-PE
 * cost their own latency; kill-PE and kill-one remove only what they name.
 */
#include <stdlib.h>

#include "check_auto.h"
#include "rtl_rig.h"

#define L_RTC 1
#define L_HIT 2
#define L_MEM 100
#define L_WALK 3
#define L_KALL 40
#define L_KPE 30
#define L_KONE 5
#define BIT(n) (1ull << (63 - (n)))

static struct rig g;

static void setup(enum timing_kill_inflight mode)
{
	struct timing_params tp;
	uint64_t root;
	unsigned pe, i;

	timing_params_default(&tp);
	tp.lat_rtc_hit = L_RTC;
	tp.lat_hit = L_HIT;
	tp.lat_mem_read = L_MEM;
	tp.lat_walk_level = L_WALK;
	tp.mem_bytes_per_cycle = 8;
	tp.lat_kill_all = L_KALL;
	tp.lat_kill_pe = L_KPE;
	tp.lat_kill_one = L_KONE;
	tp.kill_inflight = mode;
	rig_init(&g, NULL, &tp, 0);
	for (pe = 1; pe <= 2; pe++) {
		rig_rte(&g, (uint16_t)pe, (uint16_t)pe);
		root = rig_window(&g, pe, 0, 1, 9, 12);
		for (i = 0; i < 16; i++)
			rig_map(&g, root, 1, 9, i, (0x900000ull + i * 0x1000) | 3);
		rig_dma(&g, (uint16_t)pe, 15 * 4096, 8, false);	/* warm RTT cache */
	}
	rig_drain(&g);
}

/*
 * The pair every kill test sends: a miss on page 1 of PE 1 (returned: its
 * send cycle), a kill-one of page kill_page one cycle behind it, and a
 * second access to page 1 one cycle later; their responses in *o1, *o2.
 */
static uint64_t miss_kill_access(enum timing_kill_inflight mode,
				 uint64_t kill_page, struct tce_rtl_resp *o1,
				 struct tce_rtl_resp *o2)
{
	uint16_t t;
	uint64_t a;

	setup(mode);
	t = g.tag;
	a = rig_send(&g, 1, 1 * 4096, 8, false);		/* miss, done a+106 */
	rig_write(&g, 0x210, BIT(2) | kill_page * 4096 | 1);	/* arrives a+1 */
	rig_send(&g, 1, 1 * 4096 + 8, 8, false);		/* arrives a+2 */
	*o1 = rig_wait(&g, t);
	*o2 = rig_wait(&g, (uint16_t)(t + 1));
	return a;
}

CK_TEST("kinds", kill_one_drain_waits_for_fetch)
{
	struct tce_rtl_resp o1, o2;
	uint64_t a = miss_kill_access(TIMING_KILL_DRAIN, 1, &o1, &o2);

	ck_assert_uint_eq(o1.done, a + 3 + L_MEM + L_WALK);
	/* the kill: from max(now, next slot) = a+2, drained to a+106, then
	   L_KONE; the request behind is accepted one RTT-hit early */
	ck_assert_uint_eq(o2.accept, a + 3 + L_MEM + L_WALK + L_KONE - L_RTC);
	ck_assert_uint_eq(o2.cnt.misses, 1);
	ck_assert_uint_eq(o2.done, a + 3 + L_MEM + L_WALK + L_KONE + L_HIT + L_MEM + L_WALK);
	rig_fini(&g);
}
END_TEST

CK_TEST("kinds", kill_one_drop_cancels_fetch)
{
	struct tce_rtl_resp o1, o2;
	uint64_t a = miss_kill_access(TIMING_KILL_DROP, 1, &o1, &o2);

	ck_assert_uint_eq(o1.done, a + 3 + L_MEM + L_WALK);	/* still answered */
	/* the kill starts at a+2 and blocks to a+2+L_KONE; no merge into the
	   cancelled fetch: a new walk */
	ck_assert_uint_eq(o2.accept, a + 2 + L_KONE - L_RTC);
	ck_assert_uint_eq(o2.cnt.misses, 1);
	ck_assert_uint_eq(o2.cnt.merges, 0);
	ck_assert_uint_eq(o2.done, a + 2 + L_KONE + L_HIT + L_MEM + L_WALK);
	rig_fini(&g);
}
END_TEST

CK_TEST("kinds", kill_without_drop_merges)
{
	struct tce_rtl_resp o1, o2;
	/* the same pair with a kill of another page: a hit under miss */
	uint64_t a = miss_kill_access(TIMING_KILL_DROP, 2, &o1, &o2);

	ck_assert_uint_eq(o1.done, a + 3 + L_MEM + L_WALK);
	ck_assert_uint_eq(o2.cnt.merges, 1);
	ck_assert_uint_eq(o2.done, a + 3 + L_MEM + L_WALK);
	rig_fini(&g);
}
END_TEST

/*
 * After the unit drained: the kill register written, then page 2 of PE 1
 * read; it is accepted cost cycles after the cycle of the kill. Returned.
 */
static struct tce_rtl_resp after_kill(uint64_t kill, uint64_t cost)
{
	struct tce_rtl_resp o;
	uint64_t w;

	rig_drain(&g);
	w = tce_rtl_cycle(g.r) + 1;
	rig_write(&g, 0x210, kill);
	o = rig_dma(&g, 1, 2 * 4096, 8, false);
	ck_assert_uint_eq(o.accept, w + cost);
	return o;
}

CK_TEST("kinds", kill_kinds_cost_and_scope)
{
	unsigned pe;

	setup(TIMING_KILL_DRAIN);
	for (pe = 1; pe <= 2; pe++) {	/* cache pages 1, 2 of both PEs */
		rig_dma(&g, (uint16_t)pe, 1 * 4096, 8, false);
		rig_dma(&g, (uint16_t)pe, 2 * 4096, 8, false);
	}
	/* kill-one: page 1 of PE 1 only */
	ck_assert_uint_eq(after_kill(BIT(2) | 1 * 4096 | 1, L_KONE - L_RTC).cnt.hits, 1);
	ck_assert_uint_eq(rig_dma(&g, 1, 1 * 4096, 8, false).cnt.misses, 1);
	/* kill-PE 2: PE 1 keeps its pages */
	ck_assert_uint_eq(after_kill(BIT(1) | 2, L_KPE - L_RTC).cnt.hits, 1);
	ck_assert_uint_eq(rig_dma(&g, 2, 2 * 4096, 8, false).cnt.misses, 1);
	/* kill-all */
	ck_assert_uint_eq(after_kill(BIT(0), L_KALL - L_RTC).cnt.misses, 1);
	/* no operation bit: nothing happens, no cost */
	ck_assert_uint_eq(after_kill(1, 1).cnt.hits, 1);
	rig_fini(&g);
}
END_TEST

CK_CASE("kinds", 0, NULL, NULL);
CK_SUITE("rtl_kill");
