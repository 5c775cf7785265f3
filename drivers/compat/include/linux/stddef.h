/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES <linux/stddef.h>: offsetof, sizeof_field. */
#ifndef _KC_LINUX_STDDEF_H
#define _KC_LINUX_STDDEF_H

#include <stddef.h>

#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif /* _KC_LINUX_STDDEF_H */
