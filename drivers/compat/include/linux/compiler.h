/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: STUBS. Kernel annotations and compiler helpers. Sparse address
 * spaces (__user, __iomem, __force) are empty; typeof is GNU __typeof__.
 */
#ifndef _KC_LINUX_COMPILER_H
#define _KC_LINUX_COMPILER_H

#define __user
#define __iomem
#define __force
#define __rcu
#define __bitwise
#define __must_check		__attribute__((warn_unused_result))
#ifndef __always_inline		/* libc's <sys/cdefs.h> has the same */
#define __always_inline		inline __attribute__((always_inline))
#endif
#define noinline		__attribute__((noinline))
#define __maybe_unused		__attribute__((unused))
#define __always_unused		__attribute__((unused))
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __cold			__attribute__((cold))
#define __noreturn		__attribute__((noreturn))
#define fallthrough		__attribute__((fallthrough))
#define __read_mostly
#define __ro_after_init
#define notrace

#ifndef typeof
#define typeof(x)		__typeof__(x)
#endif

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#endif /* _KC_LINUX_COMPILER_H */
