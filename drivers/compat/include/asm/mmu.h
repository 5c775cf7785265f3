/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the powerpc mm context: the per-mm list of
 * preregistered IOMMU memory (mm_iommu_*). compat initialises it when it
 * creates an mm and WARNs if it is not empty when the mm is destroyed.
 */
#ifndef _KC_ASM_MMU_H
#define _KC_ASM_MMU_H

#include <linux/types.h>

typedef struct {
	struct list_head iommu_group_mem_list;
} mm_context_t;

#endif /* _KC_ASM_MMU_H */
