/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES ALIGN and friends (a must be a power of two). */
#ifndef _KC_LINUX_ALIGN_H
#define _KC_LINUX_ALIGN_H

#define __KC_ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define ALIGN(x, a)		__KC_ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define PTR_ALIGN(p, a)		((__typeof__(p))ALIGN((unsigned long)(p), (a)))

#endif /* _KC_LINUX_ALIGN_H */
