/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES min/max/clamp/swap (single evaluation of arguments). */
#ifndef _KC_LINUX_MINMAX_H
#define _KC_LINUX_MINMAX_H

#define min(x, y) ({ __typeof__(x) __kc_a = (x); __typeof__(y) __kc_b = (y); \
	__kc_a < __kc_b ? __kc_a : __kc_b; })
#define max(x, y) ({ __typeof__(x) __kc_a = (x); __typeof__(y) __kc_b = (y); \
	__kc_a > __kc_b ? __kc_a : __kc_b; })
#define min_t(t, x, y) ({ t __kc_a = (x); t __kc_b = (y); \
	__kc_a < __kc_b ? __kc_a : __kc_b; })
#define max_t(t, x, y) ({ t __kc_a = (x); t __kc_b = (y); \
	__kc_a > __kc_b ? __kc_a : __kc_b; })
#define min3(x, y, z)	min(min(x, y), z)
#define max3(x, y, z)	max(max(x, y), z)
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)
#define swap(a, b) \
	do { __typeof__(a) __kc_t = (a); (a) = (b); (b) = __kc_t; } while (0)

#endif /* _KC_LINUX_MINMAX_H */
