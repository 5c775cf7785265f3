// SPDX-License-Identifier: GPL-2.0
/*
 * sPAPR TCE IOMMU v2: VFIO_IOMMU_SPAPR_REGISTER_MEMORY and
 * UNREGISTER_MEMORY. The pinning and locked_vm charge live in
 * arch/powerpc/mm/book3s64/iommu_api.c; the container keeps one
 * reference per region it registered (prereg_list).
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <asm/mmu_context.h>

#include "vfio_iommu_spapr_tce.h"

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

long tce_iommu_register_ioctl(struct tce_container *container,
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

/*
 * Container release: drop every reference; regions still mapped by
 * another container become orphans.
 */
void tce_iommu_prereg_release_all(struct tce_container *container)
{
	struct tce_iommu_prereg *tcemem, *tmp;

	list_for_each_entry_safe(tcemem, tmp, &container->prereg_list, next) {
		mm_iommu_put_release(container->mm, tcemem->mem);
		list_del(&tcemem->next);
		kfree(tcemem);
	}
}
