// SPDX-License-Identifier: GPL-2.0
/*
 * RTT cache (see rtt_cache.h). A lookup first tries the slot of the last
 * hit (a stream from one device hits it every time; inline in the
 * header), then scans every slot, remembering the victim for the fill
 * that follows a miss: the first invalid slot, else the least recently
 * used one.
 */
#include <stdlib.h>

#include "rtt_cache.h"

struct rtt_cache *rtt_cache_create(unsigned entries)
{
	struct rtt_cache *c;

	if (!entries || entries > RTT_CACHE_MAX_ENTRIES)
		return NULL;
	c = calloc(1, sizeof(*c) + entries * sizeof(c->s[0]));
	if (c)
		c->n = entries;
	return c;
}

void rtt_cache_destroy(struct rtt_cache *c)
{
	free(c);
}

bool rtt_cache_scan(struct rtt_cache *c, uint16_t rid, uint16_t *rte)
{
	unsigned i, v = 0;

	for (i = 0; i < c->n; i++) {
		struct rtt_slot *s = &c->s[i];

		if (s->valid && s->rid == rid) {
			s->used = c->tick;
			c->mru = i;
			*rte = s->rte;
			return true;
		}
		if (c->s[v].valid && (!s->valid || s->used < c->s[v].used))
			v = i;
	}
	c->victim = v;
	return false;
}

void rtt_cache_fill(struct rtt_cache *c, uint16_t rid, uint16_t rte)
{
	struct rtt_slot *s = &c->s[c->victim];

	s->valid = true;
	s->rid = rid;
	s->rte = rte;
	s->used = c->tick;
}

void rtt_cache_invalidate_all(struct rtt_cache *c)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		c->s[i].valid = false;
}

void rtt_cache_invalidate_rid(struct rtt_cache *c, uint16_t rid)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		if (c->s[i].rid == rid)
			c->s[i].valid = false;
}
