/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the kernel's fixed-width and special types. u64 is
 * unsigned long long as on every kernel architecture, so "%llx" is right
 * for u64. Also satisfies the system <linux/vfio.h>, which includes
 * <linux/types.h> for __u32/__u64/__aligned_u64.
 */
#ifndef _KC_LINUX_TYPES_H
#define _KC_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>		/* pid_t, ssize_t, loff_t, dev_t, off_t */
#include <linux/compiler.h>

typedef unsigned char		__u8;
typedef signed char		__s8;
typedef unsigned short		__u16;
typedef signed short		__s16;
typedef unsigned int		__u32;
typedef signed int		__s32;
typedef unsigned long long	__u64;
typedef signed long long	__s64;
typedef __u64 __attribute__((aligned(8))) __aligned_u64;

typedef __u8	u8;
typedef __s8	s8;
typedef __u16	u16;
typedef __s16	s16;
typedef __u32	u32;
typedef __s32	s32;
typedef __u64	u64;
typedef __s64	s64;

/* Byte-order annotated types: plain integers (no sparse). */
typedef __u16	__le16;
typedef __u16	__be16;
typedef __u32	__le32;
typedef __u32	__be32;
typedef __u64	__le64;
typedef __u64	__be64;

typedef u64	phys_addr_t;
typedef u64	dma_addr_t;
typedef u64	resource_size_t;
typedef unsigned int	gfp_t;
typedef unsigned int	fmode_t;
typedef unsigned short	umode_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

typedef atomic64_t atomic_long_t;

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
};
#define rcu_head callback_head

#endif /* _KC_LINUX_TYPES_H */
