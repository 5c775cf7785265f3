// SPDX-License-Identifier: GPL-2.0
/*
 * The PHB3 with timing (see the phb3_timed part of tcesim/timing.h): runs
 * the functional DMA path unchanged, then replays what the fetch unit saw
 * into the timing core; forwards MMIO and times kills and RTC
 * invalidations. Reads the PHB's TVT (as the unit does) but never writes
 * model state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_regs.h"
#include "phb3_xlate.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#define NO_PE 0xFFFF

struct phb3_timed {
	struct phb3 *p;
	struct timing *t;
	uint64_t arrival;	/* next DMA, or TIMING_ASAP */
	uint64_t last;		/* completion of the last DMA */
};

struct phb3_timed *phb3_timed_create(struct phb3 *p,
				     const struct timing_params *tp)
{
	const struct phb3_params *pp;
	struct phb3_timed *pt;

	if (!p || !tp)
		return NULL;
	pp = phb3_get_params(p);
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return NULL;
	pt->t = timing_create(tp, &pp->tce_cache, pp->rtc_entries);
	if (!pt->t) {
		free(pt);
		return NULL;
	}
	pt->p = p;
	pt->arrival = TIMING_ASAP;
	return pt;
}

void phb3_timed_destroy(struct phb3_timed *pt)
{
	if (!pt)
		return;
	timing_destroy(pt->t);
	free(pt);
}

struct timing *phb3_timed_timing(struct phb3_timed *pt)
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

/* Was the RTT consulted for this outcome? (Only address decode faults
   come before it.) */
static bool rid_looked_up(const struct sim_dma_result *res)
{
	return !(res->status == SIM_DMA_FAULT &&
		 res->reason == SIM_FAULT_UNSUPPORTED_ADDR);
}

/* Time the IO pages the functional model looked up for this request. */
static void time_pages(struct phb3_timed *pt, const struct sim_dma_req *req,
		       const struct sim_dma_result *res)
{
	const struct phb3_params *pp = phb3_get_params(pt->p);
	uint64_t cur = req->addr, last = req->addr + req->len - 1;
	bool faulted = res->status == SIM_DMA_FAULT;

	if (faulted)
		last = res->fault_addr;
	for (;;) {
		unsigned window = (cur >> PHB3_WINDOW_SELECT_BIT) & 1;
		struct timing_page pg;
		struct phb3_tve tve;
		uint64_t off, room;
		unsigned shift;

		if (phb3_tve_decode(phb3_tve_read(pt->p, res->pe * 2 + window),
				    &tve))
			return;	/* INVALID_TVE: no lookup happened */
		memset(&pg, 0, sizeof(pg));
		pg.pe = res->pe;
		pg.window = (uint8_t)window;
		if (tve.bypass) {
			pg.bypass = true;
			shift = PHB3_BYPASS_UNIT_SHIFT;
		} else {
			if (phb3_window_offset(&tve, pp->oow_policy, cur, &off))
				return;	/* out of window: no lookup */
			pg.levels = (uint8_t)tve.levels;
			pg.ts = (uint8_t)tve.ts;
			pg.ps = (uint8_t)tve.ps;
			pg.win_shift = (uint8_t)tve.win_shift;
			pg.offset = off;
			shift = tve.ps;
		}
		room = (1ull << shift) - (cur & ((1ull << shift) - 1));
		pg.fault = faulted && res->reason != SIM_FAULT_TARGET_MEMORY &&
			   last - cur < room;
		timing_page(pt->t, &pg);
		if (last - cur < room)
			return;
		cur += room;
	}
}

static int timed_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		     struct sim_dma_result *res)
{
	struct phb3_timed *pt = opaque;
	struct sim_dma_target f;
	int rc;

	if (!pt)
		return -EINVAL;
	f = phb3_dma_target(pt->p);
	rc = f.dma(f.opaque, req, buf, res);
	if (rc || res->status == SIM_DMA_MSI)
		return rc;
	timing_begin(pt->t, pt->arrival,
		     rid_looked_up(res) ? (int)req->rid : -1);
	pt->arrival = TIMING_ASAP;
	if (res->pe != NO_PE && res->status != SIM_DMA_FROZEN)
		time_pages(pt, req, res);
	pt->last = timing_end(pt->t, res->bytes_done);
	return 0;
}

struct sim_dma_target phb3_timed_dma_target(struct phb3_timed *pt)
{
	struct sim_dma_target t = { .dma = timed_dma, .opaque = pt };

	return t;
}

static int timed_read(void *opaque, uint64_t off, unsigned size,
		      uint64_t *val)
{
	struct phb3_timed *pt = opaque;

	return phb3_mmio_ops.read(pt->p, off, size, val);
}

static int timed_write(void *opaque, uint64_t off, unsigned size,
		       uint64_t val)
{
	struct phb3_timed *pt = opaque;
	int rc;

	rc = phb3_mmio_ops.write(pt->p, off, size, val);
	if (rc || size != 8)
		return rc;
	if (off == PHB_TCE_KILL) {
		uint16_t pe = IBM_EX(val, PHB_TCE_KILL_PENUM);
		uint64_t addr = val & IBM_MASK(PHB_TCE_KILL_ADDR);

		if (IBM_EX(val, PHB_TCE_KILL_ALL))
			timing_kill_all(pt->t);
		else if (IBM_EX(val, PHB_TCE_KILL_PE))
			timing_kill_pe(pt->t, pe);
		else if (IBM_EX(val, PHB_TCE_KILL_ONE))
			timing_kill_one(pt->t, pe,
					(addr >> PHB3_WINDOW_SELECT_BIT) & 1,
					addr & ((1ull << PHB3_OFFSET_BITS) - 1));
	} else if (off == PHB_RTC_INVALIDATE) {
		if (IBM_EX(val, PHB_RTC_INVALIDATE_ALL))
			timing_rtc_invalidate(pt->t, true, 0);
		else
			timing_rtc_invalidate(pt->t, false,
					      IBM_EX(val, PHB_RTC_INVALIDATE_RID));
	}
	return 0;
}

const struct sim_mmio_ops phb3_timed_mmio_ops = {
	.read = timed_read,
	.write = timed_write,
};
