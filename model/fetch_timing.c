// SPDX-License-Identifier: GPL-2.0
/*
 * The timing core of the TCE fetch unit (see tcesim/fetch_timing.h): the
 * tag copies of the RTT cache, TCE cache and indirect cache, the
 * outstanding fetch tags and the lookup pipeline, all driven by one clock
 * in unit cycles. Resources are "free at cycle" values, so a request is
 * timed in O(tags) without an event queue; requests must come in arrival
 * order. The lookup hit path is inline in fetch_timing_internal.h; this
 * file has the miss path (tag, walk, fills, prefetch) and the kills; the
 * memory read path is in fetch_timing_mem.c, statistics in
 * fetch_timing_stats.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fetch_timing_internal.h"

/* ---- parameters (declared once: TCESIM_TIMING_PARAMS) ---- */

void timing_params_default(struct timing_params *p)
{
#define TIMING_DEF(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	p->name = (def);
	TCESIM_TIMING_PARAMS(TIMING_DEF)
#undef TIMING_DEF
}

int timing_params_check(const struct timing_params *p)
{
	if (!p)
		return -EINVAL;
#define TIMING_CHK(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	if (!sim_param_in_range(p->name, (mn), (mx))) \
		return -EINVAL;
	TCESIM_TIMING_PARAMS(TIMING_CHK)
#undef TIMING_CHK
	return 0;
}

unsigned timing_line_bytes(const struct timing_params *p)
{
	return p->line_bytes ? 64 : 8;
}

struct fetch_timing *fetch_timing_create(const struct timing_params *p,
					 const struct tce_cache_params *cache,
					 unsigned rtc_entries)
{
	struct tce_cache_params icp;
	struct fetch_timing *t;

	if (!p || !cache || timing_params_check(p) ||
	    tce_cache_params_check(cache) || !rtc_entries ||
	    rtc_entries > RTT_CACHE_MAX_ENTRIES)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->params = *p;
	t->next_rtt_lat = FETCH_TIMING_LAT_DEFAULT;
#define KILL_LAT(R, K, name, op, short_) \
	t->kill_lat[XLATE_KILL_##K] = p->lat_kill_##name;
	XLATE_KILL_KIND_LIST(KILL_LAT, _)
#undef KILL_LAT
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
	memset(t->ihead, -1, sizeof(t->ihead));
	t->tags = calloc(t->ntags, sizeof(*t->tags));
	t->busy = calloc(t->ntags, sizeof(*t->busy));
	/* every read in flight books one interval: tags x (levels + prefetch)
	   plus RTT reads; a full list only makes a read queue at the end */
	t->mb_cap = t->ntags * (FETCH_TIMING_MAX_DEPTH + 2) + 16;
	t->mb = calloc(3 * t->mb_cap, sizeof(*t->mb));	/* room both sides */
	t->mb_head = t->mb_cap;
	t->pe = calloc(FETCH_TIMING_MAX_PES, sizeof(*t->pe));
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

void fetch_timing_destroy(struct fetch_timing *t)
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

const struct timing_params *
fetch_timing_get_params(const struct fetch_timing *t)
{
	return &t->params;
}

/* ---- clock ---- */

void fetch_timing_advance(struct fetch_timing *t, uint64_t cycle)
{
	if (cycle > t->now)
		t->now = cycle;
}

uint64_t fetch_timing_now(const struct fetch_timing *t)
{
	return t->now;
}

uint64_t fetch_timing_last_done(const struct fetch_timing *t)
{
	return t->st.last_done;
}

double fetch_timing_cycles_to_ns(const struct fetch_timing *t, uint64_t cycles)
{
	return (double)cycles * 1000.0 / (double)t->params.clock_mhz;
}

/* ---- RTT cache copy ---- */

static bool rtc_lookup(struct fetch_timing *t, uint16_t rid)
{
	uint16_t rte;

	if (rtt_cache_lookup(t->rtc, rid, &rte))
		return true;
	rtt_cache_fill(t->rtc, rid, 0);
	return false;
}

void fetch_timing_rtt_invalidate(struct fetch_timing *t, bool all,
				 uint16_t rid)
{
	if (all)
		rtt_cache_invalidate_all(t->rtc);
	else
		rtt_cache_invalidate_rid(t->rtc, rid);
}

/* ---- requests ---- */

uint64_t fetch_timing_begin(struct fetch_timing *t, uint64_t arrival, int rid)
{
	uint64_t a, ready;

	if (arrival == XLATE_ASAP) {
		a = ft_max64(t->now, t->next_accept);
		if (t->next_slot > t->params.lat_rtc_hit)
			a = ft_max64(a, t->next_slot - t->params.lat_rtc_hit);
	} else {
		a = ft_max64(arrival, t->now);
	}
	fetch_timing_advance(t, a);
	t->next_accept = a + t->params.issue_interval;
	if (!t->started) {
		t->started = true;
		t->st.first_arrival = a;
	}
	t->st.requests++;
	ready = a;
	if (rid >= 0) {
		ready += t->params.lat_rtc_hit;
		if (rtc_lookup(t, (uint16_t)rid)) {
			t->st.rtc_hits++;
		} else {
			t->st.rtc_misses++;
			ready = ft_mem_read(t, ready, 2, t->next_rtt_lat);
		}
	}
	t->next_rtt_lat = FETCH_TIMING_LAT_DEFAULT;
	t->req_arrival = a;
	t->req_ready = ready;
	t->req_done = ready;
	return ready;
}

void fetch_timing_next_rtt_latency(struct fetch_timing *t, uint64_t cycles)
{
	t->next_rtt_lat = cycles;
}

/*
 * The fetch in flight at cycle at for this line: of the tags whose fetch
 * is busy after at, not dropped, with this key, the one of lowest index
 * (the order a scan of every tag would find them in). Only the line's
 * bucket chain can hold it.
 */
struct ft_tag *ft_inflight_scan(struct fetch_timing *t, uint16_t pe,
				unsigned window, unsigned ps, uint64_t line,
				uint64_t at)
{
	int i = t->ihead[ft_ibucket(pe, window, ps, line)];
	int best = -1;

	for (; i >= 0; i = t->tags[i].inext) {
		const struct ft_tag *g = &t->tags[i];

		if (t->busy[i] > at && !g->dropped && g->line == line &&
		    g->pe == pe && g->window == window && g->ps == ps &&
		    (best < 0 || i < best))
			best = i;
	}
	return best < 0 ? NULL : &t->tags[best];
}

/* The in-flight index from the tags alone (after a checkpoint restore):
   every tag on the chain of its line's bucket. */
void ft_index_rebuild(struct fetch_timing *t)
{
	unsigned i;

	memset(t->ihead, -1, sizeof(t->ihead));
	for (i = 0; i < t->ntags; i++) {
		struct ft_tag *g = &t->tags[i];
		unsigned b = ft_ibucket(g->pe, g->window, g->ps, g->line);

		g->inext = t->ihead[b];
		t->ihead[b] = (int8_t)i;
		g->chained = true;
	}
}

/* Move tag g onto the bucket chain of its (new) line. */
static void ichain(struct fetch_timing *t, struct ft_tag *g, unsigned old_b,
		   unsigned new_b)
{
	int8_t idx = (int8_t)(g - t->tags), *pp;

	if (g->chained) {
		if (old_b == new_b)
			return;
		for (pp = &t->ihead[old_b]; *pp != idx;
		     pp = &t->tags[*pp].inext)
			;
		*pp = g->inext;
	}
	g->inext = t->ihead[new_b];
	t->ihead[new_b] = idx;
	g->chained = true;
}

/*
 * A tag free at cycle at (the first), else NULL with *earliest = the
 * cycle the first tag frees and *first = that tag (the one a later
 * free_tag(t, *earliest) would return): the lowest index of the smallest
 * busy value.
 */
static struct ft_tag *free_tag(struct fetch_timing *t, uint64_t at,
			       uint64_t *earliest, struct ft_tag **first)
{
	const uint64_t *b = t->busy;
	uint64_t e = UINT64_MAX;
	unsigned i, ei = 0;

	for (i = 0; i < t->ntags; i++) {
		if (b[i] <= at)
			return &t->tags[i];
		if (b[i] < e) {
			e = b[i];
			ei = i;
		}
	}
	*earliest = e;
	*first = &t->tags[ei];
	return NULL;
}

static void tags_busy_stat(struct fetch_timing *t, uint64_t at)
{
	uint64_t n = 0;
	unsigned i;

	if (t->st.tag_max == t->ntags)
		return;		/* cannot grow any more */
	for (i = 0; i < t->ntags; i++)
		n += t->busy[i] > at;
	if (n > t->st.tag_max)
		t->st.tag_max = n;
}

static void claim(struct fetch_timing *t, struct ft_tag *g,
		  const struct fetch_timing_page *pg, uint64_t page,
		  uint64_t start, uint64_t done)
{
	unsigned old_b = ft_ibucket(g->pe, g->window, g->ps, g->line);

	t->busy[g - t->tags] = done;
	if (done > t->tags_until)
		t->tags_until = done;
	g->pe = pg->pe;
	g->window = pg->window;
	g->ps = pg->ps;
	g->line = page >> t->line_shift;
	g->dropped = false;
	ichain(t, g, old_b, ft_ibucket(g->pe, g->window, g->ps, g->line));
	t->st.tag_busy_cycles += done - start;
	tags_busy_stat(t, start);
}

static uint64_t window_pages(const struct fetch_timing_page *pg)
{
	unsigned bits = pg->win_shift > pg->ps ? pg->win_shift - pg->ps : 0;

	return bits >= 64 ? UINT64_MAX : 1ull << bits;
}

/* Fill the tag copy with page and, for 64-byte lines, its line mates. */
static void fill_line(struct fetch_timing *t,
		      const struct fetch_timing_page *pg, uint64_t page)
{
	struct tce_cache_key k;
	uint64_t first, i, n = 1ull << t->line_shift, lim = window_pages(pg);

	ft_key_of(pg, page, &k);
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
static void ind_key(const struct fetch_timing_page *pg, unsigned lvl,
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
static unsigned ind_skip(struct fetch_timing *t,
			 const struct fetch_timing_page *pg)
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

static void prefetch_next(struct fetch_timing *t,
			  const struct fetch_timing_page *pg, uint64_t page,
			  uint64_t leaf_at)
{
	uint64_t np = page + 1, dummy, earliest, done;
	struct tce_cache_key k;
	struct ft_tag *g, *busy_first = NULL;

	/* only inside the same leaf table (its base is known), inside the
	   window, and not already covered by the demand line */
	if (np >= window_pages(pg) || !(np & ((1ull << pg->ts) - 1)))
		return;
	if ((np >> t->line_shift) == (page >> t->line_shift))
		return;
	if (ft_find_inflight(t, pg->pe, pg->window, pg->ps,
			     np >> t->line_shift, leaf_at))
		return;
	ft_key_of(pg, np, &k);
	if (tce_cache_lookup(t->tc, &k, &dummy))
		return;
	g = free_tag(t, leaf_at, &earliest, &busy_first);
	if (!g) {
		t->st.prefetch_no_tag++;
		return;
	}
	done = ft_mem_read(t, leaf_at, timing_line_bytes(&t->params),
			   FETCH_TIMING_LAT_DEFAULT) +
	       t->params.lat_walk_level;
	claim(t, g, pg, np, leaf_at, done);
	fill_line(t, pg, np);
	t->st.prefetches++;
}

uint64_t fetch_timing_page(struct fetch_timing *t,
			   const struct fetch_timing_page *pg)
{
	return ft_lookup(t, pg);
}

uint64_t ft_miss(struct fetch_timing *t, const struct fetch_timing_page *pg,
		 struct fetch_timing_pe_stats *ps, uint64_t page,
		 uint64_t lookup_done)
{
	uint64_t start, earliest = 0, at, done, leaf_at;
	unsigned first, lvl, levels;
	struct tce_cache_key k;
	struct ft_tag *g, *first_free = NULL;

	/* a tag, then the walk */
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
		at = ft_mem_read(t, at, timing_line_bytes(&t->params),
				 pg->read_lat ? pg->read_lat[lvl]
					      : FETCH_TIMING_LAT_DEFAULT) +
		     t->params.lat_walk_level;
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
	t->st.walks[levels - first < FETCH_TIMING_MAX_DEPTH ?
		    levels - first : 0]++;
	ft_hist_add(&t->walk_h, done - start);
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
		if (t->params.prefetch_next)
			prefetch_next(t, pg, page, leaf_at);
	}
	ft_record_page(t, done);
	return done;
}

uint64_t fetch_timing_end(struct fetch_timing *t, uint64_t bytes)
{
	uint64_t done = t->req_done;

	t->st.bytes += bytes;
	ft_hist_add(&t->xlate_h, done - t->req_arrival);
	t->st.xlate_count++;
	if (done > t->st.last_done)
		t->st.last_done = done;
	return done;
}

/* ---- kills ---- */

static bool tag_covered(const struct ft_tag *g, enum xlate_kill_kind kind,
			uint16_t pe, uint16_t window, uint64_t offset,
			unsigned line_shift)
{
	if (kind == XLATE_KILL_ALL)
		return true;
	if (g->pe != pe)
		return false;
	if (kind == XLATE_KILL_PE)
		return true;
	return g->window == window &&
	       ((offset >> g->ps) >> line_shift) == g->line;
}

uint64_t fetch_timing_kill(struct fetch_timing *t, enum xlate_kill_kind kind,
			   uint16_t pe, uint16_t window, uint64_t offset)
{
	uint64_t lat, start = ft_max64(t->now, t->next_slot), end;
	unsigned i, removed;

	if ((unsigned)kind >= XLATE_KILL_KINDS)
		return ft_max64(t->now, t->next_slot);
	lat = t->kill_lat[kind];
	for (i = 0; i < t->ntags; i++) {
		struct ft_tag *g = &t->tags[i];

		if (t->busy[i] <= start || g->dropped ||
		    !tag_covered(g, kind, pe, window, offset, t->line_shift))
			continue;
		if (t->params.kill_inflight == TIMING_KILL_DROP) {
			g->dropped = true;
			t->st.kill_dropped++;
		}
	}
	if (t->params.kill_inflight == TIMING_KILL_DRAIN) {
		uint64_t w = start;

		for (i = 0; i < t->ntags; i++)
			w = ft_max64(w, t->busy[i]);
		t->st.kill_drain_cycles += w - start;
		start = w;
	}
	end = start + lat;
	t->next_slot = end;
	if (t->next_accept < t->now)
		t->next_accept = t->now;
	t->st.kills[kind]++;
	t->st.kill_cycles += lat;
	if (kind == XLATE_KILL_ALL) {
		removed = tce_cache_kill_all(t->tc);
		if (t->ic)
			tce_cache_kill_all(t->ic);
	} else if (kind == XLATE_KILL_PE) {
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
