/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES byte order. The simulated CPU is little-endian
 * (ppc64le, as mainline powernv), so cpu_to_be64() really swaps and a
 * missing conversion shows up as a wrong TCE in simulated memory.
 */
#ifndef _KC_LINUX_BYTEORDER_H
#define _KC_LINUX_BYTEORDER_H

#include <linux/types.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the compat layer models a little-endian CPU; build on a little-endian host"
#endif

#define swab16(x)	((u16)__builtin_bswap16((u16)(x)))
#define swab32(x)	((u32)__builtin_bswap32((u32)(x)))
#define swab64(x)	((u64)__builtin_bswap64((u64)(x)))

#define cpu_to_be16(x)	((__be16)swab16(x))
#define cpu_to_be32(x)	((__be32)swab32(x))
#define cpu_to_be64(x)	((__be64)swab64(x))
#define be16_to_cpu(x)	((u16)swab16(x))
#define be32_to_cpu(x)	((u32)swab32(x))
#define be64_to_cpu(x)	((u64)swab64(x))
#define cpu_to_le16(x)	((__le16)(u16)(x))
#define cpu_to_le32(x)	((__le32)(u32)(x))
#define cpu_to_le64(x)	((__le64)(u64)(x))
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))
#define be64_to_cpup(p)	be64_to_cpu(*(p))
#define be32_to_cpup(p)	be32_to_cpu(*(p))

#endif /* _KC_LINUX_BYTEORDER_H */
