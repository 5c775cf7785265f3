// SPDX-License-Identifier: GPL-2.0
/*
 * compat SHIMS for the kernel's process and user-memory API, all
 * CUSTOMISES (kernel semantics on simulated processes): `current` and
 * capable() (kernel/capability.c), mm lifetime (mmput/mmdrop/get_task_mm)
 * and find_vma (mm/), copy_{from,to}_user/clear_user/access_ok (uaccess),
 * pin_user_pages/get_user_pages and unpinning (mm/gup.c), and
 * account_locked_vm (mm/util.c). Pins, user copies and locked_vm updates
 * are charged to the driver cost model. The processes and mappings these
 * work on are made by the harness (kc_proc.c, kc_umem.c).
 */
#include <string.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include "kc_internal.h"

static struct signal_struct kc_kthread_sig;
static struct task_struct kc_kthread = {
	.pid = 0, .tgid = 0, .comm = "kthread", .mm = NULL,
	.signal = &kc_kthread_sig, .kc_caps = ~0ULL,
};

struct task_struct *kc_get_current(void)
{
	return kc.cur ? &kc.cur->task : &kc_kthread;
}

bool has_capability(struct task_struct *t, int cap)
{
	return cap >= 0 && cap < 64 && (t->kc_caps >> cap) & 1;
}

bool capable(int cap)
{
	return has_capability(current, cap);
}

/* --- mm -------------------------------------------------------------- */

struct mm_struct *kc_mm_alloc(int pid)
{
	struct mm_struct *mm = kc_zalloc(sizeof(*mm));

	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	init_rwsem(&mm->mmap_lock);
	INIT_LIST_HEAD(&mm->context.iommu_group_mem_list);
	INIT_LIST_HEAD(&mm->kc_vmas);
	mm->kc_pid = pid;
	return mm;
}

void kc_vma_free(struct vm_area_struct *vma)
{
	unsigned long i, n = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	unsigned long step = 1UL << (vma->kc_page_shift - PAGE_SHIFT);

	for (i = 0; i < n; i += step)
		kc_page_unref(vma->kc_pages[i]);
	list_del(&vma->kc_node);
	kc_free(vma->kc_pages);
	kc_free(vma);
}

static void kc_mm_unmap_all(struct mm_struct *mm)
{
	while (!list_empty(&mm->kc_vmas))
		kc_vma_free(list_first_entry(&mm->kc_vmas,
					     struct vm_area_struct, kc_node));
}

void kc_mm_destroy(struct mm_struct *mm)
{
	kc_mm_unmap_all(mm);
	kc_free(mm);
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	/* Preregistered memory must be gone before the mm (as in powerpc). */
	WARN_ON_ONCE(!list_empty(&mm->context.iommu_group_mem_list));
	kc_proc_mm_freed(mm);
	kc_free(mm);
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	kc_mm_unmap_all(mm);
	mmdrop(mm);
}

struct mm_struct *get_task_mm(struct task_struct *t)
{
	if (t->mm && mmget_not_zero(t->mm))
		return t->mm;
	return NULL;
}

/* First VMA ending above addr (kernel semantics), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (!mm)
		return NULL;
	list_for_each_entry(vma, &mm->kc_vmas, kc_node)
		if (addr < vma->vm_end)
			return vma;
	return NULL;
}

/* The VMA containing addr, or NULL. */
struct vm_area_struct *kc_vma_at(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/* The frame backing addr, which vma contains. */
struct page *kc_vma_page(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->kc_pages[(addr - vma->vm_start) >> PAGE_SHIFT];
}

/* --- uaccess --------------------------------------------------------- */

/*
 * Copy between a host buffer and user memory of mm; returns bytes not
 * copied (stops at the first unmapped or, for writes, read-only byte).
 */
unsigned long kc_user_copy(struct mm_struct *mm, unsigned long ua, void *buf,
			   unsigned long n, bool to_user)
{
	unsigned char *b = buf;

	while (n) {
		struct vm_area_struct *vma = kc_vma_at(mm, ua);
		unsigned long off, chunk;
		unsigned char *host;

		if (!vma || (to_user && !(vma->vm_flags & VM_WRITE)))
			break;
		off = ua & ~PAGE_MASK;
		chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		host = (unsigned char *)page_address(kc_vma_page(vma, ua)) + off;
		if (to_user)
			memcpy(host, b, chunk);
		else
			memcpy(b, host, chunk);
		b += chunk;
		ua += chunk;
		n -= chunk;
	}
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left;

	kc_cost_charge(KC_COST_EV_COPY_USER, 1);
	left = kc_user_copy(current->mm, (unsigned long)from, to, n, false);

	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	kc_cost_charge(KC_COST_EV_COPY_USER, 1);
	return kc_user_copy(current->mm, (unsigned long)to, (void *)from, n,
			    true);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	static const unsigned char zero[256];
	unsigned long done = 0;

	while (done < n) {
		unsigned long c = n - done < sizeof(zero) ? n - done : sizeof(zero);
		unsigned long left = copy_to_user((char *)to + done, zero, c);

		if (left)
			return n - done - (c - left);
		done += c;
	}
	return 0;
}

bool kc_access_ok(const void __user *p, unsigned long n)
{
	unsigned long a = (unsigned long)p;

	return a + n >= a && a + n <= (1UL << 56);
}

/* --- pinning --------------------------------------------------------- */

static long kc_gup(unsigned long start, unsigned long nr_pages,
		   unsigned int gup_flags, struct page **pages, bool pin)
{
	struct mm_struct *mm = current->mm;
	unsigned long i, addr = start & PAGE_MASK;

	if (!nr_pages)
		return 0;
	if (!mm)
		return -EFAULT;
	for (i = 0; i < nr_pages; i++, addr += PAGE_SIZE) {
		struct vm_area_struct *vma = kc_vma_at(mm, addr);
		struct page *page;

		if (!vma || ((gup_flags & FOLL_WRITE) &&
			     !(vma->vm_flags & VM_WRITE)))
			return i ? (long)i : -EFAULT;
		if (kc_should_fail(KC_FAIL_PIN))
			return i ? (long)i : -ENOMEM;
		page = kc_vma_page(vma, addr);
		get_page(page);
		if (pin)
			page->pincount++;
		else
			page->gupcount++;
		kc.cnt.pinned_pages++;
		kc_proc_pinned_add(page->owner_pid, 1);
		kc_cost_charge(KC_COST_EV_PIN, 1);
		if (pages)
			pages[i] = page;
		else if (!pin)
			put_page(page);
	}
	return (long)nr_pages;
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	if (WARN_ON_ONCE(!pages))
		return -EINVAL;
	return kc_gup(start, nr_pages, gup_flags, pages, true);
}

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (nr_pages < 0)
		return -EINVAL;
	return (int)pin_user_pages(start, (unsigned long)nr_pages, gup_flags,
				   pages);
}

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	return kc_gup(start, nr_pages, gup_flags, pages, false);
}

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (nr_pages < 0)
		return -EINVAL;
	return (int)kc_gup(start, (unsigned long)nr_pages, gup_flags, pages,
			   false);
}

void unpin_user_page(struct page *page)
{
	if (WARN_ON(page->pincount <= 0))
		return;
	page->pincount--;
	kc.cnt.pinned_pages--;
	kc_proc_pinned_add(page->owner_pid, -1);
	kc_cost_charge(KC_COST_EV_UNPIN, 1);
	kc_page_unref(page);
}

void unpin_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++)
		unpin_user_page(pages[i]);
}

void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty)
{
	unsigned long i;

	for (i = 0; i < npages; i++) {
		if (make_dirty)
			set_page_dirty_lock(pages[i]);
		unpin_user_page(pages[i]);
	}
}

/* --- locked_vm ------------------------------------------------------- */

int __account_locked_vm(struct mm_struct *mm, unsigned long pages, bool inc,
			struct task_struct *task, bool bypass_rlim)
{
	if (inc) {
		unsigned long limit = task_rlimit(task, RLIMIT_MEMLOCK);
		unsigned long locked = mm->locked_vm + pages;

		if (!bypass_rlim && limit != RLIM_INFINITY &&
		    locked > (limit >> PAGE_SHIFT)) {
			kc_cost_locked_vm(0);
			return -ENOMEM;
		}
		mm->locked_vm = locked;
		mm->kc_locked_charged += (long)pages;
		kc_cost_locked_vm((int64_t)pages);
	} else {
		unsigned long dec = pages > mm->locked_vm ? mm->locked_vm :
				    pages;

		WARN_ON_ONCE(pages > mm->locked_vm);
		mm->locked_vm -= dec;
		mm->kc_locked_charged -= (long)dec;
		kc_cost_locked_vm(-(int64_t)dec);
	}
	return 0;
}

int account_locked_vm(struct mm_struct *mm, unsigned long pages, bool inc)
{
	int rc;

	if (!pages || !mm)
		return 0;
	mmap_write_lock(mm);
	rc = __account_locked_vm(mm, pages, inc, current,
				 capable(CAP_IPC_LOCK));
	mmap_write_unlock(mm);
	return rc;
}
