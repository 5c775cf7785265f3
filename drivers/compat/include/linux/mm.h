/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the memory-management API over simulated processes.
 * User pages are simulated RAM frames owned by a VMA (kc_mmap, kc/host.h);
 * pin_user_pages/get_user_pages take references that keep a frame alive
 * after munmap, as in the kernel. account_locked_vm follows the kernel
 * rule (RLIMIT_MEMLOCK >> PAGE_SHIFT, CAP_IPC_LOCK bypasses, -ENOMEM with
 * no change). fail-nth (KC_FAIL_PIN) fails pinning at the k-th page.
 */
#ifndef _KC_LINUX_MM_H
#define _KC_LINUX_MM_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/pfn.h>
#include <asm/page.h>

#define VM_NONE		0x0UL
#define VM_READ		0x1UL
#define VM_WRITE	0x2UL
#define VM_EXEC		0x4UL
#define VM_SHARED	0x8UL
#define VM_LOCKED	0x2000UL
#define VM_IO		0x4000UL
#define VM_PFNMAP	0x400UL
#define VM_HUGETLB	0x400000UL

#define FOLL_WRITE	0x01u
#define FOLL_GET	0x04u
#define FOLL_FORCE	0x10u
#define FOLL_NOWAIT	0x20u
#define FOLL_PIN	0x40000u
#define FOLL_LONGTERM	0x100u

/* --- page state --- */
static inline struct page *compound_head(const struct page *page)
{
	return page->head;
}

static inline unsigned int compound_order(const struct page *page)
{
	return (page->flags & KC_PG_HEAD) ? page->order : 0;
}

static inline unsigned int page_shift(const struct page *page)
{
	return PAGE_SHIFT + compound_order(page);
}

static inline unsigned long page_size(const struct page *page)
{
	return PAGE_SIZE << compound_order(page);
}

static inline bool PageCompound(const struct page *page)
{
	return (page->flags & (KC_PG_HEAD | KC_PG_TAIL)) != 0;
}

static inline bool PageHead(const struct page *page)
{
	return (page->flags & KC_PG_HEAD) != 0;
}

static inline bool PageTail(const struct page *page)
{
	return (page->flags & KC_PG_TAIL) != 0;
}

static inline bool PageHuge(const struct page *page)
{
	return (compound_head(page)->flags & KC_PG_HUGE) != 0;
}

static inline bool PageDirty(const struct page *page)
{
	return (page->flags & KC_PG_DIRTY) != 0;
}

static inline void SetPageDirty(struct page *page)
{
	page->flags |= KC_PG_DIRTY;
}

static inline void ClearPageDirty(struct page *page)
{
	page->flags &= ~KC_PG_DIRTY;
}

static inline bool set_page_dirty(struct page *page)
{
	bool was = PageDirty(page);

	SetPageDirty(page);
	return !was;
}

static inline int set_page_dirty_lock(struct page *page)
{
	return set_page_dirty(page);
}

static inline int page_count(const struct page *page)
{
	return atomic_read(&compound_head(page)->_refcount);
}

static inline bool page_maybe_dma_pinned(const struct page *page)
{
	return page->pincount > 0;
}

void *page_address(const struct page *page);
void get_page(struct page *page);
/* Drops a reference (and a get_user_pages reference if one is held). */
void put_page(struct page *page);

/* --- user pages (current->mm) --- */
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty);

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

static inline bool is_vm_hugetlb_page(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_HUGETLB) != 0;
}

struct task_struct;
int account_locked_vm(struct mm_struct *mm, unsigned long pages, bool inc);
int __account_locked_vm(struct mm_struct *mm, unsigned long pages, bool inc,
			struct task_struct *task, bool bypass_rlim);

/* Installed RAM in bytes (powerpc memory_hotplug_max()). */
phys_addr_t memory_hotplug_max(void);
unsigned long totalram_pages(void);

#endif /* _KC_LINUX_MM_H */
