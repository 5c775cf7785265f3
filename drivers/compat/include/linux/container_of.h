/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES container_of. */
#ifndef _KC_LINUX_CONTAINER_OF_H
#define _KC_LINUX_CONTAINER_OF_H

#include <stddef.h>

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif /* _KC_LINUX_CONTAINER_OF_H */
