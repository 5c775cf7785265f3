/* SPDX-License-Identifier: GPL-2.0 */
/* compat: CUSTOMISES vmalloc as the tracked kernel heap (see slab.h). */
#ifndef _KC_LINUX_VMALLOC_H
#define _KC_LINUX_VMALLOC_H

#include <linux/slab.h>

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *p);

#define vzalloc_node(size, nid)	vzalloc(size)
#define vmalloc_node(size, nid)	vmalloc(size)

#endif /* _KC_LINUX_VMALLOC_H */
