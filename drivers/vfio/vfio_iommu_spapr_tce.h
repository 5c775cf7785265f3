/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the sPAPR TCE IOMMU backend (vfio_iommu_spapr_tce*.c): the
 * container state and the calls its files make into each other. Every
 * entry point runs with container->lock held.
 */
#ifndef _VFIO_IOMMU_SPAPR_TCE_H
#define _VFIO_IOMMU_SPAPR_TCE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/iommu.h>
#include <asm/iommu.h>
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

static inline struct iommu_table_group *tce_group_of(struct iommu_group *grp)
{
	return iommu_group_get_iommudata(grp);
}

static inline bool tce_groups_attached(struct tce_container *container)
{
	return !list_empty(&container->group_list);
}

static inline struct iommu_table_group *
tce_first_table_group(struct tce_container *container)
{
	struct tce_iommu_group *tcegrp;

	if (!tce_groups_attached(container))
		return NULL;
	tcegrp = list_first_entry(&container->group_list,
				  struct tce_iommu_group, next);
	return tce_group_of(tcegrp->grp);
}

static inline bool tce_group_has_ddw(struct iommu_table_group *table_group)
{
	return table_group->ops && table_group->ops->create_table &&
	       table_group->ops->set_window;
}

/* vfio_iommu_spapr_tce.c: the container */
long tce_iommu_mm_set(struct tce_container *container);
int tce_iommu_find_table(struct tce_container *container,
			 unsigned long ioba, struct iommu_table **ptbl);

/* vfio_iommu_spapr_tce_map.c: MAP_DMA / UNMAP_DMA, v1 and v2 */
long tce_iommu_clear(struct tce_container *container,
		     struct iommu_table *tbl, unsigned long entry,
		     unsigned long pages);
long tce_iommu_map_dma(struct tce_container *container, unsigned long arg);
long tce_iommu_unmap_dma(struct tce_container *container, unsigned long arg);

/* vfio_iommu_spapr_tce_ddw.c: tables and windows */
void tce_iommu_free_table(struct tce_container *container,
			  struct iommu_table *tbl);
long tce_iommu_create_default_window(struct tce_container *container);
long tce_iommu_create_ioctl(struct tce_container *container,
			    unsigned long arg);
long tce_iommu_remove_ioctl(struct tce_container *container,
			    unsigned long arg);

/* vfio_iommu_spapr_tce_prereg.c: v2 memory preregistration */
long tce_iommu_register_ioctl(struct tce_container *container,
			      unsigned int cmd, unsigned long arg);
void tce_iommu_prereg_release_all(struct tce_container *container);

#endif /* _VFIO_IOMMU_SPAPR_TCE_H */
