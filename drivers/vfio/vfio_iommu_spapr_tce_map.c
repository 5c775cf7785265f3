// SPDX-License-Identifier: GPL-2.0
/*
 * sPAPR TCE IOMMU: VFIO_IOMMU_MAP_DMA and VFIO_IOMMU_UNMAP_DMA.
 *
 * v1 pins every page it maps and unpins it when the TCE is cleared; v2
 * maps only preregistered memory (see vfio_iommu_spapr_tce_prereg.c) and
 * keeps the userspace address of each TCE to drop the region's mapped
 * count again. Both validate the whole range before touching a TCE and
 * clear what they wrote when a page fails.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <asm/iommu.h>
#include <asm/tce.h>
#include <asm/mmu_context.h>

#include "vfio_iommu_spapr_tce.h"

/* --- v1: pin per mapping ------------------------------------------- */

static void tce_iommu_unuse_page(unsigned long hpa)
{
	struct page *page = pfn_to_page(hpa >> PAGE_SHIFT);

	unpin_user_pages(&page, 1);
}

/* The host page backing hpa covers the whole IOMMU page of it_page_shift. */
static bool tce_page_is_contained(struct page *page, unsigned int it_shift)
{
	unsigned int shift = PAGE_SHIFT;

	if (PageHuge(page) || PageCompound(page))
		shift = page_shift(compound_head(page));
	return shift >= it_shift;
}

static long tce_iommu_use_page(unsigned long ua, unsigned long *hpa)
{
	struct page *page = NULL;
	long ret;

	/* Always for write: the direction was never known here (v4.2+). */
	mmap_read_lock(current->mm);
	ret = pin_user_pages(ua & PAGE_MASK, 1, FOLL_WRITE | FOLL_LONGTERM,
			     &page);
	mmap_read_unlock(current->mm);
	if (ret != 1)
		return -EFAULT;

	*hpa = (unsigned long)page_to_pfn(page) << PAGE_SHIFT;
	return 0;
}

/* --- v2: preregistered memory -------------------------------------- */

static void tce_iommu_unuse_page_v2(struct tce_container *container,
				    struct iommu_table *tbl,
				    unsigned long entry)
{
	struct mm_iommu_table_group_mem_t *mem;
	__be64 *pua;
	unsigned long ua;

	pua = IOMMU_TABLE_USERSPACE_ENTRY_RO(tbl, entry);
	if (!pua || !*pua)
		return;
	ua = be64_to_cpu(*pua);
	mem = mm_iommu_lookup_mapped(container->mm, ua, IOMMU_PAGE_SIZE(tbl));
	if (mem)
		mm_iommu_mapped_dec(mem);
	else
		pr_warn("tce_vfio: no region for ua %lx of entry %lx\n",
			ua, entry);
	*pua = 0;
}

/* --- clear and build (v1 and v2) --------------------------------- */

/* Clear pages TCEs from entry; releases what each one referenced. */
long tce_iommu_clear(struct tce_container *container,
		     struct iommu_table *tbl, unsigned long entry,
		     unsigned long pages)
{
	unsigned long end = entry + pages;

	while (entry < end) {
		enum dma_data_direction dir = DMA_NONE;
		unsigned long oldhpa = 0;

		/* Skip a whole absent level of a multi-level view. */
		if (container->v2 && tbl->it_ops->useraddrptr &&
		    !IOMMU_TABLE_USERSPACE_ENTRY_RO(tbl, entry) &&
		    tbl->it_indirect_levels && tbl->it_level_size) {
			unsigned long rel = entry - tbl->it_offset;

			entry = tbl->it_offset +
				ALIGN(rel + 1, tbl->it_level_size);
			continue;
		}
		/* Entries never written need no exchange (nor kill). */
		if (tbl->it_ops->get && !tbl->it_ops->get(tbl, entry)) {
			++entry;
			continue;
		}
		if (iommu_tce_xchg(tbl, entry, &oldhpa, &dir) ||
		    dir == DMA_NONE) {
			++entry;
			continue;
		}
		if (container->v2)
			tce_iommu_unuse_page_v2(container, tbl, entry);
		else
			tce_iommu_unuse_page(oldhpa);
		++entry;
	}
	iommu_flush_tce(tbl);
	return 0;
}

static long tce_iommu_build(struct tce_container *container,
			    struct iommu_table *tbl, unsigned long entry,
			    unsigned long ua, unsigned long pages,
			    enum dma_data_direction direction)
{
	unsigned long i, hpa;
	long ret = 0;

	for (i = 0; i < pages; ++i) {
		unsigned long offset = ua & IOMMU_PAGE_MASK(tbl) & ~PAGE_MASK;
		enum dma_data_direction dirtmp = direction;
		struct page *page;

		ret = tce_iommu_use_page(ua, &hpa);
		if (ret)
			break;
		page = pfn_to_page(hpa >> PAGE_SHIFT);
		if (!tce_page_is_contained(page, tbl->it_page_shift)) {
			tce_iommu_unuse_page(hpa);
			ret = -EPERM;
			break;
		}
		hpa |= offset;
		ret = iommu_tce_xchg(tbl, entry + i, &hpa, &dirtmp);
		if (ret) {
			tce_iommu_unuse_page(hpa);
			break;
		}
		/* A replaced mapping gives its page back. */
		if (dirtmp != DMA_NONE)
			tce_iommu_unuse_page(hpa);
		ua += IOMMU_PAGE_SIZE(tbl);
	}

	if (ret)
		tce_iommu_clear(container, tbl, entry, i);
	else
		iommu_flush_tce(tbl);
	return ret;
}

static long tce_iommu_prereg_ua_to_hpa(struct tce_container *container,
				       unsigned long ua, unsigned int shift,
				       unsigned long *hpa,
				       struct mm_iommu_table_group_mem_t **pmem)
{
	struct mm_iommu_table_group_mem_t *mem;

	mem = mm_iommu_lookup(container->mm, ua, 1UL << shift);
	if (!mem)
		return -EINVAL;
	/* Host-page translation first; page size checks come after. */
	if (mm_iommu_ua_to_hpa(mem, ua, PAGE_SHIFT, hpa))
		return -EINVAL;
	*pmem = mem;
	return 0;
}

static long tce_iommu_build_v2(struct tce_container *container,
			       struct iommu_table *tbl, unsigned long entry,
			       unsigned long ua, unsigned long pages,
			       enum dma_data_direction direction)
{
	unsigned long i, hpa;
	long ret = 0;

	for (i = 0; i < pages; ++i) {
		struct mm_iommu_table_group_mem_t *mem = NULL;
		enum dma_data_direction dirtmp = direction;
		__be64 *pua;

		ret = tce_iommu_prereg_ua_to_hpa(container, ua,
						 tbl->it_page_shift, &hpa,
						 &mem);
		if (ret)
			break;
		if (!tce_page_is_contained(pfn_to_page(hpa >> PAGE_SHIFT),
					   tbl->it_page_shift)) {
			ret = -EPERM;
			break;
		}
		/* The region itself must be aligned to the IOMMU page. */
		if (mm_iommu_ua_to_hpa(mem, ua, tbl->it_page_shift, &hpa)) {
			ret = -EINVAL;
			break;
		}
		pua = IOMMU_TABLE_USERSPACE_ENTRY(tbl, entry + i);
		if (!pua) {
			ret = -ENOMEM;
			break;
		}
		if (mm_iommu_mapped_inc(mem)) {
			ret = -EBUSY;
			break;
		}
		ret = iommu_tce_xchg(tbl, entry + i, &hpa, &dirtmp);
		if (ret) {
			mm_iommu_mapped_dec(mem);
			break;
		}
		/* A replaced mapping releases its region reference. */
		if (dirtmp != DMA_NONE)
			tce_iommu_unuse_page_v2(container, tbl, entry + i);
		*pua = cpu_to_be64(ua);
		ua += IOMMU_PAGE_SIZE(tbl);
	}

	if (ret)
		tce_iommu_clear(container, tbl, entry, i);
	else
		iommu_flush_tce(tbl);
	return ret;
}

/* --- ioctls -------------------------------------------------------- */

long tce_iommu_map_dma(struct tce_container *container, unsigned long arg)
{
	struct vfio_iommu_type1_dma_map param;
	unsigned long minsz = offsetofend(struct vfio_iommu_type1_dma_map,
					  size);
	enum dma_data_direction direction;
	struct iommu_table *tbl = NULL;
	unsigned long pages;
	long ret;

	if (!container->enabled)
		return -EPERM;
	if (copy_from_user(&param, (void __user *)arg, minsz))
		return -EFAULT;
	if (param.argsz < minsz ||
	    (param.flags & ~(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)))
		return -EINVAL;

	ret = tce_iommu_create_default_window(container);
	if (ret)
		return ret;
	if (tce_iommu_find_table(container, param.iova, &tbl) < 0)
		return -ENXIO;
	if ((param.size & ~IOMMU_PAGE_MASK(tbl)) ||
	    (param.vaddr & ~IOMMU_PAGE_MASK(tbl)))
		return -EINVAL;

	switch (param.flags & (VFIO_DMA_MAP_FLAG_READ |
			       VFIO_DMA_MAP_FLAG_WRITE)) {
	case VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE:
		direction = DMA_BIDIRECTIONAL;
		break;
	case VFIO_DMA_MAP_FLAG_READ:
		direction = DMA_TO_DEVICE;
		break;
	case VFIO_DMA_MAP_FLAG_WRITE:
		direction = DMA_FROM_DEVICE;
		break;
	default:
		return -EINVAL;
	}

	pages = param.size >> tbl->it_page_shift;
	/* Whole range aligned and inside the window (stricter than ML). */
	if (iommu_tce_check_ioba(tbl->it_page_shift, tbl->it_offset,
				 tbl->it_size, param.iova, pages))
		return -EINVAL;

	if (container->v2)
		return tce_iommu_build_v2(container, tbl,
					  param.iova >> tbl->it_page_shift,
					  param.vaddr, pages, direction);
	return tce_iommu_build(container, tbl,
			       param.iova >> tbl->it_page_shift,
			       param.vaddr, pages, direction);
}

long tce_iommu_unmap_dma(struct tce_container *container, unsigned long arg)
{
	struct vfio_iommu_type1_dma_unmap param;
	unsigned long minsz = offsetofend(struct vfio_iommu_type1_dma_unmap,
					  size);
	struct iommu_table *tbl = NULL;
	unsigned long pages;
	long ret;

	if (!container->enabled)
		return -EPERM;
	if (copy_from_user(&param, (void __user *)arg, minsz))
		return -EFAULT;
	if (param.argsz < minsz || param.flags)
		return -EINVAL;

	ret = tce_iommu_create_default_window(container);
	if (ret)
		return ret;
	if (tce_iommu_find_table(container, param.iova, &tbl) < 0)
		return -ENXIO;
	if (param.size & ~IOMMU_PAGE_MASK(tbl))
		return -EINVAL;
	pages = param.size >> tbl->it_page_shift;
	if (iommu_tce_check_ioba(tbl->it_page_shift, tbl->it_offset,
				 tbl->it_size, param.iova, pages))
		return -EINVAL;

	return tce_iommu_clear(container, tbl,
			       param.iova >> tbl->it_page_shift, pages);
}
