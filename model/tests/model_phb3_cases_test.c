// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_cases: the hardware-reference test cases (§7, cases 1..28)
 * that concern the PHB3 model, with the reference's exact values. Cases
 * about firmware calls are exercised by writing the TVE/RTT/PELT-V values
 * those calls would write; the calls themselves are tested in firmware/.
 * Register offsets and field values below are the reference's numbers,
 * written out here on purpose (not taken from the model's headers).
 */
#include "check_auto.h"
#include <stdlib.h>
#include <string.h>

#include "phb3_rig.h"
#include "tcesim/phb3.h"

#define GiB (1ull << 30)


#define RTT_BASE	0x60000000ull	/* 128 KiB aligned */
#define PEST_BASE	0x60100000ull
#define PELTV_BASE	0x60200000ull

static struct sim_mem *mem;
static struct phb3 *phb;

static void m64(uint64_t pa, uint64_t v)
{
	ck_assert_int_eq(sim_mem_write_be64(mem, pa, v), 0);
}

static uint64_t r64(uint64_t pa)
{
	uint64_t v;

	ck_assert_int_eq(sim_mem_read_be64(mem, pa, &v), 0);
	return v;
}

static void rte(uint16_t rid, uint16_t pe)
{
	ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2ull * rid, pe), 0);
}

static struct sim_dma_result dma(uint16_t rid, uint64_t addr, uint32_t len,
				 enum sim_dma_dir dir, void *buf)
{
	struct sim_dma_target t = phb3_dma_target(phb);
	struct sim_dma_req req = { .rid = rid, .addr = addr, .len = len,
				   .dir = dir };
	struct sim_dma_result res;

	ck_assert_int_eq(t.dma(t.opaque, &req, buf, &res), 0);
	return res;
}

static void make(const struct phb3_params *pp)
{
	mem = sim_mem_create(128 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	phb = phb3_create(mem, pp, 0);
	ck_assert_ptr_nonnull(phb);
	mmio_wr(phb, R_RTT_BAR, BIT(0) | RTT_BASE);
	mmio_wr(phb, R_PEST_BAR, BIT(0) | PEST_BASE);
	mmio_wr(phb, R_PELTV_BAR, BIT(0) | PELTV_BASE);
}

static void setup(void)
{
	make(NULL);
}

static void teardown(void)
{
	phb3_destroy(phb);
	sim_mem_destroy(mem);
	phb = NULL;
	mem = NULL;
}

/* Case 1/5 setup: PE1 (RID 0x0100) window 0 = TVT[2], 1 level, 4K. */
static void case5_setup(void)
{
	rte(0x0100, 1);
	ioda_wr(phb, T_TVT, 2, 0x0000000200000101ull);
	m64(0x20000090, 0x76543001);
}

CK_TEST("translation", case01_tve_written_through_ioda_reads_back)
{
	ioda_wr(phb, T_TVT, 2, 0x0000000200000101ull);
	ck_assert_uint_eq(ioda_rd(phb, T_TVT, 2), 0x0000000200000101ull);
}
END_TEST

CK_TEST("translation", case04_zero_tve_is_invalid)
{
	uint8_t b[8];
	struct sim_dma_result r;

	rte(0x0100, 1);
	ioda_wr(phb, T_TVT, 2, 0);
	r = dma(0x0100, 0x1000, 8, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
}
END_TEST

CK_TEST("translation", case05_read_translates_through_one_level)
{
	uint8_t b[4];
	struct sim_dma_result r;

	case5_setup();
	ck_assert_int_eq(sim_mem_write(mem, 0x76543345, "\x11\x22\x33\x44", 4), 0);
	r = dma(0x0100, 0x12345, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pe, 1);
	ck_assert_uint_eq(r.pa, 0x76543345);
	ck_assert_uint_eq(r.walk_levels, 1);
	ck_assert_uint_eq(r.bytes_done, 4);
	ck_assert_mem_eq(b, "\x11\x22\x33\x44", 4);
}
END_TEST

CK_TEST("translation", case06_write_to_readonly_is_access_fault_and_freezes)
{
	uint8_t b[4] = { 1, 2, 3, 4 }, z[4] = { 0 }, got[4];
	struct sim_dma_result r;

	case5_setup();
	r = dma(0x0100, 0x12345, 4, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_PERMISSION);
	ck_assert_uint_eq(r.bytes_done, 0);
	ck_assert_uint_eq(r.pa, 0);
	ck_assert_int_eq(sim_mem_read(mem, 0x76543345, got, 4), 0);
	ck_assert_mem_eq(got, z, 4);
	/* PEST0: TTYPE 0 (bits 5..7), RID 0x0100 (bits 32..47), bit 19 */
	ck_assert_uint_eq(r64(PEST_BASE + 16), BIT(19) | 0x0100ull << 16);
	ck_assert_uint_eq(r64(PEST_BASE + 24), 0x12345);
	ck_assert_uint_eq(ioda_rd(phb, T_PESTA, 1), BIT(0));
	ck_assert_uint_eq(ioda_rd(phb, T_PESTB, 1), BIT(0));
}
END_TEST

CK_TEST("translation", case07_zero_tce_is_page_fault)
{
	uint8_t b[4];
	struct sim_dma_result r;

	case5_setup();
	m64(0x20000090, 0);
	r = dma(0x0100, 0x12345, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_LEAF);
	/* TTYPE 2 = DMA read, bit 18 TCE_PAGE_FAULT */
	ck_assert_uint_eq(r64(PEST_BASE + 16),
			  2ull << 56 | BIT(18) | 0x0100ull << 16);
}
END_TEST

CK_TEST("translation", case08_beyond_window_faults_by_default)
{
	uint8_t b[4];
	struct sim_dma_result r;

	case5_setup();
	m64(0x20000008, 0x55555003);
	r = dma(0x0100, 0x201345, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_uint_eq(r.walk_levels, 0);
}
END_TEST

CK_TEST("translation", case08_beyond_window_aliases_under_alias_policy)
{
	struct phb3_params pp;
	uint8_t b[4];
	struct sim_dma_result r;

	teardown();
	phb3_params_default(&pp);
	pp.oow_policy = PHB3_OOW_ALIAS;
	make(&pp);
	case5_setup();
	m64(0x20000008, 0x55555003);
	r = dma(0x0100, 0x201345, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x55555345);
}
END_TEST

CK_TEST("translation", case09_two_level_write)
{
	uint8_t b[2] = { 0xAB, 0xCD }, got[2];
	struct sim_dma_result r;

	rte(0x0100, 1);
	ioda_wr(phb, T_TVT, 2, 0x0000000300002101ull);
	m64(0x30000488, 0x40000003);
	m64(0x40000A28, 0x05555003);
	r = dma(0x0100, 0x12345678, 2, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x05555678);
	ck_assert_uint_eq(r.walk_levels, 2);
	ck_assert_int_eq(sim_mem_read(mem, 0x05555678, got, 2), 0);
	ck_assert_mem_eq(got, b, 2);
}
END_TEST

CK_TEST("translation", case10_invalid_indirect_after_one_read)
{
	uint8_t b[2];
	struct sim_dma_result r;

	rte(0x0100, 1);
	ioda_wr(phb, T_TVT, 2, 0x0000000300002101ull);
	m64(0x30000488, 0x40000000);
	m64(0x40000A28, 0x05555003);
	r = dma(0x0100, 0x12345678, 2, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_INDIRECT);
	ck_assert_uint_eq(r.walk_levels, 1);
	ck_assert_uint_eq(r64(PEST_BASE + 16) & BIT(18), BIT(18));
}
END_TEST

CK_TEST("translation", case11_second_window_64k_pages)
{
	uint8_t b[1];
	struct sim_dma_result r;

	rte(0x0500, 5);
	ioda_wr(phb, T_TVT, 11, 0x0000000100000505ull);
	m64(0x10000918, 0x0000000ABCDE0001ull);
	r = dma(0x0500, 0x0800000001234567ull, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x0000000ABCDE0000ull | 0x4567);
}
END_TEST

CK_TEST("translation", case12_six_levels_or_zero_tts_is_invalid_tve)
{
	uint8_t b[1];
	struct sim_dma_result r;

	rte(0x0100, 1);
	/* NUM_LEVELS (bits 48..50) = 5 */
	ioda_wr(phb, T_TVT, 2, 0x0000000200000101ull | 5ull << 13);
	r = dma(0x0100, 0x1000, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	ck_assert_uint_eq(ioda_rd(phb, T_PESTB, 1), BIT(0));
	/* tts = 0, tps = 1; unfreeze first */
	ioda_wr(phb, T_PESTA, 1, 0);
	ioda_wr(phb, T_PESTB, 1, 0);
	ioda_wr(phb, T_TVT, 2, 0x0000000200000001ull);
	r = dma(0x0100, 0x1000, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
}
END_TEST

CK_TEST("translation", case13_bypass_window)
{
	uint8_t b[4];
	struct sim_dma_result r;

	rte(0x0500, 5);
	ioda_wr(phb, T_TVT, 11, 0x0000000010001000ull);
	ck_assert_int_eq(sim_mem_write(mem, 0x12345678, "abcd", 4), 0);
	r = dma(0x0500, 0x0800000012345678ull, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x12345678);
	ck_assert_mem_eq(b, "abcd", 4);
}
END_TEST

CK_TEST("translation", case15_bypass_end_faults_with_bounds_check)
{
	uint8_t b[4];
	struct sim_dma_result r;

	rte(0x0500, 5);
	ioda_wr(phb, T_TVT, 11, 0x0000000010001000ull);
	r = dma(0x0500, (1ull << 59) + 64 * GiB, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	/* the last byte inside the window is fine */
	ioda_wr(phb, T_PESTA, 5, 0);
	ioda_wr(phb, T_PESTB, 5, 0);
	r = dma(0x0500, (1ull << 59) + 64 * GiB - 4, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	/* a DMA straddling the end faults, nothing transferred */
	r = dma(0x0500, (1ull << 59) + 64 * GiB - 2, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_uint_eq(r.fault_addr, (1ull << 59) + 64 * GiB);
}
END_TEST

CK_TEST("translation", case15_bypass_passes_through_without_bounds_check)
{
	struct phb3_params pp;
	uint8_t b[4];
	struct sim_dma_result r;

	teardown();
	phb3_params_default(&pp);
	pp.bypass_bounds_check = false;
	make(&pp);
	rte(0x0500, 5);
	ioda_wr(phb, T_TVT, 11, 0x0000000010001000ull);
	r = dma(0x0500, (1ull << 59) + 64 * GiB, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 64 * GiB);
}
END_TEST

CK_TEST("decode", case16_msi32_decoded_when_enabled)
{
	uint8_t b[4] = { 0 };
	struct sim_dma_result r;

	case5_setup();
	mmio_wr(phb, R_CONFIG, BIT(8));
	r = dma(0x0100, 0xFFFF0010, 4, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_MSI);
	ck_assert_uint_eq(r.pe, 1);
	/* MSI32 off: the same address is a DMA (beyond the 2 MB window) */
	mmio_wr(phb, R_CONFIG, 0);
	r = dma(0x0100, 0xFFFF0010, 4, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
}
END_TEST

CK_TEST("decode", case17_msi64_and_unsupported_regions)
{
	uint8_t b[4] = { 0 };
	struct sim_dma_result r;

	case5_setup();
	r = dma(0x0100, 0x1000000000000000ull, 4, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_MSI);
	r = dma(0x0100, 0x2000000000000000ull, 4, SIM_DMA_WRITE, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
	ck_assert_uint_eq(ioda_rd(phb, T_PESTB, 1), 0);	/* no PE, no freeze */
}
END_TEST

CK_TEST("decode", case18_rte_256_refuses_dma)
{
	uint8_t b[4];
	struct sim_dma_result r;

	rte(0x0100, 0x0100);
	r = dma(0x0100, 0x12345, 4, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_PE);
	ck_assert_uint_eq(r.pe, 0xFFFF);
}
END_TEST

CK_TEST("decode", case19_rtt_written_by_set_pe_routes_rids)
{
	uint8_t b[1];
	struct sim_dma_result r;
	unsigned rid;

	/* set_pe(pe3, 0x1000, bcmp 5): RIDs 0x1000..0x13FF -> 3 */
	for (rid = 0; rid < 0x10000; rid++)
		rte(rid, 255);
	for (rid = 0x1000; rid <= 0x13FF; rid++)
		rte(rid, 3);
	mmio_wr(phb, R_RTC_INVAL, BIT(0));
	ioda_wr(phb, T_TVT, 6, 0x0000000200000101ull);
	m64(0x20000000, 0x1003);
	r = dma(0x1234, 0x10, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pe, 3);
	r = dma(0x1400, 0x10, 1, SIM_DMA_READ, b);
	ck_assert_uint_eq(r.pe, 255);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	/* UNMAP writes 255; the RTC keeps the old PE until invalidated */
	rte(0x1234, 255);
	r = dma(0x1234, 0x10, 1, SIM_DMA_READ, b);
	ck_assert_uint_eq(r.pe, 3);
	mmio_wr(phb, R_RTC_INVAL, 0x1234ull << 32); /* one RID, bits 16..31 */
	r = dma(0x1234, 0x10, 1, SIM_DMA_READ, b);
	ck_assert_uint_eq(r.pe, 255);
}
END_TEST

/* Case 21: PE5 window 1, 64K pages, TCE for bus 0x0800000000010000. */
CK_TEST("cache", case21_kill_values_evict)
{
	static const uint64_t kills[] = {
		0x2800000000010005ull,	/* one page */
		0x4000000000000005ull,	/* PE5 */
		0x8000000000000000ull,	/* all */
	};
	uint8_t b[1];
	struct sim_dma_result r;
	unsigned i;

	rte(0x0500, 5);
	ioda_wr(phb, T_TVT, 11, 0x0000000100000505ull);
	for (i = 0; i < 3; i++) {
		m64(0x10000008, 0x0000000ABCD00001ull);
		r = dma(0x0500, 0x0800000000010010ull, 1, SIM_DMA_READ, b);
		ck_assert_uint_eq(r.pa, 0x0000000ABCD00010ull);
		m64(0x10000008, 0x0000000BBBB00001ull);
		r = dma(0x0500, 0x0800000000010010ull, 1, SIM_DMA_READ, b);
		ck_assert(r.cache_hit);
		ck_assert_uint_eq(r.pa, 0x0000000ABCD00010ull);	/* stale */
		mmio_wr(phb, R_TCE_KILL, kills[i]);
		r = dma(0x0500, 0x0800000000010010ull, 1, SIM_DMA_READ, b);
		ck_assert(!r.cache_hit);
		ck_assert_uint_eq(r.pa, 0x0000000BBBB00010ull);
		mmio_wr(phb, R_TCE_KILL, 0x8000000000000000ull);
	}
}
END_TEST

CK_TEST("cache", case22_stale_until_killed)
{
	static const uint64_t kills[] = {
		0x2000000000012001ull,	/* one: PE1, page 0x12000 */
		0x4000000000000001ull,	/* PE1 */
		0x8000000000000000ull,	/* all */
	};
	uint8_t b[1];
	struct sim_dma_result r;
	unsigned i;

	case5_setup();
	for (i = 0; i < 3; i++) {
		m64(0x20000090, 0x76543001);
		r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
		ck_assert_uint_eq(r.pa, 0x76543345);
		m64(0x20000090, 0x11111001);
		r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
		ck_assert_uint_eq(r.pa, 0x76543345);
		mmio_wr(phb, R_TCE_KILL, 0x4000000000000002ull); /* PE2: no effect */
		r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
		ck_assert_uint_eq(r.pa, 0x76543345);
		mmio_wr(phb, R_TCE_KILL, kills[i]);
		r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
		ck_assert_uint_eq(r.pa, 0x11111345);
		mmio_wr(phb, R_TCE_KILL, 0x8000000000000000ull);
	}
}
END_TEST

CK_TEST("cache", case23_two_pes_same_address_independent)
{
	uint8_t b[1];
	struct sim_dma_result r;

	rte(0x0100, 1);
	rte(0x0200, 2);
	ioda_wr(phb, T_TVT, 2, 0x0000000200000101ull);	/* PE1 */
	ioda_wr(phb, T_TVT, 4, 0x0000000300000101ull);	/* PE2 */
	m64(0x20000090, 0x76543001);
	m64(0x30000090, 0x01234001);
	r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
	ck_assert_uint_eq(r.pa, 0x76543345);
	r = dma(0x0200, 0x12345, 1, SIM_DMA_READ, b);
	ck_assert(!r.cache_hit);
	ck_assert_uint_eq(r.pa, 0x01234345);
	r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
	ck_assert(r.cache_hit);
	ck_assert_uint_eq(r.pa, 0x76543345);
}
END_TEST

CK_TEST("ioda", case24_ioda_tvt_write_and_autoinc_wrap)
{
	unsigned i;

	mmio_wr(phb, R_IODA_ADDR, 0x000900000000000Bull);
	mmio_wr(phb, R_IODA_DATA0, 0x1234500000000101ull);
	ck_assert_uint_eq(ioda_rd(phb, T_TVT, 11), 0x1234500000000101ull);
	mmio_wr(phb, R_IODA_ADDR, 0x8009000000000000ull);
	for (i = 0; i < 513; i++)
		mmio_wr(phb, R_IODA_DATA0, 1000 + i);
	ck_assert_uint_eq(mmio_rd(phb, R_IODA_ADDR), 0x8009000000000001ull);
	ck_assert_uint_eq(ioda_rd(phb, T_TVT, 0), 1000 + 512);	/* wrapped */
	ck_assert_uint_eq(ioda_rd(phb, T_TVT, 1), 1001);
	ck_assert_uint_eq(ioda_rd(phb, T_TVT, 511), 1511);
	/* TCAM is not modelled: reads 0, writes ignored */
	ioda_wr(phb, T_TCAM, 3, 77);
	ck_assert_uint_eq(ioda_rd(phb, T_TCAM, 3), 0);
}
END_TEST

CK_TEST("ioda", case25_pesta_and_peev_addresses)
{
	uint8_t b[1];
	struct sim_dma_result r;

	rte(0x0500, 5);
	rte(0x8500, 0x85);
	r = dma(0x0500, 0x1000, 1, SIM_DMA_READ, b);	/* TVE 0: fault */
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	mmio_wr(phb, R_IODA_ADDR, 0x0007000000000005ull);
	ck_assert_uint_eq(mmio_rd(phb, R_IODA_DATA0), BIT(0));
	r = dma(0x8500, 0x1000, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	mmio_wr(phb, R_IODA_ADDR, 0x0014000000000002ull);
	ck_assert_uint_eq(mmio_rd(phb, R_IODA_DATA0), 0x0400000000000000ull);
	mmio_wr(phb, R_IODA_ADDR, 0x0014000000000000ull);
	ck_assert_uint_eq(mmio_rd(phb, R_IODA_DATA0), 0x0400000000000000ull); /* PE5 */
}
END_TEST

CK_TEST("ioda", case26_27_pestb_written_freezes_then_clear_thaws)
{
	uint8_t b[1];
	struct sim_dma_result r;

	case5_setup();
	ioda_wr(phb, T_PESTB, 1, BIT(0)); /* what freeze_set(DMA) writes */
	r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
	ck_assert_uint_eq(r.bytes_done, 0);
	ioda_wr(phb, T_PESTA, 1, 0);	/* what freeze_clear(ALL) writes */
	ioda_wr(phb, T_PESTB, 1, 0);
	r = dma(0x0100, 0x12345, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
}
END_TEST

CK_TEST("ioda", case28_peltv_fault_in_pe2_freezes_pe7)
{
	uint8_t b[1];
	struct sim_dma_result r;

	rte(0x0200, 2);
	rte(0x0700, 7);
	ioda_wr(phb, T_TVT, 14, 0x0000000200000101ull);	/* PE7 window 0 */
	m64(0x20000000, 0x1003);
	ck_assert_int_eq(dma(0x0700, 0x10, 1, SIM_DMA_READ, b).status,
			 SIM_DMA_OK);
	/* set_peltv(2, 7, add): byte 64 |= 0x01 */
	ck_assert_int_eq(sim_mem_write(mem, PELTV_BASE + 64, "\x01", 1), 0);
	r = dma(0x0200, 0x10, 1, SIM_DMA_READ, b);	/* PE2 TVE 0: fault */
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_uint_eq(ioda_rd(phb, T_PESTB, 7), BIT(0));
	ck_assert_uint_eq(ioda_rd(phb, T_PEEV, 0), BIT(2) | BIT(7));
	r = dma(0x0700, 0x10, 1, SIM_DMA_READ, b);
	ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
}
END_TEST

CK_CASE("translation", 0, setup, teardown);
CK_CASE("decode", 0, setup, teardown);
CK_CASE("cache", 0, setup, teardown);
CK_CASE("ioda", 0, setup, teardown);
CK_SUITE("model_phb3_cases");
