// SPDX-License-Identifier: GPL-2.0
/*
 * RTT cache (see rtt_cache.h). A lookup first tries the slot of the last
 * hit (a stream from one device hits it every time; inline in the
 * header), then scans every slot, remembering the victim for the fill
 * that follows a miss: the first invalid slot, else the least recently
 * used one.
 */
#include <stdlib.h>
#include <string.h>

#include "rtt_cache.h"
#include "tcesim/state.h"

#define RTT_STATE_VERSION 1

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

/* ---- checkpoint state ---- */

int rtt_cache_state_save(const struct rtt_cache *c, struct sim_state_out *o)
{
	unsigned i;

	sim_state_put_header(o, RTT_STATE_VERSION, 0);
	sim_state_put_u32(o, c->n);
	sim_state_put_u32(o, c->mru);
	sim_state_put_u32(o, c->victim);
	sim_state_put_u64(o, c->tick);
	for (i = 0; i < c->n; i++) {
		sim_state_put_u8(o, c->s[i].valid);
		sim_state_put_u16(o, c->s[i].rid);
		sim_state_put_u16(o, c->s[i].rte);
		sim_state_put_u64(o, c->s[i].used);
	}
	return sim_state_out_status(o);
}

int rtt_cache_state_restore(struct rtt_cache *c, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen)
{
	const char *what = "RTT cache";
	uint32_t n, mru, victim;
	uint64_t tick;
	size_t at;
	unsigned i;
	int rc = sim_state_get_header(in, what, RTT_STATE_VERSION, NULL, err,
				      errlen);

	if (rc)
		return rc;
	n = sim_state_get_u32(in);
	mru = sim_state_get_u32(in);
	victim = sim_state_get_u32(in);
	tick = sim_state_get_u64(in);
	if (in->short_read)
		return sim_state_end(in, what, err, errlen);
	if (n != c->n)
		return sim_state_fail(err, errlen,
				      "%s: %u entries in the checkpoint, %u in this machine (rtc_entries)",
				      what, n, c->n);
	if (mru >= n || victim >= n)
		return sim_state_fail(err, errlen,
				      "%s: slot index out of range (last hit %u, victim %u of %u)",
				      what, mru, victim, n);
	if (!sim_state_room(in, n, 13))
		return sim_state_end(in, what, err, errlen);
	at = in->off;
	for (i = 0; i < n; i++) {
		uint8_t valid = sim_state_get_u8(in);

		sim_state_get_u16(in);
		sim_state_get_u16(in);
		if (valid > 1)
			return sim_state_fail(err, errlen,
					      "%s: slot %u: valid flag %u", what,
					      i, valid);
		sim_state_get_u64(in);
	}
	rc = sim_state_end(in, what, err, errlen);
	if (rc || !commit)
		return rc;
	c->mru = mru;
	c->victim = victim;
	c->tick = tick;
	in->off = at;
	for (i = 0; i < n; i++) {
		c->s[i].valid = sim_state_get_u8(in);
		c->s[i].rid = sim_state_get_u16(in);
		c->s[i].rte = sim_state_get_u16(in);
		c->s[i].used = sim_state_get_u64(in);
	}
	return 0;
}

bool rtt_cache_copy(struct rtt_cache *c, const struct rtt_cache *src)
{
	if (c->n != src->n)
		return false;
	c->mru = src->mru;
	c->victim = src->victim;
	c->tick = src->tick;
	memcpy(c->s, src->s, c->n * sizeof(c->s[0]));
	return true;
}
