// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_fault: every outcome the twin can report, one directed request each:
 * MSI (32-bit with PHB3_CONFIG MSI32, 64-bit region), UNSUPPORTED_ADDR,
 * INVALID_PE (RTE past the PEs; RTT disabled), TABLE_MEMORY (RTT entry and
 * a table level outside RAM), FROZEN (PESTB through the error-logic port
 * and through IODA writes), INVALID_TVE, OUT_OF_WINDOW, INVALID_INDIRECT,
 * INVALID_LEAF, PERMISSION (read-only TCE written, write-only read),
 * TARGET_MEMORY; with the PE and fault address each must carry.
 */
#include <stdlib.h>

#include "check_auto.h"
#include "rtl_rig.h"

#define PE 6
#define RID 0x0610
#define BIT(n) (1ull << (63 - (n)))

static struct rig g;
static uint64_t root;

static void setup(unsigned levels)
{
	rig_init(&g, NULL, NULL, 0);
	rig_rte(&g, RID, PE);
	root = rig_window(&g, PE, 0, levels, 9, 12);
}

static void expect(struct tce_rtl_resp o, enum sim_dma_status st,
		   enum sim_fault_reason r, unsigned pe, uint64_t faddr)
{
	ck_assert_int_eq(o.status, st);
	ck_assert_int_eq(o.reason, r);
	ck_assert_uint_eq(o.pe, pe);
	if (st == SIM_DMA_FAULT)
		ck_assert_uint_eq(o.fault_addr, faddr);
}

CK_TEST("faults", fault_decode)
{
	setup(1);
	rig_write(&g, 0x160, BIT(8));	/* MSI32 decode */
	ck_assert_int_eq(rig_dma(&g, RID, 0xFFFF0010, 4, true).status, SIM_DMA_MSI);
	ck_assert_int_eq(rig_dma(&g, RID, 1ull << 60 | 0x40, 4, true).status,
			 SIM_DMA_MSI);
	rig_write(&g, 0x160, 0);
	/* without MSI32, the same address is a DMA (unmapped: a fault) */
	ck_assert_int_eq(rig_dma(&g, RID, 0xFFFF0010, 4, true).status,
			 SIM_DMA_FAULT);
	expect(rig_dma(&g, RID, 2ull << 60, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_UNSUPPORTED_ADDR, 0xFFFF, 2ull << 60);
	/* the last byte past 2^60 */
	expect(rig_dma(&g, RID, (1ull << 60) - 4, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_UNSUPPORTED_ADDR, 0xFFFF, (1ull << 60) - 4);
	rig_fini(&g);
}
END_TEST

CK_TEST("faults", fault_rtt)
{
	setup(1);
	rig_rte(&g, 0x77, 300);	/* names no PE */
	expect(rig_dma(&g, 0x77, 0x1000, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_PE, 0xFFFF, 0x1000);
	/* RTT disabled */
	rig_write(&g, 0x168, RIG_RTT);
	expect(rig_dma(&g, RID, 0x1000, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_PE, 0xFFFF, 0x1000);
	/* RTT past RAM: the RTE read fails */
	rig_write(&g, 0x168, BIT(0) | (1ull << 40));
	rig_write(&g, 0x208, BIT(0));	/* RTC invalidate all */
	expect(rig_dma(&g, RID, 0x1000, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_TABLE_MEMORY, 0xFFFF, 0x1000);
	rig_fini(&g);
}
END_TEST

static void ioda(uint64_t tsel, unsigned idx, uint64_t v)
{
	rig_write(&g, 0x220, tsel << 48 | idx);
	rig_write(&g, 0x228, v);
}

CK_TEST("faults", fault_frozen)
{
	setup(1);
	ck_assert_int_eq(rig_map(&g, root, 1, 9, 1, 0x400000 | 3), 0);
	ck_assert_int_eq(rig_dma(&g, RID, 0x1000, 8, false).status, SIM_DMA_OK);
	while (tce_rtl_pe_stop(g.r, PE, true))
		tce_rtl_step(g.r, 1);
	tce_rtl_step(g.r, 1);
	expect(rig_dma(&g, RID, 0x1000, 8, false), SIM_DMA_FROZEN, SIM_FAULT_NONE,
	       PE, 0);
	ioda(8, PE, 0);	/* PESTB cleared by firmware (EEH) */
	ck_assert_int_eq(rig_dma(&g, RID, 0x1000, 8, false).status, SIM_DMA_OK);
	ioda(8, PE, BIT(0));	/* and set again */
	expect(rig_dma(&g, RID, 0x1000, 8, false), SIM_DMA_FROZEN, SIM_FAULT_NONE,
	       PE, 0);
	rig_fini(&g);
}
END_TEST

CK_TEST("faults", fault_tve_and_window)
{
	setup(1);	/* 2 MiB window */
	expect(rig_dma(&g, RID, 2ull << 20, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_OUT_OF_WINDOW, PE, 2ull << 20);
	/* window 1 never programmed: TVE 0 is a disabled bypass */
	expect(rig_dma(&g, RID, 1ull << 59, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_TVE, PE, 1ull << 59);
	/* tts 0: invalid */
	rig_write(&g, 0x220, 9ull << 48 | (PE * 2));
	rig_write(&g, 0x228, (root >> 12) << 16 | 1);
	expect(rig_dma(&g, RID, 0x1000, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_TVE, PE, 0x1000);
	rig_fini(&g);
}
END_TEST

CK_TEST("faults", fault_walk)
{
	uint64_t a;

	setup(3);
	ck_assert_int_eq(rig_map(&g, root, 3, 9, 10, 0x600000 | 1), 0);	/* R */
	ck_assert_int_eq(rig_map(&g, root, 3, 9, 11, 0x601000 | 2), 0);	/* W */
	ck_assert_int_eq(rig_map(&g, root, 3, 9, 12, 0), 0);
	ck_assert_int_eq(rig_map(&g, root, 3, 9, 13, (1ull << 40) | 3), 0);
	expect(rig_dma(&g, RID, 10 * 4096 + 8, 8, true), SIM_DMA_FAULT,
	       SIM_FAULT_PERMISSION, PE, 10 * 4096 + 8);
	expect(rig_dma(&g, RID, 11 * 4096, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_PERMISSION, PE, 11 * 4096);
	expect(rig_dma(&g, RID, 12 * 4096, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_LEAF, PE, 12 * 4096);
	expect(rig_dma(&g, RID, 13 * 4096, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_TARGET_MEMORY, PE, 13 * 4096);
	/* the read-only page read: fine, and now cached */
	ck_assert_int_eq(rig_dma(&g, RID, 10 * 4096, 8, false).status, SIM_DMA_OK);
	/* a second-level entry missing: INVALID_INDIRECT */
	a = 1ull << (12 + 9);	/* root entry 0, middle entry 1 */
	expect(rig_dma(&g, RID, a, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_INVALID_INDIRECT, PE, a);
	/* a root entry pointing past RAM: TABLE_MEMORY */
	ck_assert_int_eq(sim_mem_write_be64(g.mem, root + 8 * 5, (1ull << 40) | 3), 0);
	a = 5ull << (12 + 18);
	expect(rig_dma(&g, RID, a, 8, false), SIM_DMA_FAULT,
	       SIM_FAULT_TABLE_MEMORY, PE, a);
	rig_fini(&g);
}
END_TEST

CK_CASE("faults", 0, NULL, NULL);
CK_SUITE("rtl_fault");
