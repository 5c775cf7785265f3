/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES mutexes like spinlocks (single-threaded): locking a
 * held mutex is a self-deadlock and BUGs; unlocking a free one BUGs.
 */
#ifndef _KC_LINUX_MUTEX_H
#define _KC_LINUX_MUTEX_H

#include <linux/types.h>
#include <linux/bug.h>

struct mutex {
	int held;
};

#define __MUTEX_INITIALIZER(name)	{ 0 }
#define DEFINE_MUTEX(name)		struct mutex name = { 0 }

static inline void mutex_init(struct mutex *m)
{
	m->held = 0;
}

static inline void mutex_destroy(struct mutex *m)
{
	WARN_ON(m->held);
}

static inline void mutex_lock(struct mutex *m)
{
	BUG_ON(m->held);
	m->held = 1;
}

static inline int mutex_lock_interruptible(struct mutex *m)
{
	mutex_lock(m);
	return 0;
}

static inline int mutex_trylock(struct mutex *m)
{
	if (m->held)
		return 0;
	m->held = 1;
	return 1;
}

static inline void mutex_unlock(struct mutex *m)
{
	BUG_ON(!m->held);
	m->held = 0;
}

static inline bool mutex_is_locked(struct mutex *m)
{
	return m->held;
}

#define lockdep_assert_held(m)		WARN_ON(!(m)->held)
#define lockdep_assert_not_held(m)	WARN_ON((m)->held)

#endif /* _KC_LINUX_MUTEX_H */
