// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_freeze: what a DMA fault does to PE state: the PEST entry in
 * memory (TTYPE, RID, cause, FAIL_ADDR), PESTA/PESTB/PEEV read through
 * IODA, PELT-V propagation, frozen DMA blocked, and thawing by writing
 * the IODA tables (what the firmware's freeze-clear call does).
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/phb3.h"
#include "tcesim/phb3_debug.h"

#define GiB (1ull << 30)
#define BIT(n) (1ull << (63 - (n)))

#define R_RTT_BAR	0x168
#define R_PELTV_BAR	0x188
#define R_PEST_BAR	0x1A8
#define R_IODA_ADDR	0x220
#define R_IODA_DATA0	0x228
#define T_PESTA 7
#define T_PESTB 8
#define T_TVT 9
#define T_PEEV 20

#define RTT_BASE	0x60000000ull
#define PEST_BASE	0x60100000ull
#define PELTV_BASE	0x60200000ull

static struct sim_mem *mem;
static struct phb3 *phb;
static struct sim_stats stats;

static void wr(uint64_t off, uint64_t v)
{
	ck_assert_int_eq(phb3_mmio_ops.write(phb, off, 8, v), 0);
}

static uint64_t rd(uint64_t off)
{
	uint64_t v;

	ck_assert_int_eq(phb3_mmio_ops.read(phb, off, 8, &v), 0);
	return v;
}

static void ioda_wr(unsigned tsel, unsigned idx, uint64_t v)
{
	wr(R_IODA_ADDR, (uint64_t)tsel << 48 | idx);
	wr(R_IODA_DATA0, v);
}

static uint64_t ioda_rd(unsigned tsel, unsigned idx)
{
	wr(R_IODA_ADDR, (uint64_t)tsel << 48 | idx);
	return rd(R_IODA_DATA0);
}

static uint64_t r64(uint64_t pa)
{
	uint64_t v;

	ck_assert_int_eq(sim_mem_read_be64(mem, pa, &v), 0);
	return v;
}

static uint64_t stat(const char *name)
{
	const struct sim_stat *s = sim_stats_find(&stats, name);

	ck_assert_msg(s != NULL, "no stat %s", name);
	return *s->u64;
}

/* PE p <- RID p << 8; each PE's window 0: 1 level, 4K, table at 0x20000000
   whose entry 0 maps page 0 RW to 0x40000000; window 1 left disabled. */
static void setup(void)
{
	unsigned pe;

	mem = sim_mem_create(4 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	phb = phb3_create(mem, NULL, 0);
	ck_assert_ptr_nonnull(phb);
	sim_stats_init(&stats);
	ck_assert_int_eq(phb3_register_stats(phb, &stats, "phb3.0"), 0);
	wr(R_RTT_BAR, BIT(0) | RTT_BASE);
	wr(R_PEST_BAR, BIT(0) | PEST_BASE);
	wr(R_PELTV_BAR, BIT(0) | PELTV_BASE);
	for (pe = 0; pe < 16; pe++) {
		ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2 * (pe << 8),
						    pe), 0);
		ioda_wr(T_TVT, pe * 2, 0x0000000200000101ull);
	}
	ck_assert_int_eq(sim_mem_write_be64(mem, 0x20000000, 0x40000003), 0);
}

static void teardown(void)
{
	sim_stats_free(&stats);
	phb3_destroy(phb);
	sim_mem_destroy(mem);
}

static struct sim_dma_result dma(unsigned pe, uint64_t addr,
				 enum sim_dma_dir dir)
{
	struct sim_dma_target t = phb3_dma_target(phb);
	struct sim_dma_req req = { .rid = pe << 8, .addr = addr, .len = 4,
				   .dir = dir };
	struct sim_dma_result res;
	uint8_t b[4] = { 9, 9, 9, 9 };

	ck_assert_int_eq(t.dma(t.opaque, &req, b, &res), 0);
	return res;
}

static bool frozen(unsigned pe)
{
	return ioda_rd(T_PESTB, pe) & BIT(0);
}

CK_CASE("core", 0, setup, teardown);

CK_TEST("core", fault_sets_pesta_pestb_and_peev)
{
	ck_assert_int_eq(dma(3, 0x10, SIM_DMA_READ).status, SIM_DMA_OK);
	ck_assert_int_eq(dma(3, 0x1000, SIM_DMA_READ).reason,
			 SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(ioda_rd(T_PESTA, 3), BIT(0));
	ck_assert_uint_eq(ioda_rd(T_PESTB, 3), BIT(0));
	ck_assert_uint_eq(ioda_rd(T_PEEV, 0), BIT(3));
	ck_assert_uint_eq(ioda_rd(T_PEEV, 1), 0);
	ck_assert(!frozen(2) && !frozen(4));
	ck_assert_uint_eq(stat("phb3.0.freezes"), 1);
	ck_assert_uint_eq(stat("phb3.0.fault.invalid_leaf"), 1);
}
END_TEST

CK_TEST("core", fault_logs_pest_entry)
{
	/* write, window 1 (disabled TVE): TTYPE 0, IODA2 error bit 16 */
	ck_assert_int_eq(dma(5, (1ull << 59) | 0x1238, SIM_DMA_WRITE).reason,
			 SIM_FAULT_INVALID_TVE);
	ck_assert_uint_eq(r64(PEST_BASE + 5 * 16), BIT(16) | 0x0500ull << 16);
	ck_assert_uint_eq(r64(PEST_BASE + 5 * 16 + 8), (1ull << 59) | 0x1238);
	/* read, out of window: TTYPE 2, page fault bit 18 */
	ck_assert_int_eq(dma(6, 0x200000, SIM_DMA_READ).reason,
			 SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_uint_eq(r64(PEST_BASE + 6 * 16),
			  2ull << 56 | BIT(18) | 0x0600ull << 16);
	ck_assert_uint_eq(r64(PEST_BASE + 6 * 16 + 8), 0x200000);
	ck_assert_uint_eq(stat("phb3.0.pest_writes"), 2);
}
END_TEST

CK_TEST("core", peltv_row_freezes_listed_pes)
{
	/* row 2 lists 7 and 9 (bytes 64 + 0 and 64 + 1) */
	ck_assert_int_eq(sim_mem_write(mem, PELTV_BASE + 2 * 32, "\x01\x40", 2),
			 0);
	ck_assert_int_eq(dma(2, 0x1000, SIM_DMA_READ).status, SIM_DMA_FAULT);
	ck_assert(frozen(2) && frozen(7) && frozen(9));
	ck_assert(!frozen(8) && !frozen(6));
	ck_assert_uint_eq(ioda_rd(T_PEEV, 0), BIT(2) | BIT(7) | BIT(9));
	ck_assert_int_eq(dma(9, 0x10, SIM_DMA_READ).status, SIM_DMA_FROZEN);
	ck_assert_int_eq(dma(8, 0x10, SIM_DMA_READ).status, SIM_DMA_OK);
	ck_assert_uint_eq(stat("phb3.0.freezes"), 3);
	/* the propagated PEs got no PEST entry of their own */
	ck_assert_uint_eq(r64(PEST_BASE + 7 * 16), 0);
}
END_TEST

CK_TEST("core", peltv_disabled_freezes_only_faulting_pe)
{
	ck_assert_int_eq(sim_mem_write(mem, PELTV_BASE + 2 * 32, "\x01", 1), 0);
	wr(R_PELTV_BAR, PELTV_BASE);	/* enable bit clear */
	ck_assert_int_eq(dma(2, 0x1000, SIM_DMA_READ).status, SIM_DMA_FAULT);
	ck_assert(frozen(2));
	ck_assert(!frozen(7));
}
END_TEST

CK_TEST("core", frozen_dma_blocked_transfers_nothing)
{
	uint8_t got[4];

	ck_assert_int_eq(dma(4, 0x1000, SIM_DMA_WRITE).status, SIM_DMA_FAULT);
	ck_assert_int_eq(dma(4, 0x10, SIM_DMA_WRITE).status, SIM_DMA_FROZEN);
	ck_assert_int_eq(sim_mem_read(mem, 0x40000010, got, 4), 0);
	ck_assert_mem_eq(got, "\0\0\0\0", 4);
	/* a blocked request logs nothing new */
	ck_assert_uint_eq(r64(PEST_BASE + 4 * 16 + 8), 0x1000);
	ck_assert_uint_eq(stat("phb3.0.frozen_blocked"), 1);
	ck_assert_uint_eq(stat("phb3.0.pest_writes"), 1);
}
END_TEST

CK_TEST("core", clear_by_writing_ioda_tables_thaws)
{
	ck_assert_int_eq(dma(4, 0x1000, SIM_DMA_READ).status, SIM_DMA_FAULT);
	ioda_wr(T_PESTA, 4, 0);
	ck_assert_int_eq(dma(4, 0x10, SIM_DMA_READ).status, SIM_DMA_FROZEN);
	ioda_wr(T_PESTB, 4, 0);
	ck_assert_int_eq(dma(4, 0x10, SIM_DMA_READ).status, SIM_DMA_OK);
	/* PEEV is plain storage: firmware clears it by writing */
	ck_assert_uint_eq(ioda_rd(T_PEEV, 0), BIT(4));
	ioda_wr(T_PEEV, 0, 0);
	ck_assert_uint_eq(ioda_rd(T_PEEV, 0), 0);
}
END_TEST

CK_TEST("core", pesta_alone_does_not_block_dma)
{
	ioda_wr(T_PESTA, 4, BIT(0));
	ck_assert_int_eq(dma(4, 0x10, SIM_DMA_READ).status, SIM_DMA_OK);
}
END_TEST

CK_TEST("core", invalid_pe_fault_freezes_nothing_but_counts)
{
	unsigned pe;

	ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2 * 0x0300, 300), 0);
	ck_assert_int_eq(dma(3, 0x10, SIM_DMA_READ).reason,
			 SIM_FAULT_INVALID_PE);
	for (pe = 0; pe < 16; pe++)
		ck_assert(!frozen(pe));
	ck_assert_uint_eq(ioda_rd(T_PEEV, 0), 0);
	ck_assert_uint_eq(stat("phb3.0.fault_no_pe"), 1);
	ck_assert_uint_eq(stat("phb3.0.fault.invalid_pe"), 1);
	ck_assert_uint_eq(stat("phb3.0.pest_writes"), 0);
}
END_TEST

CK_TEST("core", pest_bar_disabled_still_freezes)
{
	wr(R_PEST_BAR, PEST_BASE);
	ck_assert_int_eq(dma(4, 0x1000, SIM_DMA_READ).status, SIM_DMA_FAULT);
	ck_assert(frozen(4));
	ck_assert_uint_eq(r64(PEST_BASE + 4 * 16), 0);
	ck_assert_uint_eq(stat("phb3.0.pest_lost"), 1);
}
END_TEST

CK_TEST("core", debug_port_sees_freeze_and_cached_tces)
{
	struct phb3_cached_tce ct;
	uint64_t v;

	/* nothing cached before a DMA; the page after it is cached */
	ck_assert_int_eq(phb3_debug_cached_tce(phb, 3, 0x10, &ct), -ENOENT);
	ck_assert_int_eq(dma(3, 0x10, SIM_DMA_READ).status, SIM_DMA_OK);
	ck_assert_int_eq(phb3_debug_cached_tce(phb, 3, 0x18, &ct), 0);
	ck_assert_uint_eq(ct.tce, 0x40000003);
	ck_assert_uint_eq(ct.pa, 0x40000018);
	ck_assert_uint_eq(ct.page_addr, 0);
	ck_assert_uint_eq(ct.page_shift, 12);
	/* the peek counted nothing */
	ck_assert_uint_eq(stat("phb3.0.tce_cache.lookups"), 1);
	/* another PE's entry is its own; window 1 is disabled */
	ck_assert_int_eq(phb3_debug_cached_tce(phb, 4, 0x18, &ct), -ENOENT);
	ck_assert_int_eq(phb3_debug_cached_tce(phb, 3, 1ull << 59, &ct),
			 -ENOENT);
	/* a freeze, seen without reading through IODA */
	ck_assert(!phb3_debug_pe_frozen(phb, 3));
	ck_assert_uint_eq(phb3_debug_frozen_pes(phb), 0);
	ck_assert_int_eq(dma(3, 0x1000, SIM_DMA_READ).status, SIM_DMA_FAULT);
	ck_assert(phb3_debug_pe_frozen(phb, 3));
	ck_assert_uint_eq(phb3_debug_frozen_pes(phb), 1);
	/* stored register values, no side effect */
	ck_assert_int_eq(phb3_debug_reg(phb, R_RTT_BAR, &v), 0);
	ck_assert_uint_eq(v, BIT(0) | RTT_BASE);
	ck_assert_int_eq(phb3_debug_reg(phb, R_RTT_BAR + 4, &v), -EINVAL);
	ck_assert_int_eq(phb3_debug_reg(phb, 0x1000, &v), -EINVAL);
}
END_TEST

CK_TEST("core", register_stats_twice_is_eexist)
{
	ck_assert_int_eq(phb3_register_stats(phb, &stats, "phb3.0"), -EEXIST);
	ck_assert_ptr_nonnull(sim_stats_find(&stats,
					     "phb3.0.tce_cache.hit_rate"));
	ck_assert_ptr_nonnull(sim_stats_find(&stats, "phb3.0.walks.depth5"));
}
END_TEST

CK_SUITE("model_phb3_freeze");
