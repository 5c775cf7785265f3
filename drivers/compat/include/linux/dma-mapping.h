/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS the DMA-mapping API down to its constants. */
#ifndef _KC_LINUX_DMA_MAPPING_H
#define _KC_LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/dma-direction.h>
#include <linux/device.h>

#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
#define DMA_ATTR_WEAK_ORDERING	(1UL << 1)
#define DMA_ATTR_WRITE_COMBINE	(1UL << 2)
#define DMA_ATTR_NO_KERNEL_MAPPING (1UL << 4)
#define DMA_ATTR_SKIP_CPU_SYNC	(1UL << 5)

#endif /* _KC_LINUX_DMA_MAPPING_H */
