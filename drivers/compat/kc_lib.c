// SPDX-License-Identifier: GPL-2.0
/*
 * compat library routines: string helpers on the kernel heap, bit
 * searching and bitmaps, IDR/IDA, device names and refcounts, dev_printk.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/bitmap.h>
#include <linux/idr.h>
#include <linux/device.h>
#include "kc_internal.h"

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = kmalloc(n, gfp);
	if (d)
		memcpy(d, s, n);
	return d;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *d = kmalloc(len, gfp);

	if (d && len)
		memcpy(d, src, len);
	return d;
}

ssize_t strscpy(char *dst, const char *src, size_t count)
{
	size_t n;

	if (!count)
		return -E2BIG;
	n = strnlen(src, count);
	if (n == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return (ssize_t)n;
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = kmalloc((size_t)n + 1, gfp);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	v = strtoul(s, &end, (int)base);
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}

/* --- bits ------------------------------------------------------------ */

static unsigned long kc_find_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset, unsigned long invert)
{
	while (offset < size) {
		unsigned long word = addr[offset / BITS_PER_LONG] ^ invert;

		word &= ~0UL << (offset % BITS_PER_LONG);
		if (word) {
			unsigned long bit = (offset & ~(BITS_PER_LONG - 1UL)) +
					    __ffs(word);

			return bit < size ? bit : size;
		}
		offset = (offset | (BITS_PER_LONG - 1UL)) + 1;
	}
	return size;
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
			    unsigned long offset)
{
	return kc_find_bit(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr,
				 unsigned long size, unsigned long offset)
{
	return kc_find_bit(addr, size, offset, ~0UL);
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr)
{
	unsigned long i;

	for (i = start; i < start + nr; i++)
		__set_bit(i, map);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr)
{
	unsigned long i;

	for (i = start; i < start + nr; i++)
		__clear_bit(i, map);
}

bool bitmap_empty(const unsigned long *map, unsigned long nbits)
{
	return find_next_bit(map, nbits, 0) >= nbits;
}

bool bitmap_full(const unsigned long *map, unsigned long nbits)
{
	return find_next_zero_bit(map, nbits, 0) >= nbits;
}

unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits)
{
	unsigned long i, w = 0;

	for (i = 0; i < nbits; i++)
		w += test_bit(i, map);
	return w;
}

unsigned long bitmap_find_next_zero_area(unsigned long *map,
					 unsigned long size,
					 unsigned long start,
					 unsigned int nr,
					 unsigned long align_mask)
{
	unsigned long index, end, busy;

	for (;;) {
		index = find_next_zero_bit(map, size, start);
		index = (index + align_mask) & ~align_mask;
		end = index + nr;
		if (end > size)
			return end;
		busy = find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}

unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags)
{
	return kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), flags);
}

void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}

/* --- IDR / IDA ------------------------------------------------------- */

int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	unsigned int id, limit;

	if (start < 0 || !ptr)
		return -EINVAL;
	limit = end <= 0 ? 0x7fffffffU : (unsigned int)end;
	for (id = (unsigned int)start; id < limit; id++) {
		if (id >= idr->nslots) {
			unsigned int n = idr->nslots ? idr->nslots : 16;
			void **slots;

			while (n <= id)
				n *= 2;
			slots = kcalloc(n, sizeof(void *), gfp);
			if (!slots)
				return -ENOMEM;
			if (idr->nslots)
				memcpy(slots, idr->slots,
				       idr->nslots * sizeof(void *));
			kfree(idr->slots);
			idr->slots = slots;
			idr->nslots = n;
		}
		if (!idr->slots[id]) {
			idr->slots[id] = ptr;
			idr->count++;
			return (int)id;
		}
	}
	return -ENOSPC;
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	return id < idr->nslots ? idr->slots[id] : NULL;
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	void *p = idr_find(idr, id);

	if (!p)
		return NULL;
	idr->slots[id] = NULL;
	if (--idr->count == 0)
		idr_destroy(idr);
	return p;
}

void idr_destroy(struct idr *idr)
{
	kfree(idr->slots);
	idr->slots = NULL;
	idr->nslots = 0;
	idr->count = 0;
}

bool idr_is_empty(const struct idr *idr)
{
	return idr->count == 0;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max,
		    gfp_t gfp)
{
	if (max > 0x7ffffffeU)
		max = 0x7ffffffeU;
	if (min > max)
		return -ENOSPC;
	return idr_alloc(&ida->idr, (void *)1, (int)min, (int)max + 1, gfp);
}

void ida_free(struct ida *ida, unsigned int id)
{
	WARN_ON(!idr_remove(&ida->idr, id));
}

void ida_destroy(struct ida *ida)
{
	idr_destroy(&ida->idr);
}

/* --- struct device --------------------------------------------------- */

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dev->kc_name, sizeof(dev->kc_name), fmt, ap);
	va_end(ap);
	return 0;
}

void device_initialize(struct device *dev)
{
	kref_init(&dev->kref);
}

struct device *get_device(struct device *dev)
{
	if (dev)
		kref_get(&dev->kref);
	return dev;
}

static void kc_device_release(struct kref *kref)
{
	struct device *dev = container_of(kref, struct device, kref);

	if (dev->release)
		dev->release(dev);
}

void put_device(struct device *dev)
{
	if (dev)
		kref_put(&dev->kref, kc_device_release);
}

void kc_dev_printk(const char *level, const struct device *dev,
		   const char *fmt, ...)
{
	char msg[400], line[512];
	int lvl = LOGLEVEL_WARNING;
	va_list ap;

	if (level[0] == KERN_SOH[0] && level[1] >= '0' && level[1] <= '7')
		lvl = level[1] - '0';
	if (lvl > kc.cfg.loglevel)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s: %s",
		 dev ? dev_name(dev) : "(NULL device)", msg);
	kc_log_line(lvl, line);
}
