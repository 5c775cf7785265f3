/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the rlimit numbers and struct rlimit. */
#ifndef _KC_LINUX_RESOURCE_H
#define _KC_LINUX_RESOURCE_H

#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIM_NLIMITS		16
#define RLIM_INFINITY		(~0UL)

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

#endif /* _KC_LINUX_RESOURCE_H */
