// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the powernv P5IOC2 platform on a booted P5IOC2 machine: the
 * PHB's TCE memory registration (CA_TARn read back over the MMIO bus),
 * the table group handed to VFIO (no ops, tce32 window set), exchange
 * seen by device DMA, and ownership of a table without group ops.
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

#define RID_A		0x0100
#define CA_TAR0		0x580
#define CA_BLOCK	0x10000ULL	/* one Calgary register block */
#define CA_PHB0		0x8000ULL	/* first PHB block inside it */
#define PHB_BLOCK	0x1000ULL

static struct machine *m;

static void boot(unsigned int nr_phbs)
{
	struct machine_config cfg;
	char err[256] = "";
	unsigned int i;
	int ret;

	machine_config_default(&cfg);
	cfg.platform = MACHINE_P5IOC2;
	cfg.nr_phbs = nr_phbs;
	cfg.nr_devs = nr_phbs;
	for (i = 0; i < nr_phbs; i++) {
		cfg.devs[i].phb = i;
		cfg.devs[i].bdfn = RID_A;
	}

	m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m, "machine_create: %s", err);
	ret = machine_boot(m, err, sizeof(err));
	ck_assert_msg(ret == 0, "machine_boot: %d %s", ret, err);
}

static void setup1(void)
{
	boot(1);
}

static void setup4(void)
{
	boot(4);
}

static void teardown(void)
{
	if (m) {
		ck_assert_int_eq(kc_warn_count(), 0);
		machine_destroy(m);
		m = NULL;
	}
}

static struct iommu_table_group *group_of(unsigned int phb)
{
	struct iommu_table_group *tg;

	tg = pnv_pci_get_table_group(machine_phb_opal_id(m, phb), RID_A);
	ck_assert_ptr_nonnull(tg);
	return tg;
}

static uint64_t host_pa(const void *p)
{
	uint64_t pa = 0;

	ck_assert_int_eq(sim_mem_host_to_pa(machine_mem(m), p, &pa), 0);
	return pa;
}

/* CA_TARn of a PHB, found from the PHB's register block address. */
static uint64_t ca_tar(unsigned int phb)
{
	uint64_t regs = machine_phb_regs(m, phb), ca = regs & ~(CA_BLOCK - 1);
	uint64_t n = (regs - ca - CA_PHB0) / PHB_BLOCK, val = 0;

	ck_assert_uint_lt(n, 4);
	ck_assert_int_eq(sim_mmio_read(machine_bus(m), ca + CA_TAR0 + 8 * n, 8,
				       &val), 0);
	return val;
}

static unsigned int log2u(uint64_t v)
{
	unsigned int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

CK_TEST("drivers_p5ioc2_setup", table_group_reports_v1_window)
{
	struct iommu_table_group *tg = group_of(0);
	struct iommu_table *tbl = tg->tables[0];

	ck_assert_ptr_null(tg->ops);
	ck_assert_ptr_nonnull(tbl);
	/* One PHB: 16 MiB split once, capped at 4 MiB => a 2 GiB window. */
	ck_assert_uint_eq(tbl->it_size, (4UL << 20) / 8);
	ck_assert_uint_eq(tbl->it_page_shift, 12);
	ck_assert_uint_eq(tbl->it_offset, 0);
	ck_assert_uint_eq(tbl->it_indirect_levels, 0);
	ck_assert_uint_eq(tg->tce32_start, 0);
	ck_assert_uint_eq(tg->tce32_size, 0x80000000U);
	ck_assert_uint_eq(tg->max_dynamic_windows_supported, 0);
	ck_assert_ptr_null(tbl->it_ops->useraddrptr(tbl, 1, true));
	ck_assert_int_ge(machine_group_of(m, 0, RID_A), 0);
}
END_TEST

CK_TEST("drivers_p5ioc2_setup", phb_tce_memory_registered_in_ca_tar)
{
	struct iommu_table *tbl = group_of(0)->tables[0];
	uint64_t tar = ca_tar(0), pa = host_pa((void *)tbl->it_base);
	uint64_t bytes = tbl->it_size * 8;

	/* Table address in place, VALID (bit 60), NUM_TCE = log2 - 16. */
	ck_assert_uint_eq(tar & 0x0000FFFFFFFF0000ULL, pa);
	ck_assert_uint_eq(tar & 0xF, 0x8 | (log2u(bytes) - 16));
	ck_assert_uint_eq(pa & (bytes - 1), 0);
}
END_TEST

CK_TEST("drivers_p5ioc2_hub", four_phbs_share_the_hub_memory)
{
	uint64_t base = 0, pa;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		struct iommu_table *tbl = group_of(i)->tables[0];

		/* 16 MiB / 4 = 4 MiB each, side by side in the hub area. */
		ck_assert_uint_eq(tbl->it_size * 8, 4UL << 20);
		pa = host_pa((void *)tbl->it_base);
		if (i == 0)
			base = pa;
		ck_assert_uint_eq(pa, base + i * (4ULL << 20));
		ck_assert_uint_eq(ca_tar(i) & 0x0000FFFFFFFF0000ULL, pa);
		ck_assert_int_ne(machine_group_of(m, i, RID_A),
				 machine_group_of(m, (i + 1) % 4, RID_A));
	}
	ck_assert_uint_eq(base & ((16ULL << 20) - 1), 0);
}
END_TEST

CK_TEST("drivers_p5ioc2_setup", exchange_visible_to_device_dma)
{
	struct iommu_table *tbl = group_of(0)->tables[0];
	struct sim_dma_req req = {
		.rid = RID_A, .addr = (42 << 12) | 0x123, .len = 4,
		.dir = SIM_DMA_READ,
	};
	struct sim_dma_result res;
	enum dma_data_direction d = DMA_BIDIRECTIONAL;
	uint64_t target = 0;
	unsigned long hpa;
	uint8_t buf[4];

	ck_assert_int_eq(iommu_take_ownership(tbl), 0);
	ck_assert_int_eq(sim_mem_alloc(machine_mem(m), 4096, 0, &target), 0);
	hpa = target;
	ck_assert_int_eq(iommu_tce_xchg(tbl, 42, &hpa, &d), 0);
	ck_assert_uint_eq(hpa, 0);

	ck_assert_int_eq(machine_dma(m, 0, &req, buf, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, target + 0x123);

	/* Clear: the device faults again (no kill needed on P5IOC2). */
	hpa = 0;
	d = DMA_NONE;
	ck_assert_int_eq(tbl->it_ops->exchange(tbl, 42, &hpa, &d), 0);
	ck_assert_uint_eq(hpa, target);
	ck_assert_int_eq(d, DMA_BIDIRECTIONAL);
	ck_assert_int_eq(machine_dma(m, 0, &req, buf, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);
	iommu_release_ownership(tbl);
}
END_TEST

CK_TEST("drivers_p5ioc2_setup", take_ownership_busy_until_released)
{
	struct iommu_table *tbl = group_of(0)->tables[0];

	ck_assert_int_eq(iommu_take_ownership(tbl), 0);
	/* Owned: the whole bitmap is in use. */
	ck_assert_int_eq(iommu_take_ownership(tbl), -EBUSY);
	iommu_release_ownership(tbl);
	ck_assert_int_eq(iommu_take_ownership(tbl), 0);
	iommu_release_ownership(tbl);
}
END_TEST

CK_CASE("drivers_p5ioc2_setup", 0, setup1, teardown);
CK_CASE("drivers_p5ioc2_hub", 0, setup4, teardown);
CK_SUITE("drivers_p5ioc2");
