// SPDX-License-Identifier: GPL-2.0
/*
 * Checkpoint state of simulated memory's allocator: every block (allocated
 * or free) and each free list in its order, so later allocations return
 * the same addresses; its counters. The bytes of RAM are saved elsewhere
 * (sim/images).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mem_internal.h"
#include "tcesim/state.h"

#define MEM_STATE_VERSION 1
#define NORDERS (MAX_ORDER - MIN_ORDER + 1)

/* One block as saved: address, order, free or not. */
struct blk_rec {
	uint64_t pa;
	uint8_t order;
	uint8_t is_free;
};

static int rec_cmp(const void *a, const void *b)
{
	const struct blk_rec *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

int sim_mem_state_save(const struct sim_mem *m, struct sim_state_out *o)
{
	struct blk_rec *v = malloc((m->hcount ? m->hcount : 1) * sizeof(*v));
	size_t i, n = 0;
	unsigned order;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < m->hsize; i++)
		for (struct blk *b = m->htab[i]; b; b = b->hnext)
			if (!b->is_free && n < m->hcount)
				v[n++] = (struct blk_rec){ b->pa, b->order, 0 };
	qsort(v, n, sizeof(*v), rec_cmp);
	sim_state_put_header(o, MEM_STATE_VERSION, 0);
	sim_state_put_u64(o, m->ram_bytes);
	sim_state_put_counters(o, &m->st, SIM_STATE_WORDS(m->st));
	sim_state_put_u64(o, m->fail_countdown);
	sim_state_put_u32(o, (uint32_t)n);
	for (i = 0; i < n; i++) {
		sim_state_put_u64(o, v[i].pa);
		sim_state_put_u8(o, v[i].order);
	}
	free(v);
	/* each free list from its head: the order allocations take them */
	for (order = MIN_ORDER; order <= MAX_ORDER; order++) {
		uint32_t cnt = 0;
		const struct blk *b;

		for (b = m->free_list[order]; b; b = b->next)
			cnt++;
		sim_state_put_u32(o, cnt);
		for (b = m->free_list[order]; b; b = b->next)
			sim_state_put_u64(o, b->pa);
	}
	return sim_state_out_status(o);
}

/* The parsed payload, before it replaces anything. */
struct mem_image {
	struct sim_mem_stats st;
	uint64_t fail_countdown;
	struct blk_rec *v;	/* allocated blocks, then free lists in order */
	size_t n, nalloc;
	uint32_t nfree[NORDERS];
};

static int parse_state(const struct sim_mem *m, struct sim_state_in *in,
		       struct mem_image *im, char *err, size_t errlen)
{
	const char *what = "memory";
	uint64_t ram, total = 0;
	uint32_t nalloc;
	struct blk_rec *sorted;
	unsigned order;
	size_t i;
	int rc = sim_state_get_header(in, what, MEM_STATE_VERSION, NULL, err,
				      errlen);

	if (rc)
		return rc;
	ram = sim_state_get_u64(in);
	if (!in->short_read && ram != m->ram_bytes)
		return sim_state_fail(err, errlen,
				      "%s: the checkpoint has %llu bytes of RAM, this machine %llu (ram)",
				      what, (unsigned long long)ram,
				      (unsigned long long)m->ram_bytes);
	rc = sim_state_get_counters(in, what, &im->st, SIM_STATE_WORDS(im->st),
				    err, errlen);
	if (rc)
		return rc;
	im->fail_countdown = sim_state_get_u64(in);
	nalloc = sim_state_get_u32(in);
	if (!sim_state_room(in, nalloc, 9))
		return sim_state_fail(err, errlen,
				      "%s: %u allocated blocks do not fit the payload",
				      what, nalloc);
	/* the whole payload bounds the block count: 8 bytes per free one */
	total = nalloc + sim_state_left(in) / 8;
	im->v = malloc((total ? total : 1) * sizeof(*im->v));
	if (!im->v)
		return -ENOMEM;
	for (i = 0; i < nalloc; i++) {
		im->v[i].pa = sim_state_get_u64(in);
		im->v[i].order = sim_state_get_u8(in);
		im->v[i].is_free = 0;
	}
	im->nalloc = im->n = nalloc;
	for (order = MIN_ORDER; order <= MAX_ORDER; order++) {
		uint32_t cnt = sim_state_get_u32(in);

		if (!sim_state_room(in, cnt, 8) || im->n + cnt > total)
			return sim_state_fail(err, errlen,
					      "%s: free list of order %u (%u blocks) does not fit the payload",
					      what, order, cnt);
		im->nfree[order - MIN_ORDER] = cnt;
		for (i = 0; i < cnt; i++)
			im->v[im->n++] = (struct blk_rec){
				sim_state_get_u64(in), (uint8_t)order, 1 };
	}
	rc = sim_state_end(in, what, err, errlen);
	if (rc)
		return rc;
	/* every block: a valid order, aligned, inside RAM, no overlaps */
	for (i = 0; i < im->n; i++) {
		const struct blk_rec *b = &im->v[i];

		if (b->order < MIN_ORDER || b->order > MAX_ORDER ||
		    (b->pa & ((1ull << b->order) - 1)) ||
		    !sim_mem_in_ram(m, b->pa, 1ull << b->order))
			return sim_state_fail(err, errlen,
					      "%s: block %#llx of order %u is not an aligned block inside RAM",
					      what, (unsigned long long)b->pa,
					      b->order);
	}
	sorted = malloc((im->n ? im->n : 1) * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, im->v, im->n * sizeof(*sorted));
	qsort(sorted, im->n, sizeof(*sorted), rec_cmp);
	for (i = 1; i < im->n; i++)
		if (sorted[i - 1].pa + (1ull << sorted[i - 1].order) >
		    sorted[i].pa) {
			rc = sim_state_fail(err, errlen,
					    "%s: blocks %#llx and %#llx overlap",
					    what,
					    (unsigned long long)sorted[i - 1].pa,
					    (unsigned long long)sorted[i].pa);
			break;
		}
	free(sorted);
	return rc;
}

/* Block records of im in a new table; the old ones are freed. */
static int rebuild(struct sim_mem *m, const struct mem_image *im)
{
	struct sim_mem nm = { .ram_bytes = m->ram_bytes, .base = m->base };
	struct blk *tail[MAX_ORDER + 1] = { NULL };
	size_t i;

	nm.hsize = 256;
	while (nm.hsize * 2 < im->n)
		nm.hsize *= 2;
	nm.htab = calloc(nm.hsize, sizeof(*nm.htab));
	if (!nm.htab)
		return -ENOMEM;
	for (i = 0; i < im->n; i++) {
		struct blk *b = mem_blk_add(&nm, im->v[i].pa, im->v[i].order);

		if (!b) {
			mem_blk_free_all(nm.htab, nm.hsize);
			return -ENOMEM;
		}
		if (!im->v[i].is_free)
			continue;
		/* append: the saved order of the list is kept */
		b->is_free = 1;
		b->next = NULL;
		b->prev = tail[b->order];
		if (tail[b->order])
			tail[b->order]->next = b;
		else
			nm.free_list[b->order] = b;
		tail[b->order] = b;
	}
	mem_blk_free_all(m->htab, m->hsize);
	m->htab = nm.htab;
	m->hsize = nm.hsize;
	m->hcount = nm.hcount;
	memcpy(m->free_list, nm.free_list, sizeof(m->free_list));
	return 0;
}

int sim_mem_state_restore(struct sim_mem *m, struct sim_state_in *in,
			  bool commit, char *err, size_t errlen)
{
	struct mem_image im;
	int rc;

	memset(&im, 0, sizeof(im));
	rc = parse_state(m, in, &im, err, errlen);
	if (!rc && commit) {
		rc = rebuild(m, &im);
		if (!rc) {
			m->st = im.st;
			m->fail_countdown = im.fail_countdown;
		} else {
			sim_state_fail(err, errlen,
				       "memory: out of host memory rebuilding the allocator");
		}
	}
	free(im.v);
	return rc;
}
