// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO IOMMU backend for sPAPR TCE tables (POWER): the container state
 * behind VFIO_SPAPR_TCE_IOMMU (v1) and VFIO_SPAPR_TCE_v2_IOMMU (v2).
 *
 * v1: ENABLE charges the whole default 32-bit window to locked_vm; every
 *     MAP pins its pages, every UNMAP unpins them.
 * v2: memory is preregistered (pinned and charged once, see
 *     arch/powerpc/mm/book3s64/iommu_api.c); MAP/UNMAP only rewrite TCEs.
 *     Windows are created and removed by userspace (DDW); the default
 *     32-bit window is built lazily by the first MAP/UNMAP/CREATE.
 *
 * The container binds to the mm of the first ENABLE/REGISTER/CREATE/REMOVE
 * caller; afterwards any other process gets -EPERM. Behaviour choices
 * where kernels differ are listed in docs/driver.md.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/export.h>
#include <linux/vfio.h>
#include <asm/iommu.h>
#include <asm/tce.h>
#include <asm/mmu_context.h>

/* Highest IOMMU page shift a window may use (256 MiB pages). */
#define TCE_IOMMU_MAX_PAGE_SHIFT	28

struct tce_iommu_group {
	struct list_head next;
	struct iommu_group *grp;
};

/* A preregistered region this container holds a reference to. */
struct tce_iommu_prereg {
	struct list_head next;
	struct mm_iommu_table_group_mem_t *mem;
};

struct tce_container {
	struct mutex lock;
	bool enabled;			/* v1: ENABLE'd; v2: registered */
	bool v2;
	bool def_window_pending;	/* default window not built yet */
	unsigned long locked_pages;	/* v1: pages charged by ENABLE */
	struct mm_struct *mm;		/* bound mm (mmgrab'ed) or NULL */
	struct iommu_table *tables[IOMMU_TABLE_GROUP_MAX_TABLES];
	bool borrowed;			/* tables are the platform's */
	struct list_head group_list;
	struct list_head prereg_list;
};

static struct iommu_table_group *tce_group_of(struct iommu_group *grp)
{
	return iommu_group_get_iommudata(grp);
}

static bool tce_groups_attached(struct tce_container *container)
{
	return !list_empty(&container->group_list);
}

static struct iommu_table_group *
tce_first_table_group(struct tce_container *container)
{
	struct tce_iommu_group *tcegrp;

	if (!tce_groups_attached(container))
		return NULL;
	tcegrp = list_first_entry(&container->group_list,
				  struct tce_iommu_group, next);
	return tce_group_of(tcegrp->grp);
}

static bool tce_group_has_ddw(struct iommu_table_group *table_group)
{
	return table_group->ops && table_group->ops->create_table &&
	       table_group->ops->set_window;
}

/* Bind the container to the caller's mm, or check it is the same one. */
static long tce_iommu_mm_set(struct tce_container *container)
{
	if (container->mm)
		return container->mm == current->mm ? 0 : -EPERM;
	if (!current->mm)
		return -ESRCH;
	container->mm = current->mm;
	mmgrab(container->mm);
	return 0;
}

/* Slot of the window containing bus address ioba, or -1. */
static int tce_iommu_find_table(struct tce_container *container,
				unsigned long ioba, struct iommu_table **ptbl)
{
	int i;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i) {
		struct iommu_table *tbl = container->tables[i];
		unsigned long entry;

		if (!tbl)
			continue;
		entry = ioba >> tbl->it_page_shift;
		if (entry >= tbl->it_offset &&
		    entry - tbl->it_offset < tbl->it_size) {
			*ptbl = tbl;
			return i;
		}
	}
	return -1;
}

static int tce_iommu_find_free_table(struct tce_container *container)
{
	int i;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i)
		if (!container->tables[i])
			return i;
	return -ENOSPC;
}

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

/* Clear pages TCEs from entry; releases what each one referenced. */
static long tce_iommu_clear(struct tce_container *container,
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

/* --- tables and windows -------------------------------------------- */

static long tce_iommu_create_table(struct tce_container *container,
				   struct iommu_table_group *table_group,
				   int num, __u32 page_shift,
				   __u64 window_size, __u32 levels,
				   struct iommu_table **ptbl)
{
	unsigned long table_size, pages;
	long ret;

	table_size = table_group->ops->get_table_size(page_shift, window_size,
						      levels);
	if (!table_size)
		return -EINVAL;
	pages = table_size >> PAGE_SHIFT;

	ret = account_locked_vm(container->mm, pages, true);
	if (ret)
		return ret;

	ret = table_group->ops->create_table(table_group, num, page_shift,
					     window_size, levels, ptbl);
	if (ret) {
		/* Unlike mainline, a failed creation gives the charge back. */
		account_locked_vm(container->mm, pages, false);
		return ret;
	}
	WARN_ON_ONCE(!(*ptbl)->it_ops->free);
	/* Refunds use it_allocated_size: make it what was charged. */
	if ((*ptbl)->it_allocated_size >> PAGE_SHIFT != pages)
		(*ptbl)->it_allocated_size = pages << PAGE_SHIFT;
	return 0;
}

static void tce_iommu_free_table(struct tce_container *container,
				 struct iommu_table *tbl)
{
	unsigned long pages = tbl->it_allocated_size >> PAGE_SHIFT;

	iommu_tce_table_put(tbl);
	account_locked_vm(container->mm, pages, false);
}

static long tce_iommu_create_window(struct tce_container *container,
				    __u32 page_shift, __u64 window_size,
				    __u32 levels, __u64 *start_addr)
{
	struct iommu_table_group *table_group;
	struct tce_iommu_group *tcegrp;
	struct iommu_table *tbl = NULL;
	long ret;
	int num;

	num = tce_iommu_find_free_table(container);
	if (num < 0)
		return num;

	table_group = tce_first_table_group(container);
	if (!table_group)
		return -ENODEV;
	if (page_shift > TCE_IOMMU_MAX_PAGE_SHIFT ||
	    !(table_group->pgsizes & (1ULL << page_shift)))
		return -EINVAL;
	if (!tce_group_has_ddw(table_group) ||
	    !table_group->ops->get_table_size)
		return -EPERM;
	if (!levels || levels > table_group->max_levels ||
	    !window_size || !is_power_of_2(window_size))
		return -EINVAL;

	ret = tce_iommu_create_table(container, table_group, num, page_shift,
				     window_size, levels, &tbl);
	if (ret)
		return ret;

	list_for_each_entry(tcegrp, &container->group_list, next) {
		struct iommu_table_group *tg = tce_group_of(tcegrp->grp);

		ret = tg->ops->set_window(tg, num, tbl);
		if (ret)
			goto unset_exit;
	}

	container->tables[num] = tbl;
	*start_addr = tbl->it_offset << tbl->it_page_shift;
	return 0;

unset_exit:
	list_for_each_entry(tcegrp, &container->group_list, next) {
		struct iommu_table_group *tg = tce_group_of(tcegrp->grp);

		if (tg->ops->unset_window)
			tg->ops->unset_window(tg, num);
	}
	tce_iommu_free_table(container, tbl);
	return ret;
}

static long tce_iommu_remove_window(struct tce_container *container,
				    __u64 start_addr)
{
	struct iommu_table_group *table_group;
	struct tce_iommu_group *tcegrp;
	struct iommu_table *tbl = NULL;
	int num;

	num = tce_iommu_find_table(container, start_addr, &tbl);
	if (num < 0)
		return -EINVAL;

	list_for_each_entry(tcegrp, &container->group_list, next) {
		table_group = tce_group_of(tcegrp->grp);
		if (!table_group->ops || !table_group->ops->unset_window)
			return -EPERM;
	}

	tce_iommu_clear(container, tbl, tbl->it_offset, tbl->it_size);
	list_for_each_entry(tcegrp, &container->group_list, next) {
		table_group = tce_group_of(tcegrp->grp);
		table_group->ops->unset_window(table_group, num);
	}
	tce_iommu_free_table(container, tbl);
	container->tables[num] = NULL;
	return 0;
}

static long tce_iommu_create_default_window(struct tce_container *container)
{
	struct iommu_table_group *table_group;
	__u64 start_addr = 0;
	long ret;

	if (!container->def_window_pending)
		return 0;
	table_group = tce_first_table_group(container);
	if (!table_group)
		return -ENODEV;

	ret = tce_iommu_create_window(container, IOMMU_PAGE_SHIFT_4K,
				      table_group->tce32_size, 1, &start_addr);
	WARN_ON_ONCE(!ret && start_addr != table_group->tce32_start);
	if (!ret)
		container->def_window_pending = false;
	return ret;
}

/* --- v1 enable/disable --------------------------------------------- */

static long tce_iommu_enable(struct tce_container *container)
{
	struct iommu_table_group *table_group;
	unsigned long locked;
	long ret;

	if (container->enabled)
		return -EBUSY;
	table_group = tce_first_table_group(container);
	if (!table_group)
		return -ENODEV;
	/* The whole 32-bit window is charged, mapped or not. */
	locked = table_group->tce32_size >> PAGE_SHIFT;
	if (!locked)
		return -EPERM;
	ret = tce_iommu_mm_set(container);
	if (ret)
		return ret;
	ret = account_locked_vm(container->mm, locked, true);
	if (ret)
		return ret;

	container->locked_pages = locked;
	container->enabled = true;
	return 0;
}

static void tce_iommu_disable(struct tce_container *container)
{
	if (!container->enabled)
		return;
	container->enabled = false;
	if (container->locked_pages && container->mm)
		account_locked_vm(container->mm, container->locked_pages,
				  false);
	container->locked_pages = 0;
}

/* --- v2 registration ----------------------------------------------- */

static struct tce_iommu_prereg *
tce_iommu_find_prereg(struct tce_container *container,
		      struct mm_iommu_table_group_mem_t *mem)
{
	struct tce_iommu_prereg *tcemem;

	list_for_each_entry(tcemem, &container->prereg_list, next)
		if (tcemem->mem == mem)
			return tcemem;
	return NULL;
}

/* Drop the container's reference; keeps everything on -EBUSY. */
static long tce_iommu_prereg_free(struct tce_container *container,
				  struct tce_iommu_prereg *tcemem)
{
	long ret;

	ret = mm_iommu_put(container->mm, tcemem->mem);
	if (ret)
		return ret;
	list_del(&tcemem->next);
	kfree(tcemem);
	return 0;
}

static long tce_iommu_register_pages(struct tce_container *container,
				     __u64 vaddr, __u64 size)
{
	struct mm_iommu_table_group_mem_t *mem = NULL;
	struct tce_iommu_prereg *tcemem;
	unsigned long entries = size >> PAGE_SHIFT;
	long ret;

	if ((vaddr & ~PAGE_MASK) || (size & ~PAGE_MASK) || !size ||
	    vaddr + size < vaddr)
		return -EINVAL;

	mem = mm_iommu_get(container->mm, vaddr, entries);
	if (mem) {
		if (tce_iommu_find_prereg(container, mem)) {
			mm_iommu_put(container->mm, mem);
			return -EBUSY;
		}
	} else {
		ret = mm_iommu_new(container->mm, vaddr, entries, &mem);
		if (ret)
			return ret;
	}

	tcemem = kzalloc(sizeof(*tcemem), GFP_KERNEL);
	if (!tcemem) {
		mm_iommu_put(container->mm, mem);
		return -ENOMEM;
	}
	tcemem->mem = mem;
	list_add(&tcemem->next, &container->prereg_list);
	container->enabled = true;
	return 0;
}

static long tce_iommu_unregister_pages(struct tce_container *container,
				       __u64 vaddr, __u64 size)
{
	struct mm_iommu_table_group_mem_t *mem;
	struct tce_iommu_prereg *tcemem;

	if ((vaddr & ~PAGE_MASK) || (size & ~PAGE_MASK))
		return -EINVAL;

	mem = mm_iommu_get(container->mm, vaddr, size >> PAGE_SHIFT);
	if (!mem)
		return -ENOENT;
	tcemem = tce_iommu_find_prereg(container, mem);
	/* Drop the lookup reference; the container's one remains. */
	mm_iommu_put(container->mm, mem);
	if (!tcemem)
		return -ENOENT;

	return tce_iommu_prereg_free(container, tcemem);
}

/* --- ioctls -------------------------------------------------------- */

static long tce_iommu_get_info(struct tce_container *container,
			       unsigned long arg)
{
	struct vfio_iommu_spapr_tce_info info;
	struct iommu_table_group *table_group;
	unsigned long minsz = offsetofend(struct vfio_iommu_spapr_tce_info,
					  dma32_window_size);
	unsigned long ddwsz = offsetofend(struct vfio_iommu_spapr_tce_info,
					  ddw);

	table_group = tce_first_table_group(container);
	if (!table_group)
		return -ENXIO;
	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	info.dma32_window_start = table_group->tce32_start;
	info.dma32_window_size = table_group->tce32_size;
	info.flags = 0;
	memset(&info.ddw, 0, sizeof(info.ddw));
	if (container->v2 && tce_group_has_ddw(table_group)) {
		info.flags |= VFIO_IOMMU_SPAPR_INFO_DDW;
		info.ddw.pgsizes = table_group->pgsizes;
		info.ddw.max_dynamic_windows_supported =
			table_group->max_dynamic_windows_supported;
		info.ddw.levels = table_group->max_levels;
	}
	if (info.argsz >= ddwsz)
		minsz = ddwsz;
	if (copy_to_user((void __user *)arg, &info, minsz))
		return -EFAULT;
	return 0;
}

static long tce_iommu_map_dma(struct tce_container *container,
			      unsigned long arg)
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

static long tce_iommu_unmap_dma(struct tce_container *container,
				unsigned long arg)
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

static long tce_iommu_register_ioctl(struct tce_container *container,
				     unsigned int cmd, unsigned long arg)
{
	struct vfio_iommu_spapr_register_memory param;
	unsigned long minsz = offsetofend(
		struct vfio_iommu_spapr_register_memory, size);
	long ret;

	if (cmd == VFIO_IOMMU_SPAPR_REGISTER_MEMORY) {
		ret = tce_iommu_mm_set(container);
		if (ret)
			return ret;
	} else if (!container->mm) {
		return -EPERM;
	}

	if (copy_from_user(&param, (void __user *)arg, minsz))
		return -EFAULT;
	if (param.argsz < minsz || param.flags)
		return -EINVAL;

	if (cmd == VFIO_IOMMU_SPAPR_REGISTER_MEMORY)
		return tce_iommu_register_pages(container, param.vaddr,
						param.size);
	return tce_iommu_unregister_pages(container, param.vaddr, param.size);
}

/* CREATE/REMOVE_WINDOW: bind the caller's mm, and a group must be there. */
static long tce_iommu_window_op_begin(struct tce_container *container)
{
	long ret = tce_iommu_mm_set(container);

	if (ret)
		return ret;
	return tce_groups_attached(container) ? 0 : -ENXIO;
}

static long tce_iommu_create_ioctl(struct tce_container *container,
				   unsigned long arg)
{
	struct vfio_iommu_spapr_tce_create create;
	unsigned long minsz = offsetofend(struct vfio_iommu_spapr_tce_create,
					  start_addr);
	long ret;

	ret = tce_iommu_window_op_begin(container);
	if (ret)
		return ret;
	if (copy_from_user(&create, (void __user *)arg, minsz))
		return -EFAULT;
	if (create.argsz < minsz || create.flags)
		return -EINVAL;

	ret = tce_iommu_create_default_window(container);
	if (ret)
		return ret;
	ret = tce_iommu_create_window(container, create.page_shift,
				      create.window_size, create.levels,
				      &create.start_addr);
	if (ret)
		return ret;
	if (copy_to_user((void __user *)arg, &create, minsz)) {
		tce_iommu_remove_window(container, create.start_addr);
		return -EFAULT;
	}
	return 0;
}

static long tce_iommu_remove_ioctl(struct tce_container *container,
				   unsigned long arg)
{
	struct vfio_iommu_spapr_tce_remove remove;
	unsigned long minsz = offsetofend(struct vfio_iommu_spapr_tce_remove,
					  start_addr);
	long ret;

	ret = tce_iommu_window_op_begin(container);
	if (ret)
		return ret;
	if (copy_from_user(&remove, (void __user *)arg, minsz))
		return -EFAULT;
	if (remove.argsz < minsz || remove.flags)
		return -EINVAL;

	/* Removing the not-yet-built default window just cancels it. */
	if (container->def_window_pending && !remove.start_addr) {
		container->def_window_pending = false;
		return 0;
	}
	return tce_iommu_remove_window(container, remove.start_addr);
}

/* Every group of the container, in attach order; stops at an error. */
static long tce_iommu_eeh_pe_op(struct tce_container *container,
				unsigned long arg)
{
	struct tce_iommu_group *tcegrp;
	long ret = 0;

	list_for_each_entry(tcegrp, &container->group_list, next) {
		ret = vfio_spapr_iommu_eeh_ioctl(tcegrp->grp, VFIO_EEH_PE_OP,
						 arg);
		if (ret)
			return ret;
	}
	return ret;
}

static long tce_iommu_check_extension(unsigned long arg)
{
	switch (arg) {
	case VFIO_SPAPR_TCE_IOMMU:
	case VFIO_SPAPR_TCE_v2_IOMMU:
		return 1;
	case VFIO_EEH:
		return vfio_spapr_iommu_eeh_ioctl(NULL, VFIO_CHECK_EXTENSION,
						  arg);
	default:
		return 0;
	}
}

static long tce_iommu_ioctl(void *iommu_data, unsigned int cmd,
			    unsigned long arg)
{
	struct tce_container *container = iommu_data;
	long ret;

	if (cmd == VFIO_CHECK_EXTENSION)
		return tce_iommu_check_extension(arg);
	if (!container)
		return -ENOTTY;

	mutex_lock(&container->lock);
	if (container->mm && container->mm != current->mm) {
		ret = -EPERM;
		goto unlock;
	}

	switch (cmd) {
	case VFIO_IOMMU_SPAPR_TCE_GET_INFO:
		ret = tce_iommu_get_info(container, arg);
		break;
	case VFIO_IOMMU_MAP_DMA:
		ret = tce_iommu_map_dma(container, arg);
		break;
	case VFIO_IOMMU_UNMAP_DMA:
		ret = tce_iommu_unmap_dma(container, arg);
		break;
	case VFIO_IOMMU_ENABLE:
		ret = container->v2 ? -ENOTTY : tce_iommu_enable(container);
		break;
	case VFIO_IOMMU_DISABLE:
		if (container->v2) {
			ret = -ENOTTY;
			break;
		}
		tce_iommu_disable(container);
		ret = 0;
		break;
	case VFIO_IOMMU_SPAPR_REGISTER_MEMORY:
	case VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY:
		ret = container->v2 ?
		      tce_iommu_register_ioctl(container, cmd, arg) : -ENOTTY;
		break;
	case VFIO_IOMMU_SPAPR_TCE_CREATE:
		ret = container->v2 ?
		      tce_iommu_create_ioctl(container, arg) : -ENOTTY;
		break;
	case VFIO_IOMMU_SPAPR_TCE_REMOVE:
		ret = container->v2 ?
		      tce_iommu_remove_ioctl(container, arg) : -ENOTTY;
		break;
	case VFIO_EEH_PE_OP:
		ret = tce_iommu_eeh_pe_op(container, arg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
unlock:
	mutex_unlock(&container->lock);
	return ret;
}

/* --- groups -------------------------------------------------------- */

static long tce_iommu_take_ownership(struct tce_container *container,
				     struct iommu_table_group *table_group)
{
	int i, j;
	long ret;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i) {
		struct iommu_table *tbl = table_group->tables[i];

		if (!tbl)
			continue;
		ret = iommu_take_ownership(tbl);
		if (ret)
			goto release_taken;
	}
	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i)
		container->tables[i] = table_group->tables[i];
	container->borrowed = true;
	return 0;

release_taken:
	for (j = 0; j < i; ++j)
		if (table_group->tables[j])
			iommu_release_ownership(table_group->tables[j]);
	return ret;
}

static void tce_iommu_release_ownership(struct tce_container *container,
					struct iommu_table_group *table_group)
{
	int i;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i) {
		struct iommu_table *tbl = container->tables[i];

		if (!tbl)
			continue;
		tce_iommu_clear(container, tbl, tbl->it_offset, tbl->it_size);
		iommu_release_ownership(tbl);
		container->tables[i] = NULL;
	}
	container->borrowed = false;
}

static long tce_iommu_take_ownership_ddw(struct tce_container *container,
					 struct iommu_table_group *table_group)
{
	long ret;
	int i;

	if (!table_group->ops->take_ownership ||
	    !table_group->ops->release_ownership)
		return -EPERM;

	ret = table_group->ops->take_ownership(table_group);
	if (ret)
		return ret;

	/* A later group joins every window the container already has. */
	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i) {
		struct iommu_table *tbl = container->tables[i];

		if (!tbl)
			continue;
		ret = table_group->ops->set_window(table_group, i, tbl);
		if (ret)
			goto unset_exit;
	}
	return 0;

unset_exit:
	while (--i >= 0)
		if (container->tables[i] && table_group->ops->unset_window)
			table_group->ops->unset_window(table_group, i);
	table_group->ops->release_ownership(table_group);
	return ret;
}

static void
tce_iommu_release_ownership_ddw(struct tce_container *container,
				struct iommu_table_group *table_group)
{
	int i;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i)
		if (container->tables[i] && table_group->ops->unset_window)
			table_group->ops->unset_window(table_group, i);
	table_group->ops->release_ownership(table_group);
}

static int tce_iommu_attach_group(void *iommu_data,
				  struct iommu_group *iommu_group)
{
	struct tce_container *container = iommu_data;
	struct iommu_table_group *table_group;
	struct tce_iommu_group *tcegrp;
	long ret = 0;

	mutex_lock(&container->lock);

	table_group = tce_group_of(iommu_group);
	if (!table_group) {
		ret = -ENODEV;
		goto unlock;
	}
	/* v1 keeps one group per container (mainline v6.4+). */
	if (tce_groups_attached(container) && !container->v2) {
		ret = -EBUSY;
		goto unlock;
	}
	/* v2 needs dynamic windows; P5IOC2-like groups are v1 only. */
	if (container->v2 && !tce_group_has_ddw(table_group)) {
		ret = -EINVAL;
		goto unlock;
	}
	list_for_each_entry(tcegrp, &container->group_list, next) {
		struct iommu_table_group *tg = tce_group_of(tcegrp->grp);

		if (tcegrp->grp == iommu_group) {
			ret = -EBUSY;
			goto unlock;
		}
		if (!tg->ops || !table_group->ops ||
		    tg->ops->create_table != table_group->ops->create_table) {
			ret = -EPERM;
			goto unlock;
		}
	}

	tcegrp = kzalloc(sizeof(*tcegrp), GFP_KERNEL);
	if (!tcegrp) {
		ret = -ENOMEM;
		goto unlock;
	}

	if (tce_group_has_ddw(table_group))
		ret = tce_iommu_take_ownership_ddw(container, table_group);
	else
		ret = tce_iommu_take_ownership(container, table_group);
	if (ret) {
		kfree(tcegrp);
		goto unlock;
	}

	/* The first DDW group gets a default window on first use. */
	if (!tce_groups_attached(container) && tce_group_has_ddw(table_group) &&
	    !container->tables[0] && !container->tables[1])
		container->def_window_pending = true;

	tcegrp->grp = iommu_group;
	list_add(&tcegrp->next, &container->group_list);
unlock:
	mutex_unlock(&container->lock);
	return ret;
}

static void tce_iommu_detach_locked(struct tce_container *container,
				    struct iommu_group *iommu_group)
{
	struct iommu_table_group *table_group;
	struct tce_iommu_group *tcegrp;
	bool found = false;

	list_for_each_entry(tcegrp, &container->group_list, next) {
		if (tcegrp->grp == iommu_group) {
			found = true;
			break;
		}
	}
	if (WARN_ON_ONCE(!found))
		return;

	list_del(&tcegrp->next);
	kfree(tcegrp);

	table_group = tce_group_of(iommu_group);
	if (tce_group_has_ddw(table_group))
		tce_iommu_release_ownership_ddw(container, table_group);
	else
		tce_iommu_release_ownership(container, table_group);
}

static void tce_iommu_detach_group(void *iommu_data,
				   struct iommu_group *iommu_group)
{
	struct tce_container *container = iommu_data;

	mutex_lock(&container->lock);
	tce_iommu_detach_locked(container, iommu_group);
	mutex_unlock(&container->lock);
}

/* --- container life ------------------------------------------------ */

static void *tce_iommu_open(unsigned long arg)
{
	struct tce_container *container;

	if (arg != VFIO_SPAPR_TCE_IOMMU && arg != VFIO_SPAPR_TCE_v2_IOMMU) {
		pr_err("tce_vfio: wrong IOMMU type %lu\n", arg);
		return ERR_PTR(-EINVAL);
	}

	container = kzalloc(sizeof(*container), GFP_KERNEL);
	if (!container)
		return ERR_PTR(-ENOMEM);

	mutex_init(&container->lock);
	INIT_LIST_HEAD(&container->group_list);
	INIT_LIST_HEAD(&container->prereg_list);
	container->v2 = arg == VFIO_SPAPR_TCE_v2_IOMMU;
	return container;
}

static void tce_iommu_release(void *iommu_data)
{
	struct tce_container *container = iommu_data;
	struct tce_iommu_prereg *tcemem, *tmp;
	int i;

	mutex_lock(&container->lock);
	while (tce_groups_attached(container)) {
		struct tce_iommu_group *tcegrp;

		tcegrp = list_first_entry(&container->group_list,
					  struct tce_iommu_group, next);
		tce_iommu_detach_locked(container, tcegrp->grp);
	}

	/* Container-owned windows: clear, free, refund. */
	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i) {
		struct iommu_table *tbl = container->tables[i];

		if (!tbl)
			continue;
		if (!container->borrowed) {
			tce_iommu_clear(container, tbl, tbl->it_offset,
					tbl->it_size);
			tce_iommu_free_table(container, tbl);
		}
		container->tables[i] = NULL;
	}

	/* Regions still mapped by another container become orphans. */
	list_for_each_entry_safe(tcemem, tmp, &container->prereg_list, next) {
		mm_iommu_put_release(container->mm, tcemem->mem);
		list_del(&tcemem->next);
		kfree(tcemem);
	}

	tce_iommu_disable(container);
	mutex_unlock(&container->lock);

	if (container->mm)
		mmdrop(container->mm);
	mutex_destroy(&container->lock);
	kfree(container);
}

static const struct vfio_iommu_driver_ops tce_iommu_driver_ops = {
	.name		= "iommu-vfio-powerpc",
	.open		= tce_iommu_open,
	.release	= tce_iommu_release,
	.ioctl		= tce_iommu_ioctl,
	.attach_group	= tce_iommu_attach_group,
	.detach_group	= tce_iommu_detach_group,
};

static int __init tce_iommu_init(void)
{
	return vfio_register_iommu_driver(&tce_iommu_driver_ops);
}

static void __exit tce_iommu_cleanup(void)
{
	vfio_unregister_iommu_driver(&tce_iommu_driver_ops);
}

module_init(tce_iommu_init);
module_exit(tce_iommu_cleanup);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("VFIO IOMMU backend for sPAPR TCE tables (v1 and v2)");
