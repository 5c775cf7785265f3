// SPDX-License-Identifier: GPL-2.0
/*
 * sPAPR TCE IOMMU: tables and windows (DDW). A v2 container creates and
 * removes its windows (VFIO_IOMMU_SPAPR_TCE_CREATE/REMOVE) on every
 * attached group; each table's memory is charged to locked_vm and
 * refunded when it is freed. The default 32-bit window is built lazily by
 * the first MAP/UNMAP/CREATE.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <asm/iommu.h>

#include "vfio_iommu_spapr_tce.h"

static int tce_iommu_find_free_table(struct tce_container *container)
{
	int i;

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; ++i)
		if (!container->tables[i])
			return i;
	return -ENOSPC;
}

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

void tce_iommu_free_table(struct tce_container *container,
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

long tce_iommu_create_default_window(struct tce_container *container)
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

/* --- ioctls -------------------------------------------------------- */

/* CREATE/REMOVE_WINDOW: bind the caller's mm, and a group must be there. */
static long tce_iommu_window_op_begin(struct tce_container *container)
{
	long ret = tce_iommu_mm_set(container);

	if (ret)
		return ret;
	return tce_groups_attached(container) ? 0 : -ENXIO;
}

long tce_iommu_create_ioctl(struct tce_container *container,
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

long tce_iommu_remove_ioctl(struct tce_container *container,
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
