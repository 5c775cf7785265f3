/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: STUBS RCU. The simulated kernel is single-threaded, so a grace
 * period is immediate: call_rcu() and kfree_rcu() run/free at once.
 */
#ifndef _KC_LINUX_RCUPDATE_H
#define _KC_LINUX_RCUPDATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>

#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define synchronize_rcu()		do { } while (0)
#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_raw(p)		READ_ONCE(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v)	WRITE_ONCE(p, v)
#define RCU_INIT_POINTER(p, v)		((p) = (v))

static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	func(head);
}

void kfree(const void *p);
#define kfree_rcu(ptr, field)	kfree(ptr)

#endif /* _KC_LINUX_RCUPDATE_H */
