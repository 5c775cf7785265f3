// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the powernv IODA2 platform on a booted PHB3 machine: table
 * geometry (kernel-abi section 4 worked examples), on-demand levels,
 * exchange seen by the hardware model through device DMA, TCE kill
 * (stale translations go away), TVT programming read back through the
 * IODA registers, and PE assignment (RTT) seen through DMA.
 */

#include "check_auto.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "kc/host.h"

#include <asm/iommu.h>
#include <asm/pnv-pci.h>

#define RID_A		0x0100	/* bus 1, dev 0, fn 0 */
#define RID_B		0x0200
#define RID_NONE	0x0300
#define WIN1		(1ULL << 59)

/* PHB3 registers and IODA table selector (hw reference 2.1, 2.2). */
#define PHB_IODA_ADDR	0x220
#define PHB_IODA_DATA0	0x228
#define IODA_TSEL_TVT	9ULL

static struct machine *m;

static void boot(unsigned int page_shift)
{
	struct machine_config cfg;
	char err[256] = "";
	int ret;

	machine_config_default(&cfg);
	cfg.platform = MACHINE_PHB3;
	cfg.page_shift = page_shift;
	cfg.nr_phbs = 1;
	cfg.nr_devs = 2;
	cfg.devs[0].phb = 0;
	cfg.devs[0].bdfn = RID_A;
	cfg.devs[1].phb = 0;
	cfg.devs[1].bdfn = RID_B;

	m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m, "machine_create: %s", err);
	ret = machine_boot(m, err, sizeof(err));
	ck_assert_msg(ret == 0, "machine_boot: %d %s", ret, err);
}

static void setup64k(void)
{
	boot(16);
}

static void setup4k(void)
{
	boot(12);
}

static void teardown(void)
{
	if (m) {
		ck_assert_int_eq(kc_warn_count(), 0);
		machine_destroy(m);
		m = NULL;
	}
}

static struct iommu_table_group *group_of(uint16_t rid)
{
	struct iommu_table_group *tg;

	tg = pnv_pci_get_table_group(machine_phb_opal_id(m, 0), rid);
	ck_assert_ptr_nonnull(tg);
	ck_assert_ptr_nonnull(tg->ops);
	return tg;
}

static uint64_t tvt_read(unsigned int tve)
{
	struct sim_mmio_bus *bus = machine_bus(m);
	uint64_t regs = machine_phb_regs(m, 0), val = ~0ULL;

	ck_assert_int_eq(sim_mmio_write(bus, regs + PHB_IODA_ADDR, 8,
					(IODA_TSEL_TVT << 48) | tve), 0);
	ck_assert_int_eq(sim_mmio_read(bus, regs + PHB_IODA_DATA0, 8, &val),
			 0);
	return val;
}

/* A TVE as hw reference 1.4 lays it out, computed here. */
static uint64_t tve_expect(uint64_t table_pa, unsigned int levels,
			   uint64_t level_bytes, unsigned int page_shift)
{
	unsigned int tts = 0, tps = page_shift - 11;

	while ((1ULL << (tts + 11)) < level_bytes)
		tts++;
	return ((table_pa >> 12) << 16) | ((uint64_t)(levels - 1) << 13) |
	       ((uint64_t)tts << 8) | tps;
}

static uint64_t table_pa(const struct iommu_table *tbl)
{
	uint64_t pa = 0;

	ck_assert_int_eq(sim_mem_host_to_pa(machine_mem(m),
					    (const void *)tbl->it_base, &pa),
			 0);
	return pa;
}

static uint64_t alloc_target(uint64_t size)
{
	uint64_t pa = 0;

	ck_assert_int_eq(sim_mem_alloc(machine_mem(m), size, 0, &pa), 0);
	return pa;
}

static void dma(uint16_t rid, uint64_t addr, enum sim_dma_dir dir,
		struct sim_dma_result *res)
{
	struct sim_dma_req req = {
		.rid = rid, .addr = addr, .len = 8, .dir = dir,
	};
	uint8_t buf[8] = { 0 };

	ck_assert_int_eq(machine_dma(m, 0, &req, buf, res), 0);
}

static void map_one(struct iommu_table *tbl, unsigned long index,
		    unsigned long hpa, enum dma_data_direction dir)
{
	enum dma_data_direction d = dir;
	unsigned long h = hpa;

	ck_assert_int_eq(tbl->it_ops->exchange(tbl, index, &h, &d), 0);
}

static void unmap_one(struct iommu_table *tbl, unsigned long index)
{
	enum dma_data_direction d = DMA_NONE;
	unsigned long h = 0;

	ck_assert_int_eq(tbl->it_ops->exchange(tbl, index, &h, &d), 0);
}

/* ------------------------------------------------------------------ */

CK_TEST("drivers_ioda2_geometry", get_table_size_worked_examples)
{
	struct iommu_table_group *tg = group_of(RID_A);

	/* 2 GiB of 4K pages in one level: 4 MiB, doubled for the view. */
	ck_assert_uint_eq(tg->ops->get_table_size(12, 1ULL << 31, 1),
			  8ULL << 20);
	/* Two levels: 64 entries of 64 KiB leaves + one 64 KiB top. */
	ck_assert_uint_eq(tg->ops->get_table_size(12, 1ULL << 31, 2),
			  2 * (64 * 65536ULL + 65536));
	/* Invalid geometries cost nothing: 0. */
	ck_assert_uint_eq(tg->ops->get_table_size(12, 1ULL << 31, 4), 0);
	ck_assert_uint_eq(tg->ops->get_table_size(16, 1ULL << 40, 3), 0);
	ck_assert_uint_eq(tg->ops->get_table_size(24, 1ULL << 40, 3), 0);
	ck_assert_uint_eq(tg->ops->get_table_size(12, 3ULL << 30, 1), 0);
	ck_assert_uint_eq(tg->ops->get_table_size(12, 1ULL << 31, 0), 0);
	ck_assert_uint_eq(tg->ops->get_table_size(12, 1ULL << 31, 6), 0);
}
END_TEST

CK_TEST("drivers_ioda2_geometry", create_table_geometry_examples)
{
	struct iommu_table_group *tg = group_of(RID_A);
	struct iommu_table *tbl = NULL;

	/* 2 GiB / 4K / 1 level: one 4 MiB level, 2^19 entries. */
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 31, 1,
					       &tbl), 0);
	ck_assert_uint_eq(tbl->it_size, 1UL << 19);
	ck_assert_uint_eq(tbl->it_indirect_levels, 0);
	ck_assert_uint_eq(tbl->it_level_size * 8, 4UL << 20);
	ck_assert_uint_eq(tbl->it_offset, 0);
	iommu_tce_table_put(tbl);

	/* 2 levels: 64 KiB levels of 8192 entries. */
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 31, 2,
					       &tbl), 0);
	ck_assert_uint_eq(tbl->it_level_size, 8192);
	ck_assert_uint_eq(tbl->it_indirect_levels, 1);
	iommu_tce_table_put(tbl);

	/* Slot 1 sits at 1<<59. */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 40, 2,
					       &tbl), 0);
	ck_assert_uint_eq(tbl->it_offset << tbl->it_page_shift, WIN1);
	iommu_tce_table_put(tbl);
}
END_TEST

/*
 * A window with fewer IOMMU pages than a host page holds TCEs: 2 GiB of
 * 16 MiB pages is 128 TCEs (1 KiB), 1 GiB is 64 (512 bytes). The kernel
 * allocates tables in pages, so the table is one 64 KiB page of 8192
 * TCEs; the firmware gets all of it (it refuses tables under 4 KiB) and
 * the window is what 8192 TCEs of 16 MiB cover: 128 GiB.
 */
CK_TEST("drivers_ioda2_geometry", small_ddw_table_is_one_page)
{
	struct iommu_table_group *tg = group_of(RID_A);
	int pe = pnv_pci_get_pe_number(machine_phb_opal_id(m, 0), RID_A);
	struct iommu_table *tbl = NULL;
	uint64_t window;
	int i;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	for (i = 30; i <= 31; i++) {
		window = 1ULL << i;
		/* one 64 KiB table, doubled for the view: 2 host pages */
		ck_assert_uint_eq(tg->ops->get_table_size(24, window, 1),
				  128 << 10);
		ck_assert_int_eq(tg->ops->create_table(tg, 1, 24, window, 1,
						       &tbl), 0);
		ck_assert_uint_eq(tbl->it_size, 8192);
		ck_assert_uint_eq(tbl->it_level_size, 8192);
		ck_assert_uint_eq((uint64_t)tbl->it_size << tbl->it_page_shift,
				  128ULL << 30);
		/* firmware accepts the 64 KiB table: TVE size code 5 */
		ck_assert_int_eq(tg->ops->set_window(tg, 1, tbl), 0);
		ck_assert_uint_eq(tvt_read(pe * 2 + 1),
				  tve_expect(table_pa(tbl), 1, 64 << 10, 24));
		ck_assert_uint_eq((tvt_read(pe * 2 + 1) >> 8) & 0x1f, 5);
		ck_assert_int_eq(tg->ops->unset_window(tg, 1), 0);
		iommu_tce_table_put(tbl);
	}
	tg->ops->release_ownership(tg);
}
END_TEST

/*
 * Every IOMMU page size the PHB offers x every window from one IOMMU
 * page up x 1..5 levels, on 64 KiB and on 4 KiB host pages. The expected
 * geometry is worked out here from the facts of kernel-abi section 4
 * (levels spread the index bits evenly, a level is at least one host
 * page, a table at least one host page of TCEs, the 55-bit limit), and
 * the cost in mainline's own formulation (each level rounded up to a
 * level block, the next level one TCE per block below it); the
 * firmware must accept every table the driver builds, and the device
 * reaches the last TCE of the window the table covers.
 */
static uint64_t cost_expect(unsigned int es, unsigned int levels,
			    unsigned int lshift)
{
	uint64_t direct = 1ULL << lshift, size = 8ULL << es, bytes = 0;
	unsigned int l;

	if (size < 4096)
		size = 4096;
	for (l = 0; l < levels; l++) {
		bytes += (size + direct - 1) / direct * direct;
		size = size / direct * 8;
		if (size < direct)
			size = direct;
	}
	return 2 * bytes;
}

static void geometry_sweep(unsigned int host_shift)
{
	static const unsigned int shifts[] = { 12, 16, 24, 28 };
	struct iommu_table_group *tg = group_of(RID_A);
	int pe = pnv_pci_get_pe_number(machine_phb_opal_id(m, 0), RID_A);
	const uint64_t target = 1ULL << 34;	/* 16 GiB: 256 MiB aligned */
	unsigned int s, es, levels, checked = 0;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	for (s = 0; s < 4; s++) {
		unsigned int shift = shifts[s];

		for (es = 0; es <= 20; es++) {
			for (levels = 1; levels <= 5; levels++) {
				uint64_t window = 1ULL << (shift + es);
				unsigned int per = (es + levels - 1) / levels;
				unsigned int lshift = per + 3 > host_shift ?
						      per + 3 : host_shift;
				uint64_t tces = 1ULL << es, top;
				bool ok = (lshift - 3) * levels + shift < 55;
				struct iommu_table *tbl = NULL;
				struct sim_dma_result res;
				unsigned long last;
				long ret;

				if (tces < (1ULL << (host_shift - 3)))
					tces = 1ULL << (host_shift - 3);
				ck_assert_uint_eq(tg->ops->get_table_size(shift,
						window, levels),
					ok ? cost_expect(es, levels, lshift) : 0);
				ret = tg->ops->create_table(tg, 1, shift,
							    window, levels,
							    &tbl);
				ck_assert_msg(ret == (ok ? 0 : -EINVAL),
					      "shift %u es %u levels %u: %ld",
					      shift, es, levels, ret);
				if (!ok)
					continue;
				ck_assert_uint_eq(tbl->it_size, tces);
				ck_assert_uint_eq(tbl->it_level_size,
						  1ULL << (lshift - 3));
				ck_assert_uint_eq(tbl->it_indirect_levels,
						  levels - 1);
				top = levels == 1 ? tces * 8 : 1ULL << lshift;
				ck_assert_uint_ge(top, 4096);
				ck_assert_int_eq(tg->ops->set_window(tg, 1, tbl),
						 0);
				ck_assert_uint_eq(tvt_read(pe * 2 + 1),
						  tve_expect(table_pa(tbl),
							     levels, top,
							     shift));
				/* the last TCE of the window is usable ... */
				last = tbl->it_offset + tces - 1;
				map_one(tbl, last, target, DMA_TO_DEVICE);
				dma(RID_A, WIN1 + ((uint64_t)(tces - 1) << shift) +
				    0x18, SIM_DMA_READ, &res);
				ck_assert_msg(res.status == SIM_DMA_OK &&
					      res.pa == target + 0x18,
					      "shift %u es %u levels %u: status %d pa 0x%llx",
					      shift, es, levels, res.status,
					      (unsigned long long)res.pa);
				/* ... the one after it is not in the window */
				ck_assert_int_eq(iommu_tce_check_ioba(shift,
						 tbl->it_offset, tbl->it_size,
						 WIN1 + ((tces - 1) << shift), 1),
						 0);
				ck_assert_int_eq(iommu_tce_check_ioba(shift,
						 tbl->it_offset, tbl->it_size,
						 WIN1 + (tces << shift), 1),
						 -EINVAL);
				unmap_one(tbl, last);
				ck_assert_int_eq(tg->ops->unset_window(tg, 1), 0);
				iommu_tce_table_put(tbl);
				checked++;
			}
		}
	}
	tg->ops->release_ownership(tg);
	/* the sweep built tables (not only refusals) */
	ck_assert_uint_ge(checked, 100);
}

CK_TEST("drivers_ioda2_geometry", geometry_every_page_window_levels_64k)
{
	geometry_sweep(16);
}
END_TEST

CK_TEST("drivers_ioda2_levels", geometry_every_page_window_levels_4k)
{
	geometry_sweep(12);
}
END_TEST

CK_TEST("drivers_ioda2_geometry", create_table_bits_limit)
{
	struct iommu_table_group *tg = group_of(RID_A);
	struct iommu_table *tbl = NULL;

	ck_assert_uint_eq(pnv_tce_index_bits_limit, 55);
	/* 4K pages, 4 levels of at least 8192 entries: 64 bits. */
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 31, 4,
					       &tbl), -EINVAL);
	/* 64K, 3 levels: 55 bits, refused at 55 ... */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 40, 3,
					       &tbl), -EINVAL);
	/* 16M, 3 levels: 63 bits, refused at either limit. */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 24, 1ULL << 40, 3,
					       &tbl), -EINVAL);

	/* ... but accepted with the v4.2 limit. */
	pnv_tce_index_bits_limit = PNV_TCE_INDEX_BITS_V4_2;
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 40, 3,
					       &tbl), 0);
	iommu_tce_table_put(tbl);
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 24, 1ULL << 40, 3,
					       &tbl), -EINVAL);
	pnv_tce_index_bits_limit = PNV_TCE_INDEX_BITS_MAINLINE;

	/* Page size not advertised, window not a power of two. */
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 13, 1ULL << 31, 1,
					       &tbl), -EINVAL);
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 3ULL << 29, 1,
					       &tbl), -EINVAL);
}
END_TEST

CK_TEST("drivers_ioda2_levels", create_table_levels_on_demand)
{
	struct iommu_table_group *tg = group_of(RID_A);
	struct sim_mem *mem = machine_mem(m);
	struct sim_mem_stats s0, s1;
	struct iommu_table *tbl = NULL;
	unsigned long idx, far, hpa;
	uint64_t target = alloc_target(1 << 16);
	enum dma_data_direction d;
	struct sim_dma_result res;
	__be64 *view;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	sim_mem_get_stats(mem, &s0);

	/* 2^48 window of 64K pages in 4 levels of 4 KiB (4K host pages). */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 48, 4,
					       &tbl), 0);
	ck_assert_uint_eq(tbl->it_level_size, 512);
	ck_assert_uint_eq(tbl->it_indirect_levels, 3);
	sim_mem_get_stats(mem, &s1);
	/* One top level for the hardware, one for the view. */
	ck_assert_uint_eq(s1.alloc_bytes - s0.alloc_bytes, 2 * 4096);

	idx = tbl->it_offset + 0x12345678UL;
	map_one(tbl, idx, target, DMA_BIDIRECTIONAL);
	sim_mem_get_stats(mem, &s0);
	/* Exactly one page per lower level. */
	ck_assert_uint_eq(s0.alloc_bytes - s1.alloc_bytes, 3 * 4096);
	ck_assert_uint_eq(tbl->it_ops->get(tbl, idx), target | 3);

	view = tbl->it_ops->useraddrptr(tbl, idx, true);
	ck_assert_ptr_nonnull(view);
	sim_mem_get_stats(mem, &s1);
	ck_assert_uint_eq(s1.alloc_bytes - s0.alloc_bytes, 3 * 4096);
	ck_assert_ptr_nonnull(tbl->it_ops->useraddrptr(tbl, idx + 1, false));

	/* Another top-level subtree: absent, and nothing allocates. */
	far = tbl->it_offset + (1UL << 31);
	ck_assert_ptr_null(tbl->it_ops->useraddrptr(tbl, far, false));
	ck_assert_uint_eq(tbl->it_ops->get(tbl, far), 0);
	hpa = 12345;
	d = DMA_NONE;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, far, &hpa, &d), 0);
	ck_assert_uint_eq(hpa, 0);
	ck_assert_int_eq(d, DMA_NONE);
	sim_mem_get_stats(mem, &s0);
	ck_assert_uint_eq(s0.alloc_bytes, s1.alloc_bytes);

	/* The model walks all four levels to the page. */
	ck_assert_int_eq(tg->ops->set_window(tg, 1, tbl), 0);
	dma(RID_A, WIN1 + ((idx - tbl->it_offset) << 16) + 0x10,
	    SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, target + 0x10);
	ck_assert_uint_eq(res.walk_levels, 4);

	ck_assert_int_eq(tg->ops->unset_window(tg, 1), 0);
	sim_mem_get_stats(mem, &s1);
	iommu_tce_table_put(tbl);
	sim_mem_get_stats(mem, &s0);
	/* Freeing returns every level: 2 tops + 3 + 3 lower levels. */
	ck_assert_uint_eq(s1.alloc_bytes - s0.alloc_bytes, 8 * 4096);
	tg->ops->release_ownership(tg);
}
END_TEST

CK_TEST("drivers_ioda2_exchange", exchange_visible_to_device_dma)
{
	struct iommu_table_group *tg = group_of(RID_A);
	uint64_t target = alloc_target(1 << 16), ent = 0;
	struct iommu_table *tbl = NULL;
	enum dma_data_direction d;
	struct sim_dma_result res;
	unsigned long hpa;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 28, 1,
					       &tbl), 0);
	ck_assert_int_eq(tg->ops->set_window(tg, 0, tbl), 0);

	hpa = target + 0x3000;
	d = DMA_BIDIRECTIONAL;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 5, &hpa, &d), 0);
	ck_assert_uint_eq(hpa, 0);
	ck_assert_int_eq(d, DMA_NONE);

	/* Big-endian entry in simulated memory, as the PHB reads it. */
	ck_assert_int_eq(sim_mem_read_be64(machine_mem(m),
					   table_pa(tbl) + 5 * 8, &ent), 0);
	ck_assert_uint_eq(ent, (target + 0x3000) | 3);

	dma(RID_A, (5 << 12) | 0x345, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, target + 0x3345);

	/* FROM_DEVICE is stored R|W, and reads back as BIDIRECTIONAL. */
	hpa = target + 0x4000;
	d = DMA_FROM_DEVICE;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 6, &hpa, &d), 0);
	ck_assert_uint_eq(tbl->it_ops->get(tbl, 6), (target + 0x4000) | 3);
	dma(RID_A, 6 << 12, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);

	/* TO_DEVICE: the device may read but not write. */
	hpa = target + 0x5000;
	d = DMA_TO_DEVICE;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 7, &hpa, &d), 0);
	dma(RID_A, 7 << 12, SIM_DMA_WRITE, &res);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);
	ck_assert_int_eq(res.reason, SIM_FAULT_PERMISSION);

	unmap_one(tbl, 5);
	unmap_one(tbl, 6);
	unmap_one(tbl, 7);
	ck_assert_int_eq(tg->ops->unset_window(tg, 0), 0);
	iommu_tce_table_put(tbl);
	tg->ops->release_ownership(tg);
}
END_TEST

CK_TEST("drivers_ioda2_exchange", exchange_returns_old_and_rejects_bad_input)
{
	struct iommu_table_group *tg = group_of(RID_A);
	uint64_t target = alloc_target(1 << 16);
	struct iommu_table *tbl = NULL;
	enum dma_data_direction d;
	unsigned long hpa;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 24, 1,
					       &tbl), 0);

	map_one(tbl, 1, target, DMA_TO_DEVICE);
	hpa = target + 0x1000;
	d = DMA_BIDIRECTIONAL;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 1, &hpa, &d), 0);
	ck_assert_uint_eq(hpa, target);
	ck_assert_int_eq(d, DMA_TO_DEVICE);

	/* Misaligned hpa, index past the window: EINVAL, nothing written. */
	hpa = target + 0x10;
	d = DMA_BIDIRECTIONAL;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 2, &hpa, &d), -EINVAL);
	ck_assert_uint_eq(tbl->it_ops->get(tbl, 2), 0);
	hpa = target;
	d = DMA_BIDIRECTIONAL;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, tbl->it_size, &hpa, &d),
			 -EINVAL);

	/* set_window twice on one slot is refused. */
	ck_assert_int_eq(tg->ops->set_window(tg, 0, tbl), 0);
	ck_assert_int_eq(tg->ops->set_window(tg, 0, tbl), -EBUSY);
	ck_assert_int_eq(tg->ops->unset_window(tg, 0), 0);
	iommu_tce_table_put(tbl);
	tg->ops->release_ownership(tg);
}
END_TEST

CK_TEST("drivers_ioda2_exchange", kill_drops_cached_translation)
{
	struct iommu_table_group *tg = group_of(RID_A);
	uint64_t a = alloc_target(1 << 16), b = alloc_target(1 << 16);
	uint64_t c = alloc_target(1 << 16);
	struct iommu_table *tbl = NULL;
	struct sim_dma_result res;

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	/* Window 1 with 64K pages: the kill value must carry bit 59. */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 32, 1,
					       &tbl), 0);
	ck_assert_int_eq(tg->ops->set_window(tg, 1, tbl), 0);

	map_one(tbl, tbl->it_offset + 3, a, DMA_BIDIRECTIONAL);
	dma(RID_A, WIN1 + 3 * 0x10000 + 0x20, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, a + 0x20);

	/* Rewrite the entry behind the PHB's back: the cache is stale. */
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m),
					    table_pa(tbl) + 3 * 8, b | 3), 0);
	dma(RID_A, WIN1 + 3 * 0x10000 + 0x20, SIM_DMA_READ, &res);
	ck_assert(res.cache_hit);
	ck_assert_uint_eq(res.pa, a + 0x20);

	/* An exchange kills that page: the next DMA sees the new entry. */
	map_one(tbl, tbl->it_offset + 3, c, DMA_BIDIRECTIONAL);
	dma(RID_A, WIN1 + 3 * 0x10000 + 0x20, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, c + 0x20);

	/* Clearing kills too: the device now faults. */
	unmap_one(tbl, tbl->it_offset + 3);
	dma(RID_A, WIN1 + 3 * 0x10000 + 0x20, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);

	ck_assert_int_eq(tg->ops->unset_window(tg, 1), 0);
	iommu_tce_table_put(tbl);
	tg->ops->release_ownership(tg);
}
END_TEST

CK_TEST("drivers_ioda2_exchange", shared_table_killed_in_every_pe)
{
	struct iommu_table_group *ta = group_of(RID_A), *tb = group_of(RID_B);
	uint64_t a = alloc_target(1 << 16), c = alloc_target(1 << 16);
	struct iommu_table *tbl = NULL;
	struct sim_dma_result res;

	ck_assert_ptr_ne(ta, tb);
	ck_assert_int_eq(ta->ops->take_ownership(ta), 0);
	ck_assert_int_eq(tb->ops->take_ownership(tb), 0);
	ck_assert_int_eq(ta->ops->create_table(ta, 0, 12, 1ULL << 28, 2,
					       &tbl), 0);
	ck_assert_int_eq(ta->ops->set_window(ta, 0, tbl), 0);
	ck_assert_int_eq(tb->ops->set_window(tb, 0, tbl), 0);

	map_one(tbl, 9, a, DMA_BIDIRECTIONAL);
	dma(RID_A, 9 << 12, SIM_DMA_READ, &res);
	ck_assert_uint_eq(res.pa, a);
	dma(RID_B, 9 << 12, SIM_DMA_READ, &res);
	ck_assert_uint_eq(res.pa, a);

	map_one(tbl, 9, c, DMA_BIDIRECTIONAL);
	dma(RID_A, 9 << 12, SIM_DMA_READ, &res);
	ck_assert_uint_eq(res.pa, c);
	dma(RID_B, 9 << 12, SIM_DMA_READ, &res);
	ck_assert_uint_eq(res.pa, c);

	unmap_one(tbl, 9);
	ck_assert_int_eq(ta->ops->unset_window(ta, 0), 0);
	ck_assert_int_eq(tb->ops->unset_window(tb, 0), 0);
	iommu_tce_table_put(tbl);
	ta->ops->release_ownership(ta);
	tb->ops->release_ownership(tb);
}
END_TEST

CK_TEST("drivers_ioda2_windows", set_window_programs_tvt)
{
	struct iommu_table_group *tg = group_of(RID_A);
	int pe = pnv_pci_get_pe_number(machine_phb_opal_id(m, 0), RID_A);
	struct iommu_table *tbl = NULL;

	ck_assert_int_ge(pe, 0);
	/* Host default at boot: 2 GiB of 4K in one 4 MiB level + bypass. */
	ck_assert_uint_eq(tvt_read(pe * 2) & 0xffff, (11 << 8) | 1);
	ck_assert_uint_ne(tvt_read(pe * 2) >> 16, 0);
	/* Bypass of 64 GiB at 1<<59 (hw reference case 13). */
	ck_assert_uint_eq(tvt_read(pe * 2 + 1), 0x0000000010001000ULL);

	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	ck_assert_uint_eq(tvt_read(pe * 2), 0);
	ck_assert_uint_eq(tvt_read(pe * 2 + 1), 0);

	/* 256 MiB of 4K: one level of 512 KiB. */
	ck_assert_int_eq(tg->ops->create_table(tg, 0, 12, 1ULL << 28, 1,
					       &tbl), 0);
	ck_assert_int_eq(tg->ops->set_window(tg, 0, tbl), 0);
	ck_assert_uint_eq(tvt_read(pe * 2),
			  tve_expect(table_pa(tbl), 1, 512 << 10, 12));
	ck_assert_int_eq(tg->ops->unset_window(tg, 0), 0);
	ck_assert_uint_eq(tvt_read(pe * 2), 0);
	iommu_tce_table_put(tbl);

	/* 1 TiB of 64K in 2 levels: 64 KiB levels (host page floor). */
	ck_assert_int_eq(tg->ops->create_table(tg, 1, 16, 1ULL << 40, 2,
					       &tbl), 0);
	ck_assert_int_eq(tg->ops->set_window(tg, 1, tbl), 0);
	ck_assert_uint_eq(tvt_read(pe * 2 + 1),
			  tve_expect(table_pa(tbl), 2, 1 << 16, 16));
	ck_assert_int_eq(tg->ops->unset_window(tg, 1), 0);
	iommu_tce_table_put(tbl);

	/* Release restores the host default and the bypass. */
	tg->ops->release_ownership(tg);
	ck_assert_uint_eq(tvt_read(pe * 2) & 0xffff, (11 << 8) | 1);
	ck_assert_uint_eq(tvt_read(pe * 2 + 1), 0x0000000010001000ULL);
}
END_TEST

CK_TEST("drivers_ioda2_windows", dma_dev_setup_assigns_pe_per_device)
{
	uint64_t opal = machine_phb_opal_id(m, 0);
	int pa = pnv_pci_get_pe_number(opal, RID_A);
	int pb = pnv_pci_get_pe_number(opal, RID_B);
	struct sim_dma_result res;

	ck_assert_int_ge(pa, 0);
	ck_assert_int_ge(pb, 0);
	ck_assert_int_ne(pa, pb);
	ck_assert_int_ne(pa, 255);
	ck_assert_int_ne(pb, 255);
	ck_assert_int_eq(pnv_pci_get_pe_number(opal, RID_NONE), -ENODEV);

	/* Each RID resolves to its own PE (RTT), through the bypass. */
	dma(RID_A, WIN1 + 0x10000, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pe, pa);
	ck_assert_uint_eq(res.pa, 0x10000);
	dma(RID_B, WIN1 + 0x10000, SIM_DMA_READ, &res);
	ck_assert_uint_eq(res.pe, pb);

	/*
	 * A RID with no device keeps the RTT's initial PE 255 (the reserved
	 * PE firmware fills the table with, hw reference 1.2): a valid PE
	 * number with no window, so the request faults on its TVE.
	 */
	dma(RID_NONE, WIN1 + 0x10000, SIM_DMA_READ, &res);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);
	ck_assert_uint_eq(res.pe, 255);
	ck_assert_int_eq(res.reason, SIM_FAULT_INVALID_TVE);

	/* One IOMMU group per PE. */
	ck_assert_int_ge(machine_group_of(m, 0, RID_A), 0);
	ck_assert_int_ne(machine_group_of(m, 0, RID_A),
			 machine_group_of(m, 0, RID_B));
}
END_TEST

CK_TEST("drivers_ioda2_windows", take_ownership_twice_is_busy)
{
	struct iommu_table_group *tg = group_of(RID_A);

	ck_assert_uint_eq(tg->tce32_start, 0);
	ck_assert_uint_eq(tg->tce32_size, 0x80000000U);
	ck_assert_uint_eq(tg->max_dynamic_windows_supported, 2);
	ck_assert_uint_eq(tg->max_levels, 5);
	ck_assert_uint_eq(tg->pgsizes, (1ULL << 12) | (1ULL << 16) |
			  (1ULL << 24) | (1ULL << 28));
	ck_assert_int_eq(tg->ops->take_ownership(tg), 0);
	ck_assert_int_eq(tg->ops->take_ownership(tg), -EBUSY);
	tg->ops->release_ownership(tg);
	ck_assert_ptr_nonnull(tg->tables[0]);
}
END_TEST

CK_CASE("drivers_ioda2_geometry", 0, setup64k, teardown);
CK_CASE("drivers_ioda2_levels", 0, setup4k, teardown);
CK_CASE("drivers_ioda2_exchange", 0, setup64k, teardown);
CK_CASE("drivers_ioda2_windows", 0, setup64k, teardown);
CK_SUITE("drivers_ioda2");
