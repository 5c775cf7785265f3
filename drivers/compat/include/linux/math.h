/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the kernel's rounding helpers. */
#ifndef _KC_LINUX_MATH_H
#define _KC_LINUX_MATH_H

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(n, d)	DIV_ROUND_UP((unsigned long long)(n), (d))
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)		((x) - ((x) % (y)))
/* y must be a power of two. */
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))

#endif /* _KC_LINUX_MATH_H */
