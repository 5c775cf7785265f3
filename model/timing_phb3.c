// SPDX-License-Identifier: GPL-2.0
/*
 * The PHB3 with timing (see the phb3_timed part of tcesim/timing.h): an
 * observer of the PHB's translation path (tcesim/xlate_observer.h) that
 * feeds the timing core with what the fetch unit did: the RID lookup, each
 * IO page looked up, each kill and RTC invalidation, and, with a PCIe
 * link, puts the link around each request's translation (the first TLP
 * crosses before the translation starts, the rest of the request after
 * it ends). It never reads or writes PHB state; its DMA target only
 * stamps the arrival cycle.
 */
#include <errno.h>
#include <stdlib.h>

#include "fetch_timing_internal.h"
#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/state.h"
#include "tcesim/timing.h"

#define WALK_LEVELS_MAX 5	/* IODA2 tables: 1..5 levels */

struct phb3_timed {
	struct phb3 *p;
	struct fetch_timing *t;
	struct pcie_link *link;	/* NULL: translation only */
	uint64_t arrival;	/* next DMA, or TIMING_ASAP */
	uint64_t last;		/* completion of the last DMA timed */
	uint64_t accepted;	/* acceptance of the last DMA timed */
	uint64_t requests;	/* DMAs timed */
	uint64_t dev_now;	/* device side: a TIMING_ASAP request is
				   ready here (link only) */
	/* the request being observed; the core hears of it at its first
	   page or at its end, once it is known not to be an MSI */
	uint64_t req_arrival;
	uint32_t req_len;
	enum sim_dma_dir req_dir;
	uint16_t req_rid;
	bool rid_looked_up;
	bool begun;
	/* memory latencies from outside (phb3_timed_set_latency_source) */
	timing_latency_fn lat_fn;
	void *lat_ctx;
	uint64_t rtt_lat;	/* of this request's RTT read, or DEFAULT */
	bool on_link;		/* the request crosses the link */
};

/* The request's first TLP crosses the link, then the core times its
   translation from the cycle that TLP is in the PHB. */
static void start(struct phb3_timed *pt)
{
	uint64_t a = pt->req_arrival;

	if (pt->begun)
		return;
	pt->begun = true;
	if (pt->rtt_lat != FETCH_TIMING_LAT_DEFAULT)
		fetch_timing_next_rtt_latency(pt->t, pt->rtt_lat);
	pt->on_link = false;
	if (pt->link) {
		uint64_t ready = a == XLATE_ASAP || a < pt->dev_now ?
				 pt->dev_now : a;
		uint64_t in = pcie_link_begin(pt->link,
					      pt->req_dir == SIM_DMA_WRITE ?
					      PCIE_LINK_WRITE : PCIE_LINK_READ,
					      pt->req_len, ready);

		/* above PCIE_LINK_MAX_BYTES (1 GiB) the link refuses it
		   (counted in its errors): translation only */
		if (in != PCIE_LINK_ERROR) {
			a = in;
			pt->on_link = true;
		}
	}
	fetch_timing_begin(pt->t, a,
			   pt->rid_looked_up ? (int)pt->req_rid : -1);
}

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	struct phb3_timed *pt = ctx;

	pt->req_arrival = ev->arrival;
	pt->req_len = ev->len;
	pt->req_dir = ev->dir;
	pt->req_rid = ev->rid;
	pt->rid_looked_up = false;
	pt->begun = false;
	pt->rtt_lat = FETCH_TIMING_LAT_DEFAULT;
}

static void on_rtt_lookup(void *ctx, const struct xlate_rtt_lookup *ev)
{
	struct phb3_timed *pt = ctx;

	pt->rid_looked_up = true;
	if (pt->lat_fn && !ev->hit && ev->status != XLATE_RTT_DISABLED)
		pt->rtt_lat = pt->lat_fn(pt->lat_ctx, ev->read_addr, 2);
}

static void on_page(void *ctx, const struct xlate_page *ev)
{
	struct phb3_timed *pt = ctx;
	/* a page whose target is outside RAM was translated all right: only
	   a translation fault ends its fetch (the geometry is unused for a
	   bypass page) */
	struct fetch_timing_page pg = {
		.pe = ev->pe,
		.window = ev->window,
		.levels = ev->levels,
		.ts = ev->ts,
		.ps = ev->ps,
		.win_shift = ev->win_shift,
		.bypass = ev->bypass,
		.fault = ev->fault != SIM_FAULT_NONE &&
			 ev->fault != SIM_FAULT_TARGET_MEMORY,
		.offset = ev->offset,
	};
	uint64_t lat[WALK_LEVELS_MAX];

	/* the latencies of the reads this walk made, level by level */
	if (pt->lat_fn && ev->lookup == XLATE_LOOKUP_MISS) {
		unsigned i, n = ev->levels ? ev->levels : 1;

		for (i = 0; i < n && i < WALK_LEVELS_MAX; i++)
			lat[i] = i < ev->nreads ?
				 pt->lat_fn(pt->lat_ctx, ev->reads[i].addr, 8) :
				 FETCH_TIMING_LAT_DEFAULT;
		pg.read_lat = lat;
	}
	start(pt);
	if (!ev->tve_valid)
		return;		/* INVALID_TVE: no lookup happened */
	if (!ev->bypass && ev->lookup == XLATE_LOOKUP_NONE)
		return;		/* out of window: no lookup */
	ft_lookup(pt->t, &pg);
}

static void on_end(void *ctx, const struct xlate_req_end *ev)
{
	struct phb3_timed *pt = ctx;
	struct pcie_link_result lr;
	uint64_t done;

	if (ev->rc || ev->res->status == SIM_DMA_MSI)
		return;		/* not a translation: not timed */
	start(pt);
	done = fetch_timing_end(pt->t, ev->res->bytes_done);
	pt->requests++;
	if (pt->on_link) {
		done = pcie_link_end(pt->link, done, &lr);
		pt->accepted = lr.sent_first;
		if (lr.sent_first > pt->dev_now)
			pt->dev_now = lr.sent_first;
	} else {
		pt->accepted = fetch_timing_now(pt->t);
	}
	pt->last = done;
}

static void on_kill(void *ctx, const struct xlate_tce_kill *ev)
{
	struct phb3_timed *pt = ctx;

	fetch_timing_kill(pt->t, ev->kind, ev->pe, ev->window, ev->offset);
}

static void on_rtt_invalidate(void *ctx, const struct xlate_rtt_invalidate *ev)
{
	struct phb3_timed *pt = ctx;

	fetch_timing_rtt_invalidate(pt->t, ev->all, ev->rid);
}

static const struct xlate_observer_ops timed_ops = {
	.req_begin = on_begin,
	.rtt_lookup = on_rtt_lookup,
	.page = on_page,
	.req_end = on_end,
	.tce_kill = on_kill,
	.rtt_invalidate = on_rtt_invalidate,
};

static struct xlate_observer observer_of(struct phb3_timed *pt)
{
	return (struct xlate_observer){ .ops = &timed_ops, .ctx = pt };
}

struct phb3_timed *phb3_timed_create(struct phb3 *p,
				     const struct timing_params *tp,
				     const struct pcie_link_params *lp)
{
	const struct phb3_params *pp;
	struct xlate_observer o;
	struct phb3_timed *pt;

	if (!p || !tp)
		return NULL;
	pp = phb3_get_params(p);
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return NULL;
	pt->t = fetch_timing_create(tp, &pp->tce_cache, pp->rtc_entries);
	if (!pt->t)
		goto out_free;
	if (lp) {
		pt->link = pcie_link_create(lp, tp->clock_mhz);
		if (!pt->link)
			goto out_timing;
	}
	pt->p = p;
	pt->arrival = TIMING_ASAP;
	o = observer_of(pt);
	if (phb3_observer_add(p, &o))
		goto out_timing;
	return pt;

out_timing:
	pcie_link_destroy(pt->link);
	fetch_timing_destroy(pt->t);
out_free:
	free(pt);
	return NULL;
}

void phb3_timed_destroy(struct phb3_timed *pt)
{
	struct xlate_observer o;

	if (!pt)
		return;
	o = observer_of(pt);
	phb3_observer_remove(pt->p, &o);
	pcie_link_destroy(pt->link);
	fetch_timing_destroy(pt->t);
	free(pt);
}

struct fetch_timing *phb3_timed_timing(struct phb3_timed *pt)
{
	return pt->t;
}

struct pcie_link *phb3_timed_link(struct phb3_timed *pt)
{
	return pt->link;
}

struct phb3 *phb3_timed_phb(struct phb3_timed *pt)
{
	return pt->p;
}

void phb3_timed_set_arrival(struct phb3_timed *pt, uint64_t cycle)
{
	pt->arrival = cycle;
}

void phb3_timed_advance(struct phb3_timed *pt, uint64_t cycle)
{
	if (cycle > pt->dev_now)
		pt->dev_now = cycle;
	fetch_timing_advance(pt->t, cycle);
}

uint64_t phb3_timed_last_completion(const struct phb3_timed *pt)
{
	return pt->last;
}

uint64_t phb3_timed_last_accepted(const struct phb3_timed *pt)
{
	return pt->accepted;
}

static int timed_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		     struct sim_dma_result *res)
{
	struct phb3_timed *pt = opaque;
	uint64_t arrival;

	if (!pt)
		return -EINVAL;
	arrival = pt->arrival;
	pt->arrival = TIMING_ASAP;
	return phb3_dma_at(pt->p, arrival, req, buf, res);
}

void phb3_timed_set_latency_source(struct phb3_timed *pt,
				   timing_latency_fn fn, void *ctx)
{
	pt->lat_fn = fn;
	pt->lat_ctx = ctx;
}

struct sim_dma_target phb3_timed_dma_target(struct phb3_timed *pt)
{
	struct sim_dma_target t = { .dma = timed_dma, .opaque = pt };

	return t;
}

int phb3_timed_dma_batch(struct phb3_timed *pt, struct phb3_dma_op *ops,
			 unsigned n, uint64_t *clock, uint64_t *done)
{
	unsigned i, j, k;

	if (!pt || !ops || !clock)
		return -EINVAL;
	for (i = 0; i < n; i += k) {
		k = n - i < PHB3_DMA_WARM_RUN ? n - i : PHB3_DMA_WARM_RUN;
		phb3_dma_warm(pt->p, ops + i, k);
		for (j = i; j < i + k; j++) {
			struct phb3_dma_op *op = &ops[j];
			uint64_t before = pt->requests;

			if (op->arrival != TIMING_ASAP && op->arrival > *clock)
				*clock = op->arrival;
			phb3_timed_advance(pt, *clock);
			op->rc = phb3_dma_at(pt->p, op->arrival, &op->req,
					     op->buf, &op->res);
			if (pt->requests == before) {	/* not timed */
				if (done)
					done[j] = *clock;
				continue;
			}
			if (done)
				done[j] = pt->last;
			if (pt->accepted > *clock)
				*clock = pt->accepted;
		}
	}
	return 0;
}

/* ---- checkpoint state ----
 * PHB3 adapter payload, layout version 2: the shared adapter part
 * (ft_adapter_save), then u64 accepted, u64 device clock, u32 length +
 * the link's payload (pcie_link_state_save; length 0: no link).
 */

#define PHB3_TIMED_STATE_VERSION 2

int phb3_timed_state_save(const struct phb3_timed *pt, unsigned unit,
			  struct sim_state_out *o)
{
	size_t at;
	int rc = ft_adapter_save(pt->t, PHB3_TIMED_STATE_VERSION, unit,
				 pt->last, pt->arrival, o);

	sim_state_put_u64(o, pt->accepted);
	sim_state_put_u64(o, pt->dev_now);
	at = sim_state_blob_begin(o);
	if (pt->link)
		rc = rc ?: pcie_link_state_save(pt->link, o);
	sim_state_blob_end(o, at);
	return rc ?: sim_state_out_status(o);
}

/* A checkpoint's link state: restored when this PHB has a link; a
   checkpoint without one starts the link idle (pcie_link_state_restore
   with no payload). */
static int link_part(struct phb3_timed *pt, struct sim_state_in *link,
		     bool commit, char *err, size_t errlen)
{
	if (!pt->link)
		return 0;	/* link.enabled=0 here: its state is dropped */
	return pcie_link_state_restore(pt->link,
				       link->len ? link : NULL, commit, err,
				       errlen);
}

int phb3_timed_state_restore(struct phb3_timed *pt, struct sim_state_in *in,
			     bool commit, char *err, size_t errlen)
{
	struct sim_state_in link;
	size_t start = in->off;
	uint64_t last, arrival, accepted, dev_now;
	int rc = ft_adapter_restore(pt->t, in, PHB3_TIMED_STATE_VERSION, true,
				    false, &last, &arrival, err, errlen);

	if (rc)
		return rc;
	accepted = sim_state_get_u64(in);
	dev_now = sim_state_get_u64(in);
	if (!sim_state_get_blob(in, &link))
		return sim_state_fail(err, errlen, "timing: truncated payload");
	rc = sim_state_end(in, "timing", err, errlen);
	rc = rc ?: link_part(pt, &link, false, err, errlen);
	if (rc || !commit)
		return rc;
	in->off = start;
	rc = ft_adapter_restore(pt->t, in, PHB3_TIMED_STATE_VERSION, true,
				true, &pt->last, &pt->arrival, err, errlen);
	sim_state_in_init(&link, link.p, link.len);
	rc = rc ?: link_part(pt, &link, true, err, errlen);
	if (!rc) {
		pt->accepted = accepted;
		pt->dev_now = dev_now;
	}
	return rc;
}

int phb3_timed_warm(struct phb3_timed *pt)
{
	return fetch_timing_warm_tce(pt->t, phb3_tce_cache(pt->p));
}
