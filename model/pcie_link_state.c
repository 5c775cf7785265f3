// SPDX-License-Identifier: GPL-2.0
/*
 * PCIe link checkpoint state (tcesim/pcie_link.h, tcesim/state.h): every
 * TLP, credit and tag in flight, so that a resumed run times every later
 * request as the uncut run does. Payload, big-endian (docs/images.md,
 * note TIMING, the nested "link" part):
 *
 *   u32 version (1), u32 unit (0)
 *   u64 clock MHz, u32 n, n x u64: the parameters (TCESIM_LINK_PARAMS order)
 *   u32 len + in-flight state:
 *     upstream wire free, upstream busy (each u64 cycle, u64 rem)
 *     downstream wire, then memory path, each: free, busy (as above),
 *         u32 n, n x { u64 start, u64 end } idle gaps, oldest first
 *     posted, non-posted, completion credits, each: u64 free headers,
 *         u64 free data, u32 n, n x { u64 release, u32 headers, u32 data }
 *         in release order
 *     u32 n, n x u64: tag release cycles in order
 *     u64 horizon, u64 last write into the memory path
 *   u32 n, n x u64: the counters (struct pcie_link_stats)
 *
 * Times carry exact fractions of a cycle (rem / den, den from the
 * parameters), so the in-flight state is restored only into a link of the
 * same parameters and clock; a link of other parameters (a what-if from
 * one checkpoint) starts idle, keeping the counters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcie_link_internal.h"
#include "tcesim/state.h"

#define LINK_STATE_VERSION 1

#define NPARAMS (sizeof(struct pcie_link_params) / sizeof(uint64_t))

static void put_rt(struct sim_state_out *o, struct rtime x)
{
	sim_state_put_u64(o, x.t);
	sim_state_put_u64(o, x.rem);
}

static void put_book(struct sim_state_out *o, const struct book *b)
{
	unsigned i;

	put_rt(o, b->tail);
	put_rt(o, b->busy);
	sim_state_put_u32(o, b->n);
	for (i = b->h; i < b->h + b->n; i++) {
		sim_state_put_u64(o, b->g[i].s);
		sim_state_put_u64(o, b->g[i].e);
	}
}

static void put_pool(struct sim_state_out *o, const struct cpool *p)
{
	unsigned i, k;

	sim_state_put_u64(o, p->free_h);
	sim_state_put_u64(o, p->free_d);
	sim_state_put_u32(o, p->n);
	for (k = 0, i = p->head; k < p->n; k++, i = i + 1 == p->cap ? 0 : i + 1) {
		sim_state_put_u64(o, p->r[i].rel);
		sim_state_put_u32(o, p->r[i].h);
		sim_state_put_u32(o, p->r[i].d);
	}
}

int pcie_link_state_save(const struct pcie_link *l, struct sim_state_out *o)
{
	const uint64_t *pw = (const uint64_t *)&l->p;
	size_t at, i;
	unsigned k;

	if (l->active)
		return -EBUSY;	/* only between requests */
	sim_state_put_header(o, LINK_STATE_VERSION, 0);
	sim_state_put_u64(o, l->clock_mhz);
	sim_state_put_u32(o, (uint32_t)NPARAMS);
	for (i = 0; i < NPARAMS; i++)
		sim_state_put_u64(o, pw[i]);
	at = sim_state_blob_begin(o);
	put_rt(o, l->up);
	put_rt(o, l->up_busy);
	put_book(o, &l->down);
	put_book(o, &l->mem);
	put_pool(o, &l->posted);
	put_pool(o, &l->nonposted);
	put_pool(o, &l->cpl);
	sim_state_put_u32(o, l->ntag);
	for (k = 0; k < l->ntag; k++)
		sim_state_put_u64(o, l->tag[(l->tag_h + k) % l->p.read_tags]);
	sim_state_put_u64(o, l->horizon);
	sim_state_put_u64(o, l->wr_last);
	sim_state_blob_end(o, at);
	sim_state_put_counters(o, &l->st, SIM_STATE_WORDS(l->st));
	return sim_state_out_status(o);
}

/* ---- restore ---- */

/* The in-flight state as read, before it is applied. */
struct link_image {
	struct rtime up, up_busy;
	struct book down, mem;
	struct cpool pool[3];	/* posted, non-posted, completion */
	struct crec *rec[3];
	uint64_t *tag;
	unsigned ntag;
	uint64_t horizon, wr_last;
};

static int get_rt(struct sim_state_in *in, uint64_t den, struct rtime *x,
		  const char *what, char *err, size_t errlen)
{
	x->t = sim_state_get_u64(in);
	x->rem = sim_state_get_u64(in);
	if (x->rem >= den)
		return sim_state_fail(err, errlen,
				      "link: %s fraction out of range", what);
	return 0;
}

static int get_book(struct sim_state_in *in, uint64_t den, struct book *b,
		    const char *what, char *err, size_t errlen)
{
	unsigned i;
	int rc = get_rt(in, den, &b->tail, what, err, errlen);

	rc = rc ?: get_rt(in, den, &b->busy, what, err, errlen);
	if (rc)
		return rc;
	b->den = den;
	b->h = 0;
	b->n = sim_state_get_u32(in);
	if (b->n > GAPS)
		return sim_state_fail(err, errlen,
				      "link: %s has %u idle gaps, at most %u",
				      what, b->n, GAPS);
	for (i = 0; i < b->n; i++) {
		b->g[i].s = sim_state_get_u64(in);
		b->g[i].e = sim_state_get_u64(in);
		if (b->g[i].s >= b->g[i].e ||
		    (i && b->g[i].s < b->g[i - 1].e) ||
		    b->g[i].e > b->tail.t + (b->tail.rem != 0))
			return sim_state_fail(err, errlen,
					      "link: %s idle gap %u is empty, out of order or past the tail",
					      what, i);
	}
	return 0;
}

/* A credit pool against the live one's limits (h, d; 0 infinite): the
   records' credits plus the free ones are the limit of a finite class. */
static int get_pool(struct sim_state_in *in, const struct cpool *live,
		    uint64_t lim_h, uint64_t lim_d, struct cpool *p,
		    struct crec **rec, const char *what, char *err,
		    size_t errlen)
{
	uint64_t sum_h, sum_d, last = 0;
	unsigned i;

	*p = *live;
	p->free_h = sim_state_get_u64(in);
	p->free_d = sim_state_get_u64(in);
	p->n = sim_state_get_u32(in);
	p->head = 0;
	if (p->n > p->cap || p->free_h > lim_h || p->free_d > lim_d)
		return sim_state_fail(err, errlen,
				      "link: %s credits: %u records, at most %u, or more free than the limits",
				      what, p->n, p->cap);
	if (p->n && !sim_state_room(in, p->n, 16))
		return sim_state_fail(err, errlen, "link: truncated payload");
	*rec = p->n ? calloc(p->n, sizeof(**rec)) : NULL;
	if (p->n && !*rec)
		return -ENOMEM;
	sum_h = p->free_h;
	sum_d = p->free_d;
	for (i = 0; i < p->n; i++) {
		struct crec *c = &(*rec)[i];

		c->rel = sim_state_get_u64(in);
		c->h = sim_state_get_u32(in);
		c->d = sim_state_get_u32(in);
		if (c->rel < last || (!c->h && !c->d) ||
		    (p->inf_h && c->h) || (p->inf_d && c->d))
			return sim_state_fail(err, errlen,
					      "link: %s credit record %u out of order or of an infinite class",
					      what, i);
		last = c->rel;
		sum_h += c->h;
		sum_d += c->d;
	}
	if (p->on && (sum_h != (p->inf_h ? 0 : lim_h) ||
		      sum_d != (p->inf_d ? 0 : lim_d)))
		return sim_state_fail(err, errlen,
				      "link: %s credits do not add up to the limits",
				      what);
	if (!p->on && (p->n || p->free_h || p->free_d))
		return sim_state_fail(err, errlen,
				      "link: %s credits are infinite here",
				      what);
	return 0;
}

static int parse(const struct pcie_link *l, struct sim_state_in *in,
		 struct link_image *x, char *err, size_t errlen)
{
	static const char *const pools[3] = { "posted", "non-posted",
					      "completion" };
	const struct cpool *live[3] = { &l->posted, &l->nonposted, &l->cpl };
	const uint64_t lim[3][2] = {
		{ l->p.ph_credits, l->p.pd_credits },
		{ l->p.nph_credits, 0 },
		{ l->p.cplh_credits, l->p.cpld_credits },
	};
	uint64_t last = 0;
	unsigned i;
	int rc;

	rc = get_rt(in, l->den, &x->up, "upstream wire", err, errlen);
	rc = rc ?: get_rt(in, l->den, &x->up_busy, "upstream wire", err,
			  errlen);
	rc = rc ?: get_book(in, l->den, &x->down, "downstream wire", err,
			    errlen);
	rc = rc ?: get_book(in, l->mem.den, &x->mem, "memory path", err,
			    errlen);
	for (i = 0; !rc && i < 3; i++)
		rc = get_pool(in, live[i], lim[i][0], lim[i][1], &x->pool[i],
			      &x->rec[i], pools[i], err, errlen);
	if (rc)
		return rc;
	x->ntag = sim_state_get_u32(in);
	if (x->ntag > l->p.read_tags)
		return sim_state_fail(err, errlen,
				      "link: %u tags released later, at most %u (read_tags)",
				      x->ntag, (unsigned)l->p.read_tags);
	if (x->ntag && !sim_state_room(in, x->ntag, 8))
		return sim_state_fail(err, errlen, "link: truncated payload");
	x->tag = calloc(l->p.read_tags, sizeof(*x->tag));
	if (!x->tag)
		return -ENOMEM;
	for (i = 0; i < x->ntag; i++) {
		x->tag[i] = sim_state_get_u64(in);
		if (x->tag[i] < last)
			return sim_state_fail(err, errlen,
					      "link: tag releases out of order");
		last = x->tag[i];
	}
	x->horizon = sim_state_get_u64(in);
	x->wr_last = sim_state_get_u64(in);
	return sim_state_end(in, "link", err, errlen);
}

static void apply_pool(struct cpool *p, const struct cpool *x,
		       const struct crec *rec)
{
	p->free_h = x->free_h;
	p->free_d = x->free_d;
	p->head = 0;
	p->n = x->n;
	if (x->n)
		memcpy(p->r, rec, x->n * sizeof(*rec));
}

static void apply(struct pcie_link *l, const struct link_image *x)
{
	l->up = x->up;
	l->up_busy = x->up_busy;
	l->down = x->down;
	l->mem = x->mem;
	apply_pool(&l->posted, &x->pool[0], x->rec[0]);
	apply_pool(&l->nonposted, &x->pool[1], x->rec[1]);
	apply_pool(&l->cpl, &x->pool[2], x->rec[2]);
	memcpy(l->tag, x->tag, l->p.read_tags * sizeof(*l->tag));
	l->ntag = x->ntag;
	l->tag_h = 0;
	l->horizon = x->horizon;
	l->wr_last = x->wr_last;
}

/* Idle from cycle 0 on (every later request is ready after the restored
   clock), the busy sums from the counters. */
static void idle(struct pcie_link *l)
{
	struct cpool *pools[3] = { &l->posted, &l->nonposted, &l->cpl };
	const uint64_t lim[3][2] = {
		{ l->p.ph_credits, l->p.pd_credits },
		{ l->p.nph_credits, 0 },
		{ l->p.cplh_credits, l->p.cpld_credits },
	};
	unsigned i;

	l->up = (struct rtime){ 0, 0 };
	l->up_busy = (struct rtime){ l->st.up.busy_cycles, 0 };
	l->down.tail = (struct rtime){ 0, 0 };
	l->down.busy = (struct rtime){ l->st.down.busy_cycles, 0 };
	l->down.h = l->down.n = 0;
	l->mem.tail = (struct rtime){ 0, 0 };
	l->mem.busy = (struct rtime){ l->st.mem_busy_cycles, 0 };
	l->mem.h = l->mem.n = 0;
	for (i = 0; i < 3; i++) {
		struct cpool *p = pools[i];

		p->free_h = p->inf_h ? 0 : lim[i][0];
		p->free_d = p->inf_d ? 0 : lim[i][1];
		p->head = p->n = 0;
	}
	l->ntag = l->tag_h = 0;
	l->horizon = 0;
	l->wr_last = 0;
}

int pcie_link_state_restore(struct pcie_link *l, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen)
{
	struct link_image *x = NULL;
	struct pcie_link_stats st;
	struct sim_state_in sub;
	const uint64_t *pw = (const uint64_t *)&l->p;
	uint64_t clock;
	bool same;
	uint32_t n;
	size_t i;
	int rc;

	if (!in) {		/* a checkpoint of a PHB without its link */
		if (commit) {
			memset(&l->st, 0, sizeof(l->st));
			l->st.first_ready = UINT64_MAX;
			idle(l);
		}
		return 0;
	}
	rc = sim_state_get_header(in, "link", LINK_STATE_VERSION, NULL, err,
				  errlen);
	if (rc)
		return rc;
	clock = sim_state_get_u64(in);
	n = sim_state_get_u32(in);
	if (n != NPARAMS)
		return sim_state_fail(err, errlen,
				      "link: %u parameters, expected %zu", n,
				      NPARAMS);
	same = clock == l->clock_mhz;
	for (i = 0; i < NPARAMS; i++)
		same &= sim_state_get_u64(in) == pw[i];
	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "link: truncated payload");
	rc = sim_state_get_counters(in, "link", &st, SIM_STATE_WORDS(st),
				    err, errlen);
	rc = rc ?: sim_state_end(in, "link", err, errlen);
	if (rc)
		return rc;
	if (same) {
		x = calloc(1, sizeof(*x));
		if (!x)
			return -ENOMEM;
		rc = parse(l, &sub, x, err, errlen);
	}
	if (!rc && commit) {
		l->st = st;
		if (same)
			apply(l, x);
		else
			idle(l);
	}
	if (x) {
		for (i = 0; i < 3; i++)
			free(x->rec[i]);
		free(x->tag);
		free(x);
	}
	return rc;
}
