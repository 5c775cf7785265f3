/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES IDR/IDA as growable arrays on the tracked kernel heap
 * (storage is freed when the last id goes, so counters return to zero).
 */
#ifndef _KC_LINUX_IDR_H
#define _KC_LINUX_IDR_H

#include <linux/types.h>
#include <linux/gfp.h>

struct idr {
	void **slots;
	unsigned int nslots;
	unsigned int count;
};

#define IDR_INIT(name)		{ NULL, 0, 0 }
#define DEFINE_IDR(name)	struct idr name = IDR_INIT(name)

static inline void idr_init(struct idr *idr)
{
	idr->slots = NULL;
	idr->nslots = 0;
	idr->count = 0;
}

/* Lowest free id in [start, end) (end <= 0: no limit) for ptr (not NULL):
 * the id, -ENOSPC or -ENOMEM. */
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
void *idr_find(const struct idr *idr, unsigned long id);
void *idr_remove(struct idr *idr, unsigned long id);
void idr_destroy(struct idr *idr);
bool idr_is_empty(const struct idr *idr);

struct ida {
	struct idr idr;
};

#define DEFINE_IDA(name)	struct ida name = { IDR_INIT(name) }

static inline void ida_init(struct ida *ida)
{
	idr_init(&ida->idr);
}

/* Lowest free id in [min, max]: the id, -ENOSPC or -ENOMEM. */
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max,
		    gfp_t gfp);
void ida_free(struct ida *ida, unsigned int id);
void ida_destroy(struct ida *ida);

static inline int ida_alloc(struct ida *ida, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, 0x7fffffff, gfp);
}

static inline int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, max, gfp);
}

static inline int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp)
{
	return ida_alloc_range(ida, min, 0x7fffffff, gfp);
}

#define ida_simple_get(ida, start, end, gfp) \
	ida_alloc_range((ida), (start), (end) ? (end) - 1 : 0x7fffffff, (gfp))
#define ida_simple_remove(ida, id)	ida_free((ida), (id))

#endif /* _KC_LINUX_IDR_H */
