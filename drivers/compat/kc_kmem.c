// SPDX-License-Identifier: GPL-2.0
/*
 * compat kernel heap: kmalloc/kzalloc/kcalloc/krealloc/kfree, vmalloc and
 * kvmalloc on the libc heap behind a tracking header (live count and
 * bytes, fail-nth KC_FAIL_KMALLOC, poison on alloc and free, everything
 * still live freed by kc_shutdown).
 */
#include <string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/bug.h>
#include "kc_internal.h"

#define KC_KMEM_MAGIC		0x6b634d454d6c6976ull	/* live block */
#define KC_KMEM_DEAD		0x6b634d454d646564ull	/* freed block */
#define KC_POISON_ALLOC		0x5a
#define KC_POISON_FREE		0x6b

struct kc_kmem_hdr {
	struct list_head node;
	size_t size;
	uint64_t magic;
};

_Static_assert(sizeof(struct kc_kmem_hdr) % 16 == 0, "keep 16-byte alignment");

static LIST_HEAD(kc_kmem_live);

static void *kc_kmem_alloc(size_t size, bool zero)
{
	struct kc_kmem_hdr *h;

	if (kc_should_fail(KC_FAIL_KMALLOC))
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > ((size_t)1 << 40))
		return NULL;
	h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = KC_KMEM_MAGIC;
	list_add_tail(&h->node, &kc_kmem_live);
	memset(h + 1, zero ? 0 : KC_POISON_ALLOC, size);
	kc.cnt.kmalloc_live++;
	kc.cnt.kmalloc_live_bytes += size;
	kc.cnt.kmalloc_total++;
	return h + 1;
}

static struct kc_kmem_hdr *kc_kmem_hdr(const void *p)
{
	struct kc_kmem_hdr *h = (struct kc_kmem_hdr *)p - 1;

	if (h->magic == KC_KMEM_DEAD)
		kc_bug(__FILE__, __LINE__, __func__, "double kfree");
	if (h->magic != KC_KMEM_MAGIC)
		kc_bug(__FILE__, __LINE__, __func__,
		       "kfree of a pointer kmalloc did not return");
	return h;
}

static void kc_kmem_release(struct kc_kmem_hdr *h)
{
	list_del(&h->node);
	kc.cnt.kmalloc_live--;
	kc.cnt.kmalloc_live_bytes -= h->size;
	memset(h + 1, KC_POISON_FREE, h->size);
	h->magic = KC_KMEM_DEAD;
	free(h);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return kc_kmem_alloc(size, (gfp & __GFP_ZERO) != 0);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kc_kmem_alloc(size, true);
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, gfp);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

size_t ksize(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return 0;
	return kc_kmem_hdr(p)->size;
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t old = ksize(p);
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	n = kmalloc(new_size, gfp);
	if (!n)
		return NULL;
	if (old)
		memcpy(n, p, old < new_size ? old : new_size);
	kfree(p);
	return n;
}

void kfree(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	kc_kmem_release(kc_kmem_hdr(p));
}

void *kvmalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp);
}

void *kvzalloc(size_t size, gfp_t gfp)
{
	return kzalloc(size, gfp);
}

void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kcalloc(n, size, gfp);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp);
}

void kvfree(const void *p)
{
	kfree(p);
}

void *vmalloc(unsigned long size)
{
	return kmalloc(size, GFP_KERNEL);
}

void *vzalloc(unsigned long size)
{
	return kzalloc(size, GFP_KERNEL);
}

void vfree(const void *p)
{
	kfree(p);
}

void kc_kmem_sweep(void)
{
	while (!list_empty(&kc_kmem_live))
		kc_kmem_release(list_first_entry(&kc_kmem_live,
						 struct kc_kmem_hdr, node));
}
