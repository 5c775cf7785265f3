// SPDX-License-Identifier: GPL-2.0
/*
 * model_p5ioc2: the P5IOC2 hub model programmed through its MMIO window
 * with values from the hardware reference (CA_TARn, CAP_PCFGRW bits):
 * translation, window limit, DAC and MSI decode, faults and freeze, the
 * optional TCE cache and its GX store snoop, register access rules.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/p5ioc2.h"

#define GiB (1ull << 30)
#define HUB 0x3FF000000000ull
/* Layout documented in docs/hardware-model.md ("P5IOC2"). */
#define GX_TCE_BAR	(HUB + 0x800)
#define GX_TCE_MASK	(HUB + 0x808)
#define CA1		(HUB + 0x110000)
#define CA1_TAR(n)	(CA1 + 0x580 + 8 * (n))
#define CA1_PHB(n)	(CA1 + 0x8000 + 0x1000 * (n))
#define DMACSR(n)	(CA1_PHB(n) + 0x110)
#define PCFGRW(n)	(CA1_PHB(n) + 0x160)
/* CAP_PCFGRW, 32-bit IBM numbering (bit 0 = 0x80000000). */
#define ERR_RECOV_EN	0x40000000u
#define TCE_EN		0x20000000u
#define FREEZE_EN	0x10000000u
#define MMIO_FROZEN	0x08000000u
#define DMA_FROZEN	0x04000000u
#define DAC_DISABLE	0x01000000u
/* Case 29: CA1, table 8 MB at 0x41000000. */
#define TAR_CASE29	0x104000004100000Full
#define TABLE		0x41000000ull
#define PHB_SLOT	5 /* CA1, PHB 1 */

static struct sim_mem *mem;
static struct sim_mmio_bus bus;
static struct p5ioc2 *hub;
static struct sim_dma_target tgt;

static void hub_setup(unsigned cache)
{
	struct p5ioc2_params p;

	p5ioc2_params_default(&p);
	p.tce_cache_entries = cache;
	mem = sim_mem_create(2 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	sim_mmio_init(&bus);
	hub = p5ioc2_create(mem, &p, 0);
	ck_assert_ptr_nonnull(hub);
	ck_assert_int_eq(sim_mmio_map(&bus, HUB, P5IOC2_MMIO_SIZE,
				      &p5ioc2_mmio_ops, hub, "p5ioc2"), 0);
	tgt = p5ioc2_dma_target(hub, PHB_SLOT);
	ck_assert_ptr_nonnull(tgt.dma);
	/* Hub region 16 MB at 0x41000000: BAR addr>>20 at bits 0..25, bit 26. */
	ck_assert_int_eq(sim_mmio_write(&bus, GX_TCE_BAR, 8,
					(0x410ull << 38) | (1ull << 37)), 0);
	ck_assert_int_eq(sim_mmio_write(&bus, GX_TCE_MASK, 8,
					(0x3FFFFF0ull) << 38), 0);
	ck_assert_int_eq(sim_mmio_write(&bus, CA1_TAR(1), 8, TAR_CASE29), 0);
	ck_assert_int_eq(sim_mmio_write(&bus, PCFGRW(1), 4,
					ERR_RECOV_EN | TCE_EN | FREEZE_EN |
					DAC_DISABLE), 0);
}

static void setup(void)
{
	hub_setup(0);
}

static void setup_cached(void)
{
	hub_setup(8);
}

static void teardown(void)
{
	p5ioc2_destroy(hub);
	sim_mem_destroy(mem);
}

static int dma(uint64_t addr, uint32_t len, enum sim_dma_dir dir, void *buf,
	       struct sim_dma_result *res)
{
	struct sim_dma_req req = { .rid = 0x0200, .addr = addr, .len = len,
				   .dir = dir };

	return tgt.dma(tgt.opaque, &req, buf, res);
}

static uint32_t pcfgrw(void)
{
	uint64_t v;

	ck_assert_int_eq(sim_mmio_read(&bus, PCFGRW(1), 4, &v), 0);
	return (uint32_t)v;
}

CK_TEST("xlate", dma_read_translates_through_tar)
{
	struct sim_dma_result r;
	uint8_t b[4];

	/* idx 0x12 at table + 0x90 -> page 0x76543000. */
	sim_mem_write_be64(mem, TABLE + 0x90, 0x76543001);
	sim_mem_write(mem, 0x76543345, "\x11\x22\x33\x44", 4);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x76543345);
	ck_assert_uint_eq(r.pe, 0);
	ck_assert_uint_eq(r.bytes_done, 4);
	ck_assert_mem_eq(b, "\x11\x22\x33\x44", 4);
}
END_TEST

CK_TEST("xlate", dma_write_spans_pages_and_window_is_4g)
{
	struct sim_dma_result r;
	uint8_t b[8] = "ABCDEFGH", c[8];

	/* 8 MB table = 1M TCEs -> 4 GB window; last page is 0xFFFFF. */
	sim_mem_write_be64(mem, TABLE + 0xFFFFF * 8, 0x10000003);
	sim_mem_write_be64(mem, TABLE + 0xFFFFE * 8, 0x20000003);
	ck_assert_int_eq(dma(0xFFFFFFFFull, 1, SIM_DMA_READ, c, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x10000FFF);
	ck_assert_int_eq(dma(0xFFFFEFFC, 8, SIM_DMA_WRITE, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x20000FFC);
	sim_mem_read(mem, 0x20000FFC, c, 4);
	ck_assert_mem_eq(c, "ABCD", 4);
	sim_mem_read(mem, 0x10000000, c, 4);
	ck_assert_mem_eq(c, "EFGH", 4);
}
END_TEST

CK_TEST("faults", dma_beyond_small_window_faults)
{
	struct sim_dma_result r;
	uint8_t b[4];

	/* 64 KB table (NUM_TCE 0) -> 8K TCEs -> 32 MB window. */
	sim_mmio_write(&bus, CA1_TAR(1), 8,
		       0x1040000000000008ull | TABLE);
	sim_mem_write_be64(mem, TABLE + 0x1FFF * 8, 0x30000001);
	ck_assert_int_eq(dma(0x1FFF000, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_int_eq(dma(0x2000000, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_uint_eq(r.fault_addr, 0x2000000);
}
END_TEST

CK_TEST("faults", dma_write_without_w_faults_and_freezes)
{
	struct sim_dma_result r;
	uint8_t b[4] = { 1, 2, 3, 4 }, c[4];
	uint64_t csr;

	sim_mem_write_be64(mem, TABLE + 0x90, 0x76543001); /* read-only */
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_WRITE, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_PERMISSION);
	ck_assert_uint_eq(r.bytes_done, 0);
	sim_mem_read(mem, 0x76543345, c, 4);
	ck_assert_mem_eq(c, "\0\0\0\0", 4);
	ck_assert_uint_eq(pcfgrw() & (MMIO_FROZEN | DMA_FROZEN),
			  MMIO_FROZEN | DMA_FROZEN);
	ck_assert_int_eq(sim_mmio_read(&bus, DMACSR(1), 8, &csr), 0);
	ck_assert_uint_eq(csr >> 63, 1);
	ck_assert_uint_eq(csr & 0xFFFF, 0x0200);
	/* Frozen: even a good read is refused until the bits are cleared. */
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, c, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
	sim_mmio_write(&bus, PCFGRW(1), 4,
		       pcfgrw() & ~(MMIO_FROZEN | DMA_FROZEN));
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, c, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
}
END_TEST

CK_TEST("faults", dma_fault_without_freeze_en_does_not_freeze)
{
	struct sim_dma_result r;
	uint8_t b[4];

	sim_mmio_write(&bus, PCFGRW(1), 4, TCE_EN | DAC_DISABLE);
	ck_assert_int_eq(dma(0x5000, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(pcfgrw() & (MMIO_FROZEN | DMA_FROZEN), 0);
}
END_TEST

CK_TEST("faults", dma_cross_page_fault_transfers_nothing)
{
	struct sim_dma_result r;
	uint8_t b[16] = "0123456789abcdef", c[8];

	sim_mem_write_be64(mem, TABLE + 0, 0x50000003);	/* page 0: RW */
	/* page 1: TCE 0 */
	ck_assert_int_eq(dma(0xFF8, 16, SIM_DMA_WRITE, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(r.fault_addr, 0x1000);
	sim_mem_read(mem, 0x50000FF8, c, 8);
	ck_assert_mem_eq(c, "\0\0\0\0\0\0\0\0", 8);
}
END_TEST

CK_TEST("faults", dma_dac_address_rejected)
{
	struct sim_dma_result r;
	uint8_t b[4];

	ck_assert_int_eq(dma(0x100000000ull, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
	/* A request running over 4 GB is 64-bit too. */
	sim_mmio_write(&bus, PCFGRW(1), 4, TCE_EN | DAC_DISABLE);
	ck_assert_int_eq(dma(0xFFFFFFFEull, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
}
END_TEST

CK_TEST("xlate", dma_msi64_write_is_msi)
{
	struct sim_dma_result r;
	uint8_t b[4] = { 0, 0, 0, 5 };

	ck_assert_int_eq(dma(P5IOC2_MSI64_BASE, 4, SIM_DMA_WRITE, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_MSI);
	/* 32-bit MSI does not exist: 0xFFFF0000 is translated like DMA. */
	ck_assert_int_eq(dma(0xFFFF0010ull, 4, SIM_DMA_WRITE, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_LEAF);
	sim_mmio_write(&bus, PCFGRW(1), 4, TCE_EN | DAC_DISABLE);
	/* A read of the MSI region is not a DMA either. */
	ck_assert_int_eq(dma(P5IOC2_MSI64_BASE, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
}
END_TEST

CK_TEST("faults", dma_without_tce_en_or_valid_tar_faults)
{
	struct sim_dma_result r;
	uint8_t b[4];

	sim_mem_write_be64(mem, TABLE + 0x90, 0x76543003);
	sim_mmio_write(&bus, PCFGRW(1), 4, DAC_DISABLE);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	sim_mmio_write(&bus, PCFGRW(1), 4, TCE_EN | DAC_DISABLE);
	sim_mmio_write(&bus, CA1_TAR(1), 8, TAR_CASE29 & ~0x8ull);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	/* Another PHB of the hub has no table. */
	tgt = p5ioc2_dma_target(hub, 0);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(dma(0x12345, 0, SIM_DMA_READ, b, &r), -EINVAL);
	ck_assert_ptr_null(p5ioc2_dma_target(hub, 8).dma);
}
END_TEST

CK_TEST("faults", dma_tce_to_missing_ram_faults)
{
	struct sim_dma_result r;
	uint8_t b[4];

	sim_mem_write_be64(mem, TABLE + 0x90, 0x7FFFFF000003ull);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.reason, SIM_FAULT_TARGET_MEMORY);
	sim_mmio_write(&bus, PCFGRW(1), 4, TCE_EN | DAC_DISABLE);
	sim_mmio_write(&bus, CA1_TAR(1), 8, 0x104000000000000Full | 0xF0000000ull);
	ck_assert_int_eq(dma(0x12345, 4, SIM_DMA_READ, b, &r), 0);
	ck_assert_int_eq(r.reason, SIM_FAULT_TABLE_MEMORY);
}
END_TEST

CK_TEST("xlate", cache_off_always_coherent)
{
	struct sim_dma_result r;
	struct p5ioc2_stats st;
	uint8_t b[4];

	sim_mem_write_be64(mem, TABLE + 0x90, 0x76543001);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert_uint_eq(r.pa, 0x76543345);
	sim_mem_write_be64(mem, TABLE + 0x90, 0x11111001);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert_uint_eq(r.pa, 0x11111345);
	p5ioc2_get_stats(hub, &st);
	ck_assert_uint_eq(st.tce_reads, 2);
	ck_assert_uint_eq(st.tce_cache_hits, 0);
}
END_TEST

CK_TEST("cache", cache_stale_until_snooped_store)
{
	struct sim_dma_result r;
	struct p5ioc2_stats st;
	uint8_t b[4];

	sim_mem_write_be64(mem, TABLE + 0x90, 0x76543001);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert(!r.cache_hit);
	sim_mem_write_be64(mem, TABLE + 0x90, 0x11111001);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert(r.cache_hit);
	ck_assert_uint_eq(r.pa, 0x76543345); /* stale: no store snooped */
	/* A store elsewhere, or to another TCE, drops nothing. */
	p5ioc2_snoop_write(hub, 0x20000000, 8);
	p5ioc2_snoop_write(hub, TABLE + 0x98, 8);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert_uint_eq(r.pa, 0x76543345);
	p5ioc2_snoop_write(hub, TABLE + 0x94, 2);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert(!r.cache_hit);
	ck_assert_uint_eq(r.pa, 0x11111345);
	p5ioc2_get_stats(hub, &st);
	ck_assert_uint_eq(st.snoop_writes, 2);
	ck_assert_uint_eq(st.snoop_invalidations, 1);
	ck_assert_uint_eq(st.tce_cache_hits, 2);
}
END_TEST

CK_TEST("cache", cache_store_outside_gx_region_is_not_snooped)
{
	struct sim_dma_result r;
	uint8_t b[4];

	/* Table at 0x50000000, outside the 16 MB hub region. */
	sim_mmio_write(&bus, CA1_TAR(1), 8, 0x104000000000000Full | 0x50000000);
	sim_mem_write_be64(mem, 0x50000000 + 0x90, 0x76543001);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	sim_mem_write_be64(mem, 0x50000000 + 0x90, 0x11111001);
	p5ioc2_snoop_write(hub, 0x50000090, 8);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert_uint_eq(r.pa, 0x76543345); /* still stale */
	/* Rewriting CA_TARn flushes the PHB's cached TCEs. */
	sim_mmio_write(&bus, CA1_TAR(1), 8, 0x104000000000000Full | 0x50000000);
	dma(0x12345, 4, SIM_DMA_READ, b, &r);
	ck_assert_uint_eq(r.pa, 0x11111345);
}
END_TEST

CK_TEST("regs", mmio_sizes_and_unknown_offsets)
{
	struct p5ioc2_stats st;
	uint64_t v;

	ck_assert_int_eq(sim_mmio_read(&bus, CA1_TAR(1), 8, &v), 0);
	ck_assert_uint_eq(v, TAR_CASE29);
	ck_assert_int_eq(sim_mmio_read(&bus, CA1_TAR(1), 4, &v), -EINVAL);
	ck_assert_int_eq(sim_mmio_write(&bus, PCFGRW(1), 8, 0), -EINVAL);
	ck_assert_uint_eq(pcfgrw(), ERR_RECOV_EN | TCE_EN | FREEZE_EN |
				    DAC_DISABLE);
	ck_assert_int_eq(sim_mmio_read(&bus, HUB + 0x10, 8, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(sim_mmio_write(&bus, HUB + 0x10, 8, 5), 0);
	ck_assert_int_eq(sim_mmio_read(&bus, HUB + 0x10, 8, &v), 0);
	ck_assert_uint_eq(v, 0);
	p5ioc2_get_stats(hub, &st);
	ck_assert_uint_eq(st.mmio_bad_size, 2);
	ck_assert_uint_eq(st.mmio_unknown, 3);
}
END_TEST

CK_TEST("regs", create_rejects_bad_params_and_registers_stats)
{
	struct p5ioc2_params p;
	struct sim_stats s;
	const struct sim_stat *st;
	struct sim_dma_result r;
	uint8_t b[4];

	p5ioc2_params_default(&p);
	ck_assert_uint_eq(p.tce_cache_entries, 0);
	p.tce_cache_entries = P5IOC2_TCE_CACHE_MAX + 1;
	ck_assert_ptr_null(p5ioc2_create(mem, &p, 1));
	ck_assert_ptr_null(p5ioc2_create(NULL, NULL, 1));
	sim_stats_init(&s);
	ck_assert_int_eq(p5ioc2_register_stats(hub, &s, "p5ioc2.0"), 0);
	dma(0x100000000ull, 4, SIM_DMA_READ, b, &r);
	st = sim_stats_find(&s, "p5ioc2.0.dac_rejects");
	ck_assert_ptr_nonnull(st);
	ck_assert_double_eq(sim_stat_value(st), 1.0);
	ck_assert_int_eq(p5ioc2_register_stats(hub, &s, "p5ioc2.0"), -EEXIST);
	sim_stats_free(&s);
}
END_TEST

CK_CASE("xlate", 0, setup, teardown);
CK_CASE("faults", 0, setup, teardown);
CK_CASE("cache", 0, setup_cached, teardown);
CK_CASE("regs", 0, setup, teardown);
CK_SUITE("model_p5ioc2");
