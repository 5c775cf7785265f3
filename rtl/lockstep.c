// SPDX-License-Identifier: GPL-2.0
/*
 * Lockstep of a C PHB3 model and the RTL twin (see tcesim/rtl_lockstep.h):
 * set-up, the API, and driving the twin. The twin is an observer of the
 * PHB placed after its timing adapter (lockstep_observer.c); commands
 * reach the twin stamped with the C clock and the twin runs lazily
 * behind; its table reads are served from per-request snapshots
 * (lockstep_memory.c) and every answer is compared (lockstep_compare.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep_internal.h"
#include "tcesim/phb3_debug.h"

/* ---- the twin ---- */

void ls_collect(struct rtl_lockstep *ls)
{
	struct tce_rtl_resp r;

	while (tce_rtl_pop(ls->rtl, &r))
		ls_compare(ls, &r);
}

void ls_step(struct rtl_lockstep *ls, uint64_t n)
{
	tce_rtl_step(ls->rtl, n);
	ls_collect(ls);
}

/* C cycle -> the twin's arrival stamp. */
static uint64_t stamp_of(uint64_t c)
{
	return c + LAG;
}

/* Hand a command over (held edge), making room first. Returns whether it
   went in after its arrival. */
bool ls_send_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val,
		   uint64_t c)
{
	bool late = tce_rtl_cycle(ls->rtl) > stamp_of(c);

	while (tce_rtl_write_reg_at(ls->rtl, off, val, stamp_of(c)) == -EAGAIN)
		ls_step(ls, 1);
	return late;
}

static void send_stop(struct rtl_lockstep *ls, unsigned pe, bool set,
		      uint64_t c)
{
	while (tce_rtl_pe_stop_at(ls->rtl, (uint16_t)pe, set, stamp_of(c)) ==
	       -EAGAIN)
		ls_step(ls, 1);
	ls->pestb[pe] = set;
}

bool ls_send_req(struct rtl_lockstep *ls, const struct tce_rtl_req *q,
		 uint64_t c)
{
	bool late;

	while (!tce_rtl_can_push(ls->rtl))
		ls_step(ls, 1);
	late = tce_rtl_cycle(ls->rtl) > stamp_of(c);
	while (tce_rtl_push_at(ls->rtl, q, stamp_of(c)) == -EAGAIN)
		ls_step(ls, 1);
	return late;
}

/* ---- the PHB error logic: the C model's freezes ---- */

void ls_forward_freezes(struct rtl_lockstep *ls, uint64_t c)
{
	uint64_t v;
	unsigned pe;

	for (pe = 0; pe < ls->pp.num_pes; pe++) {
		bool stopped = !phb3_debug_pestb(ls->phb, pe, &v) && (v >> 63);

		if (stopped != ls->pestb[pe])
			send_stop(ls, pe, stopped, c);
	}
}

/* ---- set-up ---- */

/* The twin starts in reset state: bring it to the C PHB's register and
   IODA state (normally reset state too: the lockstep attaches first). */
static void sync_state(struct rtl_lockstep *ls)
{
	uint64_t c = ls_c_now(ls), v;
	unsigned i;

	if (!phb3_debug_reg(ls->phb, REG_RTT_BAR, &v) && v)
		ls_send_write(ls, REG_RTT_BAR, v, c);
	if (!phb3_debug_reg(ls->phb, REG_PHB3_CONFIG, &v) && v)
		ls_send_write(ls, REG_PHB3_CONFIG, v, c);
	for (i = 0; i < PHB3_TVT_ENTRIES; i++) {
		if (phb3_debug_tvt(ls->phb, i, &v) || !v)
			continue;
		ls_send_write(ls, REG_IODA_ADDR, (uint64_t)TSEL_TVT << 48 | i, c);
		ls_send_write(ls, REG_IODA_DATA0, v, c);
	}
	ls->ioda_addr = 0;
	if (!phb3_debug_reg(ls->phb, REG_IODA_ADDR, &v)) {
		ls_send_write(ls, REG_IODA_ADDR, v, c);
		ls->ioda_addr = v & IODA_ADDR_WMASK;
	}
	ls_forward_freezes(ls, c);
}

struct rtl_lockstep *rtl_lockstep_attach(struct phb3 *phb, struct sim_mem *mem,
					 struct phb3_timed *pt,
					 const struct timing_params *tp,
					 const struct rtl_lockstep_opts *o,
					 char *err, size_t errlen)
{
	struct rtl_lockstep *ls;
	struct xlate_observer ob;
	int rc;

	if (!phb || !mem) {
		snprintf(err, errlen, "rtl lockstep: no PHB or memory");
		return NULL;
	}
	if (pt && phb3_timed_link(pt)) {
		/* docs/rtl.md, known difference 10 */
		snprintf(err, errlen,
			 "the RTL twin times the fetch unit alone, not the PCIe link in front of it (link.enabled=1, the timing-mode default): set link.enabled=0 (docs/rtl.md)");
		return NULL;
	}
	ls = calloc(1, sizeof(*ls));
	if (ls)
		ls->ring = calloc(RING, sizeof(*ls->ring));
	if (!ls || !ls->ring) {
		free(ls);
		snprintf(err, errlen, "rtl lockstep: out of memory");
		return NULL;
	}
	ls->phb = phb;
	ls->mem = mem;
	ls->pp = *phb3_get_params(phb);
	if (o)
		ls->o = *o;
	if (tp)
		ls->tp = *tp;
	else if (pt)
		ls->tp = *fetch_timing_get_params(phb3_timed_timing(pt));
	else
		timing_params_default(&ls->tp);
	if (!pt) {
		/* a functional machine: our own C timing model, requests as
		   soon as the unit accepts them */
		ls->own_pt = phb3_timed_create(phb, &ls->tp, NULL);
		if (!ls->own_pt) {
			snprintf(err, errlen, "rtl lockstep: bad timing parameters");
			goto fail;
		}
		pt = ls->own_pt;
	}
	ls->pt = pt;
	ls->t = phb3_timed_timing(pt);
	if (ls->o.rtl_builtin_defaults)
		ls->rtl = tce_rtl_new(NULL, NULL, sim_mem_ram_bytes(mem), err, errlen);
	else
		ls->rtl = tce_rtl_new(ls->o.rtl_phb ? ls->o.rtl_phb : &ls->pp,
				      ls->o.rtl_timing ? ls->o.rtl_timing : &ls->tp,
				      sim_mem_ram_bytes(mem), err, errlen);
	if (!ls->rtl)
		goto fail;
	ls->o.rtl_phb = NULL;
	ls->o.rtl_timing = NULL;
	ls->corrupt_in = ls->o.corrupt_read;
	tce_rtl_serve_memory(ls->rtl, ls_serve, ls, ls->tp.lat_mem_read);
	sync_state(ls);
	ob = ls_observer_of(ls);
	rc = phb3_observer_add(phb, &ob);
	if (rc) {
		snprintf(err, errlen, "rtl lockstep: cannot observe the PHB (%s)",
			 rc == -ENOSPC ? "too many observers" : "error");
		goto fail;
	}
	ls->attached = true;
	return ls;

fail:
	tce_rtl_free(ls->rtl);
	phb3_timed_destroy(ls->own_pt);
	free(ls->ring);
	free(ls);
	return NULL;
}

void rtl_lockstep_finish(struct rtl_lockstep *ls)
{
	struct xlate_observer ob;
	uint64_t guard = 0;
	unsigned i;

	if (!ls || !ls->attached)
		return;
	while (!tce_rtl_idle(ls->rtl) && guard++ < 100000000)
		ls_step(ls, 1);
	ls_collect(ls);
	if (!tce_rtl_idle(ls->rtl))
		ls_mismatch(ls, "twin did not go idle");
	for (i = 0; i < RING; i++) {
		struct pending *p = &ls->ring[i];

		if (!p->live)
			continue;
		ls_mismatch(ls, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 "): the twin never answered",
			    p->seq, p->req.rid, p->req.addr);
		ls_pending_free(p);
	}
	ob = ls_observer_of(ls);
	phb3_observer_remove(ls->phb, &ob);
	phb3_timed_destroy(ls->own_pt);
	ls->own_pt = NULL;
	ls->attached = false;
}

void rtl_lockstep_free(struct rtl_lockstep *ls)
{
	unsigned i;

	if (!ls)
		return;
	rtl_lockstep_finish(ls);
	for (i = 0; i < RING; i++)
		ls_pending_free(&ls->ring[i]);
	for (i = 0; i < ls->nkept; i++)
		free(ls->kept[i]);
	tce_rtl_free(ls->rtl);
	phb3_destroy(ls->own_phb);
	free(ls->ring);
	free(ls);
}

struct rtl_lockstep *rtl_lockstep_new(struct sim_mem *mem,
				      const struct phb3_params *pp,
				      const struct timing_params *tp,
				      const struct rtl_lockstep_opts *o,
				      char *err, size_t errlen)
{
	struct phb3_params dpp;
	struct timing_params dtp;
	struct rtl_lockstep *ls;
	struct phb3_timed *pt;
	struct phb3 *phb;

	if (!mem) {
		snprintf(err, errlen, "rtl lockstep: no memory");
		return NULL;
	}
	if (!pp) {
		phb3_params_default(&dpp);
		pp = &dpp;
	}
	if (!tp) {
		timing_params_default(&dtp);
		tp = &dtp;
	}
	phb = phb3_create(mem, pp, 0);
	if (!phb) {
		snprintf(err, errlen, "rtl lockstep: bad PHB3 parameters");
		return NULL;
	}
	pt = phb3_timed_create(phb, tp, NULL);
	if (!pt) {
		snprintf(err, errlen, "rtl lockstep: bad timing parameters");
		phb3_destroy(phb);
		return NULL;
	}
	ls = rtl_lockstep_attach(phb, mem, pt, tp, o, err, errlen);
	if (!ls) {
		phb3_timed_destroy(pt);
		phb3_destroy(phb);
		return NULL;
	}
	/* the adapter is ours to free, after the twin detaches */
	ls->own_pt = pt;
	ls->own_phb = phb;
	return ls;
}

struct phb3 *rtl_lockstep_phb(struct rtl_lockstep *ls)
{
	return ls->phb;
}

struct fetch_timing *rtl_lockstep_timing(struct rtl_lockstep *ls)
{
	return ls->t;
}

struct tce_rtl *rtl_lockstep_rtl(struct rtl_lockstep *ls)
{
	return ls->rtl;
}

void rtl_lockstep_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val)
{
	phb3_mmio_ops.write(ls->phb, off, 8, val);
}

int rtl_lockstep_dma(struct rtl_lockstep *ls, const struct sim_dma_req *req,
		     void *buf, struct sim_dma_result *res)
{
	struct sim_dma_target f = phb3_timed_dma_target(ls->pt);

	return f.dma(f.opaque, req, buf, res);
}

void rtl_lockstep_idle(struct rtl_lockstep *ls, uint64_t n)
{
	fetch_timing_advance(ls->t, fetch_timing_now(ls->t) + n);
}

void rtl_lockstep_drain(struct rtl_lockstep *ls)
{
	uint64_t guard = 0;
	unsigned i;
	bool live;

	do {
		ls_step(ls, 1);
		live = false;
		for (i = 0; i < RING && !live; i++)
			live = ls->ring[i].live;
	} while ((live || !tce_rtl_idle(ls->rtl)) && guard++ < 100000000);
	/* the C clock moves past every completion and kill, and to where the
	   twin stopped (its next command must not be late) */
	fetch_timing_advance(ls->t, fetch_timing_last_done(ls->t));
	fetch_timing_advance(ls->t, tce_rtl_cycle(ls->rtl) - LAG);
}

bool rtl_lockstep_pe_frozen(const struct rtl_lockstep *ls, unsigned pe)
{
	return pe < PHB3_MAX_PES && ls->pestb[pe];
}

int rtl_lockstep_trace(struct rtl_lockstep *ls, const char *fst_path)
{
	return tce_rtl_trace(ls->rtl, fst_path);
}
