// SPDX-License-Identifier: GPL-2.0
/*
 * Lockstep of the C PHB3 model and the RTL twin (see
 * tcesim/rtl_lockstep.h): both get every command at the same cycle, the
 * twin's table reads are served from per-request snapshots of the table
 * lines the C model could see, and every answer is compared field by
 * field with what the C model (functional results, timing statistics and
 * cycles) said for the same request.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/phb3_debug.h"
#include "tcesim/rtl_lockstep.h"

#define RING 4096		/* requests in flight; tag = sequence % RING */
#define MAX_EXP 16
#define NO_PE 0xFFFF
#define REG_RTT_BAR 0x168
#define REG_IODA_ADDR 0x220
#define REG_IODA_DATA0 0x228
#define IODA_AUTOINC (1ull << 63)
#define TSEL_PESTB 8ull
#define OFFSET_MASK ((1ull << 59) - 1)
#define RTT_BASE_MASK 0x0003FFFFFFFE0000ull

struct snap_line {
	uint64_t addr;		/* 64-byte aligned */
	uint8_t data[64];
	bool ok;		/* inside RAM */
};

struct exp_read {
	uint64_t pa;
	unsigned size;
};

/* The first page's table path, as memory says (for one-page requests). */
struct path {
	bool translated;
	unsigned levels, reached;	/* reads the walk makes (fault included) */
	uint64_t ea[5];
	bool leaf_ok;			/* the leaf was read (prefetch possible) */
	bool pf;			/* next page in the same leaf table */
	uint64_t pf_ea;
};

struct pending {
	bool live;
	uint64_t seq;
	struct sim_dma_req req;
	struct sim_dma_result res;
	bool timed;			/* the C timing model saw it */
	uint64_t accept, done;
	struct fetch_timing_stats d;		/* C timing statistics of this request */
	uint64_t rtt_addr;		/* RTT entry, if the RTT is enabled */
	bool rtt_on;
	struct path path;
	struct snap_line *lines;
	unsigned nlines, cap;
	struct tce_rtl_read *reads;	/* issued by the twin, in order */
	unsigned nreads, rcap;
};

struct rtl_lockstep {
	struct sim_mem *mem;
	struct phb3 *phb;
	struct phb3_timed *pt;
	struct fetch_timing *t;
	struct tce_rtl *rtl;
	struct rtl_lockstep_opts o;
	struct phb3_params pp;
	struct timing_params tp;
	uint64_t seq;
	uint64_t requests, mismatches;
	char *kept[RTL_LOCKSTEP_KEEP];
	unsigned nkept;
	unsigned corrupt_in;		/* corrupt the n-th read from now (0: off) */
	uint8_t pestb[PHB3_MAX_PES];	/* what the twin has */
	struct pending ring[RING];
};

static void mismatch(struct rtl_lockstep *ls, const char *fmt, ...)
{
	char buf[512];
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

/* ---- snapshots: the table lines a request may read ---- */

static struct snap_line *snap_find(struct pending *p, uint64_t line)
{
	unsigned i;

	for (i = 0; i < p->nlines; i++)
		if (p->lines[i].addr == line)
			return &p->lines[i];
	return NULL;
}

static int snap_add(struct rtl_lockstep *ls, struct pending *p, uint64_t pa)
{
	uint64_t line = pa & ~63ull;
	struct snap_line *l;

	if (snap_find(p, line))
		return 0;
	if (p->nlines == p->cap) {
		unsigned cap = p->cap ? 2 * p->cap : 8;
		struct snap_line *n = realloc(p->lines, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		p->lines = n;
		p->cap = cap;
	}
	l = &p->lines[p->nlines++];
	l->addr = line;
	l->ok = sim_mem_read(ls->mem, line, l->data, sizeof(l->data)) == 0;
	if (!l->ok)
		memset(l->data, 0, sizeof(l->data));
	return 0;
}

static uint64_t be64(const uint8_t *b)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/* Walk one translated page as the twin could: every level's line, the
   next page's leaf line. Fills *pa_path for the first page. */
static int snap_page(struct rtl_lockstep *ls, struct pending *p,
		     const struct phb3_debug_window *w, uint64_t off,
		     struct path *path)
{
	uint64_t base = w->table, ent = 0, idx, page = off >> w->ps;
	unsigned lvl, sh;
	struct snap_line *l;
	int rc;

	memset(path, 0, sizeof(*path));
	path->translated = true;
	path->levels = w->levels;
	for (lvl = 0; lvl < w->levels; lvl++) {
		sh = w->ps + w->ts * (w->levels - 1 - lvl);
		idx = (sh >= 64 ? 0 : off >> sh) & ((1ull << w->ts) - 1);
		path->ea[lvl] = base | idx << 3;
		path->reached = lvl + 1;
		rc = snap_add(ls, p, path->ea[lvl]);
		if (rc)
			return rc;
		l = snap_find(p, path->ea[lvl] & ~63ull);
		if (!l->ok)
			return 0;
		ent = be64(l->data + (path->ea[lvl] & 63));
		if (lvl + 1 == w->levels)
			break;
		if (!(ent & 3))
			return 0;
		base = ent & ~0xFFFull;
	}
	path->leaf_ok = true;
	if (((page + 1) & ((1ull << w->ts) - 1)) != 0) {
		path->pf = true;
		path->pf_ea = base | ((page + 1) & ((1ull << w->ts) - 1)) << 3;
		return snap_add(ls, p, path->pf_ea);
	}
	return 0;
}

static int snapshot(struct rtl_lockstep *ls, struct pending *p)
{
	const struct sim_dma_req *q = &p->req;
	uint64_t bar = 0, cur = q->addr, left = q->len, room, off;
	struct phb3_debug_window w;
	unsigned pe, n = 0, shift;
	int rc;

	phb3_mmio_ops.read(ls->phb, REG_RTT_BAR, 8, &bar);
	p->rtt_on = bar >> 63;
	p->rtt_addr = (bar & RTT_BASE_MASK) + 2ull * q->rid;
	if (p->rtt_on && (rc = snap_add(ls, p, p->rtt_addr)))
		return rc;
	if (phb3_debug_pe_of(ls->phb, q->rid, &pe) || (q->addr >> 60))
		return 0;
	/* every page of the request: the twin may look up pages past a
	   fault the C model stopped at */
	while (left && n < 4096) {
		unsigned win = (cur >> 59) & 1;

		if (phb3_debug_window(ls->phb, pe, win, &w) || !w.valid)
			return 0;
		if (w.bypass) {
			shift = 24;
		} else {
			off = cur & OFFSET_MASK;
			if (w.win_shift < 59 && (off >> w.win_shift)) {
				if (ls->pp.oow_policy != PHB3_OOW_ALIAS)
					return 0;
				off &= (1ull << w.win_shift) - 1;
			}
			rc = snap_page(ls, p, &w, off,
				       n == 0 ? &p->path : &(struct path){ 0 });
			if (rc)
				return rc;
			shift = w.ps;
		}
		room = (1ull << shift) - (cur & ((1ull << shift) - 1));
		if (room >= left)
			break;
		cur += room;
		left -= room;
		n++;
	}
	return 0;
}

/* ---- the twin's memory ---- */

static int serve(void *ctx, const struct tce_rtl_read *rd, void *buf)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = &ls->ring[rd->src % RING];
	struct snap_line *l = NULL;
	int rc = 0;

	if (p->live) {
		if (p->nreads == p->rcap) {
			unsigned cap = p->rcap ? 2 * p->rcap : 8;
			struct tce_rtl_read *n = realloc(p->reads, cap * sizeof(*n));

			if (n) {
				p->reads = n;
				p->rcap = cap;
			}
		}
		if (p->nreads < p->rcap)
			p->reads[p->nreads++] = *rd;
		l = snap_find(p, rd->pa & ~63ull);
	}
	if (l && (rd->pa & 63) + rd->size <= 64) {
		if (!l->ok)
			return -EFAULT;
		memcpy(buf, l->data + (rd->pa & 63), rd->size);
	} else {
		mismatch(ls, "req #%" PRIu64 ": twin read %u bytes at %#" PRIx64
			 " (level %u), outside the request's table paths",
			 p->live ? p->seq : 0, rd->size, rd->pa, rd->level);
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
	free(p->reads);
	memset(p, 0, sizeof(*p));
}

static unsigned expected_reads(struct rtl_lockstep *ls, struct pending *p,
			       struct exp_read *e)
{
	const struct path *pa = &p->path;
	bool line64 = ls->tp.line_bytes;
	unsigned n = 0, lvl;

	if (p->d.rtc_misses && p->rtt_on) {
		e[n].pa = p->rtt_addr;
		e[n++].size = 2;
	}
	if (p->d.misses != 1 || !pa->translated)
		return n;
	for (lvl = (unsigned)p->d.indirect_hits; lvl < pa->reached; lvl++) {
		e[n].pa = line64 ? pa->ea[lvl] & ~63ull : pa->ea[lvl];
		e[n++].size = line64 ? 64 : 8;
	}
	if (p->d.prefetches && pa->leaf_ok && pa->pf) {
		e[n].pa = line64 ? pa->pf_ea & ~63ull : pa->pf_ea;
		e[n++].size = line64 ? 64 : 8;
	}
	return n;
}

/* Faults found by a table walk (the C model's pg.fault). */
static bool walk_fault(enum sim_fault_reason r)
{
	return r == SIM_FAULT_INVALID_INDIRECT || r == SIM_FAULT_INVALID_LEAF ||
	       r == SIM_FAULT_PERMISSION || r == SIM_FAULT_TABLE_MEMORY;
}

#define CHECK(name, rtl, c) do { \
	if ((uint64_t)(rtl) != (uint64_t)(c)) \
		mismatch(ls, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 " len %u %s): %s: twin %" PRIu64 " C %" PRIu64, \
			 p->seq, p->req.rid, p->req.addr, p->req.len, \
			 p->req.dir == SIM_DMA_WRITE ? "write" : "read", name, \
			 (uint64_t)(rtl), (uint64_t)(c)); \
	} while (0)

static void compare(struct rtl_lockstep *ls, const struct tce_rtl_resp *r)
{
	struct pending *p = &ls->ring[r->tag % RING];
	const struct sim_dma_result *c;
	const struct fetch_timing_stats *d;
	struct exp_read e[MAX_EXP];
	unsigned n, i;

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
	if (c->status != SIM_DMA_MSI)
		CHECK("PE", r->pe, c->pe);
	if (c->status == SIM_DMA_OK)
		CHECK("PA", r->pa, c->pa);
	if (c->status == SIM_DMA_FAULT)
		CHECK("fault address", r->fault_addr, c->fault_addr);
	if (!p->timed)
		goto out;
	if (ls->o.timing) {
		CHECK("accept cycle", r->accept, p->accept);
		CHECK("completion cycle", r->done, p->done);
	}
	CHECK("lookups", r->cnt.pages, d->translations);
	CHECK("hits", r->cnt.hits, d->hits);
	CHECK("merges", r->cnt.merges, d->merges);
	CHECK("misses", r->cnt.misses, d->misses);
	CHECK("bypass pages", r->cnt.bypass, d->bypass);
	CHECK("tag stalls", r->cnt.stalls, d->stalls);
	CHECK("indirect hits", r->cnt.indirect_hits, d->indirect_hits);
	if (c->status == SIM_DMA_FAULT && walk_fault(c->reason) &&
	    (ls->tp.line_bytes || ls->tp.prefetch_next)) {
		/* The C model knows the walk will fault before making it and
		   neither fills its line nor prefetches (docs/rtl.md, known
		   difference "walk faults"); the twin learns it from the leaf. */
		goto reads;
	}
	CHECK("prefetches", r->cnt.prefetches, d->prefetches);
	CHECK("prefetches without a tag", r->cnt.prefetch_no_tag, d->prefetch_no_tag);
	CHECK("line fills", r->cnt.line_fills, d->line_fills);
	CHECK("memory reads", r->cnt.mem_reads, d->mem_reads);
	CHECK("RTT cache hit", r->cnt.rtc_hit, d->rtc_hits);
	CHECK("RTT cache miss", r->cnt.rtc_miss, d->rtc_misses);
reads:
	if (d->translations <= 1 && !(c->status == SIM_DMA_FAULT && walk_fault(c->reason) &&
				      ls->tp.prefetch_next)) {
		/* one page: the reads in order */
		n = expected_reads(ls, p, e);
		if (n != p->nreads) {
			mismatch(ls, "req #%" PRIu64 ": twin made %u table reads, expected %u",
				 p->seq, p->nreads, n);
		} else {
			for (i = 0; i < n; i++)
				if (p->reads[i].pa != e[i].pa ||
				    p->reads[i].size != e[i].size)
					mismatch(ls, "req #%" PRIu64 ": table read %u: twin %u bytes at %#" PRIx64
						 ", expected %u bytes at %#" PRIx64, p->seq, i,
						 p->reads[i].size, p->reads[i].pa,
						 e[i].size, e[i].pa);
		}
	}
out:
	pending_free(p);
}

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

/* Wait for room, then bring the C clock to the cycle the twin takes the
   next command. */
static void sync(struct rtl_lockstep *ls)
{
	while (!tce_rtl_can_push(ls->rtl))
		step(ls, 1);
	fetch_timing_advance(ls->t, tce_rtl_cycle(ls->rtl) + 1);
}

/* ---- the PHB error logic: forward the C model's freezes ---- */

static void c_pestb(struct rtl_lockstep *ls, uint8_t *out)
{
	uint64_t save = 0, v = 0;
	unsigned pe;

	phb3_mmio_ops.read(ls->phb, REG_IODA_ADDR, 8, &save);
	phb3_mmio_ops.write(ls->phb, REG_IODA_ADDR, 8,
			    IODA_AUTOINC | TSEL_PESTB << 48);
	for (pe = 0; pe < ls->pp.num_pes; pe++) {
		phb3_mmio_ops.read(ls->phb, REG_IODA_DATA0, 8, &v);
		out[pe] = v >> 63;
	}
	phb3_mmio_ops.write(ls->phb, REG_IODA_ADDR, 8, save);
}

static void forward_freezes(struct rtl_lockstep *ls)
{
	uint8_t now[PHB3_MAX_PES];
	unsigned pe;

	c_pestb(ls, now);
	for (pe = 0; pe < ls->pp.num_pes; pe++) {
		if (now[pe] == ls->pestb[pe])
			continue;
		while (tce_rtl_pe_stop(ls->rtl, (uint16_t)pe, now[pe]) == -EAGAIN)
			step(ls, 1);
		step(ls, 1);
		ls->pestb[pe] = now[pe];
	}
}

/* ---- the public API ---- */

struct rtl_lockstep *rtl_lockstep_new(struct sim_mem *mem,
				      const struct phb3_params *pp,
				      const struct timing_params *tp,
				      const struct rtl_lockstep_opts *o,
				      char *err, size_t errlen)
{
	struct rtl_lockstep *ls;

	if (!mem) {
		snprintf(err, errlen, "lockstep: no memory");
		return NULL;
	}
	ls = calloc(1, sizeof(*ls));
	if (!ls) {
		snprintf(err, errlen, "lockstep: out of memory");
		return NULL;
	}
	ls->mem = mem;
	if (pp)
		ls->pp = *pp;
	else
		phb3_params_default(&ls->pp);
	if (tp)
		ls->tp = *tp;
	else
		timing_params_default(&ls->tp);
	if (o)
		ls->o = *o;
	ls->phb = phb3_create(mem, &ls->pp, 0);
	if (!ls->phb) {
		snprintf(err, errlen, "lockstep: bad PHB3 parameters");
		goto out_free;
	}
	ls->pt = phb3_timed_create(ls->phb, &ls->tp);
	if (!ls->pt) {
		snprintf(err, errlen, "lockstep: bad timing parameters");
		goto out_phb;
	}
	ls->t = phb3_timed_timing(ls->pt);
	if (ls->o.rtl_builtin_defaults)
		ls->rtl = tce_rtl_new(NULL, NULL, sim_mem_ram_bytes(mem), err, errlen);
	else
		ls->rtl = tce_rtl_new(ls->o.rtl_phb ? ls->o.rtl_phb : &ls->pp,
				      ls->o.rtl_timing ? ls->o.rtl_timing : &ls->tp,
				      sim_mem_ram_bytes(mem), err, errlen);
	if (!ls->rtl)
		goto out_timed;
	ls->o.rtl_phb = NULL;
	ls->o.rtl_timing = NULL;
	tce_rtl_serve_memory(ls->rtl, serve, ls, ls->tp.lat_mem_read);
	return ls;

out_timed:
	phb3_timed_destroy(ls->pt);
out_phb:
	phb3_destroy(ls->phb);
out_free:
	free(ls);
	return NULL;
}

void rtl_lockstep_free(struct rtl_lockstep *ls)
{
	unsigned i;

	if (!ls)
		return;
	for (i = 0; i < RING; i++)
		pending_free(&ls->ring[i]);
	for (i = 0; i < ls->nkept; i++)
		free(ls->kept[i]);
	tce_rtl_free(ls->rtl);
	phb3_timed_destroy(ls->pt);
	phb3_destroy(ls->phb);
	free(ls);
}

struct phb3 *rtl_lockstep_phb(struct rtl_lockstep *ls)
{
	return ls->phb;
}

struct tce_rtl *rtl_lockstep_rtl(struct rtl_lockstep *ls)
{
	return ls->rtl;
}

void rtl_lockstep_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val)
{
	sync(ls);
	phb3_mmio_ops.write(ls->phb, off, 8, val);
	while (tce_rtl_write_reg(ls->rtl, off, val) == -EAGAIN)
		step(ls, 1);
	step(ls, 1);
	if (off == REG_IODA_DATA0)
		c_pestb(ls, ls->pestb);	/* the twin got the same write */
}

int rtl_lockstep_dma(struct rtl_lockstep *ls, const struct sim_dma_req *req,
		     void *buf, struct sim_dma_result *res)
{
	struct fetch_timing_stats before, after;
	struct sim_dma_target f = phb3_timed_dma_target(ls->pt);
	struct tce_rtl_req q;
	struct pending *p;
	int rc;

	sync(ls);
	/* the slot of this tag must be free: wait for its old request */
	while (ls->ring[ls->seq % RING].live)
		step(ls, 1);
	p = &ls->ring[ls->seq % RING];
	memset(p, 0, sizeof(*p));
	p->seq = ls->seq;
	p->req = *req;
	p->live = true;
	rc = snapshot(ls, p);
	if (rc) {
		pending_free(p);
		return rc;
	}
	before = *fetch_timing_get_stats(ls->t);
	rc = f.dma(f.opaque, req, buf, res);
	if (rc) {
		pending_free(p);
		return rc;
	}
	after = *fetch_timing_get_stats(ls->t);
	p->res = *res;
	p->timed = after.requests != before.requests;
	p->accept = fetch_timing_now(ls->t);
	p->done = phb3_timed_last_completion(ls->pt);
#define DELTA(x) p->d.x = after.x - before.x
	DELTA(requests);
	DELTA(translations);
	DELTA(bypass);
	DELTA(hits);
	DELTA(merges);
	DELTA(misses);
	DELTA(rtc_hits);
	DELTA(rtc_misses);
	DELTA(mem_reads);
	DELTA(indirect_hits);
	DELTA(line_fills);
	DELTA(prefetches);
	DELTA(prefetch_no_tag);
	DELTA(stalls);
	DELTA(mem_book_overflows);
#undef DELTA
	if (p->d.mem_book_overflows)
		mismatch(ls, "req #%" PRIu64 ": the C model's memory booking list overflowed",
			 p->seq);
	memset(&q, 0, sizeof(q));
	q.tag = (uint16_t)(ls->seq % RING);
	q.rid = req->rid;
	q.addr = req->addr;
	q.len = req->len;
	q.write = req->dir == SIM_DMA_WRITE;
	ls->seq++;
	while (tce_rtl_push(ls->rtl, &q) == -EAGAIN)
		step(ls, 1);	/* not reached: sync() made room */
	step(ls, 1);
	if (res->status == SIM_DMA_FAULT && res->pe != NO_PE)
		forward_freezes(ls);
	return 0;
}

bool rtl_lockstep_pe_frozen(const struct rtl_lockstep *ls, unsigned pe)
{
	return pe < PHB3_MAX_PES && ls->pestb[pe];
}

void rtl_lockstep_idle(struct rtl_lockstep *ls, uint64_t n)
{
	step(ls, n);
}

void rtl_lockstep_drain(struct rtl_lockstep *ls)
{
	uint64_t guard = 0;
	unsigned i;

	while (!tce_rtl_idle(ls->rtl) && guard++ < 10000000)
		step(ls, 1);
	collect(ls);
	if (!tce_rtl_idle(ls->rtl))
		mismatch(ls, "twin did not go idle");
	for (i = 0; i < RING; i++) {
		if (!ls->ring[i].live)
			continue;
		mismatch(ls, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 "): the twin never answered",
			 ls->ring[i].seq, ls->ring[i].req.rid, ls->ring[i].req.addr);
		pending_free(&ls->ring[i]);
	}
}

void rtl_lockstep_corrupt_read(struct rtl_lockstep *ls, unsigned n)
{
	ls->corrupt_in = n;
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

uint64_t rtl_lockstep_report(const struct rtl_lockstep *ls, FILE *f)
{
	uint32_t e = tce_rtl_errors(ls->rtl);
	unsigned i;

	for (i = 0; i < ls->nkept; i++)
		fprintf(f, "rtl mismatch: %s\n", ls->kept[i]);
	if (ls->mismatches > ls->nkept)
		fprintf(f, "rtl mismatch: ... %" PRIu64 " more\n",
			ls->mismatches - ls->nkept);
	if (e)
		fprintf(f, "rtl mismatch: twin error flags %#x (outside its exact range)\n", e);
	fprintf(f, "rtl lockstep: %" PRIu64 " requests, %" PRIu64 " mismatches\n",
		ls->requests, rtl_lockstep_mismatches(ls));
	return rtl_lockstep_mismatches(ls);
}
