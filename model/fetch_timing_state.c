// SPDX-License-Identifier: GPL-2.0
/*
 * Timing core checkpoint state (tcesim/fetch_timing.h, tcesim/state.h):
 * the exact state of the core, so that a resumed run times every later
 * request, kill and fetch as the uncut run does. Payload, big-endian
 * (docs/images.md, note TIMING, the nested "core" part):
 *
 *   u32 version (1), u32 unit (0)
 *   u32 ntags, u32 line_shift, u8 indirect cache present
 *   u64 now, next_accept, next_slot, tags_until; u8 started;
 *   u64 req_arrival, req_ready, req_done
 *   ntags x { u64 line, u16 pe, u8 window, u8 ps, u8 dropped, u64 busy }
 *   u32 n, n x { u64 start, u64 end }: booked memory intervals, sorted
 *   walk histogram, then translation histogram, each:
 *       u64 n, u64 max, u32 k, k x { u32 bin, u64 count } (non-empty bins)
 *   u32 n, n x u64: FETCH_TIMING_STATS and the three unreported fields
 *   u32 k, k x u16: PEs in registration order
 *   u32 k, k x { u16 pe, u32 n, n x u64 }: per-PE counters (PEs looked up)
 *   u32 len + TCE cache tag copy; [u32 len + indirect cache];
 *   u32 len + RTT cache tag copy
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fetch_timing_internal.h"
#include "tcesim/state.h"

#define FT_STATE_VERSION 1

static void put_hist(struct sim_state_out *o, const struct ft_hist *h)
{
	uint32_t k = 0;
	unsigned b;

	sim_state_put_u64(o, h->n);
	sim_state_put_u64(o, h->max);
	for (b = 0; b < FT_HIST_BINS; b++)
		k += h->bin[b] != 0;
	sim_state_put_u32(o, k);
	for (b = 0; b < FT_HIST_BINS; b++)
		if (h->bin[b]) {
			sim_state_put_u32(o, b);
			sim_state_put_u64(o, h->bin[b]);
		}
}

static int put_blob(struct sim_state_out *o, int (*save)(const void *c,
			struct sim_state_out *o), const void *c)
{
	size_t at = sim_state_blob_begin(o);
	int rc = save(c, o);

	sim_state_blob_end(o, at);
	return rc;
}

static int save_tce(const void *c, struct sim_state_out *o)
{
	return tce_cache_state_save(c, o);
}

static int save_rtt(const void *c, struct sim_state_out *o)
{
	return rtt_cache_state_save(c, o);
}

static bool pe_registered(const struct fetch_timing *t, unsigned pe)
{
	unsigned i;

	for (i = 0; i < t->npe_order; i++)
		if (t->pe_order[i] == pe)
			return true;
	return false;
}

int fetch_timing_state_save(const struct fetch_timing *t,
			    struct sim_state_out *o)
{
	unsigned i, n = 0;
	int rc;

	sim_state_put_header(o, FT_STATE_VERSION, 0);
	sim_state_put_u32(o, t->ntags);
	sim_state_put_u32(o, t->line_shift);
	sim_state_put_u8(o, t->ic != NULL);
	sim_state_put_u64(o, t->now);
	sim_state_put_u64(o, t->next_accept);
	sim_state_put_u64(o, t->next_slot);
	sim_state_put_u64(o, t->tags_until);
	sim_state_put_u8(o, t->started);
	sim_state_put_u64(o, t->req_arrival);
	sim_state_put_u64(o, t->req_ready);
	sim_state_put_u64(o, t->req_done);
	for (i = 0; i < t->ntags; i++) {
		const struct ft_tag *g = &t->tags[i];

		sim_state_put_u64(o, g->line);
		sim_state_put_u16(o, g->pe);
		sim_state_put_u8(o, g->window);
		sim_state_put_u8(o, g->ps);
		sim_state_put_u8(o, g->dropped);
		sim_state_put_u64(o, t->busy[i]);
	}
	sim_state_put_u32(o, t->mb_n);
	for (i = 0; i < t->mb_n; i++) {
		sim_state_put_u64(o, t->mb[t->mb_head + i].s);
		sim_state_put_u64(o, t->mb[t->mb_head + i].e);
	}
	put_hist(o, &t->walk_h);
	put_hist(o, &t->xlate_h);
	sim_state_put_counters(o, &t->st, SIM_STATE_WORDS(t->st));
	/* registered, then restored but not registered yet */
	for (i = 0; i < t->npe_pending; i++)
		n += !pe_registered(t, t->pe_pending[i]);
	sim_state_put_u32(o, t->npe_order + n);
	for (i = 0; i < t->npe_order; i++)
		sim_state_put_u16(o, t->pe_order[i]);
	for (i = 0; i < t->npe_pending; i++)
		if (!pe_registered(t, t->pe_pending[i]))
			sim_state_put_u16(o, t->pe_pending[i]);
	n = 0;
	for (i = 0; i < FETCH_TIMING_MAX_PES; i++)
		n += t->pe[i].lookups != 0;
	sim_state_put_u32(o, n);
	for (i = 0; i < FETCH_TIMING_MAX_PES; i++)
		if (t->pe[i].lookups) {
			sim_state_put_u16(o, (uint16_t)i);
			sim_state_put_counters(o, &t->pe[i],
					       SIM_STATE_WORDS(t->pe[i]));
		}
	rc = put_blob(o, save_tce, t->tc);
	if (t->ic)
		rc = rc ?: put_blob(o, save_tce, t->ic);
	rc = rc ?: put_blob(o, save_rtt, t->rtc);
	return rc ?: sim_state_out_status(o);
}

/* Everything of the payload that is not a nested cache, parsed into x
   (a scratch core: tags, busy, mb, pe arrays of t's sizes). */
static int get_hist(struct sim_state_in *in, struct ft_hist *h,
		    const char *name, char *err, size_t errlen)
{
	uint32_t k, i, prev = 0;

	memset(h, 0, sizeof(*h));
	h->n = sim_state_get_u64(in);
	h->max = sim_state_get_u64(in);
	k = sim_state_get_u32(in);
	if (k > FT_HIST_BINS || !sim_state_room(in, k, 12))
		return sim_state_fail(err, errlen,
				      "timing: %s histogram: %u bins or truncated",
				      name, k);
	for (i = 0; i < k; i++) {
		uint32_t b = sim_state_get_u32(in);

		if (b >= FT_HIST_BINS || (i && b <= prev))
			return sim_state_fail(err, errlen,
					      "timing: %s histogram: bin %u out of order or range",
					      name, b);
		prev = b;
		h->bin[b] = sim_state_get_u64(in);
	}
	return 0;
}

struct ft_image {
	uint64_t now, next_accept, next_slot, tags_until;
	uint64_t req_arrival, req_ready, req_done;
	bool started;
	struct ft_tag *tags;
	uint64_t *busy;
	struct ft_mem_busy *mb;
	unsigned mb_n;
	struct ft_hist walk_h, xlate_h;
	struct fetch_timing_stats st;
	uint16_t pe_order[FETCH_TIMING_MAX_PES];
	unsigned npe_order;
	struct fetch_timing_pe_stats *pe;
};

static int get_geometry(const struct fetch_timing *t, struct sim_state_in *in,
			char *err, size_t errlen)
{
	uint32_t ntags = sim_state_get_u32(in);
	uint32_t line_shift = sim_state_get_u32(in);
	uint8_t has_ic = sim_state_get_u8(in);

	if (in->short_read)
		return sim_state_fail(err, errlen, "timing: truncated payload");
	if (ntags != t->ntags)
		return sim_state_fail(err, errlen,
				      "timing: %u fetch tags in the checkpoint, %u in this machine (max_outstanding_fetches)",
				      ntags, t->ntags);
	if (line_shift != t->line_shift)
		return sim_state_fail(err, errlen,
				      "timing: %llu-byte TCE fetches in the checkpoint, %u in this machine (line_bytes)",
				      line_shift < 8 ? 8ull << line_shift : 0ull,
				      8u << t->line_shift);
	if (has_ic != (t->ic != NULL))
		return sim_state_fail(err, errlen,
				      "timing: indirect-entry cache %s in the checkpoint, %s in this machine (cache_indirect)",
				      has_ic ? "on" : "off", t->ic ? "on" : "off");
	return 0;
}

static int get_pipeline(const struct fetch_timing *t, struct sim_state_in *in,
			struct ft_image *x, char *err, size_t errlen)
{
	uint32_t n;
	unsigned i;

	x->now = sim_state_get_u64(in);
	x->next_accept = sim_state_get_u64(in);
	x->next_slot = sim_state_get_u64(in);
	x->tags_until = sim_state_get_u64(in);
	x->started = sim_state_get_u8(in);
	x->req_arrival = sim_state_get_u64(in);
	x->req_ready = sim_state_get_u64(in);
	x->req_done = sim_state_get_u64(in);
	if (!sim_state_room(in, t->ntags, 21))
		return sim_state_fail(err, errlen, "timing: truncated fetch tags");
	for (i = 0; i < t->ntags; i++) {
		struct ft_tag *g = &x->tags[i];
		uint8_t dropped;

		g->line = sim_state_get_u64(in);
		g->pe = sim_state_get_u16(in);
		g->window = sim_state_get_u8(in);
		g->ps = sim_state_get_u8(in);
		dropped = sim_state_get_u8(in);
		x->busy[i] = sim_state_get_u64(in);
		if (dropped > 1 || g->ps >= 64)
			return sim_state_fail(err, errlen,
					      "timing: fetch tag %u: cancelled flag %u, page shift %u",
					      i, dropped, g->ps);
		g->dropped = dropped;
	}
	n = sim_state_get_u32(in);
	if (n > t->mb_cap || !sim_state_room(in, n, 16))
		return sim_state_fail(err, errlen,
				      "timing: %u booked memory intervals (room for %u) or truncated",
				      n, t->mb_cap);
	for (i = 0; i < n; i++) {
		x->mb[i].s = sim_state_get_u64(in);
		x->mb[i].e = sim_state_get_u64(in);
		if (x->mb[i].s > x->mb[i].e ||
		    (i && x->mb[i - 1].e > x->mb[i].s))
			return sim_state_fail(err, errlen,
					      "timing: booked memory intervals not sorted and disjoint at %u",
					      i);
	}
	x->mb_n = n;
	return 0;
}

static int get_pe_stats(struct sim_state_in *in, struct ft_image *x,
			char *err, size_t errlen)
{
	uint32_t n, i;
	bool seen[FETCH_TIMING_MAX_PES] = { false };
	int rc;

	n = sim_state_get_u32(in);
	if (n > FETCH_TIMING_MAX_PES || !sim_state_room(in, n, 2))
		return sim_state_fail(err, errlen,
				      "timing: %u PEs in the registration order", n);
	for (i = 0; i < n; i++) {
		uint16_t pe = sim_state_get_u16(in);

		if (pe >= FETCH_TIMING_MAX_PES || seen[pe])
			return sim_state_fail(err, errlen,
					      "timing: PE %u out of range or registered twice",
					      pe);
		seen[pe] = true;
		x->pe_order[i] = pe;
	}
	x->npe_order = n;
	n = sim_state_get_u32(in);
	if (n > FETCH_TIMING_MAX_PES || !sim_state_room(in, n, 6))
		return sim_state_fail(err, errlen,
				      "timing: counters of %u PEs", n);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		uint16_t pe = sim_state_get_u16(in);

		if (pe >= FETCH_TIMING_MAX_PES || seen[pe])
			return sim_state_fail(err, errlen,
					      "timing: counters of PE %u out of range or given twice",
					      pe);
		seen[pe] = true;
		rc = sim_state_get_counters(in, "timing: per-PE", &x->pe[pe],
					    SIM_STATE_WORDS(x->pe[pe]), err,
					    errlen);
		if (rc)
			return rc;
	}
	return 0;
}

/* The nested caches, checked or restored. */
static int get_caches(struct fetch_timing *t, struct sim_state_in *in,
		      bool commit, char *err, size_t errlen)
{
	struct sim_state_in sub;
	int rc;

	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "timing: truncated TCE tag copy");
	rc = tce_cache_state_restore(t->tc, &sub, commit, err, errlen);
	if (!rc && t->ic) {
		if (!sim_state_get_blob(in, &sub))
			return sim_state_fail(err, errlen,
					      "timing: truncated indirect cache");
		char why[200] = "";

		rc = tce_cache_state_restore(t->ic, &sub, commit, why,
					     sizeof(why));
		if (rc)
			return sim_state_fail(err, errlen,
					      "timing: indirect-entry cache (indirect_entries): %s",
					      why);
	}
	if (rc)
		return rc;
	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "timing: truncated RTT tag copy");
	return rtt_cache_state_restore(t->rtc, &sub, commit, err, errlen);
}

static int parse(struct fetch_timing *t, struct sim_state_in *in,
		 struct ft_image *x, char *err, size_t errlen)
{
	int rc = get_geometry(t, in, err, errlen);

	rc = rc ?: get_pipeline(t, in, x, err, errlen);
	rc = rc ?: get_hist(in, &x->walk_h, "walk", err, errlen);
	rc = rc ?: get_hist(in, &x->xlate_h, "translation", err, errlen);
	rc = rc ?: sim_state_get_counters(in, "timing", &x->st,
					  SIM_STATE_WORDS(x->st), err, errlen);
	rc = rc ?: get_pe_stats(in, x, err, errlen);
	return rc;
}

static void apply(struct fetch_timing *t, const struct ft_image *x)
{
	t->now = x->now;
	t->next_accept = x->next_accept;
	t->next_slot = x->next_slot;
	t->tags_until = x->tags_until;
	t->started = x->started;
	t->req_arrival = x->req_arrival;
	t->req_ready = x->req_ready;
	t->req_done = x->req_done;
	memcpy(t->tags, x->tags, t->ntags * sizeof(*t->tags));
	memcpy(t->busy, x->busy, t->ntags * sizeof(*t->busy));
	ft_index_rebuild(t);
	memcpy(t->mb, x->mb, x->mb_n * sizeof(*t->mb));
	t->mb_head = 0;
	t->mb_n = x->mb_n;
	t->walk_h = x->walk_h;
	t->xlate_h = x->xlate_h;
	t->st = x->st;
	memcpy(t->pe, x->pe, FETCH_TIMING_MAX_PES * sizeof(*t->pe));
	/* registered later, by the caller (fetch_timing_register_pe) */
	memcpy(t->pe_pending, x->pe_order, sizeof(t->pe_pending));
	t->npe_pending = x->npe_order;
}

void fetch_timing_register_pe(struct fetch_timing *t, unsigned pe)
{
	if (t->reg && pe < FETCH_TIMING_MAX_PES && !pe_registered(t, pe))
		ft_pe_register(t, pe);
}

void fetch_timing_register_pending(struct fetch_timing *t)
{
	unsigned i;

	for (i = 0; i < t->npe_pending; i++)
		fetch_timing_register_pe(t, t->pe_pending[i]);
	t->npe_pending = 0;
}

int fetch_timing_state_restore(struct fetch_timing *t,
			       struct sim_state_in *in, bool commit,
			       char *err, size_t errlen)
{
	struct ft_image *x;
	size_t caches;
	int rc = sim_state_get_header(in, "timing", FT_STATE_VERSION, NULL,
				      err, errlen);

	if (rc)
		return rc;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->tags = calloc(t->ntags, sizeof(*x->tags));
	x->busy = calloc(t->ntags, sizeof(*x->busy));
	x->mb = calloc(t->mb_cap, sizeof(*x->mb));
	x->pe = calloc(FETCH_TIMING_MAX_PES, sizeof(*x->pe));
	if (!x->tags || !x->busy || !x->mb || !x->pe) {
		rc = -ENOMEM;
		goto out;
	}
	rc = parse(t, in, x, err, errlen);
	if (rc)
		goto out;
	caches = in->off;
	rc = get_caches(t, in, false, err, errlen);
	rc = rc ?: sim_state_end(in, "timing", err, errlen);
	if (rc || !commit)
		goto out;
	in->off = caches;
	rc = get_caches(t, in, true, err, errlen);
	if (!rc)
		apply(t, x);
out:
	free(x->tags);
	free(x->busy);
	free(x->mb);
	free(x->pe);
	free(x);
	return rc;
}

int fetch_timing_warm_tce(struct fetch_timing *t, const struct tce_cache *tc)
{
	struct sim_state_out o;
	struct sim_state_in in;
	char err[160];
	int rc;

	sim_state_out_init(&o);
	rc = tce_cache_state_save(tc, &o);
	if (!rc) {
		sim_state_in_init(&in, o.buf, o.len);
		rc = tce_cache_state_restore(t->tc, &in, true, err,
					     sizeof(err));
	}
	sim_state_out_free(&o);
	return rc;
}

/* ---- the bridge adapters' payload (note TIMING) ---- */

/* P5IOC2 adapters: version 1; PHB3 adapters: version 2 (its own fields
   follow the core, timing_phb3.c) */
int ft_adapter_save(const struct fetch_timing *t, uint32_t version,
		    unsigned unit, uint64_t last, uint64_t arrival,
		    struct sim_state_out *o)
{
	size_t at;
	int rc;

	sim_state_put_header(o, version, unit);
	sim_state_put_u64(o, last);
	sim_state_put_u64(o, arrival);
	at = sim_state_blob_begin(o);
	rc = fetch_timing_state_save(t, o);
	sim_state_blob_end(o, at);
	return rc ?: sim_state_out_status(o);
}

int ft_adapter_restore(struct fetch_timing *t, struct sim_state_in *in,
		       uint32_t version, bool more, bool commit,
		       uint64_t *last, uint64_t *arrival, char *err,
		       size_t errlen)
{
	struct sim_state_in sub;
	uint64_t l, a;
	int rc = sim_state_get_header(in, "timing", version, NULL, err,
				      errlen);

	if (rc)
		return rc;
	l = sim_state_get_u64(in);
	a = sim_state_get_u64(in);
	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "timing: truncated payload");
	if (!more)
		rc = sim_state_end(in, "timing", err, errlen);
	rc = rc ?: fetch_timing_state_restore(t, &sub, false, err, errlen);
	if (rc || !commit)
		return rc;
	sim_state_in_init(&sub, sub.p, sub.len);
	rc = fetch_timing_state_restore(t, &sub, true, err, errlen);
	if (!rc) {
		*last = l;
		*arrival = a;
	}
	return rc;
}

int timing_state_describe(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in, sub;
	uint32_t version, unit, ntags, ls, n, i, busy = 0;
	uint64_t last, now;

	sim_state_in_init(&in, buf, len);
	version = sim_state_get_u32(&in);	/* 1 P5IOC2, 2 PHB3 */
	unit = sim_state_get_u32(&in);
	if (in.short_read || version < 1 || version > 2)
		return -EINVAL;
	last = sim_state_get_u64(&in);
	sim_state_get_u64(&in);
	if (!sim_state_get_blob(&in, &sub) ||
	    sim_state_get_header(&sub, "timing", FT_STATE_VERSION, NULL,
				 NULL, 0))
		return -EINVAL;
	ntags = sim_state_get_u32(&sub);
	ls = sim_state_get_u32(&sub);
	sim_state_get_u8(&sub);
	now = sim_state_get_u64(&sub);
	for (i = 0; i < 3; i++)
		sim_state_get_u64(&sub);
	sim_state_get_u8(&sub);
	for (i = 0; i < 3; i++)
		sim_state_get_u64(&sub);
	if (!sim_state_room(&sub, ntags, 21))
		return -EINVAL;
	for (i = 0; i < ntags; i++) {
		sim_state_get_u64(&sub);
		sim_state_get_u16(&sub);
		sim_state_get_u8(&sub);
		sim_state_get_u8(&sub);
		sim_state_get_u8(&sub);
		busy += sim_state_get_u64(&sub) > now;
	}
	n = sim_state_get_u32(&sub);
	fprintf(out, "timing unit %u: clock %llu, last completion %llu, %u-byte fetches, %u of %u fetch tags in flight, %u memory bookings\n",
		unit, (unsigned long long)now, (unsigned long long)last,
		8u << (ls < 8 ? ls : 0), busy, ntags, n);
	return sub.short_read ? -EINVAL : 0;
}
