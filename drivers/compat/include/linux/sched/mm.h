/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES mm reference counting. mmput() dropping the last user
 * tears the address space down (VMAs unmapped; pinned frames survive
 * until unpinned); mmdrop() dropping the last reference frees the struct
 * and WARNs if preregistered memory is still listed in mm->context.
 */
#ifndef _KC_LINUX_SCHED_MM_H
#define _KC_LINUX_SCHED_MM_H

#include <linux/sched.h>
#include <linux/atomic.h>

void mmput(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
struct mm_struct *get_task_mm(struct task_struct *t);

static inline void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

static inline void mmget(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_users);
}

static inline bool mmget_not_zero(struct mm_struct *mm)
{
	return atomic_inc_not_zero(&mm->mm_users);
}

#endif /* _KC_LINUX_SCHED_MM_H */
