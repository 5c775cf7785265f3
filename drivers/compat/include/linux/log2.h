/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the kernel's log2 helpers (GCC builtins). */
#ifndef _KC_LINUX_LOG2_H
#define _KC_LINUX_LOG2_H

#include <linux/types.h>

/* Floor log2; n must be nonzero. Constant-folded for constants. */
#define ilog2(n)	((int)(63 - __builtin_clzll((unsigned long long)(n))))

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1UL : 1UL << (64 - __builtin_clzl(n - 1));
}

static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n == 0 ? 0 : 1UL << (63 - __builtin_clzl(n));
}

static inline int order_base_2(unsigned long n)
{
	return n <= 1 ? 0 : ilog2(n - 1) + 1;
}

#endif /* _KC_LINUX_LOG2_H */
