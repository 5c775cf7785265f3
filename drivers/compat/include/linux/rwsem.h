/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES rw_semaphore (single-threaded): readers nest; a
 * writer needs it free; anything else would deadlock and BUGs.
 */
#ifndef _KC_LINUX_RWSEM_H
#define _KC_LINUX_RWSEM_H

#include <linux/types.h>
#include <linux/bug.h>

struct rw_semaphore {
	int readers;
	int writer;
};

#define DECLARE_RWSEM(name)	struct rw_semaphore name = { 0, 0 }

static inline void init_rwsem(struct rw_semaphore *s)
{
	s->readers = 0;
	s->writer = 0;
}

static inline void down_read(struct rw_semaphore *s)
{
	BUG_ON(s->writer);
	s->readers++;
}

static inline void up_read(struct rw_semaphore *s)
{
	BUG_ON(s->readers <= 0);
	s->readers--;
}

static inline void down_write(struct rw_semaphore *s)
{
	BUG_ON(s->writer || s->readers);
	s->writer = 1;
}

static inline void up_write(struct rw_semaphore *s)
{
	BUG_ON(!s->writer);
	s->writer = 0;
}

#define lockdep_assert_held_write(s)	WARN_ON(!(s)->writer)

#endif /* _KC_LINUX_RWSEM_H */
