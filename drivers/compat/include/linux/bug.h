/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES BUG/WARN. BUG() prints file:line and aborts. WARN*()
 * print file:line to stderr and bump a counter that tests read through
 * kc_warn_count() (kc/host.h) and expect to stay 0.
 */
#ifndef _KC_LINUX_BUG_H
#define _KC_LINUX_BUG_H

#include <linux/compiler.h>

__noreturn void kc_bug(const char *file, int line, const char *func,
		       const char *cond);
void kc_warn(const char *file, int line, const char *func, const char *cond);

#define BUG()	kc_bug(__FILE__, __LINE__, __func__, "BUG()")
#define BUG_ON(cond) \
	do { if (unlikely(cond)) kc_bug(__FILE__, __LINE__, __func__, #cond); } while (0)

#define WARN_ON(cond) ({						\
	int __kc_w = !!(cond);						\
	if (unlikely(__kc_w))						\
		kc_warn(__FILE__, __LINE__, __func__, #cond);		\
	unlikely(__kc_w);						\
})

#define WARN_ON_ONCE(cond) ({						\
	static bool __kc_warned;					\
	int __kc_w = !!(cond);						\
	if (unlikely(__kc_w) && !__kc_warned) {				\
		__kc_warned = true;					\
		kc_warn(__FILE__, __LINE__, __func__, #cond);		\
	}								\
	unlikely(__kc_w);						\
})

#define WARN(cond, ...)		WARN_ON(cond)
#define WARN_ONCE(cond, ...)	WARN_ON_ONCE(cond)

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))

#endif /* _KC_LINUX_BUG_H */
