// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_xlate: translations by the twin alone. 1..5-level tables with 4K,
 * 64K, 16M and 256M IO pages (PA, PE, every table read at the address the
 * walk must use), a repeat that hits without reading, a request over
 * several pages, bypass windows inside and outside their bounds (and with
 * the bounds check off), the out-of-window alias policy. Expected values
 * are computed here from the table layout.
 */
#include <stdlib.h>

#include "check_auto.h"
#include "rtl_rig.h"

static const unsigned page_shifts[] = { 12, 16, 24, 28 };

CK_LOOP_TEST("core", xlate_levels_and_page_sizes, 0, 20)
{
	unsigned levels = 1 + (unsigned)_i / 4, ps = page_shifts[_i % 4];
	uint64_t root, page = 5, tce, off = 0x123, pa_exp, base, ent, idx;
	struct tce_rtl_resp o;
	struct rig g;
	unsigned l, sh, nreads;

	rig_init(&g, NULL, NULL, 0);
	rig_rte(&g, 0x31, 7);
	root = rig_window(&g, 7, 0, levels, 9, ps);
	tce = (ps == 28 ? 1ull << 28 : 0x3000000ull) | 3;	/* RW */
	ck_assert_int_eq(rig_map(&g, root, levels, 9, page, tce), 0);
	g.nreads = 0;
	o = rig_dma(&g, 0x31, (page << ps) + off, 64, _i % 2);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pe, 7);
	pa_exp = (tce & ~((1ull << ps) - 1)) | off;
	ck_assert_uint_eq(o.pa, pa_exp);
	ck_assert_uint_eq(o.cnt.misses, 1);
	ck_assert(o.cnt.rtc_miss);
	/* the RTT entry, then one read per level along the path */
	ck_assert_uint_eq(g.nreads, 1 + levels);
	ck_assert(g.reads[0].rtt);
	ck_assert_uint_eq(g.reads[0].pa, RIG_RTT + 2 * 0x31);
	base = root;
	for (l = 0; l < levels; l++) {
		sh = ps + 9 * (levels - 1 - l);
		idx = (sh >= 64 ? 0 : ((page << ps) + off) >> sh) & 511;
		ck_assert_uint_eq(g.reads[1 + l].pa, base | idx << 3);
		ck_assert_uint_eq(g.reads[1 + l].size, 8);
		ck_assert_uint_eq(g.reads[1 + l].level, l);
		ck_assert_int_eq(sim_mem_read_be64(g.mem, base | idx << 3, &ent), 0);
		base = ent & ~0xFFFull;
	}
	/* a repeat hits: nothing read */
	nreads = g.nreads;
	o = rig_dma(&g, 0x31, (page << ps) + off + 8, 8, false);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, pa_exp + 8);
	ck_assert_uint_eq(o.cnt.hits, 1);
	ck_assert(o.cnt.rtc_hit);
	ck_assert_uint_eq(g.nreads, nreads);
	rig_fini(&g);
}
END_TEST

CK_TEST("core", xlate_request_over_pages)
{
	struct tce_rtl_resp o;
	struct rig g;
	uint64_t root;
	unsigned i;

	rig_init(&g, NULL, NULL, 0);
	rig_rte(&g, 2, 1);
	root = rig_window(&g, 1, 0, 2, 9, 12);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(rig_map(&g, root, 2, 9, 100 + i,
					 (0x500000ull + 0x7000 * i) | 3), 0);
	o = rig_dma(&g, 2, 100 * 4096 + 0xF00, 3 * 4096, true);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x500F00);
	ck_assert_uint_eq(o.cnt.pages, 4);	/* 0xF00 + 3 pages spans 4 */
	ck_assert_uint_eq(o.cnt.misses, 4);
	/* page 3 unmapped (RW bits clear): the request faults there */
	ck_assert_int_eq(rig_map(&g, root, 2, 9, 104, 0), 0);
	o = rig_dma(&g, 2, 102 * 4096, 3 * 4096, false);
	ck_assert_int_eq(o.status, SIM_DMA_FAULT);
	ck_assert_int_eq(o.reason, SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(o.fault_addr, 104 * 4096);
	rig_fini(&g);
}
END_TEST

CK_TEST("core", xlate_bypass_bounds)
{
	struct phb3_params pp;
	struct tce_rtl_resp o;
	struct rig g;
	uint64_t w1 = 1ull << 59;

	rig_init(&g, NULL, NULL, 0);
	rig_rte(&g, 9, 3);
	rig_bypass(&g, 3, 1, 16ull << 20, 512ull << 20);	/* [16M, 512M) */
	o = rig_dma(&g, 9, w1 | 0x2345678, 16, true);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x2345678);
	ck_assert_uint_eq(o.cnt.bypass, 1);
	ck_assert_uint_eq(o.cnt.misses, 0);
	o = rig_dma(&g, 9, w1 | 0x345678, 16, false);	/* below start */
	ck_assert_int_eq(o.status, SIM_DMA_FAULT);
	ck_assert_int_eq(o.reason, SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_uint_eq(o.pe, 3);
	o = rig_dma(&g, 9, w1 | (512ull << 20), 16, false);	/* at end */
	ck_assert_int_eq(o.reason, SIM_FAULT_OUT_OF_WINDOW);
	rig_fini(&g);

	phb3_params_default(&pp);
	pp.bypass_bounds_check = false;
	rig_init(&g, &pp, NULL, 0);
	rig_rte(&g, 9, 3);
	rig_bypass(&g, 3, 1, 16ull << 20, 512ull << 20);
	o = rig_dma(&g, 9, w1 | 0x345678, 16, false);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x345678);
	rig_fini(&g);
}
END_TEST

CK_TEST("core", xlate_out_of_window_alias)
{
	struct phb3_params pp;
	struct tce_rtl_resp o;
	struct rig g;
	uint64_t root;

	phb3_params_default(&pp);
	pp.oow_policy = PHB3_OOW_ALIAS;
	rig_init(&g, &pp, NULL, 0);
	rig_rte(&g, 4, 2);
	root = rig_window(&g, 2, 0, 1, 9, 12);	/* 2 MiB window */
	ck_assert_int_eq(rig_map(&g, root, 1, 9, 3, 0x700000 | 1), 0);
	o = rig_dma(&g, 4, (2ull << 20) + 3 * 4096 + 4, 4, false);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x700004);	/* wrapped onto page 3 */
	rig_fini(&g);
}
END_TEST

CK_CASE("core", 0, NULL, NULL);
CK_SUITE("rtl_xlate");
