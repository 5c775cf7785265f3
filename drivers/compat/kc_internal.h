/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private state shared by the compat implementation files: the machine
 * given to kc_init, counters, fail-nth, and the internal (uncounted)
 * allocator used for compat's own bookkeeping objects.
 */
#ifndef _KC_INTERNAL_H
#define _KC_INTERNAL_H

#include <stdarg.h>
#include <stdlib.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <kc/host.h>

/* A simulated process (kc_proc.c); kc.cur is the current one. */
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

struct kc_state {
	bool initialised;
	bool booted;
	struct kc_host host;
	struct kc_config cfg;
	struct kc_counters cnt;
	unsigned int fail_mask;
	uint64_t fail_left;
	struct kc_proc *cur;		/* NULL: kernel thread */
};

extern struct kc_state kc;

/* Internal bookkeeping memory (not counted, never fails quietly). */
void *kc_zalloc(size_t size);
void kc_free(void *p);
char *kc_strdup(const char *s);

/* Keep one formatted log line of this level (if the level allows). */
void kc_log_line(int level, const char *line);

/* True when fail-nth says this event of class cls must fail. */
bool kc_should_fail(unsigned int cls);
/* A syscall (kc_open/kc_close/kc_ioctl) returned rc: counters. */
void kc_syscall_done(long rc);

/* Per-file teardown and setup, called by kc_init/kc_shutdown. */
void kc_log_reset(void);
void kc_kmem_sweep(void);
int kc_page_init(void);
void kc_page_teardown(void);
void kc_proc_teardown(void);
void kc_of_init(void);
void kc_of_teardown(void);
void kc_pci_scan(void);
void kc_pci_teardown(void);
void kc_fs_teardown(void);
void kc_iommu_teardown(void);
void kc_debugfs_teardown(void);
void kc_io_teardown(void);
int kc_opal_init(void);
void kc_opal_teardown(void);

/* kc_proc.c (harness: the process table) */
struct kc_proc *kc_proc_find(int pid);
void kc_proc_exit_all(void);
void kc_proc_pinned_add(int pid, long delta);
struct file **kc_proc_fdtable(struct kc_proc *p, int *nfds);
int kc_proc_fd_grow(struct kc_proc *p, int want);
/* mmdrop freed mm: its process keeps the final locked_vm. */
void kc_proc_mm_freed(struct mm_struct *mm);

/* kc_mm.c (shims: mm, VMAs, uaccess, pinning, locked_vm) */
struct mm_struct *kc_mm_alloc(int pid);
/* Free mm and its mappings whatever its reference counts say. */
void kc_mm_destroy(struct mm_struct *mm);
void kc_vma_free(struct vm_area_struct *vma);
struct vm_area_struct *kc_vma_at(struct mm_struct *mm, unsigned long addr);
struct page *kc_vma_page(struct vm_area_struct *vma, unsigned long addr);
/* Copy to (to_user) or from user memory of mm: bytes not copied. */
unsigned long kc_user_copy(struct mm_struct *mm, unsigned long ua, void *buf,
			   unsigned long n, bool to_user);

/* kc_page.c */
struct page *kc_user_frames_alloc(unsigned int order, int owner_pid);
void kc_page_unref(struct page *page);

/* kc_fs.c */
void kc_fs_close_all(struct kc_proc *p);

/* kc_cost.c: charge n events of a kind to the running syscall. */
void kc_cost_charge(enum kc_cost_event ev, uint64_t n);
/* One account_locked_vm call that changed locked_vm by pages. */
void kc_cost_locked_vm(int64_t pages);
/* Syscall brackets: enter returns what leave must restore. */
unsigned int kc_cost_enter_ioctl(unsigned long cmd);
unsigned int kc_cost_enter_open(void);
unsigned int kc_cost_enter_close(void);
unsigned int kc_cost_enter_exit(void);
void kc_cost_leave(unsigned int prev);

#define KC_FD_FIRST	3	/* 0..2 are the (absent) stdio */

#endif /* _KC_INTERNAL_H */
