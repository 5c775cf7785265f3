// SPDX-License-Identifier: GPL-2.0
/*
 * The powerpc IOMMU core: host allocator set-up and reference counting of
 * TCE tables, IOMMU groups for PEs, TCE permission helpers, the exchange
 * wrapper VFIO uses, and ownership hand-over for tables whose platform
 * has no group ops (P5IOC2). Platform code provides struct
 * iommu_table_ops; this file never touches hardware itself.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include <linux/bitmap.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/device.h>
#include <linux/spinlock.h>
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/export.h>
#include <asm/barrier.h>
#include <asm/iommu.h>
#include <asm/tce.h>

/* Host allocator block alignment when the platform leaves it at 0. */
#define IOMMU_DEFAULT_BLOCKSIZE	16

static unsigned long iommu_map_bytes(const struct iommu_table *tbl)
{
	return BITS_TO_LONGS(tbl->it_size) * sizeof(unsigned long);
}

/*
 * Mark the entries the host allocator must never hand out: entry 0 when
 * the window starts at bus address 0 (so no DMA address is 0), and the
 * reserved hole (the 32-bit MMIO space) clipped to the window.
 */
static void iommu_reserve_entries(struct iommu_table *tbl)
{
	unsigned long start, end;

	if (tbl->it_offset == 0)
		set_bit(0, tbl->it_map);

	start = max(tbl->it_reserved_start, tbl->it_offset);
	end = min(tbl->it_reserved_end, tbl->it_offset + tbl->it_size);
	for (; start < end; start++)
		set_bit(start - tbl->it_offset, tbl->it_map);
}

static void iommu_unreserve_entries(struct iommu_table *tbl)
{
	unsigned long start, end;

	if (tbl->it_offset == 0)
		clear_bit(0, tbl->it_map);

	start = max(tbl->it_reserved_start, tbl->it_offset);
	end = min(tbl->it_reserved_end, tbl->it_offset + tbl->it_size);
	for (; start < end; start++)
		clear_bit(start - tbl->it_offset, tbl->it_map);
}

/* --- debugfs --------------------------------------------------------- */

static struct dentry *iommu_debugfs_dir;

/* Entries the host allocator holds, reserved ones and ownership included. */
static int iommu_debugfs_weight_get(void *data, u64 *val)
{
	struct iommu_table *tbl = data;

	*val = tbl->it_map ? bitmap_weight(tbl->it_map, tbl->it_size) : 0;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(iommu_debugfs_weight_fops, iommu_debugfs_weight_get,
			 NULL, "%llu\n");

static void iommu_debugfs_name(const struct iommu_table *tbl, char *buf,
			       size_t len)
{
	snprintf(buf, len, "tce_table%08lx", tbl->it_index);
}

static void iommu_debugfs_add(struct iommu_table *tbl)
{
	struct dentry *dir;
	char name[32];

	if (IS_ERR_OR_NULL(iommu_debugfs_dir))
		return;

	iommu_debugfs_name(tbl, name, sizeof(name));
	dir = debugfs_create_dir(name, iommu_debugfs_dir);
	if (IS_ERR(dir))
		return;

	debugfs_create_file_unsafe("weight", 0400, dir, tbl,
				   &iommu_debugfs_weight_fops);
	debugfs_create_ulong("it_index", 0400, dir, &tbl->it_index);
	debugfs_create_ulong("it_offset", 0400, dir, &tbl->it_offset);
	debugfs_create_ulong("it_size", 0400, dir, &tbl->it_size);
	debugfs_create_ulong("it_page_shift", 0400, dir, &tbl->it_page_shift);
	debugfs_create_ulong("it_reserved_start", 0400, dir,
			     &tbl->it_reserved_start);
	debugfs_create_ulong("it_reserved_end", 0400, dir,
			     &tbl->it_reserved_end);
	debugfs_create_ulong("it_indirect_levels", 0400, dir,
			     &tbl->it_indirect_levels);
	debugfs_create_ulong("it_level_size", 0400, dir, &tbl->it_level_size);
}

static void iommu_debugfs_del(struct iommu_table *tbl)
{
	char name[32];

	if (IS_ERR_OR_NULL(iommu_debugfs_dir))
		return;

	iommu_debugfs_name(tbl, name, sizeof(name));
	debugfs_lookup_and_remove(name, iommu_debugfs_dir);
}

static int __init iommu_debugfs_init(void)
{
	iommu_debugfs_dir = debugfs_create_dir("iommu", NULL);
	return 0;
}
core_initcall(iommu_debugfs_init);

struct iommu_table *iommu_init_table(struct iommu_table *tbl, int nid,
				     unsigned long res_start,
				     unsigned long res_end)
{
	if (WARN_ON_ONCE(!tbl->it_size))
		return NULL;

	tbl->it_map = kvzalloc(iommu_map_bytes(tbl), GFP_KERNEL);
	if (!tbl->it_map)
		return NULL;

	spin_lock_init(&tbl->it_lock);
	tbl->it_nid = nid;
	if (!tbl->it_blocksize)
		tbl->it_blocksize = IOMMU_DEFAULT_BLOCKSIZE;
	tbl->nr_pools = 1;
	tbl->poolsize = tbl->it_size;

	if (res_start < res_end) {
		tbl->it_reserved_start = res_start;
		tbl->it_reserved_end = res_end;
	} else {
		tbl->it_reserved_start = 0;
		tbl->it_reserved_end = 0;
	}
	iommu_reserve_entries(tbl);
	iommu_debugfs_add(tbl);

	return tbl;
}
EXPORT_SYMBOL_GPL(iommu_init_table);

static void iommu_table_release(struct kref *kref)
{
	struct iommu_table *tbl = container_of(kref, struct iommu_table,
					       it_kref);

	/* Every PE must have unlinked the table before the last put. */
	WARN_ON_ONCE(!list_empty(&tbl->it_group_list));

	if (tbl->it_map) {
		iommu_debugfs_del(tbl);
		iommu_unreserve_entries(tbl);
		if (!bitmap_empty(tbl->it_map, tbl->it_size))
			pr_warn("iommu: table %lu freed with host entries in use\n",
				tbl->it_index);
		kvfree(tbl->it_map);
		tbl->it_map = NULL;
	}

	if (tbl->it_ops && tbl->it_ops->free)
		tbl->it_ops->free(tbl);

	kfree(tbl);
}

struct iommu_table *iommu_tce_table_get(struct iommu_table *tbl)
{
	if (kref_get_unless_zero(&tbl->it_kref))
		return tbl;

	return NULL;
}
EXPORT_SYMBOL_GPL(iommu_tce_table_get);

int iommu_tce_table_put(struct iommu_table *tbl)
{
	if (WARN_ON_ONCE(!tbl))
		return 0;

	return kref_put(&tbl->it_kref, iommu_table_release);
}
EXPORT_SYMBOL_GPL(iommu_tce_table_put);

static void iommu_group_data_release(void *iommu_data)
{
	struct iommu_table_group *table_group = iommu_data;

	table_group->group = NULL;
}

int iommu_register_group(struct iommu_table_group *table_group,
			 int pci_domain_number, unsigned long pe_num)
{
	struct iommu_group *grp;
	char name[40];
	int ret;

	if (WARN_ON_ONCE(table_group->group))
		return -EBUSY;

	grp = iommu_group_alloc();
	if (IS_ERR(grp))
		return PTR_ERR(grp);

	table_group->group = grp;
	iommu_group_set_iommudata(grp, table_group, iommu_group_data_release);

	snprintf(name, sizeof(name), "domain%d-pe%lx", pci_domain_number,
		 pe_num);
	ret = iommu_group_set_name(grp, name);
	if (ret)
		goto err_put_group;

	return 0;

err_put_group:
	table_group->group = NULL;
	iommu_group_put(grp);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_register_group);

void iommu_unregister_group(struct iommu_table_group *table_group)
{
	struct iommu_group *grp = table_group->group;

	if (!grp)
		return;

	table_group->group = NULL;
	iommu_group_put(grp);
}
EXPORT_SYMBOL_GPL(iommu_unregister_group);

int iommu_add_device(struct iommu_table_group *table_group,
		     struct device *dev)
{
	struct iommu_group *grp;

	if (!table_group || !table_group->group)
		return -ENODEV;

	grp = iommu_group_get(dev);
	if (grp) {
		/* Already in a group: do not move it silently. */
		iommu_group_put(grp);
		return -EBUSY;
	}

	return iommu_group_add_device(table_group->group, dev);
}
EXPORT_SYMBOL_GPL(iommu_add_device);

void iommu_del_device(struct device *dev)
{
	struct iommu_group *grp = iommu_group_get(dev);

	if (!grp)
		return;

	iommu_group_put(grp);
	iommu_group_remove_device(dev);
}
EXPORT_SYMBOL_GPL(iommu_del_device);

unsigned long iommu_direction_to_tce_perm(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL:
		return TCE_PCI_READ | TCE_PCI_WRITE;
	case DMA_TO_DEVICE:
		return TCE_PCI_READ;
	case DMA_FROM_DEVICE:
		/* A device that may write may also read (as mainline). */
		return TCE_PCI_READ | TCE_PCI_WRITE;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_GPL(iommu_direction_to_tce_perm);

enum dma_data_direction iommu_tce_direction(unsigned long tce)
{
	switch (tce & TCE_PCI_PERM) {
	case TCE_PCI_READ | TCE_PCI_WRITE:
		return DMA_BIDIRECTIONAL;
	case TCE_PCI_READ:
		return DMA_TO_DEVICE;
	case TCE_PCI_WRITE:
		return DMA_FROM_DEVICE;
	default:
		return DMA_NONE;
	}
}
EXPORT_SYMBOL_GPL(iommu_tce_direction);

int iommu_tce_check_ioba(unsigned long page_shift, unsigned long offset,
			 unsigned long size, unsigned long ioba,
			 unsigned long npages)
{
	unsigned long first;

	if (page_shift >= BITS_PER_LONG)
		return -EINVAL;
	if (ioba & ((1UL << page_shift) - 1))
		return -EINVAL;

	first = ioba >> page_shift;
	if (first < offset)
		return -EINVAL;
	/* Written so that no sum can wrap. */
	if (first - offset >= size || npages > size - (first - offset))
		return -EINVAL;

	return 0;
}
EXPORT_SYMBOL_GPL(iommu_tce_check_ioba);

int iommu_tce_check_gpa(unsigned long page_shift, unsigned long gpa)
{
	if (page_shift >= BITS_PER_LONG)
		return -EINVAL;
	if (gpa & ((1UL << page_shift) - 1))
		return -EINVAL;

	return 0;
}
EXPORT_SYMBOL_GPL(iommu_tce_check_gpa);

long iommu_tce_xchg(struct iommu_table *tbl, unsigned long entry,
		    unsigned long *hpa, enum dma_data_direction *direction)
{
	long ret;

	if (!tbl->it_ops || !tbl->it_ops->exchange)
		return -EINVAL;

	ret = tbl->it_ops->exchange(tbl, entry, hpa, direction);
	if (ret)
		return ret;

	/* The device may have written the old page: keep its data. */
	if (*hpa && (*direction == DMA_FROM_DEVICE ||
		     *direction == DMA_BIDIRECTIONAL))
		SetPageDirty(pfn_to_page(*hpa >> PAGE_SHIFT));

	return 0;
}
EXPORT_SYMBOL_GPL(iommu_tce_xchg);

void iommu_flush_tce(struct iommu_table *tbl)
{
	if (tbl->it_ops && tbl->it_ops->flush)
		tbl->it_ops->flush(tbl);

	/* Order the table updates before whatever the caller does next. */
	mb();
}
EXPORT_SYMBOL_GPL(iommu_flush_tce);

int iommu_take_ownership(struct iommu_table *tbl)
{
	unsigned long flags;
	int ret = 0;

	if (!tbl->it_ops || !tbl->it_ops->exchange)
		return -EINVAL;
	if (!tbl->it_map)
		return 0;

	spin_lock_irqsave(&tbl->it_lock, flags);

	/* Reserved entries are not "in use": look past them. */
	iommu_unreserve_entries(tbl);
	if (!bitmap_empty(tbl->it_map, tbl->it_size)) {
		pr_err("iommu: table %lu has host mappings, not taking it\n",
		       tbl->it_index);
		iommu_reserve_entries(tbl);
		ret = -EBUSY;
	} else {
		memset(tbl->it_map, 0xff, iommu_map_bytes(tbl));
	}

	spin_unlock_irqrestore(&tbl->it_lock, flags);

	return ret;
}
EXPORT_SYMBOL_GPL(iommu_take_ownership);

void iommu_release_ownership(struct iommu_table *tbl)
{
	unsigned long flags;

	if (!tbl->it_map)
		return;

	spin_lock_irqsave(&tbl->it_lock, flags);
	memset(tbl->it_map, 0, iommu_map_bytes(tbl));
	iommu_reserve_entries(tbl);
	spin_unlock_irqrestore(&tbl->it_lock, flags);
}
EXPORT_SYMBOL_GPL(iommu_release_ownership);
