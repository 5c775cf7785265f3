/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timing core internals shared by fetch_timing.c (life cycle, requests,
 * the miss path, kills), fetch_timing_mem.c (memory read path) and
 * fetch_timing_stats.c (histograms, statistics), and the lookup hit path,
 * inline here (Spike-style: the short hit path inline, the miss path out
 * of line in fetch_timing.c). Not a public header: see
 * tcesim/fetch_timing.h.
 */
#ifndef TCESIM_MODEL_FETCH_TIMING_INTERNAL_H
#define TCESIM_MODEL_FETCH_TIMING_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rtt_cache.h"
#include "tcesim/fetch_timing.h"

/* Latency histogram: exact below 1024 cycles, then 32 bins per octave. */
#define FT_HIST_EXACT 1024
#define FT_HIST_SUB 32
#define FT_HIST_BINS (FT_HIST_EXACT + (64 - 10) * FT_HIST_SUB)

struct ft_hist {
	uint64_t bin[FT_HIST_BINS];
	uint64_t n, max;
};

/* A fetch tag; its busy-until cycle is in fetch_timing.busy[] (same
   index), kept compact because every miss scans it. Tags that have held
   a line are on the chain of that line's bucket (ihead[], inext), so a
   lookup finds a fetch in flight for its line without scanning them all. */
struct ft_tag {
	uint64_t line;		/* IO page >> line shift */
	uint16_t pe;
	uint8_t window, ps;
	bool dropped;		/* cancelled by a kill: no merges */
	int8_t inext;		/* next tag on the bucket chain, or -1 */
	bool chained;		/* on a bucket chain */
};

/* Buckets of the in-flight index: a power of two >= 2 x the most tags. */
#define FT_IBUCKETS 128

/* A booked interval [s, e) of the memory read path. */
struct ft_mem_busy {
	uint64_t s, e;
};

struct fetch_timing {
	struct timing_params params;
	uint64_t kill_lat[XLATE_KILL_KINDS];	/* lat_kill_<kind>, by kind */
	unsigned line_shift;	/* 0 (8-byte fetches) or 3 (64-byte) */
	struct tce_cache *tc;	/* tag copy of the TCE cache */
	struct tce_cache *ic;	/* indirect entries (cache_indirect) */
	struct rtt_cache *rtc;	/* tag copy of the RTT cache */
	struct ft_tag *tags;
	uint64_t *busy;		/* per tag: free at this cycle */
	unsigned ntags;
	int8_t ihead[FT_IBUCKETS];	/* in-flight index: first tag or -1 */
	uint64_t tags_until;	/* no tag is busy at or after this cycle */

	uint64_t now;		/* last arrival */
	uint64_t next_accept;	/* front end: next request accepted */
	uint64_t next_slot;	/* lookup pipeline: next lookup enters */
	/* memory read path: booked busy intervals, sorted, disjoint;
	   live: mb[mb_head .. mb_head + mb_n), at most mb_cap of them, in
	   an array of 3 x mb_cap (inserts move the shorter side) */
	struct ft_mem_busy *mb;
	unsigned mb_head, mb_n, mb_cap;
	bool started;

	/* request in progress */
	uint64_t req_arrival, req_ready, req_done;
	/* latency of the next begin's RTT read (fetch_timing_next_rtt_latency),
	   or FETCH_TIMING_LAT_DEFAULT */
	uint64_t next_rtt_lat;

	struct fetch_timing_stats st;
	struct ft_hist walk_h, xlate_h;

	/* per-PE counters, registered the first time a PE is looked up */
	struct fetch_timing_pe_stats *pe;	/* [FETCH_TIMING_MAX_PES] */
	struct sim_stats *reg;		/* registry, or NULL (not registered) */
	char reg_prefix[96];
	/* PEs in the order their counters were registered (the report's
	   order; a checkpoint restores it) */
	uint16_t pe_order[FETCH_TIMING_MAX_PES];
	unsigned npe_order;
	/* restored from a checkpoint, not registered yet (saved order) */
	uint16_t pe_pending[FETCH_TIMING_MAX_PES];
	unsigned npe_pending;
};

/* fetch_timing_state.c: a bridge adapter's checkpoint payload (header of
   the given layout version, the adapter's two cycles, then the core
   nested), shared by timing_phb3.c and timing_p5ioc2.c. With more, the
   caller's own fields follow (restore leaves in after the core). */
struct sim_state_out;
struct sim_state_in;
int ft_adapter_save(const struct fetch_timing *t, uint32_t version,
		    unsigned unit, uint64_t last, uint64_t arrival,
		    struct sim_state_out *o);
int ft_adapter_restore(struct fetch_timing *t, struct sim_state_in *in,
		       uint32_t version, bool more, bool commit,
		       uint64_t *last, uint64_t *arrival, char *err,
		       size_t errlen);

/* fetch_timing_mem.c: one read of bytes issued at cycle at, taking lat
   cycles once it has the path (FETCH_TIMING_LAT_DEFAULT: lat_mem_read);
   returns the cycle its data is back. */
uint64_t ft_mem_read(struct fetch_timing *t, uint64_t at, unsigned bytes,
		     uint64_t lat);

/* fetch_timing_stats.c */
void ft_hist_add(struct ft_hist *h, uint64_t v);
uint64_t ft_hist_pct(const struct ft_hist *h, double q);
void ft_pe_register(struct fetch_timing *t, unsigned pe);

/* fetch_timing.c: the miss path of a lookup that neither hit nor merged,
   and the scan behind ft_find_inflight. */
uint64_t ft_miss(struct fetch_timing *t, const struct fetch_timing_page *pg,
		 struct fetch_timing_pe_stats *ps, uint64_t page,
		 uint64_t lookup_done);
struct ft_tag *ft_inflight_scan(struct fetch_timing *t, uint16_t pe,
				unsigned window, unsigned ps, uint64_t line,
				uint64_t at);

static inline uint64_t ft_max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Bucket of a line in the in-flight index. */
static inline unsigned ft_ibucket(uint16_t pe, unsigned window, unsigned ps,
				  uint64_t line)
{
	uint64_t x = line ^ (uint64_t)pe << 44 ^ (uint64_t)window << 60 ^
		     (uint64_t)ps << 52;

	return (unsigned)((x * 0x9E3779B97F4A7C15ull) >> 57);
}

/* A fetch in flight at cycle at for this line, or NULL. */
static inline struct ft_tag *ft_find_inflight(struct fetch_timing *t,
					      uint16_t pe, unsigned window,
					      unsigned ps, uint64_t line,
					      uint64_t at)
{
	if (at >= t->tags_until)
		return NULL;	/* nothing in flight */
	return ft_inflight_scan(t, pe, window, ps, line, at);
}

/* fetch_timing.c: rebuild ihead[] and the chains from tags[] */
void ft_index_rebuild(struct fetch_timing *t);

/* Built in one assignment: the small fields go out as one store, which
   the lookup right after can read back whole. */
static inline void ft_key_of(const struct fetch_timing_page *pg,
			     uint64_t page, struct tce_cache_key *k)
{
	*k = (struct tce_cache_key){
		.pe = pg->pe, .window = pg->window, .page_shift = pg->ps,
		.win_shift = pg->win_shift, .page = page,
	};
}

/* The PE's counters (NULL past FETCH_TIMING_MAX_PES); registers them on
   first use. */
static inline struct fetch_timing_pe_stats *ft_pe_stats(struct fetch_timing *t,
							 unsigned pe)
{
	struct fetch_timing_pe_stats *ps;

	if (pe >= FETCH_TIMING_MAX_PES)
		return NULL;
	ps = &t->pe[pe];
	if (!ps->lookups++ && t->reg)
		ft_pe_register(t, pe);
	return ps;
}

static inline void ft_record_page(struct fetch_timing *t, uint64_t done)
{
	if (done > t->req_done)
		t->req_done = done;
}

/*
 * One IO-page lookup: the hit path. A lookup slot every issue_interval
 * cycles, then the TCE cache (it refreshes LRU, as the CAM does); a bypass
 * page, a hit, or a miss on a line still being fetched (hit under miss)
 * ends here; anything else is a miss (ft_miss).
 */
static inline uint64_t ft_lookup(struct fetch_timing *t,
				 const struct fetch_timing_page *pg)
{
	uint64_t s = ft_max64(t->req_ready, t->next_slot), lookup_done, done;
	uint64_t page, dummy;
	struct fetch_timing_pe_stats *ps;
	struct tce_cache_key k;
	struct ft_tag *g;
	bool hit;

	t->next_slot = s + t->params.issue_interval;
	t->st.translations++;
	ps = ft_pe_stats(t, pg->pe);
	lookup_done = s + t->params.lat_hit;
	if (pg->bypass) {
		t->st.bypass++;
		ft_record_page(t, lookup_done);
		return lookup_done;
	}
	page = pg->offset >> pg->ps;
	ft_key_of(pg, page, &k);
	hit = tce_cache_lookup(t->tc, &k, &dummy);
	g = ft_find_inflight(t, pg->pe, pg->window, pg->ps,
			     page >> t->line_shift, s);
	if (g) {
		t->st.merges++;
		if (ps)
			ps->merges++;
		done = ft_max64(lookup_done, t->busy[g - t->tags]);
		ft_record_page(t, done);
		return done;
	}
	if (hit) {
		t->st.hits++;
		if (ps)
			ps->hits++;
		ft_record_page(t, lookup_done);
		return lookup_done;
	}
	return ft_miss(t, pg, ps, page, lookup_done);
}

#endif /* TCESIM_MODEL_FETCH_TIMING_INTERNAL_H */
