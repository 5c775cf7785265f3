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
#include <stdint.h>

enum tce_cache_policy {
	TCE_CACHE_LRU = 0,	/* evict the least recently used entry */
	TCE_CACHE_FIFO,		/* evict the oldest fill */
	TCE_CACHE_RANDOM,	/* evict a pseudo-random way (seeded) */
};

struct tce_cache_params {
	unsigned entries;	/* total entries (default 64) */
	unsigned ways;		/* 0 = fully associative (default) */
	enum tce_cache_policy policy; /* default LRU */
	uint64_t seed;		/* RANDOM policy seed (default 1) */
};

struct tce_cache_key {
	uint16_t pe;		/* PE number */
	uint16_t window;	/* window within the PE (TVE# & 1 on PHB3) */
	uint8_t page_shift;	/* log2 IO page size */
	uint8_t win_shift;	/* log2 window size (for kill-one matching;
				   not part of the tag) */
	uint64_t page;		/* IO page number within the window */
};

struct tce_cache_stats {
	uint64_t lookups;	/* tce_cache_lookup() calls */
	uint64_t hits;
	uint64_t misses;
	uint64_t insertions;	/* fills that created an entry */
	uint64_t evictions;	/* valid entries replaced by a fill */
	uint64_t kill_all;	/* kill-all operations */
	uint64_t kill_pe;	/* kill-PE operations */
	uint64_t kill_one;	/* kill-one-page operations */
	uint64_t removed_all;	/* entries removed by kill-all */
	uint64_t removed_pe;	/* entries removed by kill-PE */
	uint64_t removed_one;	/* entries removed by kill-one */
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
const struct tce_cache_params *tce_cache_get_params(const struct tce_cache *c);

#endif /* TCESIM_TCE_CACHE_H */
