/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES spinlocks. The simulated kernel is single-threaded,
 * so a lock is a "held" flag: taking a held lock (a real deadlock) or
 * releasing a free one is a BUG.
 */
#ifndef _KC_LINUX_SPINLOCK_H
#define _KC_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/bug.h>

typedef struct {
	int held;
} spinlock_t;

typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	{ 0 }
#define DEFINE_SPINLOCK(name)		spinlock_t name = { 0 }

static inline void spin_lock_init(spinlock_t *l)
{
	l->held = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	BUG_ON(l->held);
	l->held = 1;
}

static inline void spin_unlock(spinlock_t *l)
{
	BUG_ON(!l->held);
	l->held = 0;
}

static inline int spin_trylock(spinlock_t *l)
{
	if (l->held)
		return 0;
	l->held = 1;
	return 1;
}

static inline int spin_is_locked(spinlock_t *l)
{
	return l->held;
}

#define spin_lock_irqsave(l, flags)	do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)
#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define raw_spin_lock_init		spin_lock_init
#define raw_spin_lock			spin_lock
#define raw_spin_unlock			spin_unlock
#define raw_spin_lock_irqsave		spin_lock_irqsave
#define raw_spin_unlock_irqrestore	spin_unlock_irqrestore
#define assert_spin_locked(l)		WARN_ON(!(l)->held)
#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)

#endif /* _KC_LINUX_SPINLOCK_H */
