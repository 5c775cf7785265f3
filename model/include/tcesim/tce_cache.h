/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Functional TCE cache: leaf TCEs the translation unit fetched, tagged by
 * (PE, window, IO page number within the window, IO page shift). It holds
 * what the hardware would hold and nothing more: a cached TCE stays in use
 * until a kill removes it, even after the table in memory changed (that
 * staleness is real hardware behaviour, which is why drivers kill).
 *
 * Lookup and fill are separate calls, so a cycle model can put latency
 * between them: lookup reports hit/miss (and refreshes LRU on a hit);
 * fill inserts after the walk, evicting by policy when the set is full.
 *
 * Geometry: entries = sets * ways; ways == 0 or ways == entries means
 * fully associative (one set). The set index is the page number modulo
 * the number of sets.
 */
#ifndef TCESIM_TCE_CACHE_H
#define TCESIM_TCE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/param.h"
#include "tcesim/stats.h"

enum tce_cache_policy {
	TCE_CACHE_LRU = 0,	/* evict the least recently used entry */
	TCE_CACHE_FIFO,		/* evict the oldest fill */
	TCE_CACHE_RANDOM,	/* evict a pseudo-random way (seeded) */
};

/* Parameters, once (row form in tcesim/param.h); cross-row rule checked
   by tce_cache_params_check(): ways divides entries. */
#define TCE_CACHE_PARAMS(X) \
	X("tce_cache", entries, SIM_PARAM_U64, 64, 1, 65536, NULL, "entries", \
	  "reference", "TCE cache entries (TCAM/TDR sized 64)") \
	X("tce_cache", ways, SIM_PARAM_U64, 0, 0, 65536, NULL, "ways", \
	  "reference", "associativity; 0 = fully associative") \
	X("tce_cache", policy, SIM_PARAM_ENUM, 0, 0, 2, "lru|fifo|random", \
	  "policy", "reference", "replacement policy") \
	X("tce_cache", seed, SIM_PARAM_U64, 1, 0, UINT64_MAX, NULL, "seed", \
	  "inference", "seed of the random replacement policy")

struct tce_cache_params {
	unsigned entries;	/* total entries */
	unsigned ways;		/* 0 = fully associative */
	enum tce_cache_policy policy;
	uint64_t seed;		/* RANDOM policy seed */
};

struct tce_cache_key {
	uint16_t pe;		/* PE number */
	uint16_t window;	/* window within the PE (TVE# & 1 on PHB3) */
	uint8_t page_shift;	/* log2 IO page size */
	uint8_t win_shift;	/* log2 window size (for kill-one matching;
				   not part of the tag) */
	uint64_t page;		/* IO page number within the window */
};

/* Counters, in report order (C rows as in tcesim/stats.h). */
#define TCE_CACHE_STATS(C, V) \
	C(lookups, "lookups", "count", "TCE cache lookups") \
	C(hits, "hits", "count", "TCE cache hits") \
	C(misses, "misses", "count", "TCE cache misses") \
	C(insertions, "insertions", "count", "TCE cache fills that created an entry") \
	C(evictions, "evictions", "count", "valid TCE cache entries replaced") \
	C(kill_all, "kill_all", "count", "kill-all operations") \
	C(kill_pe, "kill_pe", "count", "kill-PE operations") \
	C(kill_one, "kill_one", "count", "kill-one-page operations") \
	C(removed_all, "removed_all", "count", "entries removed by kill-all") \
	C(removed_pe, "removed_pe", "count", "entries removed by kill-PE") \
	C(removed_one, "removed_one", "count", "entries removed by kill-one")

struct tce_cache_stats {
	SIM_STATS_DECLARE(TCE_CACHE_STATS)
};

struct tce_cache;

void tce_cache_params_default(struct tce_cache_params *p);
/* 0, or -EINVAL for a bad geometry (entries 0 or > 65536, ways not
   dividing entries, unknown policy). */
int tce_cache_params_check(const struct tce_cache_params *p);
/* NULL on bad parameters or out of memory. */
struct tce_cache *tce_cache_create(const struct tce_cache_params *p);
void tce_cache_destroy(struct tce_cache *c);

/* true and *tce on a hit (LRU refreshed); false on a miss. */
bool tce_cache_lookup(struct tce_cache *c, const struct tce_cache_key *k,
		      uint64_t *tce);
/* The same without touching anything (no LRU refresh, no counter):
   for debug ports. */
bool tce_cache_peek(const struct tce_cache *c, const struct tce_cache_key *k,
		    uint64_t *tce);
/* Insert or update the entry for k. */
void tce_cache_fill(struct tce_cache *c, const struct tce_cache_key *k,
		    uint64_t tce);

/* Kills; each returns the number of entries removed. */
unsigned tce_cache_kill_all(struct tce_cache *c);
unsigned tce_cache_kill_pe(struct tce_cache *c, uint16_t pe);
/*
 * Remove the entries of PE pe, window `window`, whose IO page contains
 * window offset `offset` (the bus address without the window-select bit).
 */
unsigned tce_cache_kill_one(struct tce_cache *c, uint16_t pe,
			    uint16_t window, uint64_t offset);

unsigned tce_cache_valid_entries(const struct tce_cache *c);
const struct tce_cache_stats *tce_cache_get_stats(const struct tce_cache *c);
/* Register every counter as "<prefix>.<name>"; 0 or -errno. The counters
   live in c: unregister (free the registry) before destroying c. */
int tce_cache_register_stats(const struct tce_cache *c, struct sim_stats *s,
			     const char *prefix);
const struct tce_cache_params *tce_cache_get_params(const struct tce_cache *c);

/*
 * Checkpoint state (tcesim/state.h; layout in docs/images.md): the tick,
 * the random policy's generator state, the counters and, set by set,
 * every valid entry in replacement order (newest placed first) with its
 * way, tag, TCE, position and age, so that a restored cache hits, misses
 * and evicts exactly as the saved one would have, stale entries
 * included. Restore needs the same geometry and policy (tce_cache.entries,
 * tce_cache.ways, tce_cache.policy); the seed parameter is not needed
 * (the generator state is saved).
 */
struct sim_state_out;
struct sim_state_in;
int tce_cache_state_save(const struct tce_cache *c, struct sim_state_out *o);
int tce_cache_state_restore(struct tce_cache *c, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen);
/* "TCE cache: E entries, W ways, policy, V valid, H/L hits" of a payload;
   -EINVAL if malformed. */
int tce_cache_state_describe(const void *buf, size_t len, FILE *out);

#endif /* TCESIM_TCE_CACHE_H */
