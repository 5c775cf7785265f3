/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES rlimit()/task_rlimit(). */
#ifndef _KC_LINUX_SCHED_SIGNAL_H
#define _KC_LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

static inline unsigned long task_rlimit(const struct task_struct *t,
					unsigned int limit)
{
	return READ_ONCE(t->signal->rlim[limit].rlim_cur);
}

static inline unsigned long rlimit(unsigned int limit)
{
	return task_rlimit(current, limit);
}

#endif /* _KC_LINUX_SCHED_SIGNAL_H */
