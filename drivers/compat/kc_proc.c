// SPDX-License-Identifier: GPL-2.0
/*
 * compat HARNESS: the simulated processes behind kc/host.h's process API
 * (kc_proc_*). Not kernel code: it plays the part of fork/exit and of
 * the host tools that read /proc. Each process record holds a task, its
 * rlimits and capabilities, its descriptor table (used by kc_fs.c), a pin
 * count, and its mm (made and dropped through the kernel shims in
 * kc_mm.c). Its user memory is set up by kc_umem.c.
 */
#include <string.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include "kc_internal.h"

static LIST_HEAD(kc_procs);
static int kc_next_pid = 100;

struct kc_proc *kc_proc_find(int pid)
{
	struct kc_proc *p;

	list_for_each_entry(p, &kc_procs, node)
		if (p->task.pid == pid)
			return p;
	return NULL;
}

/* A live process with this pid, or NULL. */
static struct kc_proc *kc_proc_live(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	return p && !p->exited ? p : NULL;
}

void kc_proc_pinned_add(int pid, long delta)
{
	struct kc_proc *p = pid ? kc_proc_find(pid) : NULL;

	if (p)
		p->pinned += delta;
}

void kc_proc_mm_freed(struct mm_struct *mm)
{
	struct kc_proc *p = kc_proc_find(mm->kc_pid);

	if (p && p->mm == mm) {
		p->locked_vm_final = (int64_t)mm->locked_vm;
		p->mm = NULL;
	}
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
	p->mm = kc_mm_alloc(p->task.pid);
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
	struct kc_proc *parent = kc_proc_live(parent_pid), *child;

	if (!kc.initialised)
		return -EINVAL;
	if (!parent)
		return -ESRCH;
	child = kc_proc_new(parent->task.comm);
	child->sig = parent->sig;
	child->task.kc_caps = parent->task.kc_caps;
	return child->task.pid;
}

int kc_proc_switch(int pid)
{
	struct kc_proc *p = kc_proc_live(pid);

	if (!p)
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
	struct kc_proc *p = kc_proc_live(pid);

	if (!p)
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
	struct kc_proc *p = kc_proc_live(pid);

	if (!p)
		return -ESRCH;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_cur = (unsigned long)bytes;
	p->sig.rlim[RLIMIT_MEMLOCK].rlim_max = (unsigned long)bytes;
	return 0;
}

int kc_proc_set_cap_ipc_lock(int pid, bool on)
{
	struct kc_proc *p = kc_proc_live(pid);

	if (!p)
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

/* The live mm of process pid, or NULL. */
static struct mm_struct *kc_proc_mm(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	return p ? p->mm : NULL;
}

int64_t kc_proc_locked_charged(int pid)
{
	struct mm_struct *mm = kc_proc_mm(pid);

	return mm ? mm->kc_locked_charged : -ESRCH;
}

int kc_test_set_locked_vm(int pid, uint64_t pages)
{
	struct mm_struct *mm = kc_proc_mm(pid);

	if (!mm)
		return -ESRCH;
	mm->locked_vm = (unsigned long)pages;
	return 0;
}

int64_t kc_proc_pinned(int pid)
{
	struct kc_proc *p = kc_proc_find(pid);

	return p ? p->pinned : -ESRCH;
}

/* Free every process record (after kc_proc_exit_all and the exit calls). */
void kc_proc_teardown(void)
{
	struct kc_proc *p, *n;

	list_for_each_entry_safe(p, n, &kc_procs, node) {
		/* An mm still grabbed by a leaked kernel object. */
		if (p->mm)
			kc_mm_destroy(p->mm);
		list_del(&p->node);
		kc_free(p->fds);
		kc_free(p);
	}
	kc_next_pid = 100;
	kc.cur = NULL;
}
