// SPDX-License-Identifier: GPL-2.0
/*
 * Lockstep of a C PHB3 model and the RTL twin (see tcesim/rtl_lockstep.h).
 * The twin is an observer of the PHB placed after its timing adapter:
 * each request's events give the request, the C result, the functional
 * walk's table reads and (from the timing core's statistics, read after
 * the adapter handled each page) what the C timing model did per page.
 * From those the harness snapshots the table lines the twin may read and
 * lists the reads it must make; commands reach the twin stamped with the
 * C clock and the twin runs lazily behind; every answer is compared.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/fetch_timing.h"
#include "tcesim/phb3_debug.h"
#include "tcesim/rtl_lockstep.h"

#define RING 8192		/* requests in flight; tag = sequence % RING */
#define NO_PE 0xFFFF
#define LAG 1			/* twin cycle = C cycle + LAG (a command
				   arriving at C cycle 0 is handed over
				   before the twin's first cycle) */
#define MAX_LEVELS 5

/* The registers the twin decodes (tcesim/phb3_regs.def offsets). */
#define REG_PHB3_CONFIG 0x160
#define REG_RTT_BAR 0x168
#define REG_RTC_INVALIDATE 0x208
#define REG_TCE_KILL 0x210
#define REG_IODA_ADDR 0x220
#define REG_IODA_DATA0 0x228
#define IODA_AUTOINC (1ull << 63)
#define IODA_ADDR_WMASK 0x801F0000000001FFull
#define IODA_TSEL(a) ((unsigned)((a) >> 48) & 0x1F)
#define IODA_TADR(a) ((unsigned)(a) & 0x1FF)
#define TSEL_PESTB 8u
#define TSEL_TVT 9u
#define RTT_ENABLE (1ull << 63)
#define RTT_BASE_MASK 0x0003FFFFFFFE0000ull

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

/* What the C timing model counted for one request. */
struct counts {
	uint64_t translations, bypass, hits, merges, misses, stalls;
	uint64_t indirect_hits, prefetches, prefetch_no_tag, line_fills;
	uint64_t mem_reads, rtc_hits, rtc_misses, overflows;
};

struct snap_line {
	uint64_t addr;		/* 64-byte aligned */
	uint8_t data[64];
	bool ok;		/* inside RAM */
};

/* A table read, expected or made; sorted by (rtt first, page, prefetch
   last), issue order kept within a key. */
struct rd {
	uint64_t pa;
	uint32_t page;
	uint8_t size;
	bool rtt, prefetch;
};

struct pending {
	bool live;
	bool timed;		/* the C timing model timed it (not an MSI) */
	bool late;		/* handed over after its arrival */
	bool near_fault;	/* arrived while a walk fault of its PE was
				   still running in C (docs/rtl.md, 2) */
	uint64_t seq;
	struct sim_dma_req req;
	struct sim_dma_result res;
	uint64_t stamp;		/* C arrival ("now") */
	uint64_t accept, done;	/* C cycles */
	struct counts d;
	uint32_t npages;	/* IO pages the C model looked at */
	struct snap_line *lines;
	unsigned nlines, lcap;
	struct rd *exp;		/* reads the twin must make */
	unsigned nexp, ecap;
	struct rd *got;		/* reads it made */
	unsigned ngot, gcap;
};

/* The table path of one IO page, root first. */
struct path {
	unsigned levels, reached;	/* levels of the window; entries read */
	uint64_t ea[MAX_LEVELS];
	bool leaf_ok;			/* the leaf entry was read */
};

struct rtl_lockstep {
	struct phb3 *phb;
	struct sim_mem *mem;
	struct phb3_timed *pt;
	struct fetch_timing *t;
	struct tce_rtl *rtl;
	struct phb3 *own_phb;		/* standalone */
	struct phb3_timed *own_pt;	/* standalone, or functional machines */
	bool attached;
	struct rtl_lockstep_opts o;
	struct phb3_params pp;
	struct timing_params tp;
	uint64_t seq, requests, mismatches;
	uint64_t late_requests, ioda_resyncs;
	char *kept[RTL_LOCKSTEP_KEEP];
	unsigned nkept;
	unsigned corrupt_in;
	uint8_t pestb[PHB3_MAX_PES];	/* what the twin has */
	uint64_t fault_done[PHB3_MAX_PES];	/* C completion of the PE's
						   last walk fault, + 1 */
	uint64_t ioda_addr;		/* IODA_ADDR as the twin has it */
	struct fetch_timing_stats base;	/* at the current request's begin */
	struct fetch_timing_stats mark;	/* after its last page */
	struct pending *cur;		/* the request being translated */
	struct pending *ring;		/* [RING] */
};

static void mismatch(struct rtl_lockstep *ls, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void mismatch(struct rtl_lockstep *ls, const char *fmt, ...)
{
	char buf[768];
	va_list ap;

	ls->mismatches++;
	if (ls->nkept >= RTL_LOCKSTEP_KEEP)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ls->kept[ls->nkept] = strdup(buf);
	if (ls->kept[ls->nkept])
		ls->nkept++;
}

static void *grow(void *p, unsigned *cap, unsigned n, size_t elem)
{
	unsigned c;
	void *q;

	if (n < *cap)
		return p;
	c = *cap ? 2 * *cap : 8;
	q = realloc(p, (size_t)c * elem);
	if (!q)
		return NULL;
	*cap = c;
	return q;
}

/* ---- snapshots: the table lines a request may read ---- */

static struct snap_line *snap_find(struct pending *p, uint64_t line)
{
	unsigned i;

	for (i = p->nlines; i-- > 0;)
		if (p->lines[i].addr == line)
			return &p->lines[i];
	return NULL;
}

/* The line of pa, from memory as it is now (the C model's moment). */
static struct snap_line *snap_add(struct rtl_lockstep *ls, struct pending *p,
				  uint64_t pa)
{
	uint64_t line = pa & ~63ull;
	struct snap_line *l = snap_find(p, line), *n;

	if (l)
		return l;
	n = grow(p->lines, &p->lcap, p->nlines, sizeof(*n));
	if (!n)
		return NULL;
	p->lines = n;
	l = &p->lines[p->nlines++];
	l->addr = line;
	l->ok = sim_mem_read(ls->mem, line, l->data, sizeof(l->data)) == 0;
	if (!l->ok)
		memset(l->data, 0, sizeof(l->data));
	return l;
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
		snap_add(ls, p, ev->reads[i].addr);
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
		l = snap_add(ls, p, pa->ea[lvl]);
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
	struct rd *n = grow(p->exp, &p->ecap, p->nexp, sizeof(*n));

	if (!n) {
		mismatch(ls, "req #%" PRIu64 ": out of memory", p->seq);
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

/* ---- the twin ---- */

static void compare(struct rtl_lockstep *ls, const struct tce_rtl_resp *r);

static void collect(struct rtl_lockstep *ls)
{
	struct tce_rtl_resp r;

	while (tce_rtl_pop(ls->rtl, &r))
		compare(ls, &r);
}

static void step(struct rtl_lockstep *ls, uint64_t n)
{
	tce_rtl_step(ls->rtl, n);
	collect(ls);
}

/* C cycle -> the twin's arrival stamp. */
static uint64_t stamp_of(uint64_t c)
{
	return c + LAG;
}

static uint64_t c_now(const struct rtl_lockstep *ls)
{
	return fetch_timing_now(ls->t);
}

/* Hand a command over (held edge), making room first. Returns whether it
   went in after its arrival. */
static bool send_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val,
		       uint64_t c)
{
	bool late = tce_rtl_cycle(ls->rtl) > stamp_of(c);

	while (tce_rtl_write_reg_at(ls->rtl, off, val, stamp_of(c)) == -EAGAIN)
		step(ls, 1);
	return late;
}

static void send_stop(struct rtl_lockstep *ls, unsigned pe, bool set,
		      uint64_t c)
{
	while (tce_rtl_pe_stop_at(ls->rtl, (uint16_t)pe, set, stamp_of(c)) ==
	       -EAGAIN)
		step(ls, 1);
	ls->pestb[pe] = set;
}

static bool send_req(struct rtl_lockstep *ls, const struct tce_rtl_req *q,
		     uint64_t c)
{
	bool late;

	while (!tce_rtl_can_push(ls->rtl))
		step(ls, 1);
	late = tce_rtl_cycle(ls->rtl) > stamp_of(c);
	while (tce_rtl_push_at(ls->rtl, q, stamp_of(c)) == -EAGAIN)
		step(ls, 1);
	return late;
}

static uint32_t pages_compared(const struct pending *p);

/* The twin's memory: the request's snapshot. */
static int serve(void *ctx, const struct tce_rtl_read *rd, void *buf)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = &ls->ring[rd->src % RING];
	struct snap_line *l = NULL;
	int rc = 0;

	if (p->live) {
		struct rd *n = grow(p->got, &p->gcap, p->ngot, sizeof(*n));

		if (n) {
			p->got = n;
			p->got[p->ngot++] = (struct rd){
				.pa = rd->pa, .size = (uint8_t)rd->size,
				.page = rd->page, .rtt = rd->rtt,
				.prefetch = rd->prefetch };
		}
		l = snap_find(p, rd->pa & ~63ull);
	}
	if (l && (rd->pa & 63) + rd->size <= 64) {
		if (!l->ok)
			return -EFAULT;
		memcpy(buf, l->data + (rd->pa & 63), rd->size);
	} else if (p->live && !rd->rtt && rd->page >= pages_compared(p)) {
		/* a page at or past the request's fault, which the C model
		   did not look up: memory as it is now (not compared) */
		rc = sim_mem_read(ls->mem, rd->pa, buf, rd->size) ? -EFAULT : 0;
	} else {
		mismatch(ls, "req #%" PRIu64 " (twin cycle %" PRIu64 "): twin read %u bytes at %#" PRIx64
			 " (page %u, level %u), outside the request's table lines",
			 p->live ? p->seq : 0, rd->cycle - LAG, rd->size, rd->pa,
			 rd->page, rd->level);
		rc = sim_mem_read(ls->mem, rd->pa, buf, rd->size);
	}
	if (ls->corrupt_in && !--ls->corrupt_in) {
		/* flip R and W of every entry (valid <-> invalid), or bits 0
		   and 4 of an RTE (another PE) */
		unsigned i;

		for (i = 0; i < rd->size; i++)
			if (rd->size == 2 ? i == 1 : i % 8 == 7)
				((uint8_t *)buf)[i] ^= rd->size == 2 ? 0x11 : 0x03;
	}
	return rc;
}

/* ---- comparison ---- */

static void pending_free(struct pending *p)
{
	free(p->lines);
	free(p->exp);
	free(p->got);
	memset(p, 0, sizeof(*p));
}

static unsigned rd_key(const struct rd *r)
{
	return r->rtt ? 0 : 1 + (r->prefetch ? 1 : 0);
}

static bool rd_before(const struct rd *a, const struct rd *b)
{
	if (a->rtt != b->rtt)
		return a->rtt;
	if (a->page != b->page)
		return a->page < b->page;
	return rd_key(a) < rd_key(b);
}

/* Stable insertion sort (the lists come nearly sorted). */
static void rd_sort(struct rd *v, unsigned n)
{
	unsigned i, j;

	for (i = 1; i < n; i++) {
		struct rd x = v[i];

		for (j = i; j > 0 && rd_before(&x, &v[j - 1]); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static const char *st_name(enum sim_dma_status s)
{
	switch (s) {
	case SIM_DMA_OK: return "ok";
	case SIM_DMA_MSI: return "msi";
	case SIM_DMA_FAULT: return "fault";
	case SIM_DMA_FROZEN: return "frozen";
	}
	return "?";
}

/* "req #N (rid R addr A len L read|write, C accept X done Y)" */
static void req_name(const struct pending *p, char *b, size_t n)
{
	snprintf(b, n, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 " len %u %s; C: %s%s%s pe %#x pa %#" PRIx64
		 ", accepted %" PRIu64 " done %" PRIu64 "%s)", p->seq, p->req.rid,
		 p->req.addr, p->req.len,
		 p->req.dir == SIM_DMA_WRITE ? "write" : "read",
		 st_name(p->res.status),
		 p->res.status == SIM_DMA_FAULT ? " " : "",
		 p->res.status == SIM_DMA_FAULT ?
			sim_fault_reason_name(p->res.reason) : "",
		 p->res.pe, p->res.pa, p->accept, p->done,
		 p->late ? ", handed to the twin late" : "");
}

#define CHECK(name, rtl, c) do { \
	if ((uint64_t)(rtl) != (uint64_t)(c)) { \
		char who_[400]; \
		req_name(p, who_, sizeof(who_)); \
		mismatch(ls, "%s: %s: twin %" PRIu64 ", C %" PRIu64, who_, \
			 name, (uint64_t)(rtl), (uint64_t)(c)); \
	} \
} while (0)

static bool walk_fault(enum sim_fault_reason r)
{
	return r == SIM_FAULT_INVALID_INDIRECT || r == SIM_FAULT_INVALID_LEAF ||
	       r == SIM_FAULT_PERMISSION || r == SIM_FAULT_TABLE_MEMORY;
}

/* The pages of p whose reads are compared: a faulting request's pages
   from the faulting one on are not (docs/rtl.md, "pages past a fault"). */
static uint32_t pages_compared(const struct pending *p)
{
	if (p->res.status != SIM_DMA_FAULT || !p->npages)
		return UINT32_MAX;
	return p->npages - 1;
}

/* Keep the reads of rtt or pages below lim, in order. */
static unsigned rd_filter(struct rd *v, unsigned n, uint32_t lim)
{
	unsigned i, k = 0;

	for (i = 0; i < n; i++)
		if (v[i].rtt || v[i].page < lim)
			v[k++] = v[i];
	return k;
}

static void compare_reads(struct rtl_lockstep *ls, struct pending *p)
{
	uint32_t lim = pages_compared(p);
	unsigned i, n;
	char who[400];

	p->nexp = rd_filter(p->exp, p->nexp, lim);
	p->ngot = rd_filter(p->got, p->ngot, lim);
	n = p->nexp > p->ngot ? p->nexp : p->ngot;
	rd_sort(p->exp, p->nexp);
	rd_sort(p->got, p->ngot);
	for (i = 0; i < n; i++) {
		const struct rd *e = i < p->nexp ? &p->exp[i] : NULL;
		const struct rd *g = i < p->ngot ? &p->got[i] : NULL;

		if (e && g && e->pa == g->pa && e->size == g->size &&
		    e->rtt == g->rtt && e->page == g->page &&
		    e->prefetch == g->prefetch)
			continue;
		req_name(p, who, sizeof(who));
		if (e && g)
			mismatch(ls, "%s: table read %u: twin %u bytes at %#" PRIx64 " (%s page %u), expected %u bytes at %#" PRIx64 " (%s page %u)",
				 who, i, g->size, g->pa,
				 g->rtt ? "RTT" : g->prefetch ? "prefetch" : "walk", g->page,
				 e->size, e->pa,
				 e->rtt ? "RTT" : e->prefetch ? "prefetch" : "walk", e->page);
		else if (g)
			mismatch(ls, "%s: table read %u: twin read %u bytes at %#" PRIx64 " (%s page %u), C none",
				 who, i, g->size, g->pa,
				 g->rtt ? "RTT" : g->prefetch ? "prefetch" : "walk", g->page);
		else
			mismatch(ls, "%s: table read %u: twin none, expected %u bytes at %#" PRIx64 " (%s page %u)",
				 who, i, e->size, e->pa,
				 e->rtt ? "RTT" : e->prefetch ? "prefetch" : "walk", e->page);
		return;		/* one message per request */
	}
}

static void compare(struct rtl_lockstep *ls, const struct tce_rtl_resp *r)
{
	struct pending *p = &ls->ring[r->tag % RING];
	const struct sim_dma_result *c;
	const struct counts *d;

	if (!p->live) {
		mismatch(ls, "twin answered tag %u, which is not in flight", r->tag);
		return;
	}
	c = &p->res;
	d = &p->d;
	ls->requests++;
	CHECK("status", r->status, c->status);
	if (r->status == c->status && c->status == SIM_DMA_FAULT)
		CHECK("fault reason", r->reason, c->reason);
	/* an MSI: the C PHB names the PE its RID maps to, the twin (which
	   only decodes the MSI window) none (docs/rtl.md) */
	if (c->status != SIM_DMA_MSI)
		CHECK("PE", r->pe, c->pe);
	if (c->status == SIM_DMA_OK)
		CHECK("PA", r->pa, c->pa);
	if (c->status == SIM_DMA_FAULT)
		CHECK("fault address", r->fault_addr, c->fault_addr);
	if (!p->timed)
		goto out;
	if (ls->o.cycles) {
		CHECK("accept cycle", r->accept - LAG, p->accept);
		if (!p->near_fault)	/* docs/rtl.md, known difference 2 */
			CHECK("completion cycle", r->done - LAG, p->done);
	}
	CHECK("lookups", r->cnt.pages, d->translations);
	if (p->near_fault) {
		/* the twin may merge into the faulting walk, C does not
		   (docs/rtl.md, known difference 2): only the results, the
		   accept cycle and the RTT cache are compared */
		goto rtt;
	}
	CHECK("hits", r->cnt.hits, d->hits);
	CHECK("merges", r->cnt.merges, d->merges);
	CHECK("misses", r->cnt.misses, d->misses);
	CHECK("bypass pages", r->cnt.bypass, d->bypass);
	CHECK("tag stalls", r->cnt.stalls, d->stalls);
	CHECK("indirect hits", r->cnt.indirect_hits, d->indirect_hits);
	if (!(c->status == SIM_DMA_FAULT && walk_fault(c->reason))) {
		/* a walk that faults: the C model knows it before making it
		   and neither fills its line nor prefetches; the twin learns
		   it from the entry (docs/rtl.md, "walk faults") */
		CHECK("prefetches", r->cnt.prefetches, d->prefetches);
		CHECK("prefetches without a tag", r->cnt.prefetch_no_tag,
		      d->prefetch_no_tag);
		CHECK("line fills", r->cnt.line_fills, d->line_fills);
		CHECK("memory reads", r->cnt.mem_reads, d->mem_reads);
	}
	CHECK("RTT cache hit", r->cnt.rtc_hit, d->rtc_hits);
	CHECK("RTT cache miss", r->cnt.rtc_miss, d->rtc_misses);
	compare_reads(ls, p);
	goto out;
rtt:
	CHECK("RTT cache hit", r->cnt.rtc_hit, d->rtc_hits);
	CHECK("RTT cache miss", r->cnt.rtc_miss, d->rtc_misses);
out:
	pending_free(p);
}

/* ---- the PHB error logic: the C model's freezes ---- */

static void forward_freezes(struct rtl_lockstep *ls, uint64_t c)
{
	uint64_t v;
	unsigned pe;

	for (pe = 0; pe < ls->pp.num_pes; pe++) {
		bool stopped = !phb3_debug_pestb(ls->phb, pe, &v) && (v >> 63);

		if (stopped != ls->pestb[pe])
			send_stop(ls, pe, stopped, c);
	}
}

/* ---- the observer ---- */

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = &ls->ring[ls->seq % RING];
	uint64_t bar = 0;

	/* the slot of this tag must be free: wait for its old request */
	while (p->live)
		step(ls, 1);
	memset(p, 0, sizeof(*p));
	p->live = true;
	p->seq = ls->seq++;
	p->req = (struct sim_dma_req){ .rid = ev->rid, .addr = ev->addr,
				       .len = ev->len, .dir = ev->dir };
	p->stamp = c_now(ls);
	if (ev->arrival != XLATE_ASAP && ev->arrival > p->stamp)
		p->stamp = ev->arrival;
	ls->base = *fetch_timing_get_stats(ls->t);
	ls->mark = ls->base;
	ls->cur = p;
	/* the RTT entry, in case the twin's RTT cache misses */
	if (!phb3_debug_reg(ls->phb, REG_RTT_BAR, &bar) && (bar & RTT_ENABLE))
		snap_add(ls, p, (bar & RTT_BASE_MASK) + 2ull * ev->rid);
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

		snap_add(ls, p, pf);
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
		pending_free(p);
		return;
	}
	p->res = *ev->res;
	p->timed = p->res.status != SIM_DMA_MSI;
	delta(&ls->base, fetch_timing_get_stats(ls->t), &p->d);
	p->accept = c_now(ls);
	p->done = phb3_timed_last_completion(ls->pt);
	if (p->d.overflows)
		mismatch(ls, "req #%" PRIu64 ": the C model's memory booking list overflowed",
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
		if (p->res.status == SIM_DMA_FAULT && walk_fault(p->res.reason) &&
		    p->done + 1 > ls->fault_done[p->res.pe])
			ls->fault_done[p->res.pe] = p->done + 1;
	}
	p->late = send_req(ls, &q, p->stamp);
	ls->late_requests += p->late;
	if (p->res.status == SIM_DMA_FAULT && p->res.pe != NO_PE)
		forward_freezes(ls, p->stamp);
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
	uint64_t c = c_now(ls), after = 0, before;
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
			send_write(ls, REG_IODA_ADDR, before, c);
			ls->ioda_addr = before;
			ls->ioda_resyncs++;
		}
	}
	tsel = IODA_TSEL(ls->ioda_addr);
	tadr = IODA_TADR(ls->ioda_addr);
	send_write(ls, (uint32_t)ev->offset, ev->value, c);
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

static struct xlate_observer observer_of(struct rtl_lockstep *ls)
{
	return (struct xlate_observer){ .ops = &lockstep_ops, .ctx = ls };
}

/* ---- set-up ---- */

/* The twin starts in reset state: bring it to the C PHB's register and
   IODA state (normally reset state too: the lockstep attaches first). */
static void sync_state(struct rtl_lockstep *ls)
{
	uint64_t c = c_now(ls), v;
	unsigned i;

	if (!phb3_debug_reg(ls->phb, REG_RTT_BAR, &v) && v)
		send_write(ls, REG_RTT_BAR, v, c);
	if (!phb3_debug_reg(ls->phb, REG_PHB3_CONFIG, &v) && v)
		send_write(ls, REG_PHB3_CONFIG, v, c);
	for (i = 0; i < PHB3_TVT_ENTRIES; i++) {
		if (phb3_debug_tvt(ls->phb, i, &v) || !v)
			continue;
		send_write(ls, REG_IODA_ADDR, (uint64_t)TSEL_TVT << 48 | i, c);
		send_write(ls, REG_IODA_DATA0, v, c);
	}
	ls->ioda_addr = 0;
	if (!phb3_debug_reg(ls->phb, REG_IODA_ADDR, &v)) {
		send_write(ls, REG_IODA_ADDR, v, c);
		ls->ioda_addr = v & IODA_ADDR_WMASK;
	}
	forward_freezes(ls, c);
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
	tce_rtl_serve_memory(ls->rtl, serve, ls, ls->tp.lat_mem_read);
	sync_state(ls);
	ob = observer_of(ls);
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
		step(ls, 1);
	collect(ls);
	if (!tce_rtl_idle(ls->rtl))
		mismatch(ls, "twin did not go idle");
	for (i = 0; i < RING; i++) {
		struct pending *p = &ls->ring[i];

		if (!p->live)
			continue;
		mismatch(ls, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 "): the twin never answered",
			 p->seq, p->req.rid, p->req.addr);
		pending_free(p);
	}
	ob = observer_of(ls);
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
		pending_free(&ls->ring[i]);
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
		step(ls, 1);
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

uint64_t rtl_lockstep_requests(const struct rtl_lockstep *ls)
{
	return ls->requests;
}

uint64_t rtl_lockstep_mismatches(const struct rtl_lockstep *ls)
{
	uint32_t e = tce_rtl_errors(ls->rtl);

	return ls->mismatches + (e != 0);
}

const char *rtl_lockstep_mismatch(const struct rtl_lockstep *ls, unsigned i)
{
	return i < ls->nkept ? ls->kept[i] : NULL;
}

void rtl_lockstep_print_mismatches(const struct rtl_lockstep *ls, FILE *f,
				   const char *prefix)
{
	uint32_t e = tce_rtl_errors(ls->rtl);
	const char *pf = prefix ? prefix : "";
	unsigned i;

	for (i = 0; i < ls->nkept; i++)
		fprintf(f, "rtl mismatch: %s%s\n", pf, ls->kept[i]);
	if (ls->mismatches > ls->nkept)
		fprintf(f, "rtl mismatch: %s... %" PRIu64 " more\n", pf,
			ls->mismatches - ls->nkept);
	if (e)
		fprintf(f, "rtl mismatch: %stwin error flags %#x (outside its exact range)\n",
			pf, e);
}

uint64_t rtl_lockstep_report(const struct rtl_lockstep *ls, FILE *f)
{
	rtl_lockstep_print_mismatches(ls, f, NULL);
	fprintf(f, "rtl lockstep: %" PRIu64 " requests, %" PRIu64 " mismatches\n",
		ls->requests, rtl_lockstep_mismatches(ls));
	return rtl_lockstep_mismatches(ls);
}
