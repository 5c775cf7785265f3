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
 * This file holds the container: open/release, the ioctl dispatch,
 * GET_INFO, v1 ENABLE/DISABLE and group attach/detach. MAP/UNMAP are in
 * vfio_iommu_spapr_tce_map.c, windows in vfio_iommu_spapr_tce_ddw.c,
 * preregistration in vfio_iommu_spapr_tce_prereg.c, EEH in
 * vfio_spapr_eeh.c.
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

#include "vfio_iommu_spapr_tce.h"

/* Bind the container to the caller's mm, or check it is the same one. */
long tce_iommu_mm_set(struct tce_container *container)
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
int tce_iommu_find_table(struct tce_container *container,
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

	tce_iommu_prereg_release_all(container);

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
