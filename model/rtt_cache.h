/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTT cache (RTC): RID -> raw RTT entry, fully associative, LRU. One
 * component for the two users: the functional PHB3 (which keeps the
 * entries it read) and the timing core's tag copy (which only needs
 * hit/miss and stores 0). Raw entries are cached as fetched, valid PE or
 * not; the cache knows nothing of the RTT in memory.
 *
 * Use: rtt_cache_lookup(); on a miss the caller reads the entry and calls
 * rtt_cache_fill() with the same RID before any other call (the lookup
 * chose the victim: an invalid slot if any, else the least recently used).
 */
#ifndef TCESIM_MODEL_RTT_CACHE_H
#define TCESIM_MODEL_RTT_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#define RTT_CACHE_MAX_ENTRIES 65536

/* Internals, here so the hit on the last slot used is inlined. */
struct rtt_slot {
	bool valid;
	uint16_t rid;
	uint16_t rte;		/* raw RTT entry as read */
	uint64_t used;		/* LRU tick */
};

struct rtt_cache {
	unsigned n;
	unsigned mru;		/* slot of the last hit */
	unsigned victim;	/* slot the last miss chose */
	uint64_t tick;		/* advances on every lookup */
	struct rtt_slot s[];
};

/* entries in 1..RTT_CACHE_MAX_ENTRIES; NULL otherwise or out of memory. */
struct rtt_cache *rtt_cache_create(unsigned entries);
void rtt_cache_destroy(struct rtt_cache *c);

/* The scan behind rtt_cache_lookup (tick already advanced). */
bool rtt_cache_scan(struct rtt_cache *c, uint16_t rid, uint16_t *rte);

/* true and *rte on a hit (LRU refreshed); false on a miss. */
static inline bool rtt_cache_lookup(struct rtt_cache *c, uint16_t rid,
				    uint16_t *rte)
{
	struct rtt_slot *m = &c->s[c->mru];

	c->tick++;
	if (m->valid && m->rid == rid) {
		m->used = c->tick;
		*rte = m->rte;
		return true;
	}
	return rtt_cache_scan(c, rid, rte);
}
/* After a miss for rid: keep rte in the victim the lookup chose. */
void rtt_cache_fill(struct rtt_cache *c, uint16_t rid, uint16_t rte);

void rtt_cache_invalidate_all(struct rtt_cache *c);
void rtt_cache_invalidate_rid(struct rtt_cache *c, uint16_t rid);

/*
 * Checkpoint state (tcesim/state.h): every slot (valid or not, RID, raw
 * entry, LRU tick), the tick, the last-hit and victim slots. Restore
 * needs the same number of entries ("rtc_entries").
 */
struct sim_state_out;
struct sim_state_in;
int rtt_cache_state_save(const struct rtt_cache *c, struct sim_state_out *o);
int rtt_cache_state_restore(struct rtt_cache *c, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen);
/* Copy the content of src into c (same size; false otherwise). */
bool rtt_cache_copy(struct rtt_cache *c, const struct rtt_cache *src);

#endif /* TCESIM_MODEL_RTT_CACHE_H */
