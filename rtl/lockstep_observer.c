// SPDX-License-Identifier: GPL-2.0
/*
 * The lockstep's observer of the PHB (after its timing adapter): each
 * request's events give the request, the C result, the functional walk's
 * table reads and (from the timing core's statistics, read after the
 * adapter handled each page) what the C timing model did per page. From
 * those it snapshots the table lines the twin may read, lists the reads
 * the twin must make and hands the request over; register writes the
 * twin decodes go to it unchanged, IODA_ADDR kept in step.
 */
#include <inttypes.h>
#include <string.h>

#include "lockstep_internal.h"
#include "tcesim/phb3_debug.h"

/* IODA table sizes by TSEL (0: unassigned), as the register file has. */
static unsigned ioda_entries(unsigned tsel)
{
	switch (tsel) {
#define PHB3_IODA(name, tsel_, entries, wmask, kind, src, desc) \
	case tsel_: return entries;
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
	default:
		return 0;
	}
}

static uint64_t be64(const uint8_t *b)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/* The path from the functional walk's reads (with their values). */
static void path_of_reads(struct rtl_lockstep *ls, struct pending *p,
			  const struct xlate_page *ev, struct path *pa)
{
	unsigned i;

	memset(pa, 0, sizeof(*pa));
	pa->levels = ev->levels;
	for (i = 0; i < ev->nreads && i < MAX_LEVELS; i++) {
		pa->ea[i] = ev->reads[i].addr;
		ls_snap_add(ls, p, ev->reads[i].addr);
	}
	pa->reached = i;
	pa->leaf_ok = i == ev->levels && ev->reads[i - 1].ok;
}

/* The path as memory holds it now: the functional cache hit where the
   C timing model's tag copy missed, so the C model read nothing. */
static void path_of_memory(struct rtl_lockstep *ls, struct pending *p,
			   const struct xlate_page *ev, struct path *pa)
{
	struct phb3_debug_window w;
	uint64_t base, idx, ent;
	struct snap_line *l;
	unsigned lvl, sh;

	memset(pa, 0, sizeof(*pa));
	pa->levels = ev->levels;
	if (phb3_debug_window(ls->phb, ev->pe, ev->window, &w) || !w.valid ||
	    w.bypass)
		return;
	base = w.table;
	for (lvl = 0; lvl < w.levels && lvl < MAX_LEVELS; lvl++) {
		sh = w.ps + w.ts * (w.levels - 1 - lvl);
		idx = (sh >= 64 ? 0 : ev->offset >> sh) & ((1ull << w.ts) - 1);
		pa->ea[lvl] = base | idx << 3;
		pa->reached = lvl + 1;
		l = ls_snap_add(ls, p, pa->ea[lvl]);
		if (!l || !l->ok)
			return;
		ent = be64(l->data + (pa->ea[lvl] & 63));
		if (lvl + 1 == w.levels) {
			pa->leaf_ok = true;
			return;
		}
		if (!(ent & 3))
			return;
		base = ent & ~0xFFFull;
	}
}

static void expect(struct rtl_lockstep *ls, struct pending *p,
		   const struct rd *r)
{
	struct rd *n = ls_grow(p->exp, &p->ecap, p->nexp, sizeof(*n));

	if (!n) {
		ls_mismatch(ls, "req #%" PRIu64 ": out of memory", p->seq);
		return;
	}
	p->exp = n;
	p->exp[p->nexp++] = *r;
}

static struct rd table_read(const struct timing_params *tp, uint64_t ea,
			    uint32_t page, bool prefetch)
{
	struct rd r = { .page = page, .prefetch = prefetch };

	r.pa = tp->line_bytes ? ea & ~63ull : ea;
	r.size = tp->line_bytes ? 64 : 8;
	return r;
}

/* ---- counters of the C timing model ---- */

static void delta(const struct fetch_timing_stats *a,
		  const struct fetch_timing_stats *b, struct counts *d)
{
	d->translations = b->translations - a->translations;
	d->bypass = b->bypass - a->bypass;
	d->hits = b->hits - a->hits;
	d->merges = b->merges - a->merges;
	d->misses = b->misses - a->misses;
	d->stalls = b->stalls - a->stalls;
	d->indirect_hits = b->indirect_hits - a->indirect_hits;
	d->prefetches = b->prefetches - a->prefetches;
	d->prefetch_no_tag = b->prefetch_no_tag - a->prefetch_no_tag;
	d->line_fills = b->line_fills - a->line_fills;
	d->mem_reads = b->mem_reads - a->mem_reads;
	d->rtc_hits = b->rtc_hits - a->rtc_hits;
	d->rtc_misses = b->rtc_misses - a->rtc_misses;
	d->overflows = b->mem_book_overflows - a->mem_book_overflows;
}

/* ---- the observer ---- */

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = &ls->ring[ls->seq % RING];
	uint64_t bar = 0;

	/* the slot of this tag must be free: wait for its old request */
	while (p->live)
		ls_step(ls, 1);
	memset(p, 0, sizeof(*p));
	p->live = true;
	p->seq = ls->seq++;
	p->req = (struct sim_dma_req){ .rid = ev->rid, .addr = ev->addr,
				       .len = ev->len, .dir = ev->dir };
	p->stamp = ls_c_now(ls);
	if (ev->arrival != XLATE_ASAP && ev->arrival > p->stamp)
		p->stamp = ev->arrival;
	ls->base = *fetch_timing_get_stats(ls->t);
	ls->mark = ls->base;
	ls->cur = p;
	/* the RTT entry, in case the twin's RTT cache misses */
	if (!phb3_debug_reg(ls->phb, REG_RTT_BAR, &bar) && (bar & RTT_ENABLE))
		ls_snap_add(ls, p, (bar & RTT_BASE_MASK) + 2ull * ev->rid);
}

static void on_page(void *ctx, const struct xlate_page *ev)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = ls->cur;
	const struct fetch_timing_stats *now = fetch_timing_get_stats(ls->t);
	uint32_t page;
	struct counts d;
	struct path pa;
	unsigned lvl;

	if (!p)
		return;
	page = p->npages++;
	delta(&ls->mark, now, &d);
	ls->mark = *now;
	if (!d.misses)
		return;
	if (ev->lookup == XLATE_LOOKUP_MISS && ev->nreads)
		path_of_reads(ls, p, ev, &pa);
	else
		path_of_memory(ls, p, ev, &pa);
	for (lvl = (unsigned)d.indirect_hits; lvl < pa.reached; lvl++) {
		struct rd r = table_read(&ls->tp, pa.ea[lvl], page, false);

		expect(ls, p, &r);
	}
	if (pa.reached == pa.levels && pa.levels) {
		/* the next page's leaf entry: the prefetch reads it */
		uint64_t pf = pa.ea[pa.levels - 1] + 8;

		ls_snap_add(ls, p, pf);
		if (d.prefetches) {
			struct rd r = table_read(&ls->tp, pf, page, true);

			expect(ls, p, &r);
		}
	}
}

static void on_end(void *ctx, const struct xlate_req_end *ev)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = ls->cur;
	struct tce_rtl_req q;
	uint64_t bar = 0;

	ls->cur = NULL;
	if (!p)
		return;
	if (ev->rc) {
		/* abandoned (out of memory): nothing to compare */
		ls_pending_free(p);
		return;
	}
	p->res = *ev->res;
	p->timed = p->res.status != SIM_DMA_MSI;
	delta(&ls->base, fetch_timing_get_stats(ls->t), &p->d);
	p->accept = ls_c_now(ls);
	p->done = phb3_timed_last_completion(ls->pt);
	if (p->d.overflows)
		ls_mismatch(ls, "req #%" PRIu64 ": the C model's memory booking list overflowed",
			    p->seq);
	if (p->d.rtc_misses &&
	    !phb3_debug_reg(ls->phb, REG_RTT_BAR, &bar) && (bar & RTT_ENABLE)) {
		struct rd r = { .pa = (bar & RTT_BASE_MASK) + 2ull * p->req.rid,
				.size = 2, .rtt = true };

		expect(ls, p, &r);
	}
	memset(&q, 0, sizeof(q));
	q.tag = (uint16_t)(p->seq % RING);
	q.rid = p->req.rid;
	q.addr = p->req.addr;
	q.len = p->req.len;
	q.write = p->req.dir == SIM_DMA_WRITE;
	if (p->res.pe < PHB3_MAX_PES) {
		p->near_fault = p->stamp < ls->fault_done[p->res.pe];
		if (p->res.status == SIM_DMA_FAULT && ls_walk_fault(p->res.reason) &&
		    p->done + 1 > ls->fault_done[p->res.pe])
			ls->fault_done[p->res.pe] = p->done + 1;
	}
	p->late = ls_send_req(ls, &q, p->stamp);
	ls->late_requests += p->late;
	if (p->res.status == SIM_DMA_FAULT && p->res.pe != NO_PE)
		ls_forward_freezes(ls, p->stamp);
}

/* IODA_ADDR as the C register file had it just before this write (reads
   of IODA_DATA0 with AUTOINC advance it without any event). */
static uint64_t ioda_before(struct rtl_lockstep *ls,
			    const struct xlate_mmio_write *ev, uint64_t after)
{
	unsigned n = ioda_entries(IODA_TSEL(after));

	if (ev->offset != REG_IODA_DATA0 || !(after & IODA_AUTOINC) || !n)
		return after;
	return (after & ~0x1FFull) | ((IODA_TADR(after) + n - 1) % n);
}

/* The twin's IODA_ADDR after a write (tce_regs.sv). */
static void ioda_apply(struct rtl_lockstep *ls, uint64_t off, uint64_t val)
{
	uint64_t a = ls->ioda_addr;
	unsigned n = ioda_entries(IODA_TSEL(a));

	if (off == REG_IODA_ADDR)
		ls->ioda_addr = (a & ~IODA_ADDR_WMASK) | (val & IODA_ADDR_WMASK);
	else if (off == REG_IODA_DATA0 && (a & IODA_AUTOINC) && n)
		ls->ioda_addr = (a & ~0x1FFull) | ((IODA_TADR(a) + 1) % n);
}

static bool twin_register(uint64_t off)
{
	return off == REG_PHB3_CONFIG || off == REG_RTT_BAR ||
	       off == REG_RTC_INVALIDATE || off == REG_TCE_KILL ||
	       off == REG_IODA_ADDR || off == REG_IODA_DATA0;
}

static void on_mmio_write(void *ctx, const struct xlate_mmio_write *ev)
{
	struct rtl_lockstep *ls = ctx;
	uint64_t c = ls_c_now(ls), after = 0, before;
	unsigned tsel, tadr;

	if (ev->size != 8 || !twin_register(ev->offset))
		return;
	if (ev->offset != REG_IODA_ADDR &&
	    !phb3_debug_reg(ls->phb, REG_IODA_ADDR, &after)) {
		before = ioda_before(ls, ev, after);
		if (before != ls->ioda_addr) {
			/* the C side's IODA_ADDR moved without a write (an
			   IODA_DATA0 read with AUTOINC): bring the twin's
			   along first */
			ls_send_write(ls, REG_IODA_ADDR, before, c);
			ls->ioda_addr = before;
			ls->ioda_resyncs++;
		}
	}
	tsel = IODA_TSEL(ls->ioda_addr);
	tadr = IODA_TADR(ls->ioda_addr);
	ls_send_write(ls, (uint32_t)ev->offset, ev->value, c);
	ioda_apply(ls, ev->offset, ev->value);
	if (ev->offset == REG_IODA_DATA0 && tsel == TSEL_PESTB &&
	    tadr < PHB3_MAX_PES)
		ls->pestb[tadr] = ev->value >> 63;
}

static const struct xlate_observer_ops lockstep_ops = {
	.req_begin = on_begin,
	.page = on_page,
	.req_end = on_end,
	.mmio_write = on_mmio_write,
};

struct xlate_observer ls_observer_of(struct rtl_lockstep *ls)
{
	return (struct xlate_observer){ .ops = &lockstep_ops, .ctx = ls };
}
