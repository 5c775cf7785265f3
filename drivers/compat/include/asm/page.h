/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the page size. PAGE_SHIFT is a runtime value fixed by
 * kc_init() (16 = 64 KiB as on POWER, or 12), so PAGE_SIZE, PAGE_SHIFT and
 * PAGE_MASK are not constant expressions: no static arrays sized by them,
 * no #if on them. __va(pa) is a plain pointer into simulated RAM and
 * __pa(p) is its simulated physical address; __pa of memory that is not
 * from the page allocator (kmalloc) BUGs.
 */
#ifndef _KC_ASM_PAGE_H
#define _KC_ASM_PAGE_H

#include <linux/types.h>

extern unsigned int kc_runtime_page_shift;

#define PAGE_SHIFT	(kc_runtime_page_shift)
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(a)	(((a) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(a)	((((unsigned long)(a)) & (PAGE_SIZE - 1)) == 0)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

struct page;

/* Simulated physical address <-> kernel (host) pointer. */
phys_addr_t kc_virt_to_phys(const volatile void *p);
void *kc_phys_to_virt(phys_addr_t pa);

#define __pa(x)		kc_virt_to_phys((const volatile void *)(x))
#define __va(x)		kc_phys_to_virt((phys_addr_t)(x))

unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
bool pfn_valid(unsigned long pfn);
struct page *virt_to_page(const volatile void *p);
bool virt_addr_valid(const volatile void *p);

#define page_to_phys(page)	((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT)
#define phys_to_page(pa)	pfn_to_page((unsigned long)((pa) >> PAGE_SHIFT))

#endif /* _KC_ASM_PAGE_H */
