/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the powerpc per-device arch data. */
#ifndef _KC_ASM_DEVICE_H
#define _KC_ASM_DEVICE_H

#include <linux/types.h>

struct dev_archdata {
	void *iommu_table_base;		/* struct iommu_table * of the DMA window */
	u64 dma_offset;			/* bypass window offset */
};

#endif /* _KC_ASM_DEVICE_H */
