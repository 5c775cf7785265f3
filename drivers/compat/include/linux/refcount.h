/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES refcount_t (saturation replaced by a WARN). */
#ifndef _KC_LINUX_REFCOUNT_H
#define _KC_LINUX_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/bug.h>

typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n) }

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)atomic_read(&r->refs);
}

static inline void refcount_inc(refcount_t *r)
{
	WARN_ON(atomic_read(&r->refs) == 0);	/* increment on 0: use after free */
	atomic_inc(&r->refs);
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return atomic_inc_not_zero(&r->refs);
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	if (WARN_ON(atomic_read(&r->refs) <= 0))
		return false;
	return atomic_dec_and_test(&r->refs);
}

static inline void refcount_dec(refcount_t *r)
{
	WARN_ON(refcount_dec_and_test(r));	/* the last ref needs _and_test */
}

#endif /* _KC_LINUX_REFCOUNT_H */
