/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the page allocator. Pages come from simulated
 * physical memory (struct sim_mem), so __pa()/__va() are real simulated
 * physical addresses and what the driver writes there is what the
 * hardware model reads. Blocks read as zero (so __GFP_ZERO is free).
 * GFP flags are accepted and ignored; the nid is ignored. Live page
 * allocations are counted and fail-nth (KC_FAIL_PAGES) applies.
 */
#ifndef _KC_LINUX_GFP_H
#define _KC_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO		0x100u
#define __GFP_NOWARN		0x200u
#define __GFP_NORETRY		0x400u
#define __GFP_COMP		0x800u
#define __GFP_ACCOUNT		0x1000u
#define __GFP_NOFAIL		0x2000u
#define __GFP_HIGHMEM		0x4000u
#define __GFP_RETRY_MAYFAIL	0x8000u
#define GFP_KERNEL		0x1u
#define GFP_ATOMIC		0x2u
#define GFP_NOWAIT		0x4u
#define GFP_NOIO		0x8u
#define GFP_USER		0x10u
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

#define NUMA_NO_NODE		(-1)

struct page;

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
#define __free_page(page)	__free_pages(page, 0)
#define free_page(addr)		free_pages(addr, 0)

static inline int numa_node_id(void)
{
	return 0;
}

#endif /* _KC_LINUX_GFP_H */
