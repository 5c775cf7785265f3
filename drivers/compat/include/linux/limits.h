/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the uapi <linux/limits.h> (libc's <limits.h> includes
 * it, so the POSIX values must be the real ones) and adds the kernel's
 * U8_MAX..S64_MIN. INT_MAX and friends come from libc's <limits.h>.
 */
#ifndef _KC_LINUX_LIMITS_H
#define _KC_LINUX_LIMITS_H

#define NR_OPEN		1024
#define NGROUPS_MAX	65536
#define ARG_MAX		131072
#define LINK_MAX	127
#define MAX_CANON	255
#define MAX_INPUT	255
#define NAME_MAX	255
#define PATH_MAX	4096
#define PIPE_BUF	4096
#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536
#define XATTR_LIST_MAX	65536
#define RTSIG_MAX	32

#define U8_MAX		((unsigned char)~0U)
#define S8_MAX		((signed char)(U8_MAX >> 1))
#define S8_MIN		((signed char)(-S8_MAX - 1))
#define U16_MAX		((unsigned short)~0U)
#define S16_MAX		((short)(U16_MAX >> 1))
#define S16_MIN		((short)(-S16_MAX - 1))
#define U32_MAX		(~0U)
#define S32_MAX		((int)(U32_MAX >> 1))
#define S32_MIN		((int)(-S32_MAX - 1))
#define U64_MAX		(~0ULL)
#define S64_MAX		((long long)(U64_MAX >> 1))
#define S64_MIN		((long long)(-S64_MAX - 1))

#endif /* _KC_LINUX_LIMITS_H */
