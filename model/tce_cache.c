// SPDX-License-Identifier: GPL-2.0
/*
 * TCE cache: tag store, replacement (LRU / FIFO / seeded random) and the
 * three kill kinds. No knowledge of registers or tables (see tce_cache.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/tce_cache.h"

#define TCE_CACHE_MAX_ENTRIES 65536

struct tce_cache_entry {
	bool valid;
	struct tce_cache_key key;
	uint64_t tce;		/* leaf TCE as fetched */
	uint64_t used;		/* tick of the last hit or fill (LRU) */
	uint64_t filled;	/* tick of the fill (FIFO) */
};

struct tce_cache {
	struct tce_cache_params p;
	unsigned sets, ways;
	uint64_t tick;		/* advances on every lookup and fill */
	uint64_t rng;		/* xorshift64 state, RANDOM policy */
	struct tce_cache_stats st;
	struct tce_cache_entry e[];	/* sets * ways, set-major */
};

void tce_cache_params_default(struct tce_cache_params *p)
{
	p->entries = 64;
	p->ways = 0;
	p->policy = TCE_CACHE_LRU;
	p->seed = 1;
}

int tce_cache_params_check(const struct tce_cache_params *p)
{
	if (!p->entries || p->entries > TCE_CACHE_MAX_ENTRIES)
		return -EINVAL;
	if (p->ways > p->entries || (p->ways && p->entries % p->ways))
		return -EINVAL;
	if (p->policy != TCE_CACHE_LRU && p->policy != TCE_CACHE_FIFO &&
	    p->policy != TCE_CACHE_RANDOM)
		return -EINVAL;
	return 0;
}

struct tce_cache *tce_cache_create(const struct tce_cache_params *p)
{
	struct tce_cache *c;

	if (tce_cache_params_check(p))
		return NULL;
	c = calloc(1, sizeof(*c) + p->entries * sizeof(c->e[0]));
	if (!c)
		return NULL;
	c->p = *p;
	c->ways = p->ways ? p->ways : p->entries;
	c->sets = p->entries / c->ways;
	/* xorshift must not start at 0 */
	c->rng = p->seed ? p->seed : 0x9E3779B97F4A7C15ull;
	return c;
}

void tce_cache_destroy(struct tce_cache *c)
{
	free(c);
}

static bool key_eq(const struct tce_cache_key *a, const struct tce_cache_key *b)
{
	return a->pe == b->pe && a->window == b->window &&
	       a->page_shift == b->page_shift && a->page == b->page;
}

static struct tce_cache_entry *set_of(struct tce_cache *c, uint64_t page)
{
	return &c->e[(page % c->sets) * c->ways];
}

static struct tce_cache_entry *find(struct tce_cache *c,
				    const struct tce_cache_key *k)
{
	struct tce_cache_entry *s = set_of(c, k->page);
	unsigned w;

	for (w = 0; w < c->ways; w++)
		if (s[w].valid && key_eq(&s[w].key, k))
			return &s[w];
	return NULL;
}

bool tce_cache_lookup(struct tce_cache *c, const struct tce_cache_key *k,
		      uint64_t *tce)
{
	struct tce_cache_entry *e = find(c, k);

	c->tick++;
	c->st.lookups++;
	if (!e) {
		c->st.misses++;
		return false;
	}
	c->st.hits++;
	e->used = c->tick;
	*tce = e->tce;
	return true;
}

static uint64_t next_random(struct tce_cache *c)
{
	uint64_t x = c->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c->rng = x;
	return x;
}

static struct tce_cache_entry *victim(struct tce_cache *c,
				      struct tce_cache_entry *s)
{
	struct tce_cache_entry *v = &s[0];
	unsigned w;

	for (w = 0; w < c->ways; w++)
		if (!s[w].valid)
			return &s[w];
	switch (c->p.policy) {
	case TCE_CACHE_RANDOM:
		return &s[next_random(c) % c->ways];
	case TCE_CACHE_FIFO:
		for (w = 1; w < c->ways; w++)
			if (s[w].filled < v->filled)
				v = &s[w];
		return v;
	case TCE_CACHE_LRU:
	default:
		for (w = 1; w < c->ways; w++)
			if (s[w].used < v->used)
				v = &s[w];
		return v;
	}
}

void tce_cache_fill(struct tce_cache *c, const struct tce_cache_key *k,
		    uint64_t tce)
{
	struct tce_cache_entry *e = find(c, k);

	c->tick++;
	if (!e) {
		e = victim(c, set_of(c, k->page));
		if (e->valid)
			c->st.evictions++;
		c->st.insertions++;
		e->valid = true;
		e->filled = c->tick;
	}
	e->key = *k;
	e->tce = tce;
	e->used = c->tick;
}

unsigned tce_cache_kill_all(struct tce_cache *c)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		n += c->e[i].valid;
		c->e[i].valid = false;
	}
	c->st.kill_all++;
	c->st.removed_all += n;
	return n;
}

unsigned tce_cache_kill_pe(struct tce_cache *c, uint16_t pe)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		if (c->e[i].valid && c->e[i].key.pe == pe) {
			c->e[i].valid = false;
			n++;
		}
	}
	c->st.kill_pe++;
	c->st.removed_pe += n;
	return n;
}

unsigned tce_cache_kill_one(struct tce_cache *c, uint16_t pe,
			    uint16_t window, uint64_t offset)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		struct tce_cache_entry *e = &c->e[i];
		uint64_t off = offset;

		if (!e->valid || e->key.pe != pe || e->key.window != window)
			continue;
		/* an aliased (out-of-window) kill address names the same
		   TCE as its in-window image, as the walk would */
		if (e->key.win_shift < 64)
			off &= (1ull << e->key.win_shift) - 1;
		if ((off >> e->key.page_shift) == e->key.page) {
			e->valid = false;
			n++;
		}
	}
	c->st.kill_one++;
	c->st.removed_one += n;
	return n;
}

unsigned tce_cache_valid_entries(const struct tce_cache *c)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++)
		n += c->e[i].valid;
	return n;
}

const struct tce_cache_stats *tce_cache_get_stats(const struct tce_cache *c)
{
	return &c->st;
}

const struct tce_cache_params *tce_cache_get_params(const struct tce_cache *c)
{
	return &c->p;
}
