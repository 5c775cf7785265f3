/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the commonly used parts of <linux/kernel.h> by
 * pulling in the small headers, plus a few helpers. STUBS might_sleep and
 * cond_resched (the simulated kernel is single-threaded).
 */
#ifndef _KC_LINUX_KERNEL_H
#define _KC_LINUX_KERNEL_H

#include <limits.h>		/* INT_MAX, LONG_MAX, ULONG_MAX, UINT_MAX */
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/stddef.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/container_of.h>
#include <linux/minmax.h>
#include <linux/math.h>
#include <linux/align.h>
#include <linux/log2.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/byteorder.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define upper_32_bits(n)	((u32)(((u64)(n)) >> 32))
#define lower_32_bits(n)	((u32)((u64)(n) & 0xffffffffU))
#define might_sleep()		do { } while (0)
#define cond_resched()		do { } while (0)
#define cpu_relax()		do { } while (0)

__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(2, 3) int sprintf(char *buf, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(2, 3) char *kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

#endif /* _KC_LINUX_KERNEL_H */
