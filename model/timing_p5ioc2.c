// SPDX-License-Identifier: GPL-2.0
/*
 * The P5IOC2 with timing (see the p5ioc2_timed part of tcesim/timing.h):
 * runs the hub's functional DMA unchanged, then times the IO pages its
 * TCE fetch path looked up with the shared timing core: no RTT lookup,
 * single-level walks (one memory read per lookup), no kill. The hub
 * keeps no TCE cache, so every lookup is a fetch that fills nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/p5ioc2.h"
#include "tcesim/timing.h"

#define P5T_PAGE_SHIFT	12	/* 4 KiB TCEs only */
#define P5T_WIN_SHIFT	32	/* 32-bit DMA: the window is at most 4 GiB */

struct p5ioc2_timed;

struct p5t_port {
	struct p5ioc2_timed *pt;
	unsigned phb;		/* hub PHB index, the tag's PE */
};

struct p5ioc2_timed {
	struct p5ioc2 *h;
	struct timing *t;
	struct p5t_port port[P5IOC2_NUM_PHBS];
	uint64_t arrival;	/* next DMA, or TIMING_ASAP */
	uint64_t last;		/* completion of the last DMA */
};

struct p5ioc2_timed *p5ioc2_timed_create(struct p5ioc2 *h,
					 unsigned hub_cache_entries,
					 const struct timing_params *tp)
{
	struct tce_cache_params cp;
	struct p5ioc2_timed *pt;
	unsigned i;

	if (!h || !tp || hub_cache_entries)
		return NULL;
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return NULL;
	/* The core's tag copy is never filled (see time_pages): its size
	   does not matter; one entry is the smallest valid geometry. */
	tce_cache_params_default(&cp);
	cp.entries = 1;
	cp.ways = 0;
	pt->t = timing_create(tp, &cp, 1);
	if (!pt->t) {
		free(pt);
		return NULL;
	}
	pt->h = h;
	pt->arrival = TIMING_ASAP;
	for (i = 0; i < P5IOC2_NUM_PHBS; i++)
		pt->port[i] = (struct p5t_port){ .pt = pt, .phb = i };
	return pt;
}

void p5ioc2_timed_destroy(struct p5ioc2_timed *pt)
{
	if (!pt)
		return;
	timing_destroy(pt->t);
	free(pt);
}

struct timing *p5ioc2_timed_timing(struct p5ioc2_timed *pt)
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

/*
 * Time the pages the hub looked up: every page of the request, up to the
 * faulting one. Address decode (DAC) and TCE_EN/TAR checks come before
 * any lookup; the window limit is checked before the faulting page's
 * lookup; every other fault (table memory, invalid TCE, permission,
 * target memory) comes after its TCE was fetched.
 */
static void time_pages(struct p5ioc2_timed *pt, unsigned phb,
		       const struct sim_dma_req *req,
		       const struct sim_dma_result *res)
{
	uint64_t page = req->addr >> P5T_PAGE_SHIFT;
	uint64_t last = (req->addr + req->len - 1) >> P5T_PAGE_SHIFT;
	struct timing_page pg;

	if (res->status == SIM_DMA_FAULT) {
		switch (res->reason) {
		case SIM_FAULT_UNSUPPORTED_ADDR:
		case SIM_FAULT_INVALID_TVE:
			return;
		case SIM_FAULT_OUT_OF_WINDOW:
			if (res->fault_addr >> P5T_PAGE_SHIFT == page)
				return;
			last = (res->fault_addr >> P5T_PAGE_SHIFT) - 1;
			break;
		default:
			last = res->fault_addr >> P5T_PAGE_SHIFT;
			break;
		}
	}
	memset(&pg, 0, sizeof(pg));
	pg.pe = (uint16_t)phb;
	pg.levels = 1;
	pg.ps = P5T_PAGE_SHIFT;
	pg.win_shift = P5T_WIN_SHIFT;
	pg.ts = P5T_WIN_SHIFT - P5T_PAGE_SHIFT;
	/* No TCE cache: the fetched TCE is used once and not kept. */
	pg.no_fill = true;
	for (; page <= last; page++) {
		pg.offset = page << P5T_PAGE_SHIFT;
		/* the last page of a faulting request is the faulting one */
		pg.fault = res->status == SIM_DMA_FAULT && page == last &&
			   res->reason != SIM_FAULT_OUT_OF_WINDOW;
		timing_page(pt->t, &pg);
	}
}

static int timed_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		     struct sim_dma_result *res)
{
	struct p5t_port *port = opaque;
	struct p5ioc2_timed *pt;
	struct sim_dma_target f;
	int rc;

	if (!port)
		return -EINVAL;
	pt = port->pt;
	f = p5ioc2_dma_target(pt->h, port->phb);
	if (!f.dma)
		return -EINVAL;
	rc = f.dma(f.opaque, req, buf, res);
	if (rc || res->status == SIM_DMA_MSI)
		return rc;
	/* no RTT on the P5IOC2: the request goes straight to the lookup */
	timing_begin(pt->t, pt->arrival, -1);
	pt->arrival = TIMING_ASAP;
	if (res->status != SIM_DMA_FROZEN)
		time_pages(pt, port->phb, req, res);
	pt->last = timing_end(pt->t, res->bytes_done);
	return 0;
}

struct sim_dma_target p5ioc2_timed_dma_target(struct p5ioc2_timed *pt,
					      unsigned phb)
{
	if (!pt || phb >= P5IOC2_NUM_PHBS)
		return (struct sim_dma_target){ NULL, NULL };
	return (struct sim_dma_target){ .dma = timed_dma,
					.opaque = &pt->port[phb] };
}
