/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES struct page, struct vm_area_struct and struct
 * mm_struct: only the fields the DMA stack uses, plus "Test fields."
 * blocks that expose hidden effects (pin counts, owners) to tests.
 */
#ifndef _KC_LINUX_MM_TYPES_H
#define _KC_LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rwsem.h>
#include <linux/atomic.h>
#include <asm/mmu.h>

/* One PAGE_SIZE frame of simulated RAM (one per pfn, made on demand). */
struct page {
	unsigned long flags;		/* KC_PG_* */
	atomic_t _refcount;		/* on the head of a compound page */
	struct page *head;		/* compound head (self if not compound) */
	unsigned int order;		/* compound/allocation order (head) */
	/* Test fields. */
	int pincount;			/* pin_user_pages pins on this frame */
	int gupcount;			/* get_user_pages references */
	int owner_pid;			/* user page: owning process, else 0 */
	unsigned int kc_kind;		/* KC_PAGE_FREE/KERNEL/USER */
	unsigned long kc_pfn;		/* this frame's pfn */
};

#define KC_PG_DIRTY		0x1UL
#define KC_PG_HEAD		0x2UL
#define KC_PG_TAIL		0x4UL
#define KC_PG_HUGE		0x8UL

enum {
	KC_PAGE_FREE = 0,
	KC_PAGE_KERNEL = 1,
	KC_PAGE_USER = 2,
};

struct mm_struct;

struct vm_area_struct {
	unsigned long vm_start;		/* first byte */
	unsigned long vm_end;		/* first byte after */
	unsigned long vm_flags;		/* VM_* */
	struct mm_struct *vm_mm;
	/* Test fields. */
	struct list_head kc_node;	/* in mm->kc_vmas, sorted */
	struct page **kc_pages;		/* one per PAGE_SIZE page */
	unsigned int kc_page_shift;	/* backing page size (hugetlb: 24) */
};

struct mm_struct {
	atomic_t mm_users;		/* mmget/mmput: address space users */
	atomic_t mm_count;		/* mmgrab/mmdrop: struct references */
	unsigned long locked_vm;	/* pages, under mmap_lock */
	atomic64_t pinned_vm;
	struct rw_semaphore mmap_lock;
	mm_context_t context;
	/* Test fields. */
	struct list_head kc_vmas;	/* sorted by vm_start */
	int kc_pid;			/* owning process */
	long kc_locked_charged;		/* net pages account_locked_vm moved */
};

#endif /* _KC_LINUX_MM_TYPES_H */
