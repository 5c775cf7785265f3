/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES atomic_t/atomic64_t and xchg/cmpxchg. The simulated
 * kernel is single-threaded; xchg/cmpxchg still use GCC atomics so code
 * that installs table levels with cmpxchg behaves as on hardware.
 */
#ifndef _KC_LINUX_ATOMIC_H
#define _KC_LINUX_ATOMIC_H

#include <linux/types.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define xchg(ptr, v)	__atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST)
#define cmpxchg(ptr, old, new) ({					\
	__typeof__(*(ptr)) __kc_old = (old);				\
	__atomic_compare_exchange_n((ptr), &__kc_old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	__kc_old;							\
})
#define cmpxchg64	cmpxchg
#define try_cmpxchg(ptr, pold, new)					\
	__atomic_compare_exchange_n((ptr), (pold), (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

#define __KC_ATOMIC_OPS(pfx, T, V)					\
static inline V pfx##_read(const T *v) { return READ_ONCE(v->counter); } \
static inline void pfx##_set(T *v, V i) { WRITE_ONCE(v->counter, i); }	\
static inline void pfx##_add(V i, T *v) { v->counter += i; }		\
static inline void pfx##_sub(V i, T *v) { v->counter -= i; }		\
static inline void pfx##_inc(T *v) { v->counter++; }			\
static inline void pfx##_dec(T *v) { v->counter--; }			\
static inline V pfx##_add_return(V i, T *v) { return v->counter += i; }	\
static inline V pfx##_sub_return(V i, T *v) { return v->counter -= i; }	\
static inline V pfx##_inc_return(T *v) { return ++v->counter; }		\
static inline V pfx##_dec_return(T *v) { return --v->counter; }		\
static inline bool pfx##_dec_and_test(T *v) { return --v->counter == 0; } \
static inline bool pfx##_inc_not_zero(T *v)				\
{ if (!v->counter) return false; v->counter++; return true; }		\
static inline V pfx##_cmpxchg(T *v, V old, V new)			\
{ V cur = v->counter; if (cur == old) v->counter = new; return cur; }	\
static inline V pfx##_xchg(T *v, V new)					\
{ V cur = v->counter; v->counter = new; return cur; }

__KC_ATOMIC_OPS(atomic, atomic_t, int)
__KC_ATOMIC_OPS(atomic64, atomic64_t, s64)
__KC_ATOMIC_OPS(atomic_long, atomic_long_t, s64)

#endif /* _KC_LINUX_ATOMIC_H */
