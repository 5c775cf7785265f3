// SPDX-License-Identifier: GPL-2.0
/*
 * powernv TCE tables in memory: geometry of IODA2 multi-level tables,
 * allocation (top level at create, lower levels on demand), the
 * userspace-address view with the same shape, and the generic entry
 * operations (build, exchange, clear, get) shared by IODA2 and P5IOC2
 * (a P5IOC2 table is simply a one-level table). Hardware invalidation
 * is not done here: the platform ops in pci-ioda.c add the PHB3 kill.
 *
 * Layout: the top level is at tbl->it_base; an indirect entry holds the
 * physical address of the next level | R | W (big-endian); an entry with
 * neither bit is absent. The entry number relative to the window start
 * is split into "bits"-wide fields, the top level taking the highest.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/export.h>
#include <asm/io.h>
#include <asm/iommu.h>
#include <asm/tce.h>
#include <asm/pnv-pci.h>
#include <asm/trace.h>

#include "pci.h"

unsigned int pnv_tce_index_bits_limit = PNV_TCE_INDEX_BITS_MAINLINE;

/*
 * Work out the level size of a table; 0 or -EINVAL. es is the number of
 * index bits the window needs; they are spread evenly over the levels,
 * and a level is never smaller than one host page.
 */
long pnv_tce_geometry(u32 page_shift, u64 window_size, u32 levels,
		      unsigned int *level_shift)
{
	unsigned int window_shift, es, per_level, lshift;

	if (!levels || levels > PNV_IODA2_MAX_LEVELS)
		return -EINVAL;
	if (page_shift < IOMMU_PAGE_SHIFT_4K || page_shift >= 60)
		return -EINVAL;
	if (!window_size || !is_power_of_2(window_size))
		return -EINVAL;

	window_shift = ilog2(window_size);
	/* A window smaller than one IOMMU page maps nothing. */
	if (window_shift < page_shift)
		return -EINVAL;

	es = window_shift - page_shift;
	per_level = DIV_ROUND_UP(es, levels);
	lshift = max_t(unsigned int, per_level + 3, PAGE_SHIFT);

	if ((lshift - 3) * levels + page_shift >= pnv_tce_index_bits_limit)
		return -EINVAL;

	*level_shift = lshift;
	return 0;
}

/*
 * log2 of the bytes of TCEs a table holds: one entry per IOMMU page of
 * the window, but never less than one host page (PAGE_SIZE), the
 * smallest block the table is allocated in. A window of fewer IOMMU
 * pages than a page of TCEs (e.g. 2 GiB of 16 MiB pages: 128 TCEs, 1 KiB)
 * gets the whole page: the firmware is handed a table of at least one
 * page (it refuses tables under 4 KiB), it_size counts every entry of
 * that page, and the window the table translates grows to match.
 * The window must be valid (pnv_tce_geometry() returned 0).
 */
unsigned int pnv_tce_table_shift(u32 page_shift, u64 window_size)
{
	unsigned int es = ilog2(window_size) - page_shift;

	return max_t(unsigned int, es + 3, PAGE_SHIFT);
}

/*
 * Bytes a fully populated table costs: every level that a full window
 * would need, plus the same again for the userspace view (mainline
 * counts both, "x2"). Callers charge this to locked_vm.
 */
unsigned long pnv_pci_ioda2_get_table_size(__u32 page_shift,
					   __u64 window_size, __u32 levels)
{
	unsigned long level_bytes, level_entries, nodes, bytes = 0;
	unsigned long entries;
	unsigned int lshift;
	u32 lvl;

	if (pnv_tce_geometry(page_shift, window_size, levels, &lshift))
		return 0;

	level_bytes = 1UL << lshift;
	level_entries = level_bytes / TCE_ENTRY_SIZE;
	/* Every entry of the table, at least a page of them. */
	entries = (1UL << pnv_tce_table_shift(page_shift, window_size)) /
		  TCE_ENTRY_SIZE;

	/*
	 * From the leaves up: how many level blocks each depth needs; a
	 * depth never needs less than one block.
	 */
	for (lvl = 0; lvl < levels; lvl++) {
		nodes = DIV_ROUND_UP(entries, level_entries);
		bytes += nodes * level_bytes;
		entries = nodes;
	}
	return bytes * 2;
}

static unsigned int pnv_tce_level_order(const struct iommu_table *tbl)
{
	unsigned int lshift = ilog2(tbl->it_level_size) + 3;

	return lshift > PAGE_SHIFT ? lshift - PAGE_SHIFT : 0;
}

static __be64 *pnv_tce_level_alloc(int nid, unsigned int order, gfp_t gfp)
{
	struct page *page;

	/* Zeroed: every entry starts absent. */
	page = alloc_pages_node(nid, gfp | __GFP_ZERO, order);
	if (!page)
		return NULL;

	return page_address(page);
}

static void pnv_tce_level_free(__be64 *level, unsigned int order)
{
	free_pages((unsigned long)level, order);
}

/*
 * The slot for relative entry idx in the hardware table (view false) or
 * the userspace view (view true). Missing lower levels are allocated when
 * alloc is set; NULL when absent (or out of memory).
 */
static __be64 *pnv_tce_slot(struct iommu_table *tbl, bool view,
			    unsigned long idx, bool alloc)
{
	unsigned int bits = ilog2(tbl->it_level_size);
	unsigned long fmask = tbl->it_level_size - 1;
	unsigned int order = pnv_tce_level_order(tbl);
	unsigned int depth = tbl->it_indirect_levels;
	__be64 *level;

	level = view ? tbl->it_userspace : (__be64 *)tbl->it_base;
	if (!level)
		return NULL;

	for (; depth > 0; depth--) {
		unsigned long field = (idx >> (depth * bits)) & fmask;
		__be64 *slot = &level[field];
		u64 ent = be64_to_cpu(READ_ONCE(*slot));

		if (!(ent & TCE_PCI_PERM)) {
			__be64 *next, old;
			u64 want;

			if (!alloc)
				return NULL;
			next = pnv_tce_level_alloc(tbl->it_nid, order,
						   GFP_ATOMIC);
			if (!next)
				return NULL;
			want = __pa(next) | TCE_PCI_READ | TCE_PCI_WRITE;
			old = cmpxchg(slot, cpu_to_be64(0), cpu_to_be64(want));
			if (old) {
				/* Someone else installed it first. */
				pnv_tce_level_free(next, order);
				ent = be64_to_cpu(old);
			} else {
				ent = want;
			}
		}
		level = __va(ent & ~(u64)(TCE_PAGE_SIZE - 1));
	}

	return &level[idx & fmask];
}

static bool pnv_tce_index_ok(const struct iommu_table *tbl, long index)
{
	return index >= 0 && (unsigned long)index >= tbl->it_offset &&
	       (unsigned long)index - tbl->it_offset < tbl->it_size;
}

int pnv_tce_build(struct iommu_table *tbl, long index, long npages,
		  unsigned long uaddr, enum dma_data_direction direction,
		  unsigned long attrs)
{
	unsigned long perm = iommu_direction_to_tce_perm(direction);
	unsigned long pgmask = IOMMU_PAGE_SIZE(tbl) - 1;
	long i;

	if (!perm || npages < 0)
		return -EINVAL;
	if (!pnv_tce_index_ok(tbl, index) ||
	    !pnv_tce_index_ok(tbl, index + npages - 1))
		return -EINVAL;

	for (i = 0; i < npages; i++) {
		unsigned long pa = __pa((void *)(uaddr +
						  (i << tbl->it_page_shift)));
		__be64 *slot = pnv_tce_slot(tbl, false,
					    index + i - tbl->it_offset, true);

		if (!slot)
			return -ENOMEM;
		WRITE_ONCE(*slot, cpu_to_be64((pa & ~pgmask) | perm));
	}

	return 0;
}

int pnv_tce_xchg(struct iommu_table *tbl, long index, unsigned long *hpa,
		 enum dma_data_direction *direction)
{
	unsigned long newtce = 0;
	__be64 *slot, old;
	u64 oldtce;

	if (!pnv_tce_index_ok(tbl, index))
		return -EINVAL;

	if (*direction != DMA_NONE) {
		unsigned long perm = iommu_direction_to_tce_perm(*direction);

		if (!perm || (*hpa & (IOMMU_PAGE_SIZE(tbl) - 1)))
			return -EINVAL;
		newtce = *hpa | perm;
	}

	slot = pnv_tce_slot(tbl, false, index - tbl->it_offset,
			    *direction != DMA_NONE);
	if (!slot) {
		if (*direction != DMA_NONE)
			return -ENOMEM;
		/* Clearing an entry whose level was never allocated. */
		*hpa = 0;
		return 0;
	}

	old = xchg(slot, cpu_to_be64(newtce));
	trace_tce_xchg(index, newtce);
	oldtce = be64_to_cpu(old);
	*hpa = oldtce & ~(u64)TCE_PCI_PERM;
	*direction = iommu_tce_direction(oldtce);
	if (*direction == DMA_NONE)
		*hpa = 0;

	return 0;
}

__be64 *pnv_tce_useraddrptr(struct iommu_table *tbl, long index, bool alloc)
{
	if (!tbl->it_userspace || !pnv_tce_index_ok(tbl, index))
		return NULL;

	return pnv_tce_slot(tbl, true, index - tbl->it_offset, alloc);
}

void pnv_tce_free(struct iommu_table *tbl, long index, long npages)
{
	long i;

	for (i = 0; i < npages; i++) {
		__be64 *slot;

		if (!pnv_tce_index_ok(tbl, index + i))
			break;
		slot = pnv_tce_slot(tbl, false, index + i - tbl->it_offset,
				    false);
		if (slot)
			WRITE_ONCE(*slot, cpu_to_be64(0));
	}
}

unsigned long pnv_tce_get(struct iommu_table *tbl, long index)
{
	__be64 *slot;

	if (!pnv_tce_index_ok(tbl, index))
		return 0;

	slot = pnv_tce_slot(tbl, false, index - tbl->it_offset, false);
	if (!slot)
		return 0;

	return be64_to_cpu(READ_ONCE(*slot));
}

/* Free a level and, for an indirect one, every present level below it. */
static void pnv_tce_free_tree(__be64 *level, unsigned int depth,
			      unsigned long level_size, unsigned int order)
{
	unsigned long i;

	if (!level)
		return;

	for (i = 0; depth && i < level_size; i++) {
		u64 ent = be64_to_cpu(level[i]);

		if (ent & TCE_PCI_PERM)
			pnv_tce_free_tree(__va(ent & ~(u64)(TCE_PAGE_SIZE - 1)),
					  depth - 1, level_size, order);
	}
	pnv_tce_level_free(level, order);
}

long pnv_pci_ioda2_table_alloc_pages(int nid, u64 bus_offset,
				     u32 page_shift, u64 window_size,
				     u32 levels, bool alloc_userspace_copy,
				     struct iommu_table *tbl)
{
	unsigned int lshift, order;
	__be64 *top, *view = NULL;
	long ret;

	ret = pnv_tce_geometry(page_shift, window_size, levels, &lshift);
	if (ret)
		return ret;
	if (bus_offset & ((1ULL << page_shift) - 1))
		return -EINVAL;

	order = lshift - PAGE_SHIFT;
	top = pnv_tce_level_alloc(nid, order, GFP_KERNEL);
	if (!top)
		return -ENOMEM;

	if (alloc_userspace_copy) {
		view = pnv_tce_level_alloc(nid, order, GFP_KERNEL);
		if (!view)
			goto err_free_top;
	}

	pnv_pci_setup_iommu_table(tbl, top,
				  1UL << pnv_tce_table_shift(page_shift,
							     window_size),
				  bus_offset, page_shift, levels,
				  1UL << lshift);
	tbl->it_userspace = view;
	tbl->it_nid = nid;
	/* What the caller charged for it (see the get_table_size comment). */
	tbl->it_allocated_size = pnv_pci_ioda2_get_table_size(page_shift,
							       window_size,
							       levels);
	return 0;

err_free_top:
	pnv_tce_level_free(top, order);
	return -ENOMEM;
}

void pnv_pci_ioda2_table_free_pages(struct iommu_table *tbl)
{
	unsigned int order = pnv_tce_level_order(tbl);

	if (!tbl->it_size)
		return;

	pnv_tce_free_tree((__be64 *)tbl->it_base, tbl->it_indirect_levels,
			  tbl->it_level_size, order);
	pnv_tce_free_tree(tbl->it_userspace, tbl->it_indirect_levels,
			  tbl->it_level_size, order);
	tbl->it_base = 0;
	tbl->it_userspace = NULL;
}
