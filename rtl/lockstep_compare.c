// SPDX-License-Identifier: GPL-2.0
/*
 * The lockstep's comparison: each answer of the twin against the C
 * model's result, cycles, per-request counters and table reads; the kept
 * mismatch messages and the report.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockstep_internal.h"

void ls_mismatch(struct rtl_lockstep *ls, const char *fmt, ...)
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

/* ---- comparison ---- */

void ls_pending_free(struct pending *p)
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

/* "req #N (rid R addr A len L read|write, C accept X done Y)" */
static void req_name(const struct pending *p, char *b, size_t n)
{
	snprintf(b, n, "req #%" PRIu64 " (rid %#x addr %#" PRIx64 " len %u %s; C: %s%s%s pe %#x pa %#" PRIx64
		 ", accepted %" PRIu64 " done %" PRIu64 "%s)", p->seq, p->req.rid,
		 p->req.addr, p->req.len,
		 p->req.dir == SIM_DMA_WRITE ? "write" : "read",
		 sim_dma_status_name(p->res.status),
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
		ls_mismatch(ls, "%s: %s: twin %" PRIu64 ", C %" PRIu64, who_, \
			    name, (uint64_t)(rtl), (uint64_t)(c)); \
	} \
} while (0)

bool ls_walk_fault(enum sim_fault_reason r)
{
	return r == SIM_FAULT_INVALID_INDIRECT || r == SIM_FAULT_INVALID_LEAF ||
	       r == SIM_FAULT_PERMISSION || r == SIM_FAULT_TABLE_MEMORY;
}

/* The pages of p whose reads are compared: a faulting request's pages
   from the faulting one on are not (docs/rtl.md, "pages past a fault"). */
uint32_t ls_pages_compared(const struct pending *p)
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
	uint32_t lim = ls_pages_compared(p);
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
			ls_mismatch(ls, "%s: table read %u: twin %u bytes at %#" PRIx64 " (%s page %u), expected %u bytes at %#" PRIx64 " (%s page %u)",
				    who, i, g->size, g->pa,
				    g->rtt ? "RTT" : g->prefetch ? "prefetch" : "walk", g->page,
				    e->size, e->pa,
				    e->rtt ? "RTT" : e->prefetch ? "prefetch" : "walk", e->page);
		else if (g)
			ls_mismatch(ls, "%s: table read %u: twin read %u bytes at %#" PRIx64 " (%s page %u), C none",
				    who, i, g->size, g->pa,
				    g->rtt ? "RTT" : g->prefetch ? "prefetch" : "walk", g->page);
		else
			ls_mismatch(ls, "%s: table read %u: twin none, expected %u bytes at %#" PRIx64 " (%s page %u)",
				    who, i, e->size, e->pa,
				    e->rtt ? "RTT" : e->prefetch ? "prefetch" : "walk", e->page);
		return;		/* one message per request */
	}
}

void ls_compare(struct rtl_lockstep *ls, const struct tce_rtl_resp *r)
{
	struct pending *p = &ls->ring[r->tag % RING];
	const struct sim_dma_result *c;
	const struct counts *d;

	if (!p->live) {
		ls_mismatch(ls, "twin answered tag %u, which is not in flight", r->tag);
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
	if (!(c->status == SIM_DMA_FAULT && ls_walk_fault(c->reason))) {
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
	ls_pending_free(p);
}

/* ---- the report ---- */

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
