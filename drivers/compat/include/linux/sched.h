/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES tasks: one task per simulated process (kc/host.h
 * kc_proc_*); current is the process selected by kc_proc_switch(), or a
 * kernel thread (mm == NULL) during boot and shutdown.
 */
#ifndef _KC_LINUX_SCHED_H
#define _KC_LINUX_SCHED_H

#include <linux/types.h>
#include <linux/resource.h>
#include <linux/mm_types.h>

#define TASK_COMM_LEN	16

struct signal_struct {
	struct rlimit rlim[RLIM_NLIMITS];
};

struct task_struct {
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;
	struct signal_struct *signal;
	/* Test fields. */
	u64 kc_caps;			/* bit n = capability n */
};

struct task_struct *kc_get_current(void);
#define current		kc_get_current()

static inline pid_t task_pid_nr(const struct task_struct *t)
{
	return t->pid;
}

static inline pid_t task_tgid_nr(const struct task_struct *t)
{
	return t->tgid;
}

#define get_task_struct(t)	(t)
#define put_task_struct(t)	do { (void)(t); } while (0)
#define schedule()		do { } while (0)
#define signal_pending(t)	0
#define fatal_signal_pending(t)	0

#endif /* _KC_LINUX_SCHED_H */
