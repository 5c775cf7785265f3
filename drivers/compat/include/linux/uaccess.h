/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES user access. A __user pointer holds a simulated user
 * address of the current process; accesses walk its VMAs. As in the
 * kernel, copy_*_user return the number of bytes NOT copied (copy_from_user
 * zero-fills the rest) and get_user/put_user return 0 or -EFAULT.
 * Writing a read-only VMA faults.
 */
#ifndef _KC_LINUX_UACCESS_H
#define _KC_LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/compiler.h>

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
bool kc_access_ok(const void __user *p, unsigned long n);

#define access_ok(p, n)		kc_access_ok((p), (n))
#define u64_to_user_ptr(x)	((void __user *)(uintptr_t)(x))

#define get_user(x, ptr) ({						\
	__typeof__(*(ptr)) __kc_gu = 0;					\
	int __kc_ge = copy_from_user(&__kc_gu, (ptr), sizeof(*(ptr))) ?	\
		      -EFAULT : 0;					\
	(x) = __kc_gu;							\
	__kc_ge;							\
})

#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __kc_pu = (x);				\
	copy_to_user((ptr), &__kc_pu, sizeof(*(ptr))) ? -EFAULT : 0;	\
})

#endif /* _KC_LINUX_UACCESS_H */
