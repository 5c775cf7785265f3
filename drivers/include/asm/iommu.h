/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The powerpc IOMMU core API: TCE tables (struct iommu_table) with their
 * platform ops, and the table group (struct iommu_table_group) that one PE
 * exposes to VFIO with its dynamic-window ops. Implemented by
 * arch/powerpc/kernel/iommu.c; the platform (powernv IODA2, P5IOC2)
 * supplies the ops; VFIO's sPAPR TCE driver is the main user.
 *
 * Entries are indexed by "entry" = bus address >> it_page_shift, so the
 * first entry of a table at bus address B is it_offset = B >> it_page_shift.
 */
#ifndef _ASM_POWERPC_IOMMU_H
#define _ASM_POWERPC_IOMMU_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/kref.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/iommu.h>
#include <asm/tce.h>

#define IOMMU_PAGE_SHIFT_4K	12
#define IOMMU_PAGE_SIZE_4K	(1UL << IOMMU_PAGE_SHIFT_4K)

#define IOMMU_PAGE_SIZE(tbl)	(1UL << (tbl)->it_page_shift)
#define IOMMU_PAGE_MASK(tbl)	(~(IOMMU_PAGE_SIZE(tbl) - 1))
#define IOMMU_PAGE_ALIGN(addr, tbl) \
	(((addr) + IOMMU_PAGE_SIZE(tbl) - 1) & IOMMU_PAGE_MASK(tbl))

struct iommu_table;

/*
 * Platform operations on one TCE table. Every index is an absolute entry
 * number (it_offset included).
 */
struct iommu_table_ops {
	/*
	 * Host DMA API: write npages TCEs for the kernel linear address
	 * uaddr. 0 or -errno. Optional (NULL when the table is VFIO-only).
	 */
	int (*set)(struct iommu_table *tbl, long index, long npages,
		   unsigned long uaddr, enum dma_data_direction direction,
		   unsigned long attrs);
	/*
	 * Atomically replace one TCE and invalidate it in the hardware.
	 * In: *hpa (host physical address, IOMMU-page aligned) and
	 * *direction (DMA_NONE clears the entry). Out: the old address and
	 * direction (DMA_NONE if the entry was empty). May allocate a missing
	 * lower level of a multi-level table (-ENOMEM); clearing an entry
	 * whose level is absent succeeds with *hpa = 0, DMA_NONE. 0 or -errno.
	 */
	int (*exchange)(struct iommu_table *tbl, long index,
			unsigned long *hpa, enum dma_data_direction *direction);
	/*
	 * Userspace-address view kept beside the hardware table (same level
	 * geometry). Returns the slot for index; NULL when its level is
	 * absent and alloc is false (or allocation failed).
	 */
	__be64 *(*useraddrptr)(struct iommu_table *tbl, long index, bool alloc);
	/* Clear npages TCEs (host DMA API). */
	void (*clear)(struct iommu_table *tbl, long index, long npages);
	/* Raw TCE value (CPU order) or 0 when absent. Never allocates. */
	unsigned long (*get)(struct iommu_table *tbl, long index);
	/* Make earlier updates visible to the hardware (optional). */
	void (*flush)(struct iommu_table *tbl);
	/* Free the table's memory (hardware levels and userspace view). */
	void (*free)(struct iommu_table *tbl);
};

struct iommu_table_group;

/* One PE using a table: tables can be shared by several groups. */
struct iommu_table_group_link {
	struct list_head next;
	struct iommu_table_group *table_group;
};

struct iommu_table {
	unsigned long it_busno;		/* bus number (informational) */
	unsigned long it_size;		/* number of TCEs in the window */
	unsigned long it_indirect_levels; /* levels - 1 */
	unsigned long it_level_size;	/* entries per level (multi-level) */
	unsigned long it_allocated_size; /* bytes charged for this table */
	unsigned long it_offset;	/* first entry (bus start >> shift) */
	unsigned long it_base;		/* kernel address of the top level */
	unsigned long it_index;		/* platform table number / LIOBN */
	unsigned long it_type;		/* platform-specific */
	unsigned long it_blocksize;	/* host allocator alignment, entries */
	unsigned long poolsize;
	unsigned long nr_pools;
	unsigned long *it_map;		/* host allocator bitmap, it_size bits */
	unsigned long it_page_shift;	/* IOMMU page shift (12, 16, 24, 28) */
	unsigned long it_reserved_start; /* host allocator hole [start, end) */
	unsigned long it_reserved_end;
	spinlock_t it_lock;		/* protects it_map */
	struct list_head it_group_list;	/* iommu_table_group_link list */
	__be64 *it_userspace;		/* top level of the userspace view */
	struct iommu_table_ops *it_ops;
	struct kref it_kref;
	int it_nid;
	void *data;			/* platform private */
};

#define IOMMU_TABLE_USERSPACE_ENTRY_RO(tbl, entry) \
	((tbl)->it_ops->useraddrptr((tbl), (entry), false))
#define IOMMU_TABLE_USERSPACE_ENTRY(tbl, entry) \
	((tbl)->it_ops->useraddrptr((tbl), (entry), true))

/* Operations a PE offers for dynamic DMA windows (DDW). */
struct iommu_table_group_ops {
	/* Bytes a table of this geometry costs (HW + view), 0 if invalid. */
	unsigned long (*get_table_size)(__u32 page_shift, __u64 window_size,
					__u32 levels);
	/* Allocate a table for window slot num; no hardware programming. */
	long (*create_table)(struct iommu_table_group *table_group, int num,
			     __u32 page_shift, __u64 window_size, __u32 levels,
			     struct iommu_table **ptbl);
	/* Program window slot num to use tbl (TVE via firmware). */
	long (*set_window)(struct iommu_table_group *table_group, int num,
			   struct iommu_table *tbl);
	/* Disable window slot num. */
	long (*unset_window)(struct iommu_table_group *table_group, int num);
	/* Hand the PE to userspace: drop host windows and bypass. */
	long (*take_ownership)(struct iommu_table_group *table_group);
	/* Give the PE back to the host: restore default window + bypass. */
	void (*release_ownership)(struct iommu_table_group *table_group);
};

#define IOMMU_TABLE_GROUP_MAX_TABLES	2

struct iommu_table_group {
	__u32 tce32_start;		/* default 32-bit window: bus start */
	__u32 tce32_size;		/* and size in bytes */
	__u64 pgsizes;			/* bitmap of supported IOMMU page sizes */
	__u32 max_dynamic_windows_supported;
	__u32 max_levels;
	struct iommu_group *group;
	struct iommu_table *tables[IOMMU_TABLE_GROUP_MAX_TABLES];
	struct iommu_table_group_ops *ops;	/* NULL: no DDW (P5IOC2) */
};

/* --- arch/powerpc/kernel/iommu.c ------------------------------------- */

/* Set up the host allocator of a table whose geometry is filled in. */
struct iommu_table *iommu_init_table(struct iommu_table *tbl, int nid,
				     unsigned long res_start,
				     unsigned long res_end);
/* Reference counting: the last put frees through it_ops->free. */
struct iommu_table *iommu_tce_table_get(struct iommu_table *tbl);
int iommu_tce_table_put(struct iommu_table *tbl);

/* Create the IOMMU group for a PE and link it to table_group. */
int iommu_register_group(struct iommu_table_group *table_group,
			 int pci_domain_number, unsigned long pe_num);
void iommu_unregister_group(struct iommu_table_group *table_group);
int iommu_add_device(struct iommu_table_group *table_group,
		     struct device *dev);
void iommu_del_device(struct device *dev);

/* TCE permission bits <-> DMA direction. */
unsigned long iommu_direction_to_tce_perm(enum dma_data_direction dir);
enum dma_data_direction iommu_tce_direction(unsigned long tce);

/* -EINVAL unless [ioba, ioba + npages pages) is aligned and in the window. */
int iommu_tce_check_ioba(unsigned long page_shift, unsigned long offset,
			 unsigned long size, unsigned long ioba,
			 unsigned long npages);
/* -EINVAL unless gpa is IOMMU-page aligned. */
int iommu_tce_check_gpa(unsigned long page_shift, unsigned long gpa);

/*
 * Exchange wrapper used by VFIO: calls it_ops->exchange and marks the old
 * page dirty when the old entry let the device write to it.
 */
long iommu_tce_xchg(struct iommu_table *tbl, unsigned long entry,
		    unsigned long *hpa, enum dma_data_direction *direction);
void iommu_flush_tce(struct iommu_table *tbl);

/*
 * Ownership for tables without group ops (P5IOC2): the host allocator must
 * be idle (-EBUSY), the table must support exchange (-EINVAL); the whole
 * bitmap is then marked used until release.
 */
int iommu_take_ownership(struct iommu_table *tbl);
void iommu_release_ownership(struct iommu_table *tbl);

#endif /* _ASM_POWERPC_IOMMU_H */
