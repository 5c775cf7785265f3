/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the kernel heap: the libc heap behind a tracking
 * header. Live allocations and bytes are counted (kc_counters), kfree of
 * a pointer that is not live BUGs, everything still live is freed at
 * kc_shutdown(), and fail-nth (KC_FAIL_KMALLOC) makes the k-th allocation
 * return NULL. kmalloc(0) returns ZERO_SIZE_PTR. vmalloc/kvmalloc are the
 * same heap (no separate address space).
 */
#ifndef _KC_LINUX_SLAB_H
#define _KC_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void kfree(const void *p);
size_t ksize(const void *p);
void *kvmalloc(size_t size, gfp_t gfp);
void *kvzalloc(size_t size, gfp_t gfp);
void *kvcalloc(size_t n, size_t size, gfp_t gfp);
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);
void kvfree(const void *p);

#define kmalloc_node(size, gfp, nid)	kmalloc(size, gfp)
#define kzalloc_node(size, gfp, nid)	kzalloc(size, gfp)
#define kvzalloc_node(size, gfp, nid)	kvzalloc(size, gfp)

#endif /* _KC_LINUX_SLAB_H */
