// SPDX-License-Identifier: GPL-2.0
/*
 * compat processes and user memory: simulated tasks with an mm, VMAs
 * backed by simulated RAM frames, pin/get_user_pages, locked_vm
 * accounting, copy_{from,to}_user, capable() and current.
 */
#include <string.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/file.h>
#include "kc_internal.h"

struct kc_proc {
	struct list_head node;
	struct task_struct task;
	struct signal_struct sig;
	struct mm_struct *mm;		/* live mm (NULL once freed) */
	struct file **fds;
	int nfds;
	bool exited;
	int64_t locked_vm_final;
	int64_t pinned;
};

static LIST_HEAD(kc_procs);
static int kc_next_pid = 100;
static struct signal_struct kc_kthread_sig;
static struct task_struct kc_kthread = {
	.pid = 0, .tgid = 0, .comm = "kthread", .mm = NULL,
	.signal = &kc_kthread_sig, .kc_caps = ~0ULL,
};

struct task_struct *kc_get_current(void)
{
	return kc.cur ? &kc.cur->task : &kc_kthread;
}

struct kc_proc *kc_proc_find(int pid)
{
	struct kc_proc *p;

	list_for_each_entry(p, &kc_procs, node)
		if (p->task.pid == pid)
			return p;
	return NULL;
}

void kc_proc_pinned_add(int pid, long delta)
{
	struct kc_proc *p = pid ? kc_proc_find(pid) : NULL;

	if (p)
		p->pinned += delta;
}

struct file **kc_proc_fdtable(struct kc_proc *p, int *nfds)
{
	*nfds = p->nfds;
	return p->fds;
}

int kc_proc_fd_grow(struct kc_proc *p, int want)
{
	int n = p->nfds ? p->nfds : 16;
	struct file **fds;

	while (n < want)
		n *= 2;
	if (n > 4096)
		return -EMFILE;
	if (n == p->nfds)
		return 0;
	fds = kc_zalloc((size_t)n * sizeof(*fds));
	if (p->nfds)
		memcpy(fds, p->fds, (size_t)p->nfds * sizeof(*fds));
	kc_free(p->fds);
	p->fds = fds;
	p->nfds = n;
	return 0;
}

/* --- mm -------------------------------------------------------------- */

static struct mm_struct *kc_mm_new(int pid)
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

static void kc_vma_free(struct vm_area_struct *vma)
{
	unsigned long i, n = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	unsigned long step = 1UL << (vma->kc_page_shift - PAGE_SHIFT);

	for (i = 0; i < n; i += step)
		kc_page_unref(vma->kc_pages[i]);
	list_del(&vma->kc_node);
	kc_free(vma->kc_pages);
	kc_free(vma);
}

void mmdrop(struct mm_struct *mm)
{
	struct kc_proc *p;

	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	/* Preregistered memory must be gone before the mm (as in powerpc). */
	WARN_ON_ONCE(!list_empty(&mm->context.iommu_group_mem_list));
	p = kc_proc_find(mm->kc_pid);
	if (p && p->mm == mm) {
		p->locked_vm_final = (int64_t)mm->locked_vm;
		p->mm = NULL;
	}
	kc_free(mm);
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	while (!list_empty(&mm->kc_vmas))
		kc_vma_free(list_first_entry(&mm->kc_vmas,
					     struct vm_area_struct, kc_node));
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

static struct vm_area_struct *kc_vma_at(struct mm_struct *mm,
					unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

static struct page *kc_vma_page(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->kc_pages[(addr - vma->vm_start) >> PAGE_SHIFT];
}

/* --- processes ------------------------------------------------------- */

static struct kc_proc *kc_proc_new(const char *comm)
{
	struct kc_proc *p = kc_zalloc(sizeof(*p));

	p->task.pid = kc_next_pid++;
	p->task.tgid = p->task.pid;
	snprintf(p->task.comm, sizeof(p->task.comm), "%s", comm ? comm : "proc");
	p->task.signal = &p->sig;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_cur = kc.cfg.memlock_default;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_max = kc.cfg.memlock_default;
	p->sig.rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	p->sig.rlim[RLIMIT_NOFILE].rlim_max = 4096;
	p->mm = kc_mm_new(p->task.pid);
	p->task.mm = p->mm;
	list_add_tail(&p->node, &kc_procs);
	return p;
}

int kc_proc_create(const char *comm)
{
	struct kc_proc *p;

	if (!kc.initialised)
		return -EINVAL;
	p = kc_proc_new(comm);
	if (!kc.cur)
		kc.cur = p;
	return p->task.pid;
}

int kc_proc_fork(int parent_pid)
{
	struct kc_proc *parent = kc_proc_find(parent_pid), *child;

	if (!kc.initialised)
		return -EINVAL;
	if (!parent || parent->exited)
		return -ESRCH;
	child = kc_proc_new(parent->task.comm);
	child->sig = parent->sig;
	child->task.kc_caps = parent->task.kc_caps;
	return child->task.pid;
}

int kc_proc_switch(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || p->exited)
		return -ESRCH;
	kc.cur = p;
	return 0;
}

int kc_proc_current(void)
{
	return kc.cur ? kc.cur->task.pid : 0;
}

static void kc_proc_do_exit(struct kc_proc *p)
{
	struct kc_proc *saved = kc.cur;
	struct mm_struct *mm = p->task.mm;
	unsigned int cost = kc_cost_enter_exit();

	/* Release runs in the exiting task's context, as in do_exit(). */
	kc.cur = p;
	kc_fs_close_all(p);
	p->task.mm = NULL;
	if (mm)
		mmput(mm);
	p->exited = true;
	kc_cost_leave(cost);
	kc.cur = saved == p ? NULL : saved;
}

int kc_proc_exit(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || p->exited)
		return -ESRCH;
	kc_proc_do_exit(p);
	return 0;
}

void kc_proc_exit_all(void)
{
	struct kc_proc *p;

	list_for_each_entry(p, &kc_procs, node)
		if (!p->exited)
			kc_proc_do_exit(p);
}

int kc_proc_set_memlock(int pid, uint64_t bytes)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || p->exited)
		return -ESRCH;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_cur = (unsigned long)bytes;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_max = (unsigned long)bytes;
	return 0;
}

int kc_proc_set_cap_ipc_lock(int pid, bool on)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || p->exited)
		return -ESRCH;
	if (on)
		p->task.kc_caps |= 1ULL << CAP_IPC_LOCK;
	else
		p->task.kc_caps &= ~(1ULL << CAP_IPC_LOCK);
	return 0;
}

int64_t kc_proc_locked_vm(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p)
		return -ESRCH;
	return p->mm ? (int64_t)p->mm->locked_vm : p->locked_vm_final;
}

int64_t kc_proc_locked_charged(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || !p->mm)
		return -ESRCH;
	return p->mm->kc_locked_charged;
}

int kc_test_set_locked_vm(int pid, uint64_t pages)
{
	struct kc_proc *p = kc_proc_find(pid);

	if (!p || !p->mm)
		return -ESRCH;
	p->mm->locked_vm = (unsigned long)pages;
	return 0;
}

int64_t kc_proc_pinned(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	return p ? p->pinned : -ESRCH;
}

bool has_capability(struct task_struct *t, int cap)
{
	return cap >= 0 && cap < 64 && (t->kc_caps >> cap) & 1;
}

bool capable(int cap)
{
	return has_capability(current, cap);
}

/* Free every process record (after kc_proc_exit_all and the exit calls). */
void kc_mm_teardown(void)
{
	struct kc_proc *p, *n;

	list_for_each_entry_safe(p, n, &kc_procs, node) {
		/* An mm still grabbed by a leaked kernel object. */
		if (p->mm) {
			while (!list_empty(&p->mm->kc_vmas))
				kc_vma_free(list_first_entry(&p->mm->kc_vmas,
						struct vm_area_struct, kc_node));
			kc_free(p->mm);
		}
		list_del(&p->node);
		kc_free(p->fds);
		kc_free(p);
	}
	kc_next_pid = 100;
	kc.cur = NULL;
}

/* --- user mappings --------------------------------------------------- */

static struct mm_struct *kc_cur_mm(void)
{
	return kc.cur ? kc.cur->task.mm : NULL;
}

int kc_mmap(uint64_t ua, uint64_t size, unsigned page_shift, bool writable,
	    bool hugetlb)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma, *pos;
	unsigned long npages, nblocks, step, i;
	unsigned int order;
	struct page **blocks;

	if (!kc.initialised)
		return -EINVAL;
	if (!mm)
		return -ESRCH;
	if (hugetlb) {
		if (!page_shift)
			page_shift = KC_DEFAULT_HUGE_SHIFT;
		if (page_shift <= PAGE_SHIFT || page_shift > 34)
			return -EINVAL;
	} else {
		if (page_shift && page_shift != PAGE_SHIFT)
			return -EINVAL;
		page_shift = PAGE_SHIFT;
	}
	if (!size || (ua | size) & ((1ULL << page_shift) - 1) ||
	    ua + size < ua || ua + size > (1ULL << 56) || ua == 0)
		return -EINVAL;
	vma = find_vma(mm, (unsigned long)ua);
	if (vma && vma->vm_start < ua + size)
		return -EEXIST;

	order = page_shift - PAGE_SHIFT;
	npages = (unsigned long)(size >> PAGE_SHIFT);
	step = 1UL << order;
	nblocks = npages / step;
	blocks = kc_zalloc(nblocks * sizeof(*blocks));
	for (i = 0; i < nblocks; i++) {
		blocks[i] = kc_user_frames_alloc(order, mm->kc_pid);
		if (!blocks[i]) {
			while (i--)
				kc_page_unref(blocks[i]);
			kc_free(blocks);
			return -ENOMEM;
		}
	}

	vma = kc_zalloc(sizeof(*vma));
	vma->vm_start = (unsigned long)ua;
	vma->vm_end = (unsigned long)(ua + size);
	vma->vm_flags = VM_READ | (writable ? VM_WRITE : 0) |
			(hugetlb ? VM_HUGETLB : 0);
	vma->vm_mm = mm;
	vma->kc_page_shift = page_shift;
	vma->kc_pages = kc_zalloc(npages * sizeof(*vma->kc_pages));
	/* Hand blocks out in descending physical order: not contiguous. */
	for (i = 0; i < nblocks; i++) {
		struct page *head = blocks[nblocks - 1 - i];
		unsigned long j;

		for (j = 0; j < step; j++)
			vma->kc_pages[i * step + j] =
				pfn_to_page(page_to_pfn(head) + j);
	}
	kc_free(blocks);

	list_for_each_entry(pos, &mm->kc_vmas, kc_node)
		if (pos->vm_start > vma->vm_start)
			break;
	list_add_tail(&vma->kc_node, &pos->kc_node);
	return 0;
}

int kc_munmap(uint64_t ua, uint64_t size)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	vma = kc_vma_at(mm, (unsigned long)ua);
	if (!vma || vma->vm_start != ua || vma->vm_end - vma->vm_start != size)
		return -EINVAL;
	kc_vma_free(vma);
	return 0;
}

int kc_mprotect(uint64_t ua, uint64_t size, bool writable)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	vma = kc_vma_at(mm, (unsigned long)ua);
	if (!vma || vma->vm_start != ua || vma->vm_end - vma->vm_start != size)
		return -EINVAL;
	if (writable)
		vma->vm_flags |= VM_WRITE;
	else
		vma->vm_flags &= ~VM_WRITE;
	return 0;
}

/*
 * Copy between a host buffer and user memory of mm; returns bytes not
 * copied (stops at the first unmapped or, for writes, read-only byte).
 */
static unsigned long kc_user_copy(struct mm_struct *mm, unsigned long ua,
				  void *buf, unsigned long n, bool to_user)
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

int kc_user_write(uint64_t ua, const void *buf, size_t len)
{
	struct mm_struct *mm = kc_cur_mm();

	if (!mm)
		return -ESRCH;
	return kc_user_copy(mm, (unsigned long)ua, (void *)buf, len, true) ?
	       -EFAULT : 0;
}

int kc_user_read(uint64_t ua, void *buf, size_t len)
{
	struct mm_struct *mm = kc_cur_mm();

	if (!mm)
		return -ESRCH;
	return kc_user_copy(mm, (unsigned long)ua, buf, len, false) ?
	       -EFAULT : 0;
}

int kc_user_to_phys(uint64_t ua, uint64_t *pa)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	vma = kc_vma_at(mm, (unsigned long)ua);
	if (!vma)
		return -EFAULT;
	*pa = page_to_phys(kc_vma_page(vma, (unsigned long)ua)) +
	      (ua & ~PAGE_MASK);
	return 0;
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
