// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_batch: a batch is the same requests one at a time.
 *
 * Two identical PHB3s (same tables, same register writes) take the same
 * random stream: one request at a time, and in batches of random sizes
 * (1..40). The stream mixes TCE cache hits and misses over 1..3-level
 * tables, faults (unmapped pages, permissions, invalid TVE), frozen PEs,
 * MSIs, malformed requests (length 0), reads and writes, explicit
 * arrivals (some before the clock) and back-to-back ones, with kills of
 * every kind and unfreezes between batches. Required identical:
 *   - functional (phb3_dma_batch vs phb3_dma_at): every result and rc,
 *     the data moved, every observer event with every field in the same
 *     order (a recording observer serialises them), the PHB statistics;
 *   - timed, with and without the PCIe link (phb3_timed_dma_batch vs
 *     phb3_timed_advance + set_arrival + the timed DMA target, the clock
 *     kept as the machine keeps it): the same, plus every completion
 *     cycle, the clock after every request, the timing core's and the
 *     link's statistics.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_random_tables.h"
#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#define GiB (1ull << 30)
#define RAM (4 * GiB)
#define RTT_BASE (3 * GiB)
#define POOL (1 * GiB)
#define NREQ 6000

/* ---- an observer that writes down every event ---- */

struct log {
	uint8_t *b;
	size_t n, cap;
};

static void put(struct log *l, const void *p, size_t len)
{
	if (l->n + len > l->cap) {
		l->cap = (l->n + len) * 2;
		l->b = realloc(l->b, l->cap);
		ck_assert_ptr_nonnull(l->b);
	}
	memcpy(l->b + l->n, p, len);
	l->n += len;
}

static void put64(struct log *l, uint64_t v)
{
	put(l, &v, sizeof(v));
}

static void ev_begin(void *ctx, const struct xlate_req_begin *e)
{
	put64(ctx, 1);
	put64(ctx, e->unit);
	put64(ctx, e->rid);
	put64(ctx, e->addr);
	put64(ctx, e->len);
	put64(ctx, e->dir);
	put64(ctx, e->arrival);
}

static void ev_rtt(void *ctx, const struct xlate_rtt_lookup *e)
{
	put64(ctx, 2);
	put64(ctx, e->rid);
	put64(ctx, e->status);
	put64(ctx, e->hit);
	put64(ctx, e->read_addr);
	put64(ctx, e->rte);
}

static void ev_page(void *ctx, const struct xlate_page *e)
{
	unsigned i;

	put64(ctx, 3);
	put64(ctx, e->pe);
	put64(ctx, e->window);
	put64(ctx, e->addr);
	put64(ctx, e->bytes);
	put64(ctx, e->tve_valid | e->bypass << 1);
	put64(ctx, e->levels | e->ts << 8 | e->ps << 16 | e->win_shift << 24);
	put64(ctx, e->offset);
	put64(ctx, e->io_page);
	put64(ctx, e->lookup);
	put64(ctx, e->nreads);
	for (i = 0; i < e->nreads; i++) {
		put64(ctx, e->reads[i].addr);
		put64(ctx, e->reads[i].value);
		put64(ctx, e->reads[i].ok);
	}
	put64(ctx, e->fault);
	put64(ctx, e->pa);
}

static void ev_end(void *ctx, const struct xlate_req_end *e)
{
	put64(ctx, 4);
	put64(ctx, (uint64_t)e->rc);
	put64(ctx, e->res->status);
	put64(ctx, e->res->reason);
	put64(ctx, e->res->bytes_done);
}

static void ev_kill(void *ctx, const struct xlate_tce_kill *e)
{
	put64(ctx, 5);
	put64(ctx, e->kind);
	put64(ctx, e->pe);
	put64(ctx, e->window);
	put64(ctx, e->offset);
	put64(ctx, e->removed);
}

static void ev_mmio(void *ctx, const struct xlate_mmio_write *e)
{
	put64(ctx, 6);
	put64(ctx, e->offset);
	put64(ctx, e->value);
}

static const struct xlate_observer_ops recorder = {
	.req_begin = ev_begin, .rtt_lookup = ev_rtt, .page = ev_page,
	.req_end = ev_end, .tce_kill = ev_kill, .mmio_write = ev_mmio,
};

/* ---- two identical PHBs ---- */

struct rig {
	struct sim_mem *mem;
	struct phb3 *phb;
	struct phb3_timed *pt;	/* NULL: functional */
	struct log log;
	uint64_t pool, clock;
};

static uint64_t mapped[4][256];

static void wr(struct rig *r, uint64_t off, uint64_t v)
{
	rt_wr(r->phb, off, v);
}

/* Leaf TCEs: any of 8192 real pages, mostly read/write, some with any
   permission (none too). */
static uint64_t leaf(void)
{
	uint64_t pa = (rnd() % 8192) << 12;

	return pa | (rnd() % 8 ? 3 : rnd() % 4);
}

/* RID i -> PE i % 4; PE p: a (1 + p % 3)-level table of 4K pages, 256
   pages mapped with random permissions (some none). */
static void rig_build(struct rig *r)
{
	rng = 42;
	r->pool = POOL;
	rt_build(r->phb, r->mem, RTT_BASE, &r->pool, 256, 8192, mapped[0],
		 leaf);
}

static void rig_init(struct rig *r, bool timed, bool link)
{
	struct timing_params tp;
	struct pcie_link_params lp;
	struct xlate_observer o;

	memset(r, 0, sizeof(*r));
	r->mem = sim_mem_create(RAM, 0);
	ck_assert_ptr_nonnull(r->mem);
	r->phb = phb3_create(r->mem, NULL, 0);
	ck_assert_ptr_nonnull(r->phb);
	if (timed) {
		timing_params_default(&tp);
		tp.max_outstanding_fetches = 8;	/* tag stalls too */
		pcie_link_params_default(&lp);
		lp.ph_credits = 4;		/* credit stalls too */
		r->pt = phb3_timed_create(r->phb, &tp, link ? &lp : NULL);
		ck_assert_ptr_nonnull(r->pt);
	}
	/* the recorder after the timing observer: both see every event */
	o = (struct xlate_observer){ .ops = &recorder, .ctx = &r->log };
	ck_assert_int_eq(phb3_observer_add(r->phb, &o), 0);
	rig_build(r);
}

static void rig_fini(struct rig *r)
{
	struct xlate_observer o = { .ops = &recorder, .ctx = &r->log };

	phb3_observer_remove(r->phb, &o);
	phb3_timed_destroy(r->pt);
	phb3_destroy(r->phb);
	sim_mem_destroy(r->mem);
	free(r->log.b);
}

/* Request k of the stream (drawn in order from rng). */
static void draw(struct phb3_dma_op *op, uint64_t *now)
{
	struct sim_dma_req *q = &op->req;
	unsigned k = rnd() % 100;

	memset(op, 0, sizeof(*op));
	q->rid = rnd() % 18;		/* 16, 17: RTE 0 (never written) */
	if (k < 80)			/* mostly mapped pages, some hot */
		q->addr = mapped[q->rid % 4][rnd() % (k < 40 ? 8 : 256)] << 12 |
			  (rnd() % 3584);
	else if (k < 90)
		q->addr = (rnd() % 8192) << 12 | (rnd() % 4096);
	else if (k < 94)
		q->addr = 1ull << 59 | rnd() % 4096;	/* window 1: invalid */
	else if (k < 97)
		q->addr = 1ull << 60 | rnd() % 4096;	/* MSI */
	else
		q->addr = 2ull << 60;			/* unsupported */
	q->len = rnd() % 200 ? 1 + (rnd() % 8 ? rnd() % 512 : rnd() % 6000)
			     : 0;		/* malformed */
	q->dir = rnd() % 2 ? SIM_DMA_WRITE : SIM_DMA_READ;
	if (rnd() % 3) {
		op->arrival = XLATE_ASAP;
	} else {
		/* mostly forward, sometimes behind the clock */
		*now += rnd() % 300;
		op->arrival = rnd() % 5 ? *now : *now / 2;
	}
}

/* One at a time, the clock kept as machine_dma_at keeps it. */
static void one(struct rig *r, struct phb3_dma_op *op, uint8_t *buf,
		uint64_t *done)
{
	struct sim_dma_target t;

	op->buf = buf;
	if (!r->pt) {
		op->rc = phb3_dma_at(r->phb, op->arrival, &op->req, buf,
				     &op->res);
		return;
	}
	if (op->arrival != XLATE_ASAP && op->arrival > r->clock)
		r->clock = op->arrival;
	phb3_timed_advance(r->pt, r->clock);
	phb3_timed_set_arrival(r->pt, op->arrival);
	t = phb3_timed_dma_target(r->pt);
	op->rc = t.dma(t.opaque, &op->req, buf, &op->res);
	phb3_timed_set_arrival(r->pt, XLATE_ASAP);
	if (op->rc || op->res.status == SIM_DMA_MSI) {
		*done = r->clock;
		return;
	}
	*done = phb3_timed_last_completion(r->pt);
	if (phb3_timed_last_accepted(r->pt) > r->clock)
		r->clock = phb3_timed_last_accepted(r->pt);
}

static void same_stats(struct rig *a, struct rig *b)
{
	struct sim_stats sa, sb;
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0;
	FILE *fa, *fb;

	sim_stats_init(&sa);
	sim_stats_init(&sb);
	ck_assert_int_eq(phb3_register_stats(a->phb, &sa, "p"), 0);
	ck_assert_int_eq(phb3_register_stats(b->phb, &sb, "p"), 0);
	if (a->pt) {
		ck_assert_int_eq(fetch_timing_register_stats(
			phb3_timed_timing(a->pt), &sa, "t"), 0);
		ck_assert_int_eq(fetch_timing_register_stats(
			phb3_timed_timing(b->pt), &sb, "t"), 0);
		if (phb3_timed_link(a->pt)) {
			ck_assert_int_eq(pcie_link_register_stats(
				phb3_timed_link(a->pt), &sa, "l"), 0);
			ck_assert_int_eq(pcie_link_register_stats(
				phb3_timed_link(b->pt), &sb, "l"), 0);
		}
	}
	fa = open_memstream(&ta, &la);
	fb = open_memstream(&tb, &lb);
	sim_stats_print_json(&sa, fa, 0);
	sim_stats_print_json(&sb, fb, 0);
	fclose(fa);
	fclose(fb);
	ck_assert_uint_gt(la, 1000);
	if (strcmp(ta, tb)) {	/* name the first statistic that differs */
		size_t i = 0, ls = 0;

		while (ta[i] && ta[i] == tb[i])
			if (ta[i++] == '\n')
				ls = i;
		ck_abort_msg("statistics differ at:\none at a time: %.80s\nbatched:        %.80s",
			     ta + ls, tb + ls);
	}
	free(ta);
	free(tb);
	sim_stats_free(&sa);
	sim_stats_free(&sb);
}

static void run(bool timed, bool link)
{
	static struct phb3_dma_op ops[40], ref;
	static uint8_t bufa[6000], bufs[40][6000];
	struct rig a, b;
	uint64_t now_a = 1000, now_b = 1000, done[40], done_a = 0;
	unsigned n = 0, i, ok = 0, faults = 0, frozen = 0, batches = 0;

	rig_init(&a, timed, link);
	rig_init(&b, timed, link);
	rng = 7;
	while (n < NREQ) {
		unsigned k = 1 + rnd() % 40, pe;
		uint64_t save = rng, v;

		/* b: k requests in one batch */
		for (i = 0; i < k; i++) {
			draw(&ops[i], &now_b);
			memset(bufs[i], (int)(n + i), sizeof(bufs[i]));
			ops[i].buf = bufs[i];
		}
		if (timed)
			ck_assert_int_eq(phb3_timed_dma_batch(b.pt, ops, k,
							      &b.clock, done), 0);
		else
			ck_assert_int_eq(phb3_dma_batch(b.phb, ops, k), 0);
		/* a: the same k, one at a time */
		rng = save;
		for (i = 0; i < k; i++) {
			draw(&ref, &now_a);
			memset(bufa, (int)(n + i), sizeof(bufa));
			one(&a, &ref, bufa, &done_a);
			ck_assert_int_eq(ref.rc, ops[i].rc);
			ck_assert_mem_eq(&ref.res, &ops[i].res, sizeof(ref.res));
			ck_assert_mem_eq(bufa, bufs[i], sizeof(bufa));
			if (timed)
				ck_assert_uint_eq(done_a, done[i]);
			ok += ref.res.status == SIM_DMA_OK && !ref.rc;
			faults += ref.res.status == SIM_DMA_FAULT;
			frozen += ref.res.status == SIM_DMA_FROZEN;
		}
		ck_assert_uint_eq(a.clock, b.clock);
		n += k;
		batches++;
		/* between batches: sometimes a kill; mostly every PE
		   unfrozen (a frozen PE's requests are refused) */
		if (rnd() % 4 == 0) {
			v = rnd() % 3 == 0 ? 1ull << 63 :
			    rnd() % 2 ? 1ull << 62 | rnd() % 4 :
			    1ull << 61 | (rnd() % 8192) << 12 | rnd() % 4;
			wr(&a, 0x210, v);
			wr(&b, 0x210, v);
		}
		for (pe = 0; rnd() % 8 && pe < 4; pe++) {
			rt_thaw(a.phb, pe);
			rt_thaw(b.phb, pe);
		}
	}
	ck_assert_uint_gt(ok, NREQ / 5);
	ck_assert_uint_gt(faults, NREQ / 20);
	ck_assert_uint_gt(frozen, NREQ / 50);
	ck_assert_uint_gt(batches, NREQ / 40);
	ck_assert_uint_eq(a.log.n, b.log.n);
	ck_assert_mem_eq(a.log.b, b.log.b, a.log.n);
	same_stats(&a, &b);
	if (timed) {
		const struct fetch_timing_stats *sa =
			fetch_timing_get_stats(phb3_timed_timing(a.pt));

		ck_assert_uint_gt(sa->misses, 500);
		ck_assert_uint_gt(sa->stalls, 0);
		if (link)
			ck_assert_uint_gt(pcie_link_get_stats(
				phb3_timed_link(a.pt))->up.credit_stalls, 0);
	}
	rig_fini(&a);
	rig_fini(&b);
}

CK_CASE("core", 120, NULL, NULL);

CK_TEST("core", batch_functional_same_as_one_at_a_time)
{
	run(false, false);
}
END_TEST

CK_TEST("core", batch_timed_same_as_one_at_a_time)
{
	run(true, false);
}
END_TEST

CK_TEST("core", batch_timed_link_same_as_one_at_a_time)
{
	run(true, true);
}
END_TEST

CK_TEST("core", batch_refuses_null)
{
	struct phb3_dma_op op;
	uint64_t clock = 0;

	memset(&op, 0, sizeof(op));
	ck_assert_int_eq(phb3_dma_batch(NULL, &op, 1), -EINVAL);
	ck_assert_int_eq(phb3_timed_dma_batch(NULL, &op, 1, &clock, NULL),
			 -EINVAL);
}
END_TEST

CK_SUITE("model_phb3_batch");
