/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory preregistration (mm_iommu_*): per-process regions of user memory
 * pinned once and accounted once in locked_vm, so that the VFIO sPAPR TCE
 * v2 container can map and unmap TCEs without pinning. Implemented by
 * arch/powerpc/mm/book3s64/iommu_api.c.
 *
 * A region is keyed by (ua, entries), entries counted in host pages
 * (PAGE_SIZE). "used" counts the containers holding it; "mapped" starts
 * at 1, gains one per TCE pointing into the region and drops to 0 on the
 * final put, after which no new TCE may reference it.
 */
#ifndef _ASM_POWERPC_MMU_CONTEXT_H
#define _ASM_POWERPC_MMU_CONTEXT_H

#include <linux/types.h>

struct mm_struct;
struct mm_iommu_table_group_mem_t;

/* True if the mm has at least one registered region. */
bool mm_iommu_preregistered(struct mm_struct *mm);

/*
 * Register [ua, ua + entries pages) of mm: charge locked_vm, pin every
 * page for write (long term), record its physical address. 0 with *pmem
 * set (used = 1), or -ENOMEM (memlock or allocation), -EFAULT (a page
 * could not be pinned), -EINVAL (overlaps another region, entries = 0).
 * Callers wanting "exact match reuses" call mm_iommu_get() first.
 */
long mm_iommu_new(struct mm_struct *mm, unsigned long ua,
		  unsigned long entries,
		  struct mm_iommu_table_group_mem_t **pmem);

/*
 * Drop one container reference. The last one unpins, refunds and frees
 * the region, unless TCEs still point into it: then -EBUSY and nothing
 * changes. -ENOENT if the region has no users (a bug in the caller).
 */
long mm_iommu_put(struct mm_struct *mm, struct mm_iommu_table_group_mem_t *mem);

/*
 * Container release: like mm_iommu_put(), but when TCEs of another
 * container still point into the region, it is orphaned instead of
 * refused: no longer found by lookups for new mappings, freed by the
 * mm_iommu_mapped_dec() of its last TCE. Always 0 (or -ENOENT).
 */
long mm_iommu_put_release(struct mm_struct *mm,
			  struct mm_iommu_table_group_mem_t *mem);

/* First live region of mm fully containing [ua, ua + size), or NULL. */
struct mm_iommu_table_group_mem_t *mm_iommu_lookup(struct mm_struct *mm,
						   unsigned long ua,
						   unsigned long size);

/* The same, orphaned regions included (to drop a TCE's reference). */
struct mm_iommu_table_group_mem_t *
mm_iommu_lookup_mapped(struct mm_struct *mm, unsigned long ua,
		       unsigned long size);

/* Region exactly at (ua, entries) with one more reference, or NULL. */
struct mm_iommu_table_group_mem_t *mm_iommu_get(struct mm_struct *mm,
						unsigned long ua,
						unsigned long entries);

/*
 * Host physical address of ua inside mem. -EFAULT if ua is outside the
 * region or pageshift exceeds the region's page shift.
 */
long mm_iommu_ua_to_hpa(struct mm_iommu_table_group_mem_t *mem,
			unsigned long ua, unsigned int pageshift,
			unsigned long *hpa);

/* The smallest page shift backing the region (alignment included). */
unsigned int mm_iommu_pageshift(struct mm_iommu_table_group_mem_t *mem);

/* One more TCE points into mem: 0, or -ENXIO once the final put ran. */
long mm_iommu_mapped_inc(struct mm_iommu_table_group_mem_t *mem);
/* One TCE less (never below the initial 1; frees an orphan at 1). */
void mm_iommu_mapped_dec(struct mm_iommu_table_group_mem_t *mem);

/* Introspection for tests and statistics. */
unsigned long mm_iommu_entries(struct mm_iommu_table_group_mem_t *mem);
unsigned long mm_iommu_ua(struct mm_iommu_table_group_mem_t *mem);
s64 mm_iommu_mapped_count(struct mm_iommu_table_group_mem_t *mem);
unsigned long mm_iommu_used_count(struct mm_iommu_table_group_mem_t *mem);

#endif /* _ASM_POWERPC_MMU_CONTEXT_H */
