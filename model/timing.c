// SPDX-License-Identifier: GPL-2.0
/*
 * Timing core of the PHB3 TCE fetch unit (see tcesim/timing.h): the tag
 * copies of the RTT cache, TCE cache and indirect cache, the outstanding
 * fetch tags, the memory read path and the lookup pipeline, all driven by
 * one clock in PHB cycles. Resources are "free at cycle" values, so a
 * request is timed in O(tags) without an event queue; requests must come
 * in arrival order.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtt_cache.h"
#include "tcesim/timing.h"

#define KIND_ALL 0
#define KIND_PE 1
#define KIND_ONE 2

/* ---- parameters ---- */

void timing_params_default(struct timing_params *p)
{
#define TIMING_DEF(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	p->name = (def);
	TCESIM_TIMING_PARAMS(TIMING_DEF)
#undef TIMING_DEF
}

static bool in_range(uint64_t v, uint64_t mn, uint64_t mx)
{
	return v >= mn && v <= mx;
}

int timing_params_check(const struct timing_params *p)
{
	if (!p)
		return -EINVAL;
#define TIMING_CHK(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	if (!in_range(p->name, (mn), (mx))) \
		return -EINVAL;
	TCESIM_TIMING_PARAMS(TIMING_CHK)
#undef TIMING_CHK
	return 0;
}

unsigned timing_line_bytes(const struct timing_params *p)
{
	return p->line_bytes ? 64 : 8;
}

/* ---- latency histogram: exact below 1024 cycles, then 32 bins/octave ---- */

#define HIST_EXACT 1024
#define HIST_SUB 32
#define HIST_BINS (HIST_EXACT + (64 - 10) * HIST_SUB)

struct hist {
	uint64_t bin[HIST_BINS];
	uint64_t n, max;
};

static unsigned hist_bin(uint64_t v)
{
	unsigned e;

	if (v < HIST_EXACT)
		return (unsigned)v;
	e = 63 - (unsigned)__builtin_clzll(v);	/* 10..63 */
	return HIST_EXACT + (e - 10) * HIST_SUB +
	       (unsigned)((v >> (e - 5)) & (HIST_SUB - 1));
}

static uint64_t hist_bin_low(unsigned b)
{
	unsigned e, sub;

	if (b < HIST_EXACT)
		return b;
	e = (b - HIST_EXACT) / HIST_SUB + 10;
	sub = (b - HIST_EXACT) % HIST_SUB;
	return (1ull << e) | ((uint64_t)sub << (e - 5));
}

static void hist_add(struct hist *h, uint64_t v)
{
	h->bin[hist_bin(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* Smallest recorded bin value with at least ceil(q * n) values at or below. */
static uint64_t hist_pct(const struct hist *h, double q)
{
	uint64_t need, acc = 0;
	unsigned b;

	if (!h->n)
		return 0;
	if (q <= 0)
		q = 1e-12;
	if (q > 1)
		q = 1;
	need = (uint64_t)(q * (double)h->n);
	if ((double)need < q * (double)h->n)
		need++;
	if (!need)
		need = 1;
	for (b = 0; b < HIST_BINS; b++) {
		acc += h->bin[b];
		if (acc >= need)
			return hist_bin_low(b);
	}
	return h->max;
}

/* ---- the unit ---- */

/* A fetch tag; its busy-until cycle is in timing.busy[] (same index),
   kept compact because every miss scans it. */
struct tag {
	uint64_t line;		/* IO page >> line shift */
	uint16_t pe;
	uint8_t window, ps;
	bool dropped;		/* cancelled by a kill: no merges */
};

struct timing {
	struct timing_params p;
	unsigned line_shift;	/* 0 (8-byte fetches) or 3 (64-byte) */
	struct tce_cache *tc;	/* tag copy of the TCE cache */
	struct tce_cache *ic;	/* indirect entries (cache_indirect) */
	struct rtt_cache *rtc;	/* tag copy of the RTT cache */
	struct tag *tags;
	uint64_t *busy;		/* per tag: free at this cycle */
	unsigned ntags;
	uint64_t tags_until;	/* no tag is busy at or after this cycle */

	uint64_t now;		/* last arrival */
	uint64_t next_accept;	/* front end: next request accepted */
	uint64_t next_slot;	/* lookup pipeline: next lookup enters */
	/* memory read path: booked busy intervals [s, e), sorted, disjoint */
	struct mem_busy {
		uint64_t s, e;
	} *mb;
	unsigned mb_head, mb_n, mb_cap; /* live: mb[mb_head .. mb_head+mb_n) */
	bool started;

	/* request in progress */
	uint64_t req_arrival, req_ready, req_done;

	struct timing_stats st;
	struct hist walk_h, xlate_h;

	/* per-PE counters, registered the first time a PE is looked up */
	struct timing_pe_stats *pe;	/* [TIMING_MAX_PES] */
	struct sim_stats *reg;		/* registry, or NULL (not registered) */
	char reg_prefix[96];

	void (*epoch_fn)(void *ctx, long epoch);
	void *epoch_ctx;
	long epoch_next;	/* index of the next epoch to report */
};

struct timing *timing_create(const struct timing_params *p,
			     const struct tce_cache_params *cache,
			     unsigned rtc_entries)
{
	struct tce_cache_params icp;
	struct timing *t;

	if (!p || !cache || timing_params_check(p) ||
	    tce_cache_params_check(cache) || !rtc_entries ||
	    rtc_entries > RTT_CACHE_MAX_ENTRIES)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->p = *p;
	t->line_shift = p->line_bytes ? 3 : 0;
	t->tc = tce_cache_create(cache);
	if (!t->tc)
		goto out_free;
	if (p->cache_indirect) {
		tce_cache_params_default(&icp);
		icp.entries = (unsigned)p->indirect_entries;
		icp.ways = 0;
		t->ic = tce_cache_create(&icp);
		if (!t->ic)
			goto out_free_tc;
	}
	t->rtc = rtt_cache_create(rtc_entries);
	if (!t->rtc)
		goto out_free_ic;
	t->ntags = (unsigned)p->max_outstanding_fetches;
	t->tags = calloc(t->ntags, sizeof(*t->tags));
	t->busy = calloc(t->ntags, sizeof(*t->busy));
	/* every read in flight books one interval: tags x (levels + prefetch)
	   plus RTT reads; a full list only makes a read queue at the end */
	t->mb_cap = t->ntags * (TIMING_MAX_DEPTH + 2) + 16;
	t->mb = calloc(t->mb_cap, sizeof(*t->mb));
	t->pe = calloc(TIMING_MAX_PES, sizeof(*t->pe));
	if (!t->tags || !t->busy || !t->mb || !t->pe)
		goto out_free_tags;
	return t;

out_free_tags:
	free(t->pe);
	free(t->mb);
	free(t->tags);
	free(t->busy);
	rtt_cache_destroy(t->rtc);
out_free_ic:
	tce_cache_destroy(t->ic);
out_free_tc:
	tce_cache_destroy(t->tc);
out_free:
	free(t);
	return NULL;
}

void timing_destroy(struct timing *t)
{
	if (!t)
		return;
	free(t->pe);
	free(t->mb);
	free(t->tags);
	free(t->busy);
	rtt_cache_destroy(t->rtc);
	tce_cache_destroy(t->ic);
	tce_cache_destroy(t->tc);
	free(t);
}

const struct timing_params *timing_get_params(const struct timing *t)
{
	return &t->p;
}

const struct timing_stats *timing_get_stats(const struct timing *t)
{
	return &t->st;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* ---- clock and epochs ---- */

static void fire_epochs(struct timing *t)
{
	long due;

	if (!t->p.epoch_cycles || !t->epoch_fn)
		return;
	due = (long)(t->now / t->p.epoch_cycles);	/* epochs completed */
	if (due > t->epoch_next) {
		/* stats cannot change between two epochs with no event:
		   report the latest one once */
		t->epoch_next = due;
		t->epoch_fn(t->epoch_ctx, due - 1);
	}
}

void timing_advance(struct timing *t, uint64_t cycle)
{
	if (cycle > t->now)
		t->now = cycle;
	fire_epochs(t);
}

uint64_t timing_now(const struct timing *t)
{
	return t->now;
}

uint64_t timing_last_done(const struct timing *t)
{
	return t->st.last_done;
}

double timing_cycles_to_ns(const struct timing *t, uint64_t cycles)
{
	return (double)cycles * 1000.0 / (double)t->p.clock_mhz;
}

void timing_set_epoch_hook(struct timing *t,
			   void (*fn)(void *ctx, long epoch), void *ctx)
{
	t->epoch_fn = fn;
	t->epoch_ctx = ctx;
}

/* ---- memory read path: fixed latency, bandwidth as occupancy ----
 *
 * A read of n bytes occupies the path for ceil(n / mem_bytes_per_cycle)
 * cycles, starting at the first free gap at or after the cycle it is
 * issued. Reads are booked out of time order (a walk books its level-2
 * read one memory latency after its level-1 read, before the next
 * request's level-1 read is booked), so the path keeps every booked
 * interval rather than one "free at" cycle: a later-booked read may use
 * an earlier gap. Intervals that ended before the clock are dropped; no
 * read is issued before the clock.
 */

static uint64_t mem_book(struct timing *t, uint64_t at, uint64_t occ)
{
	struct mem_busy *mb;
	unsigned n, lo, hi, i;
	uint64_t start = at;

	/* drop the intervals that ended before the clock (from the front,
	   without moving the rest) */
	while (t->mb_n && t->mb[t->mb_head].e <= t->now) {
		t->mb_head++;
		t->mb_n--;
	}
	if (!t->mb_n)
		t->mb_head = 0;
	mb = t->mb + t->mb_head;
	n = t->mb_n;
	/* first interval ending after at */
	lo = 0;
	hi = n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (mb[mid].e <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < n; i++) {
		if (mb[i].s >= start + occ)
			break;		/* fits in the gap before interval i */
		if (mb[i].e > start)
			start = mb[i].e;
	}
	if (i > 0 && mb[i - 1].e == start) {
		mb[i - 1].e = start + occ;
		if (i < n && mb[i].s == mb[i - 1].e) {
			mb[i - 1].e = mb[i].e;
			memmove(mb + i, mb + i + 1, (n - i - 1) * sizeof(*mb));
			n--;
		}
	} else if (i < n && mb[i].s == start + occ) {
		mb[i].s = start;
	} else if (n < t->mb_cap) {
		if (t->mb_head + n == t->mb_cap) {	/* compact to the front */
			memmove(t->mb, mb, n * sizeof(*mb));
			t->mb_head = 0;
			mb = t->mb;
		}
		memmove(mb + i + 1, mb + i, (n - i) * sizeof(*mb));
		mb[i].s = start;
		mb[i].e = start + occ;
		n++;
	} else {
		/* List full: reads cancelled by drop-mode kills keep their
		   booking, so more than tags x levels can be pending. Queue
		   this read after everything booked (no overlap; slightly
		   pessimistic) and count it. */
		if (start < mb[n - 1].e)
			start = mb[n - 1].e;
		mb[n - 1].e = start + occ;
		t->st.mem_book_overflows++;
	}
	t->mb_n = n;
	return start;
}

static uint64_t mem_read(struct timing *t, uint64_t at, unsigned bytes)
{
	uint64_t bw = t->p.mem_bytes_per_cycle;
	uint64_t start = mem_book(t, at, (bytes + bw - 1) / bw);

	t->st.mem_queue_cycles += start - at;
	t->st.mem_reads++;
	t->st.mem_bytes += bytes;
	return start + t->p.lat_mem_read;
}

/* ---- RTT cache copy ---- */

static bool rtc_lookup(struct timing *t, uint16_t rid)
{
	uint16_t rte;

	if (rtt_cache_lookup(t->rtc, rid, &rte))
		return true;
	rtt_cache_fill(t->rtc, rid, 0);
	return false;
}

void timing_rtc_invalidate(struct timing *t, bool all, uint16_t rid)
{
	if (all)
		rtt_cache_invalidate_all(t->rtc);
	else
		rtt_cache_invalidate_rid(t->rtc, rid);
}

/* ---- requests ---- */

uint64_t timing_begin(struct timing *t, uint64_t arrival, int rid)
{
	uint64_t a, ready;

	if (arrival == TIMING_ASAP) {
		a = max64(t->now, t->next_accept);
		if (t->next_slot > t->p.lat_rtc_hit)
			a = max64(a, t->next_slot - t->p.lat_rtc_hit);
	} else {
		a = max64(arrival, t->now);
	}
	timing_advance(t, a);
	t->next_accept = a + t->p.issue_interval;
	if (!t->started) {
		t->started = true;
		t->st.first_arrival = a;
	}
	t->st.requests++;
	ready = a;
	if (rid >= 0) {
		ready += t->p.lat_rtc_hit;
		if (rtc_lookup(t, (uint16_t)rid)) {
			t->st.rtc_hits++;
		} else {
			t->st.rtc_misses++;
			ready = mem_read(t, ready, 2);
		}
	}
	t->req_arrival = a;
	t->req_ready = ready;
	t->req_done = ready;
	return ready;
}

static struct tag *find_inflight(struct timing *t, uint16_t pe,
				 unsigned window, unsigned ps, uint64_t line,
				 uint64_t at)
{
	unsigned i;

	if (at >= t->tags_until)
		return NULL;	/* nothing in flight */
	for (i = 0; i < t->ntags; i++) {
		struct tag *g = &t->tags[i];

		if (t->busy[i] > at && !g->dropped && g->pe == pe &&
		    g->window == window && g->ps == ps && g->line == line)
			return g;
	}
	return NULL;
}

/*
 * A tag free at cycle at (the first), else NULL with *earliest = the
 * cycle the first tag frees and *first = that tag (the one a later
 * free_tag(t, *earliest) would return).
 */
static struct tag *free_tag(struct timing *t, uint64_t at, uint64_t *earliest,
			    struct tag **first)
{
	const uint64_t *b = t->busy;
	uint64_t m[2] = { UINT64_MAX, UINT64_MAX }, e;
	unsigned i;

	for (i = 0; i < t->ntags; i++)
		if (b[i] <= at)
			return &t->tags[i];
	/* none free: the earliest to free (two independent chains) */
	for (i = 0; i + 2 <= t->ntags; i += 2) {
		m[0] = b[i] < m[0] ? b[i] : m[0];
		m[1] = b[i + 1] < m[1] ? b[i + 1] : m[1];
	}
	if (i < t->ntags)
		m[0] = b[i] < m[0] ? b[i] : m[0];
	e = m[0] < m[1] ? m[0] : m[1];
	for (i = 0; b[i] != e; i++)
		;
	*earliest = e;
	*first = &t->tags[i];
	return NULL;
}

static void tags_busy_stat(struct timing *t, uint64_t at)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < t->ntags; i++)
		n += t->busy[i] > at;
	if (n > t->st.tag_max)
		t->st.tag_max = n;
}

static void claim(struct timing *t, struct tag *g, const struct timing_page *pg,
		  uint64_t page, uint64_t start, uint64_t done)
{
	t->busy[g - t->tags] = done;
	if (done > t->tags_until)
		t->tags_until = done;
	g->pe = pg->pe;
	g->window = pg->window;
	g->ps = pg->ps;
	g->line = page >> t->line_shift;
	g->dropped = false;
	t->st.tag_busy_cycles += done - start;
	tags_busy_stat(t, start);
}

static void key_of(const struct timing_page *pg, uint64_t page,
		   struct tce_cache_key *k)
{
	memset(k, 0, sizeof(*k));
	k->pe = pg->pe;
	k->window = pg->window;
	k->page_shift = pg->ps;
	k->win_shift = pg->win_shift;
	k->page = page;
}

static uint64_t window_pages(const struct timing_page *pg)
{
	unsigned bits = pg->win_shift > pg->ps ? pg->win_shift - pg->ps : 0;

	return bits >= 64 ? UINT64_MAX : 1ull << bits;
}

/* Fill the tag copy with page and, for 64-byte lines, its line mates. */
static void fill_line(struct timing *t, const struct timing_page *pg,
		      uint64_t page)
{
	struct tce_cache_key k;
	uint64_t first, i, n = 1ull << t->line_shift, lim = window_pages(pg);

	key_of(pg, page, &k);
	tce_cache_fill(t->tc, &k, 0);
	first = page & ~(n - 1);
	for (i = first; i < first + n; i++) {
		if (i == page || i >= lim)
			continue;
		k.page = i;
		tce_cache_fill(t->tc, &k, 0);
		t->st.line_fills++;
	}
}

/*
 * Indirect cache key of the level-lvl entry (0 = root) used for offset:
 * the offset bits above the span that entry covers.
 */
static void ind_key(const struct timing_page *pg, unsigned lvl,
		    struct tce_cache_key *k)
{
	unsigned sh = pg->ps + pg->ts * (pg->levels - 1 - lvl);

	memset(k, 0, sizeof(*k));
	k->pe = pg->pe;
	k->window = (uint16_t)(pg->window | lvl << 1);
	k->page_shift = (uint8_t)sh;
	k->win_shift = pg->win_shift;
	k->page = sh >= 64 ? 0 : pg->offset >> sh;
}

/* Levels of the walk for pg that the indirect cache lets us skip. */
static unsigned ind_skip(struct timing *t, const struct timing_page *pg)
{
	struct tce_cache_key k;
	uint64_t dummy;
	int lvl;

	if (!t->ic || pg->levels < 2)
		return 0;
	for (lvl = pg->levels - 2; lvl >= 0; lvl--) {
		ind_key(pg, (unsigned)lvl, &k);
		if (tce_cache_lookup(t->ic, &k, &dummy))
			return (unsigned)lvl + 1;
	}
	return 0;
}

static void prefetch_next(struct timing *t, const struct timing_page *pg,
			  uint64_t page, uint64_t leaf_at)
{
	uint64_t np = page + 1, dummy, earliest, done;
	struct tce_cache_key k;
	struct tag *g, *busy_first;

	/* only inside the same leaf table (its base is known), inside the
	   window, and not already covered by the demand line */
	if (np >= window_pages(pg) || !(np & ((1ull << pg->ts) - 1)))
		return;
	if ((np >> t->line_shift) == (page >> t->line_shift))
		return;
	if (find_inflight(t, pg->pe, pg->window, pg->ps, np >> t->line_shift,
			  leaf_at))
		return;
	key_of(pg, np, &k);
	if (tce_cache_lookup(t->tc, &k, &dummy))
		return;
	g = free_tag(t, leaf_at, &earliest, &busy_first);
	if (!g) {
		t->st.prefetch_no_tag++;
		return;
	}
	done = mem_read(t, leaf_at, timing_line_bytes(&t->p)) +
	       t->p.lat_walk_level;
	claim(t, g, pg, np, leaf_at, done);
	fill_line(t, pg, np);
	t->st.prefetches++;
}

static void record_page(struct timing *t, uint64_t done)
{
	if (done > t->req_done)
		t->req_done = done;
}

/* ---- per-PE statistics ---- */

static double f_pe_hit_rate(const void *ctx)
{
	const struct timing_pe_stats *ps = ctx;
	uint64_t n = ps->hits + ps->merges + ps->misses;

	return n ? (double)ps->hits / (double)n : 0.0;
}

static void pe_register(struct timing *t, unsigned pe)
{
	struct timing_pe_stats *ps = &t->pe[pe];
	const struct {
		const char *name;
		const uint64_t *v;
		const char *unit;
		const char *desc;
	} u[] = {
		{ "lookups", &ps->lookups, "count", "IO-page translations of this PE" },
		{ "hits", &ps->hits, "count", "TCE cache hits of this PE" },
		{ "merges", &ps->merges, "count", "misses of this PE merged into a fetch in flight" },
		{ "misses", &ps->misses, "count", "misses of this PE that started a walk" },
		{ "walk_cycles", &ps->walk_cycles, "cycles", "sum of this PE's walk latencies" },
		{ "faults", &ps->faults, "count", "walks of this PE that ended in a fault" },
	};
	char name[160];
	unsigned i;

	/* A name clash or no memory only loses this PE's report lines. */
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		snprintf(name, sizeof(name), "%s.pe%u.%s", t->reg_prefix, pe,
			 u[i].name);
		sim_stats_add_u64(t->reg, name, u[i].desc, u[i].unit, u[i].v);
	}
	snprintf(name, sizeof(name), "%s.pe%u.hit_rate", t->reg_prefix, pe);
	sim_stats_add_formula(t->reg, name, "TCE cache hits / lookups of this PE",
			      "ratio", f_pe_hit_rate, ps);
}

/* The PE's counters (NULL past TIMING_MAX_PES); registers them on first use. */
static struct timing_pe_stats *pe_stats(struct timing *t, unsigned pe)
{
	struct timing_pe_stats *ps;

	if (pe >= TIMING_MAX_PES)
		return NULL;
	ps = &t->pe[pe];
	if (!ps->lookups++ && t->reg)
		pe_register(t, pe);
	return ps;
}

const struct timing_pe_stats *timing_get_pe_stats(const struct timing *t,
						  unsigned pe)
{
	return pe < TIMING_MAX_PES ? &t->pe[pe] : NULL;
}

uint64_t timing_page(struct timing *t, const struct timing_page *pg)
{
	uint64_t s, lookup_done, start, earliest = 0, at, done, page, dummy;
	uint64_t leaf_at;
	bool hit;
	unsigned first, lvl, levels;
	struct tce_cache_key k;
	struct tag *g, *first_free;
	struct timing_pe_stats *ps;

	s = max64(t->req_ready, t->next_slot);
	t->next_slot = s + t->p.issue_interval;
	t->st.translations++;
	ps = pe_stats(t, pg->pe);
	lookup_done = s + t->p.lat_hit;
	if (pg->bypass) {
		t->st.bypass++;
		record_page(t, lookup_done);
		return lookup_done;
	}
	page = pg->offset >> pg->ps;

	/* the lookup (it refreshes LRU, as the CAM does), then hit under
	   miss: the line is still being fetched */
	key_of(pg, page, &k);
	hit = tce_cache_lookup(t->tc, &k, &dummy);
	g = find_inflight(t, pg->pe, pg->window, pg->ps,
			  page >> t->line_shift, s);
	if (g) {
		t->st.merges++;
		if (ps)
			ps->merges++;
		done = max64(lookup_done, t->busy[g - t->tags]);
		record_page(t, done);
		return done;
	}
	if (hit) {
		t->st.hits++;
		if (ps)
			ps->hits++;
		record_page(t, lookup_done);
		return lookup_done;
	}

	/* miss: a tag, then the walk */
	t->st.misses++;
	if (ps)
		ps->misses++;
	g = free_tag(t, lookup_done, &earliest, &first_free);
	start = lookup_done;
	if (!g) {
		t->st.stalls++;
		t->st.stall_cycles += earliest - lookup_done;
		start = earliest;
		g = first_free;
		/* the stalled lookup holds the pipeline until it has a tag */
		if (start > t->next_slot)
			t->next_slot = start;
	}
	levels = pg->levels ? pg->levels : 1;
	first = ind_skip(t, pg);
	t->st.indirect_hits += first;
	at = start;
	leaf_at = start;
	for (lvl = first; lvl < levels; lvl++) {
		leaf_at = at;	/* the last read issued is the leaf's */
		at = mem_read(t, at, timing_line_bytes(&t->p)) +
		     t->p.lat_walk_level;
	}
	done = at;
	claim(t, g, pg, page, start, done);
	/* a fetch that ends in a fault returns no usable TCE, and a unit
	   without a cache keeps none: nothing can merge into it */
	g->dropped = pg->fault || pg->no_fill;
	if (ps) {
		ps->walk_cycles += done - start;
		ps->faults += pg->fault;
	}
	t->st.walks[levels - first < TIMING_MAX_DEPTH ? levels - first : 0]++;
	hist_add(&t->walk_h, done - start);
	t->st.walk_count++;
	if (!pg->fault && !pg->no_fill) {
		fill_line(t, pg, page);
		if (t->ic)
			for (lvl = first; lvl + 1 < levels; lvl++) {
				ind_key(pg, lvl, &k);
				tce_cache_fill(t->ic, &k, 0);
			}
		/* the leaf table base is known when the leaf read
		   issues: the prefetch reads its neighbour then */
		if (t->p.prefetch_next)
			prefetch_next(t, pg, page, leaf_at);
	}
	record_page(t, done);
	return done;
}

uint64_t timing_end(struct timing *t, uint64_t bytes)
{
	uint64_t done = t->req_done;

	t->st.bytes += bytes;
	hist_add(&t->xlate_h, done - t->req_arrival);
	t->st.xlate_count++;
	if (done > t->st.last_done)
		t->st.last_done = done;
	return done;
}

/* ---- kills ---- */

static bool tag_covered(const struct tag *g, int kind, uint16_t pe,
			uint16_t window, uint64_t offset, unsigned line_shift)
{
	if (kind == KIND_ALL)
		return true;
	if (g->pe != pe)
		return false;
	if (kind == KIND_PE)
		return true;
	return g->window == window &&
	       ((offset >> g->ps) >> line_shift) == g->line;
}

static uint64_t kill(struct timing *t, int kind, uint16_t pe,
		     uint16_t window, uint64_t offset)
{
	static const size_t lat_off[] = {
		offsetof(struct timing_params, lat_kill_all),
		offsetof(struct timing_params, lat_kill_pe),
		offsetof(struct timing_params, lat_kill_one),
	};
	uint64_t lat = *(const uint64_t *)((const char *)&t->p + lat_off[kind]);
	uint64_t start = max64(t->now, t->next_slot), end;
	unsigned i, removed;

	for (i = 0; i < t->ntags; i++) {
		struct tag *g = &t->tags[i];

		if (t->busy[i] <= start || g->dropped ||
		    !tag_covered(g, kind, pe, window, offset, t->line_shift))
			continue;
		if (t->p.kill_inflight == TIMING_KILL_DROP) {
			g->dropped = true;
			t->st.kill_dropped++;
		}
	}
	if (t->p.kill_inflight == TIMING_KILL_DRAIN) {
		uint64_t w = start;

		for (i = 0; i < t->ntags; i++)
			w = max64(w, t->busy[i]);
		t->st.kill_drain_cycles += w - start;
		start = w;
	}
	end = start + lat;
	t->next_slot = end;
	if (t->next_accept < t->now)
		t->next_accept = t->now;
	t->st.kills[kind]++;
	t->st.kill_cycles += lat;
	if (kind == KIND_ALL) {
		removed = tce_cache_kill_all(t->tc);
		if (t->ic)
			tce_cache_kill_all(t->ic);
	} else if (kind == KIND_PE) {
		removed = tce_cache_kill_pe(t->tc, pe);
		if (t->ic)
			tce_cache_kill_pe(t->ic, pe);
	} else {
		removed = tce_cache_kill_one(t->tc, pe, window, offset);
	}
	t->st.kill_removed[kind] += removed;
	if (end > t->st.last_done)
		t->st.last_done = end;
	return end;
}

uint64_t timing_kill_all(struct timing *t)
{
	return kill(t, KIND_ALL, 0, 0, 0);
}

uint64_t timing_kill_pe(struct timing *t, uint16_t pe)
{
	return kill(t, KIND_PE, pe, 0, 0);
}

uint64_t timing_kill_one(struct timing *t, uint16_t pe, uint16_t window,
			 uint64_t offset)
{
	return kill(t, KIND_ONE, pe, window, offset);
}

/* ---- histograms and statistics ---- */

uint64_t timing_walk_percentile(const struct timing *t, double q)
{
	return hist_pct(&t->walk_h, q);
}

uint64_t timing_xlate_percentile(const struct timing *t, double q)
{
	return hist_pct(&t->xlate_h, q);
}

uint64_t timing_walk_max(const struct timing *t)
{
	return t->walk_h.max;
}

uint64_t timing_xlate_max(const struct timing *t)
{
	return t->xlate_h.max;
}

static uint64_t elapsed(const struct timing *t)
{
	return t->st.last_done > t->st.first_arrival ?
	       t->st.last_done - t->st.first_arrival : 0;
}

static double f_hit_rate(const void *c)
{
	const struct timing *t = c;
	uint64_t lk = t->st.translations - t->st.bypass;

	return lk ? (double)t->st.hits / (double)lk : 0.0;
}

static double f_elapsed_ns(const void *c)
{
	const struct timing *t = c;

	return timing_cycles_to_ns(t, elapsed(t));
}

static double f_xlate_per_s(const void *c)
{
	double ns = f_elapsed_ns(c);

	return ns > 0 ? (double)((const struct timing *)c)->st.translations *
			1e9 / ns : 0.0;
}

static double f_gbps(const void *c)
{
	double ns = f_elapsed_ns(c);

	/* bytes per ns = GB/s */
	return ns > 0 ? (double)((const struct timing *)c)->st.bytes / ns : 0.0;
}

static double f_tag_occ(const void *c)
{
	const struct timing *t = c;
	uint64_t e = elapsed(t);

	return e ? (double)t->st.tag_busy_cycles / (double)e : 0.0;
}

static double f_pages_per_kill(const void *c)
{
	const struct timing *t = c;
	uint64_t k = t->st.kills[0] + t->st.kills[1] + t->st.kills[2];
	uint64_t r = t->st.kill_removed[0] + t->st.kill_removed[1] +
		     t->st.kill_removed[2];

	return k ? (double)r / (double)k : 0.0;
}

#define PCT_FNS(hname, tag, q) \
	static double f_##hname##_##tag(const void *c) \
	{ \
		return (double)hist_pct(&((const struct timing *)c)->hname, q); \
	} \
	static double f_##hname##_##tag##_ns(const void *c) \
	{ \
		const struct timing *t = c; \
		return timing_cycles_to_ns(t, hist_pct(&t->hname, q)); \
	}
PCT_FNS(walk_h, p50, 0.50)
PCT_FNS(walk_h, p90, 0.90)
PCT_FNS(walk_h, p99, 0.99)
PCT_FNS(walk_h, max, 1.0)
PCT_FNS(xlate_h, p50, 0.50)
PCT_FNS(xlate_h, p90, 0.90)
PCT_FNS(xlate_h, p99, 0.99)
PCT_FNS(xlate_h, max, 1.0)
#undef PCT_FNS

int timing_register_stats(struct timing *t, struct sim_stats *s,
			  const char *prefix)
{
	const struct timing_stats *st = &t->st;
	const struct {
		const char *name;
		const uint64_t *v;
		const char *unit;
		const char *desc;
	} u[] = {
		{ "requests", &st->requests, "count", "requests timed" },
		{ "bytes", &st->bytes, "bytes", "bytes of timed requests" },
		{ "lookups", &st->translations, "count", "IO-page translations (TCE lookups and bypass pages)" },
		{ "bypass", &st->bypass, "count", "pages through bypass windows (no lookup)" },
		{ "hits", &st->hits, "count", "TCE cache hits" },
		{ "merges", &st->merges, "count", "misses merged into an in-flight fetch of the same line" },
		{ "misses", &st->misses, "count", "misses that started a walk" },
		{ "rtc_hits", &st->rtc_hits, "count", "RTT cache hits" },
		{ "rtc_misses", &st->rtc_misses, "count", "RTT cache misses (one memory read each)" },
		{ "walks.depth1", &st->walks[1], "count", "walks reading 1 level" },
		{ "walks.depth2", &st->walks[2], "count", "walks reading 2 levels" },
		{ "walks.depth3", &st->walks[3], "count", "walks reading 3 levels" },
		{ "walks.depth4", &st->walks[4], "count", "walks reading 4 levels" },
		{ "walks.depth5", &st->walks[5], "count", "walks reading 5 levels" },
		{ "mem_reads", &st->mem_reads, "count", "table and RTT reads issued to memory" },
		{ "mem_bytes", &st->mem_bytes, "bytes", "bytes read by them" },
		{ "mem_queue_cycles", &st->mem_queue_cycles, "cycles", "cycles reads waited for memory bandwidth" },
		{ "mem_book_overflows", &st->mem_book_overflows, "count", "reads queued after all bookings (booking list full)" },
		{ "indirect_hits", &st->indirect_hits, "count", "walk levels skipped by the indirect cache" },
		{ "line_fills", &st->line_fills, "count", "neighbour TCEs filled by 64-byte fetches" },
		{ "prefetches", &st->prefetches, "count", "next-page prefetches issued" },
		{ "prefetch_no_tag", &st->prefetch_no_tag, "count", "prefetches skipped for want of a tag" },
		{ "stalls", &st->stalls, "count", "misses that waited for a fetch tag" },
		{ "stall_cycles", &st->stall_cycles, "cycles", "lookup pipeline cycles stalled for a tag" },
		{ "tag_busy_cycles", &st->tag_busy_cycles, "cycles", "sum of tag hold times" },
		{ "tag_max", &st->tag_max, "tags", "most fetch tags busy at once" },
		{ "kills.all", &st->kills[0], "count", "kill-all operations" },
		{ "kills.pe", &st->kills[1], "count", "kill-PE operations" },
		{ "kills.one", &st->kills[2], "count", "kill-one-page operations" },
		{ "kills.removed_all", &st->kill_removed[0], "pages", "TCE cache entries removed by kill-all" },
		{ "kills.removed_pe", &st->kill_removed[1], "pages", "TCE cache entries removed by kill-PE" },
		{ "kills.removed_one", &st->kill_removed[2], "pages", "TCE cache entries removed by kill-one" },
		{ "kill_cycles", &st->kill_cycles, "cycles", "lookup pipeline cycles blocked by kills" },
		{ "kill_drain_cycles", &st->kill_drain_cycles, "cycles", "cycles kills waited for in-flight fetches" },
		{ "kill_dropped", &st->kill_dropped, "count", "in-flight fetches cancelled by kills" },
		{ "cycles", &st->last_done, "cycles", "clock at the last completion" },
	};
	const struct {
		const char *name;
		double (*fn)(const void *);
		const char *unit;
		const char *desc;
	} f[] = {
		{ "hit_rate", f_hit_rate, "ratio", "TCE cache hits / lookups (bypass excluded)" },
		{ "elapsed_ns", f_elapsed_ns, "ns", "first arrival to last completion" },
		{ "translations_per_s", f_xlate_per_s, "1/s", "IO-page translations per simulated second" },
		{ "gbps", f_gbps, "GB/s", "request bytes per simulated second at the PHB" },
		{ "tag_occupancy", f_tag_occ, "tags", "mean fetch tags busy" },
		{ "pages_per_kill", f_pages_per_kill, "pages", "entries removed per kill" },
		{ "walk_latency.p50", f_walk_h_p50, "cycles", "walk latency (tag grant to fill), median" },
		{ "walk_latency.p90", f_walk_h_p90, "cycles", "walk latency, 90th percentile" },
		{ "walk_latency.p99", f_walk_h_p99, "cycles", "walk latency, 99th percentile" },
		{ "walk_latency.max", f_walk_h_max, "cycles", "walk latency, maximum" },
		{ "walk_latency.p50_ns", f_walk_h_p50_ns, "ns", "walk latency, median" },
		{ "walk_latency.p90_ns", f_walk_h_p90_ns, "ns", "walk latency, 90th percentile" },
		{ "walk_latency.p99_ns", f_walk_h_p99_ns, "ns", "walk latency, 99th percentile" },
		{ "walk_latency.max_ns", f_walk_h_max_ns, "ns", "walk latency, maximum" },
		{ "xlate_latency.p50", f_xlate_h_p50, "cycles", "request translation latency (arrival to last page), median" },
		{ "xlate_latency.p90", f_xlate_h_p90, "cycles", "translation latency, 90th percentile" },
		{ "xlate_latency.p99", f_xlate_h_p99, "cycles", "translation latency, 99th percentile" },
		{ "xlate_latency.max", f_xlate_h_max, "cycles", "translation latency, maximum" },
		{ "xlate_latency.p50_ns", f_xlate_h_p50_ns, "ns", "translation latency, median" },
		{ "xlate_latency.p90_ns", f_xlate_h_p90_ns, "ns", "translation latency, 90th percentile" },
		{ "xlate_latency.p99_ns", f_xlate_h_p99_ns, "ns", "translation latency, 99th percentile" },
		{ "xlate_latency.max_ns", f_xlate_h_max_ns, "ns", "translation latency, maximum" },
	};
	char name[160];
	unsigned i;
	int rc;

	if (!t || !s || !prefix)
		return -EINVAL;
	t->reg = s;
	snprintf(t->reg_prefix, sizeof(t->reg_prefix), "%s", prefix);
	for (i = 0; i < TIMING_MAX_PES; i++)	/* PEs seen before this call */
		if (t->pe[i].lookups)
			pe_register(t, i);
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, u[i].name);
		rc = sim_stats_add_u64(s, name, u[i].desc, u[i].unit, u[i].v);
		if (rc)
			return rc;
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, f[i].name);
		rc = sim_stats_add_formula(s, name, f[i].desc, f[i].unit,
					   f[i].fn, t);
		if (rc)
			return rc;
	}
	return 0;
}
