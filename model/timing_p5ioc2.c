// SPDX-License-Identifier: GPL-2.0
/*
 * The P5IOC2 with timing (see the p5ioc2_timed part of tcesim/timing.h):
 * a translation observer of the hub (tcesim/xlate_observer.h) that times
 * the IO pages its TCE fetch path looked up with the shared timing core:
 * no RTT lookup, single-level walks (one memory read per lookup), no
 * kill. The hub keeps no TCE cache, so every lookup is a fetch that
 * fills nothing. Its DMA targets only stamp the arrival cycle.
 */
#include <errno.h>
#include <stdlib.h>

#include "fetch_timing_internal.h"
#include "tcesim/p5ioc2.h"
#include "tcesim/timing.h"

struct p5ioc2_timed;

struct p5t_port {
	struct p5ioc2_timed *pt;
	unsigned phb;		/* hub PHB index, the tag's PE */
};

struct p5ioc2_timed {
	struct p5ioc2 *h;
	struct fetch_timing *t;
	struct p5t_port port[P5IOC2_NUM_PHBS];
	uint64_t arrival;	/* next DMA, or TIMING_ASAP */
	uint64_t last;		/* completion of the last DMA timed */
	/* the request being observed */
	uint64_t req_arrival;
	unsigned req_unit;	/* hub PHB */
	bool begun;
};

static const struct xlate_observer_ops timed_ops;

static struct xlate_observer observer_of(struct p5ioc2_timed *pt)
{
	return (struct xlate_observer){ .ops = &timed_ops, .ctx = pt };
}

struct p5ioc2_timed *p5ioc2_timed_create(struct p5ioc2 *h,
					 unsigned hub_cache_entries,
					 const struct timing_params *tp)
{
	struct tce_cache_params cp;
	struct xlate_observer o;
	struct p5ioc2_timed *pt;
	unsigned i;

	if (!h || !tp || hub_cache_entries)
		return NULL;
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return NULL;
	/* The core's tag copy is never filled (see on_page): its size
	   does not matter; one entry is the smallest valid geometry. */
	tce_cache_params_default(&cp);
	cp.entries = 1;
	cp.ways = 0;
	pt->t = fetch_timing_create(tp, &cp, 1);
	if (!pt->t)
		goto out_free;
	pt->h = h;
	pt->arrival = TIMING_ASAP;
	for (i = 0; i < P5IOC2_NUM_PHBS; i++)
		pt->port[i] = (struct p5t_port){ .pt = pt, .phb = i };
	o = observer_of(pt);
	if (p5ioc2_observer_add(h, &o))
		goto out_timing;
	return pt;

out_timing:
	fetch_timing_destroy(pt->t);
out_free:
	free(pt);
	return NULL;
}

void p5ioc2_timed_destroy(struct p5ioc2_timed *pt)
{
	struct xlate_observer o;

	if (!pt)
		return;
	o = observer_of(pt);
	p5ioc2_observer_remove(pt->h, &o);
	fetch_timing_destroy(pt->t);
	free(pt);
}

struct fetch_timing *p5ioc2_timed_timing(struct p5ioc2_timed *pt)
{
	return pt->t;
}

void p5ioc2_timed_set_arrival(struct p5ioc2_timed *pt, uint64_t cycle)
{
	pt->arrival = cycle;
}

uint64_t p5ioc2_timed_last_completion(const struct p5ioc2_timed *pt)
{
	return pt->last;
}

/* ---- the observer ---- */

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	struct p5ioc2_timed *pt = ctx;

	pt->req_arrival = ev->arrival;
	pt->req_unit = ev->unit;
	pt->begun = false;
}

/* No RTT on the P5IOC2: the request goes straight to the lookup. The
   core hears of a request once it is known not to be an MSI. */
static void start(struct p5ioc2_timed *pt)
{
	if (pt->begun)
		return;
	pt->begun = true;
	fetch_timing_begin(pt->t, pt->req_arrival, -1);
}

/*
 * Every page the hub looked up, up to the faulting one: the window limit
 * is checked before the lookup (no fetch); every other fault (table
 * memory, invalid TCE, permission, target memory) comes after its TCE
 * was fetched. The hub keeps no TCE cache: the fetched TCE is used once,
 * never kept, and nothing merges into its fetch.
 */
static void on_page(void *ctx, const struct xlate_page *ev)
{
	struct p5ioc2_timed *pt = ctx;
	const struct fetch_timing_page pg = {
		.pe = (uint16_t)pt->req_unit,	/* the tag's PE: the hub PHB */
		.levels = ev->levels,
		.ts = ev->ts,
		.ps = ev->ps,
		.win_shift = ev->win_shift,
		.fault = ev->fault != SIM_FAULT_NONE,
		.no_fill = true,
		.offset = ev->offset,
	};

	start(pt);
	if (ev->lookup == XLATE_LOOKUP_NONE)
		return;		/* out of window: no fetch */
	ft_lookup(pt->t, &pg);
}

static void on_end(void *ctx, const struct xlate_req_end *ev)
{
	struct p5ioc2_timed *pt = ctx;

	if (ev->rc || ev->res->status == SIM_DMA_MSI)
		return;		/* not a translation: not timed */
	start(pt);
	pt->last = fetch_timing_end(pt->t, ev->res->bytes_done);
}

static const struct xlate_observer_ops timed_ops = {
	.req_begin = on_begin,
	.page = on_page,
	.req_end = on_end,
};

static int timed_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		     struct sim_dma_result *res)
{
	struct p5t_port *port = opaque;
	struct p5ioc2_timed *pt;
	uint64_t arrival;

	if (!port)
		return -EINVAL;
	pt = port->pt;
	arrival = pt->arrival;
	pt->arrival = TIMING_ASAP;
	return p5ioc2_dma_at(pt->h, port->phb, arrival, req, buf, res);
}

struct sim_dma_target p5ioc2_timed_dma_target(struct p5ioc2_timed *pt,
					      unsigned phb)
{
	if (!pt || phb >= P5IOC2_NUM_PHBS)
		return (struct sim_dma_target){ NULL, NULL };
	return (struct sim_dma_target){ .dma = timed_dma,
					.opaque = &pt->port[phb] };
}

/* ---- checkpoint state ---- */

int p5ioc2_timed_state_save(const struct p5ioc2_timed *pt, unsigned unit,
			    struct sim_state_out *o)
{
	return ft_adapter_save(pt->t, 1, unit, pt->last, pt->arrival, o);
}

int p5ioc2_timed_state_restore(struct p5ioc2_timed *pt,
			       struct sim_state_in *in, bool commit,
			       char *err, size_t errlen)
{
	return ft_adapter_restore(pt->t, in, 1, false, commit, &pt->last,
				  &pt->arrival, err, errlen);
}
