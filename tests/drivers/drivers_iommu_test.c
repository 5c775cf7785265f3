// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the powerpc IOMMU core (arch/powerpc/kernel/iommu.c): TCE
 * permission helpers, ioba/gpa checks, host allocator reservations,
 * ownership of tables without group ops, reference counting, and the
 * exchange wrapper's dirty marking (on a booted machine, with real pages).
 */

#include "check_auto.h"
#include <stdint.h>
#include <stdlib.h>

#include "tcesim/machine.h"
#include "kc/host.h"

#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <asm/iommu.h>
#include <asm/tce.h>
#include <asm/pnv-pci.h>

/* Bitmap access written here, independent of the kernel bitops. */
#define LBITS (8 * sizeof(unsigned long))
static int test_bit(unsigned int n, const unsigned long *map)
{
	return (map[n / LBITS] >> (n % LBITS)) & 1;
}

static void set_bit(unsigned int n, unsigned long *map)
{
	map[n / LBITS] |= 1UL << (n % LBITS);
}

static void clear_bit(unsigned int n, unsigned long *map)
{
	map[n / LBITS] &= ~(1UL << (n % LBITS));
}

/* A fake platform: a flat array of CPU-order TCEs, counting frees. */
static unsigned long fake_tces[64];
static int fake_frees;

static int fake_xchg(struct iommu_table *tbl, long index, unsigned long *hpa,
		     enum dma_data_direction *dir)
{
	unsigned long old = fake_tces[index - tbl->it_offset];

	fake_tces[index - tbl->it_offset] =
		*dir == DMA_NONE ? 0 : *hpa | iommu_direction_to_tce_perm(*dir);
	*hpa = old & ~TCE_PCI_PERM;
	*dir = iommu_tce_direction(old);
	return 0;
}

static void fake_free(struct iommu_table *tbl)
{
	fake_frees++;
}

static struct iommu_table_ops fake_ops = {
	.exchange = fake_xchg,
	.free = fake_free,
};

static struct iommu_table_ops fake_ops_noxchg = {
	.free = fake_free,
};

static struct iommu_table *fake_table(unsigned long offset,
				      struct iommu_table_ops *ops)
{
	struct iommu_table *tbl = kzalloc(sizeof(*tbl), GFP_KERNEL);

	ck_assert_ptr_nonnull(tbl);
	INIT_LIST_HEAD(&tbl->it_group_list);
	kref_init(&tbl->it_kref);
	tbl->it_size = 64;
	tbl->it_offset = offset;
	tbl->it_page_shift = 12;
	tbl->it_ops = ops;
	return tbl;
}

CK_TEST("drivers_iommu_core", direction_to_tce_perm_write_implies_read)
{
	ck_assert_uint_eq(iommu_direction_to_tce_perm(DMA_BIDIRECTIONAL), 3);
	ck_assert_uint_eq(iommu_direction_to_tce_perm(DMA_TO_DEVICE), 1);
	ck_assert_uint_eq(iommu_direction_to_tce_perm(DMA_FROM_DEVICE), 3);
	ck_assert_uint_eq(iommu_direction_to_tce_perm(DMA_NONE), 0);

	ck_assert_int_eq(iommu_tce_direction(0x1000 | 3), DMA_BIDIRECTIONAL);
	ck_assert_int_eq(iommu_tce_direction(0x1000 | 1), DMA_TO_DEVICE);
	ck_assert_int_eq(iommu_tce_direction(0x1000 | 2), DMA_FROM_DEVICE);
	ck_assert_int_eq(iommu_tce_direction(0x1000), DMA_NONE);
}
END_TEST

CK_TEST("drivers_iommu_core", check_ioba_bounds_and_alignment)
{
	/* Window of 16 entries of 4K starting at entry 0x100. */
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x100000, 16), 0);
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x10f000, 1), 0);
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x100800, 1),
			 -EINVAL);
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0xff000, 1),
			 -EINVAL);
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x100000, 17),
			 -EINVAL);
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x110000, 1),
			 -EINVAL);
	/* A page count that would wrap must not pass. */
	ck_assert_int_eq(iommu_tce_check_ioba(12, 0x100, 16, 0x101000,
					      ~0UL), -EINVAL);

	ck_assert_int_eq(iommu_tce_check_gpa(16, 0x30000), 0);
	ck_assert_int_eq(iommu_tce_check_gpa(16, 0x31000), -EINVAL);
	ck_assert_int_eq(iommu_tce_check_gpa(64, 0), -EINVAL);
}
END_TEST

CK_TEST("drivers_iommu_core", take_ownership_needs_exchange_and_idle_map)
{
	struct iommu_table *tbl = fake_table(0, &fake_ops_noxchg);

	ck_assert_ptr_eq(iommu_init_table(tbl, 0, 0, 0), tbl);
	ck_assert_int_eq(iommu_take_ownership(tbl), -EINVAL);
	tbl->it_ops = &fake_ops;

	/* Entry 0 is reserved at offset 0 but does not count as busy. */
	ck_assert(test_bit(0, tbl->it_map));
	ck_assert_int_eq(iommu_take_ownership(tbl), 0);
	ck_assert(test_bit(63, tbl->it_map));
	ck_assert_int_eq(iommu_take_ownership(tbl), -EBUSY);
	iommu_release_ownership(tbl);
	ck_assert(test_bit(0, tbl->it_map));
	ck_assert(!test_bit(1, tbl->it_map));

	/* A host mapping in use makes it busy, and nothing changes. */
	set_bit(5, tbl->it_map);
	ck_assert_int_eq(iommu_take_ownership(tbl), -EBUSY);
	ck_assert(test_bit(0, tbl->it_map));
	ck_assert(!test_bit(6, tbl->it_map));
	clear_bit(5, tbl->it_map);

	fake_frees = 0;
	ck_assert_int_eq(iommu_tce_table_put(tbl), 1);
	ck_assert_int_eq(fake_frees, 1);
}
END_TEST

CK_TEST("drivers_iommu_core", init_table_reserves_hole_in_window)
{
	/* Window entries [0x40, 0x80); hole [0x70, 0x1000) => 0x30..0x3f. */
	struct iommu_table *tbl = fake_table(0x40, &fake_ops);
	int i;

	ck_assert_ptr_eq(iommu_init_table(tbl, 0, 0x70, 0x1000), tbl);
	ck_assert(!test_bit(0, tbl->it_map));	/* offset is not 0 */
	for (i = 0; i < 64; i++)
		ck_assert_int_eq(!!test_bit(i, tbl->it_map), i >= 0x30);
	/* The hole is ignored by ownership and restored by release. */
	ck_assert_int_eq(iommu_take_ownership(tbl), 0);
	iommu_release_ownership(tbl);
	ck_assert(test_bit(0x30, tbl->it_map));
	ck_assert(!test_bit(0x2f, tbl->it_map));
	iommu_tce_table_put(tbl);
}
END_TEST

CK_TEST("drivers_iommu_core", table_get_put_frees_on_last_put)
{
	struct iommu_table *tbl = fake_table(0, &fake_ops);

	fake_frees = 0;
	ck_assert_ptr_eq(iommu_tce_table_get(tbl), tbl);
	ck_assert_int_eq(iommu_tce_table_put(tbl), 0);
	ck_assert_int_eq(fake_frees, 0);
	ck_assert_int_eq(iommu_tce_table_put(tbl), 1);
	ck_assert_int_eq(fake_frees, 1);
}
END_TEST

/* Entry idx of tbl set to pg with direction dir, then exchanged for an
 * empty entry: *hpa and *d are what that exchange handed back. */
static void map_then_clear(struct iommu_table *tbl, unsigned long idx,
			   struct page *pg, enum dma_data_direction dir,
			   unsigned long *hpa, enum dma_data_direction *d)
{
	*hpa = page_to_phys(pg);
	*d = dir;
	ck_assert_int_eq(iommu_tce_xchg(tbl, idx, hpa, d), 0);
	*hpa = 0;
	*d = DMA_NONE;
	ck_assert_int_eq(iommu_tce_xchg(tbl, idx, hpa, d), 0);
}

CK_TEST("drivers_iommu_xchg", tce_xchg_marks_written_page_dirty)
{
	struct machine_config cfg;
	struct machine *m;
	struct iommu_table *tbl;
	struct page *pg, *pg2;
	enum dma_data_direction d;
	unsigned long hpa;
	char err[256] = "";

	machine_config_default(&cfg);
	cfg.nr_devs = 1;
	cfg.devs[0].bdfn = 0x0100;
	m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_int_eq(machine_boot(m, err, sizeof(err)), 0);

	tbl = fake_table(0, &fake_ops);
	memset(fake_tces, 0, sizeof(fake_tces));
	pg = alloc_pages(GFP_KERNEL, 0);
	pg2 = alloc_pages(GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(pg);
	ck_assert_ptr_nonnull(pg2);
	ck_assert(!PageDirty(pg));

	/* Read-only mapping replaced: no dirty page. */
	map_then_clear(tbl, 3, pg2, DMA_TO_DEVICE, &hpa, &d);
	ck_assert_uint_eq(hpa, page_to_phys(pg2));
	ck_assert(!PageDirty(pg2));

	/* Writable mapping replaced: the old page is dirty. */
	map_then_clear(tbl, 4, pg, DMA_FROM_DEVICE, &hpa, &d);
	ck_assert_int_eq(d, DMA_BIDIRECTIONAL);
	ck_assert(PageDirty(pg));

	__free_pages(pg, 0);
	__free_pages(pg2, 0);
	iommu_tce_table_put(tbl);
	ck_assert_int_eq(kc_warn_count(), 0);
	machine_destroy(m);
}
END_TEST

CK_CASE("drivers_iommu_core", 0, NULL, NULL);
CK_CASE("drivers_iommu_xchg", 0, NULL, NULL);
CK_SUITE("drivers_iommu");
