/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the bitmap API used by the IOMMU table allocator. */
#ifndef _KC_LINUX_BITMAP_H
#define _KC_LINUX_BITMAP_H

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/string.h>

#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr);
bool bitmap_empty(const unsigned long *map, unsigned long nbits);
bool bitmap_full(const unsigned long *map, unsigned long nbits);
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits);
/*
 * First index >= start of a run of nr clear bits below size whose index
 * satisfies (index & align_mask) == 0; a value > size - nr when none.
 */
unsigned long bitmap_find_next_zero_area(unsigned long *map,
					 unsigned long size,
					 unsigned long start,
					 unsigned int nr,
					 unsigned long align_mask);
unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t flags);
void bitmap_free(const unsigned long *bitmap);

static inline void bitmap_zero(unsigned long *dst, unsigned long nbits)
{
	memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

static inline void bitmap_fill(unsigned long *dst, unsigned long nbits)
{
	bitmap_set(dst, 0, nbits);
}

#endif /* _KC_LINUX_BITMAP_H */
