// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator of simulated memory: a binary buddy system over
 * [reserved_low, ram_bytes). Block records sit in a hash table keyed by
 * block address, so freeing finds its buddy in O(1); free blocks are also
 * on a per-order list.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "mem_internal.h"

/* ---- block records ------------------------------------------------------ */

static size_t hslot(const struct sim_mem *m, uint64_t pa)
{
	uint64_t h = (pa >> SIM_FRAME_SHIFT) * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 20) & (m->hsize - 1);
}

static struct blk *blk_find(struct sim_mem *m, uint64_t pa)
{
	struct blk *b;

	for (b = m->htab[hslot(m, pa)]; b; b = b->hnext)
		if (b->pa == pa)
			return b;
	return NULL;
}

static int blk_grow(struct sim_mem *m)
{
	size_t i, nsize = m->hsize * 2;
	struct blk **nt = calloc(nsize, sizeof(*nt));
	struct blk **old = m->htab;
	size_t osize = m->hsize;

	if (!nt)
		return -ENOMEM;
	m->htab = nt;
	m->hsize = nsize;
	for (i = 0; i < osize; i++) {
		struct blk *b = old[i], *n;

		for (; b; b = n) {
			size_t s = hslot(m, b->pa);

			n = b->hnext;
			b->hnext = nt[s];
			nt[s] = b;
		}
	}
	free(old);
	return 0;
}

struct blk *mem_blk_add(struct sim_mem *m, uint64_t pa, unsigned order)
{
	struct blk *b;
	size_t s;

	if (m->hcount >= m->hsize * 2 && blk_grow(m))
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->pa = pa;
	b->order = (uint8_t)order;
	s = hslot(m, pa);
	b->hnext = m->htab[s];
	m->htab[s] = b;
	m->hcount++;
	return b;
}

void mem_blk_free_all(struct blk **htab, size_t hsize)
{
	size_t i;

	for (i = 0; htab && i < hsize; i++) {
		struct blk *b = htab[i], *n;

		for (; b; b = n) {
			n = b->hnext;
			free(b);
		}
	}
	free(htab);
}

static void blk_del(struct sim_mem *m, struct blk *b)
{
	struct blk **pp = &m->htab[hslot(m, b->pa)];

	while (*pp != b)
		pp = &(*pp)->hnext;
	*pp = b->hnext;
	m->hcount--;
	free(b);
}

static void free_push(struct sim_mem *m, struct blk *b)
{
	b->is_free = 1;
	b->prev = NULL;
	b->next = m->free_list[b->order];
	if (b->next)
		b->next->prev = b;
	m->free_list[b->order] = b;
}

static void free_unlink(struct sim_mem *m, struct blk *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		m->free_list[b->order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	b->is_free = 0;
}

/* Add [pa, end) to the free lists as maximal aligned blocks. */
static int seed_free(struct sim_mem *m, uint64_t pa, uint64_t end)
{
	while (pa < end) {
		unsigned order = MAX_ORDER;
		struct blk *b;

		while (order > MIN_ORDER &&
		       ((pa & ((1ull << order) - 1)) ||
			pa + (1ull << order) > end))
			order--;
		b = mem_blk_add(m, pa, order);
		if (!b)
			return -ENOMEM;
		free_push(m, b);
		pa += 1ull << order;
	}
	return 0;
}

/* The allocator and its block records over [reserved_low, ram_bytes). */
int mem_alloc_init(struct sim_mem *m, uint64_t reserved_low)
{
	m->hsize = 256;
	m->htab = calloc(m->hsize, sizeof(*m->htab));
	if (!m->htab)
		return -ENOMEM;
	reserved_low = (reserved_low + SIM_FRAME_SIZE - 1) &
		       ~(SIM_FRAME_SIZE - 1);
	return seed_free(m, reserved_low, m->ram_bytes);
}

/* ---- allocation --------------------------------------------------------- */

static unsigned order_for(uint64_t size)
{
	unsigned order = MIN_ORDER;

	while (order < MAX_ORDER && (1ull << order) < size)
		order++;
	return order;
}

int sim_mem_alloc(struct sim_mem *m, uint64_t size, uint64_t align,
		  uint64_t *pa)
{
	unsigned want, o;
	struct blk *b;

	if (!size || size > (1ull << MAX_ORDER) || (align & (align - 1)) ||
	    align > (1ull << MAX_ORDER))
		return -EINVAL;
	if (m->fail_countdown && --m->fail_countdown == 0) {
		m->st.alloc_failures++;
		return -ENOMEM;
	}
	want = order_for(size);
	if (align > (1ull << want))
		want = order_for(align);
	for (o = want; o <= MAX_ORDER && !m->free_list[o]; o++)
		;
	if (o > MAX_ORDER) {
		m->st.alloc_failures++;
		return -ENOMEM;
	}
	b = m->free_list[o];
	free_unlink(m, b);
	while (o > want) {
		struct blk *upper;

		o--;
		upper = mem_blk_add(m, b->pa + (1ull << o), o);
		if (!upper) {
			/* Undo: put the remainder back whole. */
			b->order = (uint8_t)(o + 1);
			free_push(m, b);
			m->st.alloc_failures++;
			return -ENOMEM;
		}
		free_push(m, upper);
		b->order = (uint8_t)o;
	}
	m->st.alloc_calls++;
	m->st.alloc_bytes += 1ull << want;
	if (m->st.alloc_bytes > m->st.alloc_bytes_peak)
		m->st.alloc_bytes_peak = m->st.alloc_bytes;
	*pa = b->pa;
	/* built-in RAM reads zero there already (fresh, or dropped when
	   freed), so does embedder memory that started zeroed (cleared when
	   freed); other embedder memory holds whatever it held */
	if (m->backed && !m->be.zeroed) {
		int rc = mem_backed_fill(m, b->pa, 0, 1ull << want);

		if (rc) {
			sim_mem_free(m, b->pa);
			m->st.alloc_failures++;
			return rc;
		}
	}
	return 0;
}

int sim_mem_free(struct sim_mem *m, uint64_t pa)
{
	struct blk *b = blk_find(m, pa);
	unsigned order;

	if (!b || b->is_free)
		return -EINVAL;
	order = b->order;
	m->st.free_calls++;
	m->st.alloc_bytes -= 1ull << order;
	if (m->map)
		madvise(m->map + pa, 1ull << order, MADV_DONTNEED);
	else if (m->be.zeroed)
		mem_backed_clear(m, pa, 1ull << order);
	blk_del(m, b);

	/* Coalesce with free buddies. */
	while (order < MAX_ORDER) {
		uint64_t buddy_pa = pa ^ (1ull << order);
		struct blk *buddy = blk_find(m, buddy_pa);

		if (!buddy || !buddy->is_free || buddy->order != order)
			break;
		free_unlink(m, buddy);
		blk_del(m, buddy);
		pa &= ~(1ull << order);
		order++;
	}
	b = mem_blk_add(m, pa, order);
	if (!b)
		return -ENOMEM; /* host OOM: the block is lost, not reused */
	free_push(m, b);
	return 0;
}

uint64_t sim_mem_block_size(struct sim_mem *m, uint64_t pa)
{
	struct blk *b = blk_find(m, pa);

	return (b && !b->is_free) ? 1ull << b->order : 0;
}

void sim_mem_fail_nth(struct sim_mem *m, uint64_t nth)
{
	m->fail_countdown = nth;
}

void sim_mem_get_stats(const struct sim_mem *m, struct sim_mem_stats *st)
{
	*st = m->st;
}
