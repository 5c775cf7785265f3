// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_walk: the TCE walk at every depth (1..5) and every IO page
 * size (4K, 64K, 16M, 256M), at the window start, the last byte of the
 * window and just past its end (fault under oow_policy=fault, alias under
 * alias), in both windows of a PE; bypass windows and their bounds; MSI
 * decode; one named test per fault reason. Tables are built by this
 * file's own builder; expected addresses are computed here.
 *
 * Skipped combinations: with the smallest level (tts = 1: 512 entries,
 * 4 KiB per level) the window is 2^(9*levels + page_shift) bytes; the
 * combinations whose window would reach bit 59 (the window-select bit)
 * cannot exist: (4 levels, 16M), (4, 256M), (5, 64K), (5, 16M), (5, 256M).
 */
#include "check_auto.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../phb3_xlate.h"
#include "phb3_rig.h"
#include "tcesim/phb3.h"

#define GiB (1ull << 30)


#define RTT_BASE	0x60000000ull
#define PEST_BASE	0x60100000ull
#define TABLE_POOL	0x100000000ull	/* 4 GiB: test tables grow from here */
#define RID		0x0300
#define PE		3

static const unsigned page_shifts[4] = { 12, 16, 24, 28 };

static struct sim_mem *mem;
static struct phb3 *phb;	/* oow_policy=fault */
static struct phb3 *phb_alias;	/* oow_policy=alias */
static uint64_t pool_next;

static void thaw(struct phb3 *p, unsigned pe)
{
	ioda_wr(p, T_PESTA, pe, 0);
	ioda_wr(p, T_PESTB, pe, 0);
}

static struct phb3 *make_phb(enum phb3_oow_policy oow)
{
	struct phb3_params pp;
	struct phb3 *p;

	phb3_params_default(&pp);
	pp.oow_policy = oow;
	p = phb3_create(mem, &pp, 0);
	ck_assert_ptr_nonnull(p);
	mmio_wr(p, R_RTT_BAR, BIT(0) | RTT_BASE);
	mmio_wr(p, R_PEST_BAR, BIT(0) | PEST_BASE);
	return p;
}

static void setup(void)
{
	mem = sim_mem_create(8 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2 * RID, PE), 0);
	phb = make_phb(PHB3_OOW_FAULT);
	phb_alias = make_phb(PHB3_OOW_ALIAS);
	pool_next = TABLE_POOL;
}

static void teardown(void)
{
	phb3_destroy(phb);
	phb3_destroy(phb_alias);
	sim_mem_destroy(mem);
}

static struct sim_dma_result dma_on(struct phb3 *p, uint64_t addr,
				    uint32_t len, enum sim_dma_dir dir)
{
	struct sim_dma_target t = phb3_dma_target(p);
	struct sim_dma_req req = { .rid = RID, .addr = addr, .len = len,
				   .dir = dir };
	struct sim_dma_result res;
	static uint8_t buf[64];

	ck_assert_uint_le(len, sizeof(buf));
	ck_assert_int_eq(t.dma(t.opaque, &req, buf, &res), 0);
	return res;
}

static struct sim_dma_result dma(uint64_t addr, uint32_t len,
				 enum sim_dma_dir dir)
{
	return dma_on(phb, addr, len, dir);
}

/* ---- the test's own table builder (512-entry levels) ---- */

static uint64_t new_level(void)
{
	uint64_t pa = pool_next;

	pool_next += 0x1000;
	return pa;	/* fresh memory reads as zero */
}

/* TVE for a table at root, levels, tts 1 (4 KiB levels), page shift ps. */
static uint64_t tve_for(uint64_t root, unsigned levels, unsigned ps)
{
	return (root >> 12) << 16 | (uint64_t)(levels - 1) << 13 |
	       1ull << 8 | (ps - 11);
}

/* Map window offset off to leaf (RPN | perms); builds missing levels. */
static void map(uint64_t root, unsigned levels, unsigned ps, uint64_t off,
		uint64_t leaf)
{
	uint64_t base = root, ent;
	unsigned l;

	for (l = 0; l < levels; l++) {
		unsigned shift = 9 * (levels - 1 - l) + ps;
		uint64_t slot = base + 8 * ((off >> shift) & 511);

		if (l == levels - 1) {
			ck_assert_int_eq(sim_mem_write_be64(mem, slot, leaf), 0);
			return;
		}
		ck_assert_int_eq(sim_mem_read_be64(mem, slot, &ent), 0);
		if (!ent) {
			ent = new_level() | 3;
			ck_assert_int_eq(sim_mem_write_be64(mem, slot, ent), 0);
		}
		base = ent & ~0xFFFull;
	}
}

/* ---- depth x page size ---- */

CK_LOOP_TEST("walk", walk_depth_page_size_edges, 0, 20)
{
	unsigned levels = _i / 4 + 1, ps = page_shifts[_i % 4];
	unsigned wbits = 9 * levels + ps, w;
	uint64_t size = 0, pgmask = (1ull << ps) - 1;
	uint64_t pa_first = 2 * GiB, pa_last = 1 * GiB, pa_mid = 3 * GiB;
	uint64_t mid;
	unsigned l;

	if (wbits >= 59) {
		printf("model_phb3_walk: skip %u levels x 2^%u pages "
		       "(window 2^%u reaches bit 59)\n", levels, ps, wbits);
		return;
	}
	size = 1ull << wbits;
	for (w = 0; w < 2; w++) {
		uint64_t bus = (uint64_t)w << 59;
		uint64_t root = new_level();
		struct sim_dma_result r;
		uint64_t walks0;

		ioda_wr(phb, T_TVT, PE * 2 + w, tve_for(root, levels, ps));
		ioda_wr(phb_alias, T_TVT, PE * 2 + w, tve_for(root, levels, ps));
		map(root, levels, ps, 0, pa_first | 3);
		map(root, levels, ps, size - 1, pa_last | 1);

		r = dma(bus, 8, SIM_DMA_WRITE);
		ck_assert_int_eq(r.status, SIM_DMA_OK);
		ck_assert_uint_eq(r.pa, pa_first);
		ck_assert_uint_eq(r.walk_levels, levels);

		/* an offset with a different index at every level */
		for (l = 0, mid = 0xABCDE & pgmask; l < levels; l++)
			mid |= (uint64_t)((37 * (l + 1) + w) & 511)
			       << (9 * (levels - 1 - l) + ps);
		map(root, levels, ps, mid, pa_mid | 3);
		r = dma(bus + mid, 1, SIM_DMA_READ);
		ck_assert_int_eq(r.status, SIM_DMA_OK);
		ck_assert_uint_eq(r.pa, pa_mid + (mid & pgmask));

		r = dma(bus + size - 1, 1, SIM_DMA_READ);
		ck_assert_int_eq(r.status, SIM_DMA_OK);
		ck_assert_uint_eq(r.pa, pa_last + pgmask);
		ck_assert_uint_eq(r.walk_levels, levels);
		/* second access hits the cache: no table read */
		walks0 = tce_cache_get_stats(phb3_tce_cache(phb))->hits;
		r = dma(bus + size - 1, 1, SIM_DMA_READ);
		ck_assert(r.cache_hit);
		ck_assert_uint_eq(r.walk_levels, 0);
		ck_assert_uint_eq(tce_cache_get_stats(phb3_tce_cache(phb))->hits,
				  walks0 + 1);

		r = dma(bus + size, 1, SIM_DMA_READ);
		ck_assert_int_eq(r.status, SIM_DMA_FAULT);
		ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
		ck_assert_uint_eq(r.fault_addr, bus + size);
		ck_assert_uint_eq(ioda_rd(phb, T_PESTB, PE), BIT(0));
		thaw(phb, PE);

		r = dma_on(phb_alias, bus + size + 5, 1, SIM_DMA_READ);
		ck_assert_int_eq(r.status, SIM_DMA_OK);
		ck_assert_uint_eq(r.pa, pa_first + 5);
	}
}
END_TEST

CK_TEST("walk", walk_dma_crossing_pages_translates_each)
{
	uint64_t root = new_level();
	uint8_t in[16], out[16];
	struct sim_dma_target t = phb3_dma_target(phb);
	struct sim_dma_req req = { .rid = RID, .addr = 0x1ff8, .len = 16,
				   .dir = SIM_DMA_WRITE };
	struct sim_dma_result r;
	unsigned i;

	for (i = 0; i < 16; i++)
		in[i] = i + 1;
	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 1, 12));
	map(root, 1, 12, 0x1000, 0x70000000 | 3);
	map(root, 1, 12, 0x2000, 0x50000000 | 3);
	ck_assert_int_eq(t.dma(t.opaque, &req, in, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_int_eq(sim_mem_read(mem, 0x70000ff8, out, 8), 0);
	ck_assert_int_eq(sim_mem_read(mem, 0x50000000, out + 8, 8), 0);
	ck_assert_mem_eq(in, out, 16);
}
END_TEST

CK_TEST("walk", walk_dma_with_second_page_faulting_moves_nothing)
{
	uint64_t root = new_level();
	uint8_t in[16], out[8], zero[8] = { 0 };
	struct sim_dma_target t = phb3_dma_target(phb);
	struct sim_dma_req req = { .rid = RID, .addr = 0x1ff8, .len = 16,
				   .dir = SIM_DMA_WRITE };
	struct sim_dma_result r;

	memset(in, 0xEE, sizeof(in));
	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 1, 12));
	map(root, 1, 12, 0x1000, 0x70000000 | 3);
	map(root, 1, 12, 0x2000, 0x50000000 | 1);	/* read only */
	ck_assert_int_eq(t.dma(t.opaque, &req, in, &r), 0);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);
	ck_assert_int_eq(r.reason, SIM_FAULT_PERMISSION);
	ck_assert_uint_eq(r.fault_addr, 0x2000);
	ck_assert_uint_eq(r.bytes_done, 0);
	ck_assert_int_eq(sim_mem_read(mem, 0x70000ff8, out, 8), 0);
	ck_assert_mem_eq(out, zero, 8);
}
END_TEST

/* ---- bypass ---- */

CK_TEST("bypass", bypass_full_field_start_and_end)
{
	struct sim_dma_result r;

	/* start 16M, end 32M, full-field encoding, window 1 */
	ioda_wr(phb, T_TVT, PE * 2 + 1, 0x10000021000ull);
	r = dma((1ull << 59) + (16ull << 20) - 1, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	thaw(phb, PE);
	r = dma((1ull << 59) + (16ull << 20), 1, SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 16ull << 20);
	r = dma((1ull << 59) + (32ull << 20) - 1, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, (32ull << 20) - 1);
	r = dma((1ull << 59) + (32ull << 20), 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
}
END_TEST

CK_TEST("bypass", bypass_skiboot_short_start_encoding_decodes_as_zero)
{
	struct sim_dma_result r;

	/* 0x21000: start field empty (start 0), end 32M */
	ioda_wr(phb, T_TVT, PE * 2, 0x21000ull);
	r = dma(0x10, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.pa, 0x10);
}
END_TEST

CK_TEST("bypass", bypass_high_start_bits_49_48)
{
	struct sim_dma_result r;

	/* start 2^48 (TVE[52:53] = 1), end 2^48 + 16M (TVE[54:55] = 1) */
	ioda_wr(phb, T_TVT, PE * 2, 0x1000 | 0x400 | 0x100 | 0x10000);
	r = dma((1ull << 48) - 1, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
	thaw(phb, PE);
	/* in bounds; beyond the 8 GiB of RAM, so the data access fails */
	r = dma(1ull << 48, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_TARGET_MEMORY);
}
END_TEST

CK_TEST("bypass", bypass_without_valid_bit_is_invalid_tve)
{
	struct sim_dma_result r;

	ioda_wr(phb, T_TVT, PE * 2, 0x000000FFFFFF0200ull);	/* CAPP style */
	r = dma(0x10, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
}
END_TEST

/* ---- MSI decode ---- */

CK_TEST("decode", decode_msi32_range_edges)
{
	mmio_wr(phb, R_CONFIG, BIT(8));
	ck_assert_int_eq(dma(0xFFFF0000, 4, SIM_DMA_WRITE).status, SIM_DMA_MSI);
	ck_assert_int_eq(dma(0xFFFFFFFC, 4, SIM_DMA_WRITE).status, SIM_DMA_MSI);
	ck_assert_int_eq(dma(0xFFFEFFFC, 4, SIM_DMA_WRITE).status,
			 SIM_DMA_FAULT);
}
END_TEST

CK_TEST("decode", decode_msi64_region)
{
	ck_assert_int_eq(dma(0x1000000000000000ull, 4, SIM_DMA_WRITE).status,
			 SIM_DMA_MSI);
	ck_assert_int_eq(dma(0x1FFFFFFFFFFFFFF0ull, 4, SIM_DMA_WRITE).status,
			 SIM_DMA_MSI);
}
END_TEST

/* ---- one test per fault reason ---- */

CK_TEST("faults", fault_unsupported_addr)
{
	struct sim_dma_result r = dma(0xF000000000000000ull, 4, SIM_DMA_READ);

	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
	/* a DMA running off the top of the DMA region */
	r = dma(0x0FFFFFFFFFFFFFFEull, 4, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_UNSUPPORTED_ADDR);
}
END_TEST

CK_TEST("faults", fault_invalid_pe)
{
	struct sim_dma_result r;
	struct phb3_params pp;
	struct phb3 *small;

	ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2 * 7, 256), 0);
	r = dma_on(phb, 0, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_FAULT);	/* PE3 TVE 0 */
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	{
		struct sim_dma_target t = phb3_dma_target(phb);
		struct sim_dma_req req = { .rid = 7, .addr = 0, .len = 1 };
		uint8_t b;

		ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), 0);
		ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_PE);
		ck_assert_uint_eq(r.pe, 0xFFFF);
	}
	/* RTT disabled */
	mmio_wr(phb_alias, R_RTT_BAR, RTT_BASE);
	r = dma_on(phb_alias, 0, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_PE);
	/* num_pes = 2: PE 3 does not exist */
	phb3_params_default(&pp);
	pp.num_pes = 2;
	small = phb3_create(mem, &pp, 1);
	ck_assert_ptr_nonnull(small);
	mmio_wr(small, R_RTT_BAR, BIT(0) | RTT_BASE);
	r = dma_on(small, 0, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_PE);
	phb3_destroy(small);
}
END_TEST

CK_TEST("faults", fault_invalid_tve)
{
	static const uint64_t bad[] = {
		0,				/* disabled */
		0x0000000200000101ull | 5ull << 13, /* 6 levels */
		0x0000000200000001ull,		/* tts 0 */
		0x0000000200000102ull,		/* 8K pages */
		0x0000000200000100ull & ~0x1000ull, /* bypass, no valid bit */
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sim_dma_result r;

		ioda_wr(phb, T_TVT, PE * 2, bad[i]);
		r = dma(0x10, 1, SIM_DMA_READ);
		ck_assert_msg(r.reason == SIM_FAULT_INVALID_TVE,
			      "TVE 0x%llx gave %s", (unsigned long long)bad[i],
			      sim_fault_reason_name(r.reason));
		thaw(phb, PE);
	}
}
END_TEST

CK_TEST("faults", fault_out_of_window)
{
	uint64_t root = new_level();
	struct sim_dma_result r;

	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 1, 12));
	r = dma(2ull << 20, 1, SIM_DMA_READ);	/* window is 2 MB */
	ck_assert_int_eq(r.reason, SIM_FAULT_OUT_OF_WINDOW);
}
END_TEST

CK_TEST("faults", fault_invalid_indirect)
{
	uint64_t root = new_level();
	struct sim_dma_result r;

	/* 3 levels; root entry valid, middle entry missing */
	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 3, 12));
	ck_assert_int_eq(sim_mem_write_be64(mem, root, new_level() | 1), 0);
	r = dma(0x10, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_INDIRECT);
	ck_assert_uint_eq(r.walk_levels, 2);
}
END_TEST

CK_TEST("faults", fault_invalid_leaf)
{
	uint64_t root = new_level();
	struct sim_dma_result r;

	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 2, 12));
	map(root, 2, 12, 0x5000, 0x70000000);	/* no R, no W */
	r = dma(0x5000, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(r.walk_levels, 2);
}
END_TEST

CK_TEST("faults", fault_permission)
{
	uint64_t root = new_level();
	struct sim_dma_result r;

	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 1, 12));
	map(root, 1, 12, 0x5000, 0x70000000 | 2);	/* write only */
	r = dma(0x5000, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_PERMISSION);
	thaw(phb, PE);
	r = dma(0x5000, 1, SIM_DMA_WRITE);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	/* now cached: the read is still refused on the fast path */
	r = dma(0x5000, 1, SIM_DMA_READ);
	ck_assert(r.cache_hit);
	ck_assert_int_eq(r.reason, SIM_FAULT_PERMISSION);
}
END_TEST

CK_TEST("faults", fault_table_memory)
{
	struct sim_dma_result r;

	/* root table at 16 GiB, beyond the 8 GiB of RAM */
	ioda_wr(phb, T_TVT, PE * 2, tve_for(16 * GiB, 1, 12));
	r = dma(0x10, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_TABLE_MEMORY);
	ck_assert_uint_eq(r.walk_levels, 0);
	/* RTT beyond RAM: no PE known */
	mmio_wr(phb_alias, R_RTT_BAR, BIT(0) | 16 * GiB);
	r = dma_on(phb_alias, 0x10, 1, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_TABLE_MEMORY);
	ck_assert_uint_eq(r.pe, 0xFFFF);
}
END_TEST

CK_TEST("faults", fault_target_memory)
{
	uint64_t root = new_level();
	struct sim_dma_result r;

	ioda_wr(phb, T_TVT, PE * 2, tve_for(root, 1, 12));
	map(root, 1, 12, 0, (8 * GiB - 0x1000) | 3);	/* last RAM page */
	map(root, 1, 12, 0x1000, (8 * GiB) | 3);	/* beyond RAM */
	ck_assert_int_eq(dma(0xff8, 8, SIM_DMA_READ).status, SIM_DMA_OK);
	r = dma(0xffc, 8, SIM_DMA_READ);
	ck_assert_int_eq(r.reason, SIM_FAULT_TARGET_MEMORY);
	ck_assert_uint_eq(r.fault_addr, 0x1000);
}
END_TEST

CK_TEST("faults", xlate_fault_yields_no_translation)
{
	const struct phb3_xlate_cfg cfg = { PHB3_OOW_FAULT, true };
	uint64_t root = new_level();
	struct phb3_xlate x;
	struct phb3_fault f;
	struct phb3_tve t;

	map(root, 1, 12, 0x3000, 0x70000000 | 1);
	memset(&x, 0x5A, sizeof(x));
	ck_assert_int_eq(phb3_tve_decode(tve_for(root, 1, 12), &t), 0);
	ck_assert_int_eq(phb3_xlate(mem, &cfg, &t, 0x3010, SIM_DMA_WRITE, &x,
				    &f, NULL), -EFAULT);
	ck_assert_int_eq(f.reason, SIM_FAULT_PERMISSION);
	ck_assert_uint_eq(x.pa, 0);
	ck_assert_uint_eq(x.tce, 0);
	ck_assert_int_eq(phb3_xlate(mem, &cfg, &t, 0x3010, SIM_DMA_READ, &x,
				    &f, NULL), 0);
	ck_assert_uint_eq(x.pa, 0x70000010);
}
END_TEST

CK_TEST("faults", dma_rejects_malformed_requests)
{
	struct sim_dma_target t = phb3_dma_target(phb);
	struct sim_dma_req req = { .rid = RID, .addr = 0, .len = 0 };
	struct sim_dma_result r;
	uint8_t b;

	ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), -EINVAL);
	req.len = 1;
	ck_assert_int_eq(t.dma(t.opaque, &req, NULL, &r), -EINVAL);
	req.dir = 7;
	ck_assert_int_eq(t.dma(t.opaque, &req, &b, &r), -EINVAL);
}
END_TEST

CK_CASE("walk", 0, setup, teardown);
CK_CASE("bypass", 0, setup, teardown);
CK_CASE("decode", 0, setup, teardown);
CK_CASE("faults", 0, setup, teardown);
CK_SUITE("model_phb3_walk");
