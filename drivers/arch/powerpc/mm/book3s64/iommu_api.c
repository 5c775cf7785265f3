// SPDX-License-Identifier: GPL-2.0
/*
 * Memory preregistration for the VFIO sPAPR TCE v2 IOMMU: a process
 * registers big blocks of its memory once; they are pinned for write and
 * charged to locked_vm here, so later TCE map/unmap requests only need to
 * translate a user address into a host physical address.
 *
 * Regions are kept on one global list, each tagged with its mm; every
 * lookup filters on the mm, so regions behave as per-process state. A
 * single mutex serialises list changes and reference counting.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/atomic.h>
#include <linux/export.h>
#include <asm/mmu_context.h>

/* Pages pinned per pin_user_pages() call. */
#define MM_IOMMU_PIN_BATCH	64

/* hpas[] keep the page frame address; low bits are reserved flags. */
#define MM_IOMMU_HPA_FLAGS	0xfffUL

struct mm_iommu_table_group_mem_t {
	struct list_head next;
	struct mm_struct *mm;
	unsigned long used;		/* container references */
	atomic64_t mapped;		/* 1 + TCEs pointing here; 0: gone */
	unsigned int pageshift;		/* smallest backing page shift */
	unsigned long ua;		/* user address of the first page */
	unsigned long entries;		/* number of PAGE_SIZE pages */
	u64 *hpas;			/* physical address of each page */
};

static DEFINE_MUTEX(mem_list_mutex);
static LIST_HEAD(mem_list);

static bool mm_iommu_overlaps(struct mm_iommu_table_group_mem_t *mem,
			      unsigned long ua, unsigned long entries)
{
	unsigned long end = ua + (entries << PAGE_SHIFT);
	unsigned long mem_end = mem->ua + (mem->entries << PAGE_SHIFT);

	return mem->ua < end && ua < mem_end;
}

bool mm_iommu_preregistered(struct mm_struct *mm)
{
	struct mm_iommu_table_group_mem_t *mem;
	bool found = false;

	mutex_lock(&mem_list_mutex);
	list_for_each_entry(mem, &mem_list, next) {
		if (mem->mm == mm) {
			found = true;
			break;
		}
	}
	mutex_unlock(&mem_list_mutex);

	return found;
}

/* Unpin the first n pages of mem, marking them dirty (device may write). */
static void mm_iommu_unpin(struct mm_iommu_table_group_mem_t *mem,
			   unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; ++i) {
		struct page *page;

		if (!mem->hpas[i])
			continue;
		page = pfn_to_page((mem->hpas[i] & ~MM_IOMMU_HPA_FLAGS) >>
				   PAGE_SHIFT);
		set_page_dirty_lock(page);
		unpin_user_pages(&page, 1);
		mem->hpas[i] = 0;
	}
}

/* Pin every page of mem; on any failure nothing stays pinned. */
static long mm_iommu_pin(struct mm_iommu_table_group_mem_t *mem)
{
	struct page **batch;
	unsigned long done = 0;
	unsigned int shift;
	long ret = 0;

	batch = kmalloc_array(MM_IOMMU_PIN_BATCH, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;

	mmap_read_lock(mem->mm);
	while (done < mem->entries) {
		unsigned long n = min_t(unsigned long, MM_IOMMU_PIN_BATCH,
					mem->entries - done);
		long pinned, i;

		pinned = pin_user_pages(mem->ua + (done << PAGE_SHIFT), n,
					FOLL_WRITE | FOLL_LONGTERM, batch);
		if (pinned < 0) {
			ret = pinned;
			break;
		}
		for (i = 0; i < pinned; ++i) {
			struct page *page = batch[i];

			shift = PAGE_SHIFT;
			if (PageHuge(page) || PageCompound(page))
				shift = page_shift(compound_head(page));
			mem->pageshift = min(mem->pageshift, shift);
			mem->hpas[done + i] = (u64)page_to_pfn(page) <<
					      PAGE_SHIFT;
		}
		done += pinned;
		if ((unsigned long)pinned != n) {
			ret = -EFAULT;
			break;
		}
	}
	mmap_read_unlock(mem->mm);
	kfree(batch);

	if (ret) {
		mm_iommu_unpin(mem, done);
		/* Anything but "out of memory" reads as a bad address. */
		if (ret != -ENOMEM)
			ret = -EFAULT;
	}
	return ret;
}

long mm_iommu_new(struct mm_struct *mm, unsigned long ua,
		  unsigned long entries,
		  struct mm_iommu_table_group_mem_t **pmem)
{
	struct mm_iommu_table_group_mem_t *mem, *cur;
	long ret;

	if (!entries || (ua & ~PAGE_MASK))
		return -EINVAL;

	ret = account_locked_vm(mm, entries, true);
	if (ret)
		return ret;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem) {
		ret = -ENOMEM;
		goto unaccount;
	}
	mem->hpas = vzalloc(entries * sizeof(mem->hpas[0]));
	if (!mem->hpas) {
		ret = -ENOMEM;
		goto free_mem;
	}
	mem->mm = mm;
	mem->ua = ua;
	mem->entries = entries;
	mem->used = 1;
	atomic64_set(&mem->mapped, 1);
	/* The region's own alignment bounds the usable IOMMU page size. */
	mem->pageshift = __ffs(ua | (entries << PAGE_SHIFT));

	ret = mm_iommu_pin(mem);
	if (ret)
		goto free_hpas;

	mutex_lock(&mem_list_mutex);
	list_for_each_entry(cur, &mem_list, next) {
		if (cur->mm == mm && mm_iommu_overlaps(cur, ua, entries)) {
			mutex_unlock(&mem_list_mutex);
			ret = -EINVAL;
			goto unpin;
		}
	}
	list_add_tail(&mem->next, &mem_list);
	mutex_unlock(&mem_list_mutex);

	*pmem = mem;
	return 0;

unpin:
	mm_iommu_unpin(mem, entries);
free_hpas:
	vfree(mem->hpas);
free_mem:
	kfree(mem);
unaccount:
	account_locked_vm(mm, entries, false);
	return ret;
}
EXPORT_SYMBOL_GPL(mm_iommu_new);

/* Unpin, refund and free a region already unlinked from the list. */
static void mm_iommu_free(struct mm_iommu_table_group_mem_t *mem)
{
	mm_iommu_unpin(mem, mem->entries);
	account_locked_vm(mem->mm, mem->entries, false);
	vfree(mem->hpas);
	kfree(mem);
}

/*
 * Drop one reference; "orphan" decides what the last one does while TCEs
 * still point into the region: refuse (-EBUSY, nothing changes) or leave
 * the region to be freed by the mm_iommu_mapped_dec() of its last TCE.
 */
static long mm_iommu_do_put(struct mm_struct *mm,
			    struct mm_iommu_table_group_mem_t *mem, bool orphan)
{
	mutex_lock(&mem_list_mutex);
	if (WARN_ON_ONCE(!mem->used || mem->mm != mm)) {
		mutex_unlock(&mem_list_mutex);
		return -ENOENT;
	}
	if (mem->used > 1) {
		--mem->used;
		mutex_unlock(&mem_list_mutex);
		return 0;
	}
	/* Last user: the region must not be referenced by any TCE. */
	if (atomic64_cmpxchg(&mem->mapped, 1, 0) != 1) {
		if (orphan)
			mem->used = 0;
		mutex_unlock(&mem_list_mutex);
		return orphan ? 0 : -EBUSY;
	}
	mem->used = 0;
	list_del(&mem->next);
	mutex_unlock(&mem_list_mutex);

	mm_iommu_free(mem);
	return 0;
}

long mm_iommu_put(struct mm_struct *mm, struct mm_iommu_table_group_mem_t *mem)
{
	return mm_iommu_do_put(mm, mem, false);
}
EXPORT_SYMBOL_GPL(mm_iommu_put);

long mm_iommu_put_release(struct mm_struct *mm,
			  struct mm_iommu_table_group_mem_t *mem)
{
	return mm_iommu_do_put(mm, mem, true);
}
EXPORT_SYMBOL_GPL(mm_iommu_put_release);

static struct mm_iommu_table_group_mem_t *
mm_iommu_do_lookup(struct mm_struct *mm, unsigned long ua, unsigned long size,
		   bool orphans)
{
	struct mm_iommu_table_group_mem_t *mem, *found = NULL;

	mutex_lock(&mem_list_mutex);
	list_for_each_entry(mem, &mem_list, next) {
		unsigned long mem_end = mem->ua + (mem->entries << PAGE_SHIFT);

		if (mem->mm != mm || (!mem->used && !orphans))
			continue;
		if (mem->ua <= ua && ua + size > ua && ua + size <= mem_end) {
			found = mem;
			break;
		}
	}
	mutex_unlock(&mem_list_mutex);

	return found;
}

struct mm_iommu_table_group_mem_t *mm_iommu_lookup(struct mm_struct *mm,
						   unsigned long ua,
						   unsigned long size)
{
	return mm_iommu_do_lookup(mm, ua, size, false);
}
EXPORT_SYMBOL_GPL(mm_iommu_lookup);

struct mm_iommu_table_group_mem_t *
mm_iommu_lookup_mapped(struct mm_struct *mm, unsigned long ua,
		       unsigned long size)
{
	return mm_iommu_do_lookup(mm, ua, size, true);
}
EXPORT_SYMBOL_GPL(mm_iommu_lookup_mapped);

struct mm_iommu_table_group_mem_t *mm_iommu_get(struct mm_struct *mm,
						unsigned long ua,
						unsigned long entries)
{
	struct mm_iommu_table_group_mem_t *mem, *found = NULL;

	mutex_lock(&mem_list_mutex);
	list_for_each_entry(mem, &mem_list, next) {
		if (mem->mm == mm && mem->ua == ua &&
		    mem->entries == entries && mem->used) {
			++mem->used;
			found = mem;
			break;
		}
	}
	mutex_unlock(&mem_list_mutex);

	return found;
}
EXPORT_SYMBOL_GPL(mm_iommu_get);

long mm_iommu_ua_to_hpa(struct mm_iommu_table_group_mem_t *mem,
			unsigned long ua, unsigned int pageshift,
			unsigned long *hpa)
{
	unsigned long entry;

	if (ua < mem->ua)
		return -EFAULT;
	entry = (ua - mem->ua) >> PAGE_SHIFT;
	if (entry >= mem->entries || pageshift > mem->pageshift)
		return -EFAULT;

	*hpa = (mem->hpas[entry] & ~MM_IOMMU_HPA_FLAGS) | (ua & ~PAGE_MASK);
	return 0;
}
EXPORT_SYMBOL_GPL(mm_iommu_ua_to_hpa);

unsigned int mm_iommu_pageshift(struct mm_iommu_table_group_mem_t *mem)
{
	return mem->pageshift;
}

long mm_iommu_mapped_inc(struct mm_iommu_table_group_mem_t *mem)
{
	s64 old = atomic64_read(&mem->mapped);

	for (;;) {
		s64 seen;

		if (!old)
			return -ENXIO;
		seen = atomic64_cmpxchg(&mem->mapped, old, old + 1);
		if (seen == old)
			return 0;
		old = seen;
	}
}
EXPORT_SYMBOL_GPL(mm_iommu_mapped_inc);

void mm_iommu_mapped_dec(struct mm_iommu_table_group_mem_t *mem)
{
	bool free_it = false;
	s64 old;

	mutex_lock(&mem_list_mutex);
	old = atomic64_read(&mem->mapped);
	for (;;) {
		s64 seen;

		if (old <= 1)
			break;
		seen = atomic64_cmpxchg(&mem->mapped, old, old - 1);
		if (seen == old) {
			/* Last TCE of an orphaned region: it goes now. */
			if (old == 2 && !mem->used) {
				atomic64_set(&mem->mapped, 0);
				list_del(&mem->next);
				free_it = true;
			}
			break;
		}
		old = seen;
	}
	mutex_unlock(&mem_list_mutex);

	if (free_it)
		mm_iommu_free(mem);
}
EXPORT_SYMBOL_GPL(mm_iommu_mapped_dec);

unsigned long mm_iommu_entries(struct mm_iommu_table_group_mem_t *mem)
{
	return mem->entries;
}

unsigned long mm_iommu_ua(struct mm_iommu_table_group_mem_t *mem)
{
	return mem->ua;
}

s64 mm_iommu_mapped_count(struct mm_iommu_table_group_mem_t *mem)
{
	return atomic64_read(&mem->mapped);
}

unsigned long mm_iommu_used_count(struct mm_iommu_table_group_mem_t *mem)
{
	return mem->used;
}
