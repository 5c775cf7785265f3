// SPDX-License-Identifier: GPL-2.0
/*
 * The PHB3 with timing (see the phb3_timed part of tcesim/timing.h): an
 * observer of the PHB's translation path (tcesim/xlate_observer.h) that
 * feeds the timing core with what the fetch unit did: the RID lookup, each
 * IO page looked up, each kill and RTC invalidation. It never reads or
 * writes PHB state; its DMA target only stamps the arrival cycle.
 */
#include <errno.h>
#include <stdlib.h>

#include "fetch_timing_internal.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#define WALK_LEVELS_MAX 5	/* IODA2 tables: 1..5 levels */

struct phb3_timed {
	struct phb3 *p;
	struct fetch_timing *t;
	uint64_t arrival;	/* next DMA, or TIMING_ASAP */
	uint64_t last;		/* completion of the last DMA timed */
	/* the request being observed; the core hears of it at its first
	   page or at its end, once it is known not to be an MSI */
	uint64_t req_arrival;
	uint16_t req_rid;
	bool rid_looked_up;
	bool begun;
	/* memory latencies from outside (phb3_timed_set_latency_source) */
	timing_latency_fn lat_fn;
	void *lat_ctx;
	uint64_t rtt_lat;	/* of this request's RTT read, or DEFAULT */
};

static void start(struct phb3_timed *pt)
{
	if (pt->begun)
		return;
	pt->begun = true;
	if (pt->rtt_lat != FETCH_TIMING_LAT_DEFAULT)
		fetch_timing_next_rtt_latency(pt->t, pt->rtt_lat);
	fetch_timing_begin(pt->t, pt->req_arrival,
		     pt->rid_looked_up ? (int)pt->req_rid : -1);
}

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	struct phb3_timed *pt = ctx;

	pt->req_arrival = ev->arrival;
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

	if (ev->rc || ev->res->status == SIM_DMA_MSI)
		return;		/* not a translation: not timed */
	start(pt);
	pt->last = fetch_timing_end(pt->t, ev->res->bytes_done);
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
				     const struct timing_params *tp)
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
	pt->p = p;
	pt->arrival = TIMING_ASAP;
	o = observer_of(pt);
	if (phb3_observer_add(p, &o))
		goto out_timing;
	return pt;

out_timing:
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
	fetch_timing_destroy(pt->t);
	free(pt);
}

struct fetch_timing *phb3_timed_timing(struct phb3_timed *pt)
{
	return pt->t;
}

struct phb3 *phb3_timed_phb(struct phb3_timed *pt)
{
	return pt->p;
}

void phb3_timed_set_arrival(struct phb3_timed *pt, uint64_t cycle)
{
	pt->arrival = cycle;
}

uint64_t phb3_timed_last_completion(const struct phb3_timed *pt)
{
	return pt->last;
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

/* ---- checkpoint state ---- */

int phb3_timed_state_save(const struct phb3_timed *pt, unsigned unit,
			  struct sim_state_out *o)
{
	return ft_adapter_save(pt->t, unit, pt->last, pt->arrival, o);
}

int phb3_timed_state_restore(struct phb3_timed *pt, struct sim_state_in *in,
			     bool commit, char *err, size_t errlen)
{
	return ft_adapter_restore(pt->t, in, commit, &pt->last, &pt->arrival,
				  err, errlen);
}

int phb3_timed_warm(struct phb3_timed *pt)
{
	return fetch_timing_warm_tce(pt->t, phb3_tce_cache(pt->p));
}
