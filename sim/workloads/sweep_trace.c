// SPDX-License-Identifier: GPL-2.0
/*
 * A sweep point as a trace replay (tcesim/sweep.h, `tcesim sweep --trace
 * T [--load CKPT]`): the point's configuration, the trace replayed with
 * --check, the checkpoint (if any) loaded right after its `boot`, so
 * every point starts from the same state. The row's figures come from
 * the machine's statistics, counted from the load on (requests, bytes,
 * faults, TCE cache hits and misses, timing lookups, fetches, stalls,
 * the PCIe links' payload, TLPs, wire time and stalls; the span from the
 * clock at the load to the last completion, through the link if there
 * is one); the latency
 * percentiles are the timing cores' histograms, which a timing checkpoint
 * carries (a functional one starts them empty: docs/images.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/clock.h"
#include "tcesim/machine.h"
#include "tcesim/pcie_link.h"
#include "tcesim/replay.h"
#include "tcesim/sim_errf.h"
#include "tcesim/sweep.h"
#include "traffic_internal.h"

/* The counters the row is made of, at one moment. */
struct counts {
	uint64_t requests, bytes, faults, hits, misses;
	uint64_t translations, lookups, lhits, fetches, stalls;
	uint64_t clock;
	/* PCIe links (timing mode): sums, and each PHB's wire time */
	bool link;
	uint64_t up_bytes, down_bytes, up_tlps, down_tlps;
	uint64_t credit_stalls, tag_stalls, xlate_waits, link_last;
	uint64_t up_busy[MACHINE_MAX_PHBS], down_busy[MACHINE_MAX_PHBS];
};

struct point {
	struct counts at_boot;
	struct traffic_result *x;
	bool have_boot, done;
};

static uint64_t stat_u64(struct machine *m, const char *fmt, unsigned i)
{
	const struct sim_stat *st;
	char name[96];

	snprintf(name, sizeof(name), fmt, i);
	st = sim_stats_find(machine_stats(m), name);
	return st ? (uint64_t)sim_stat_value(st) : 0;
}

static void counts(struct machine *m, struct counts *c)
{
	const struct machine_config *cfg = machine_config(m);
	const struct fetch_timing *prev = NULL;
	unsigned i;

	memset(c, 0, sizeof(*c));
	if (cfg->platform == MACHINE_PHB3) {
		for (i = 0; i < cfg->nr_phbs; i++) {
			c->requests += stat_u64(m, "phb3.%u.requests", i);
			c->bytes += stat_u64(m, "phb3.%u.bytes", i);
			c->faults += stat_u64(m, "phb3.%u.faults", i);
			c->hits += stat_u64(m, "phb3.%u.tce_cache.hits", i);
			c->misses += stat_u64(m, "phb3.%u.tce_cache.misses", i);
		}
	} else {
		c->requests = stat_u64(m, "p5ioc2.dma_requests", 0);
		c->bytes = stat_u64(m, "p5ioc2.dma_bytes", 0);
		c->faults = stat_u64(m, "p5ioc2.faults", 0);
		c->hits = stat_u64(m, "p5ioc2.tce_cache_hits", 0);
		c->misses = stat_u64(m, "p5ioc2.tce_cache_misses", 0);
	}
	for (i = 0; i < cfg->nr_phbs; i++) {
		const struct fetch_timing *t = machine_timing(m, i);
		const struct fetch_timing_stats *s;

		if (!t || t == prev)
			continue;
		prev = t;
		s = fetch_timing_get_stats(t);
		c->translations += s->translations;
		c->lookups += s->hits + s->merges + s->misses;
		c->lhits += s->hits + s->merges;
		c->fetches += s->misses;
		c->stalls += s->stall_cycles;
	}
	for (i = 0; i < cfg->nr_phbs && i < MACHINE_MAX_PHBS; i++) {
		struct pcie_link *l = machine_link(m, i);
		const struct pcie_link_stats *ls;

		if (!l)
			continue;
		ls = pcie_link_get_stats(l);
		c->link = true;
		c->up_bytes += ls->up.payload_bytes;
		c->down_bytes += ls->down.payload_bytes;
		c->up_tlps += ls->up.tlps;
		c->down_tlps += ls->down.tlps;
		c->credit_stalls += ls->up.credit_stall_cycles +
				    ls->down.credit_stall_cycles;
		c->tag_stalls += ls->tag_stall_cycles;
		c->xlate_waits += ls->xlate_wait_cycles;
		c->up_busy[i] = ls->up.busy_cycles;
		c->down_busy[i] = ls->down.busy_cycles;
		if (ls->last_done > c->link_last)
			c->link_last = ls->last_done;
	}
	c->clock = sim_clock_now(machine_clock(m));
}

/* The links' figures since the load: payload and TLPs per second, the
   busiest wire's utilisation, stall sums. */
static void link_result(const struct counts *b, const struct counts *e,
			double secs, struct traffic_result *x)
{
	uint64_t up = 0, down = 0;
	unsigned i;

	x->link = e->link;
	if (!e->link)
		return;
	x->link_credit_stall_cycles = e->credit_stalls - b->credit_stalls;
	x->link_tag_stall_cycles = e->tag_stalls - b->tag_stalls;
	x->link_xlate_wait_cycles = e->xlate_waits - b->xlate_waits;
	if (!x->span_cycles)
		return;
	for (i = 0; i < MACHINE_MAX_PHBS; i++) {
		if (e->up_busy[i] - b->up_busy[i] > up)
			up = e->up_busy[i] - b->up_busy[i];
		if (e->down_busy[i] - b->down_busy[i] > down)
			down = e->down_busy[i] - b->down_busy[i];
	}
	x->link_up_gbytes_per_s = (double)(e->up_bytes - b->up_bytes) / secs /
				  1e9;
	x->link_down_gbytes_per_s = (double)(e->down_bytes - b->down_bytes) /
				    secs / 1e9;
	x->link_up_tlps_per_s = (double)(e->up_tlps - b->up_tlps) / secs;
	x->link_down_tlps_per_s = (double)(e->down_tlps - b->down_tlps) / secs;
	x->link_up_util = (double)up / (double)x->span_cycles;
	x->link_down_util = (double)down / (double)x->span_cycles;
}

/* The row: counters since the load, the timing cores' figures. */
static void result(struct machine *m, const struct counts *b,
		   struct traffic_result *x)
{
	const struct machine_config *cfg = machine_config(m);
	const struct fetch_timing *prev = NULL;
	struct counts e;
	uint64_t last = 0;
	unsigned i;

	counts(m, &e);
	memset(x, 0, sizeof(*x));
	x->requests = e.requests - b->requests;
	x->bytes = e.bytes - b->bytes;
	x->faults = e.faults - b->faults;
	x->hits = e.hits - b->hits;
	x->misses = e.misses - b->misses;
	if (x->hits + x->misses)
		x->hit_rate = (double)x->hits / (double)(x->hits + x->misses);
	for (i = 0; i < cfg->nr_phbs; i++) {
		const struct fetch_timing *t = machine_timing(m, i);

		if (!t || t == prev)
			continue;
		prev = t;
		x->timed = true;
		if (fetch_timing_last_done(t) > last)
			last = fetch_timing_last_done(t);
		traffic_result_worst(x, t);
	}
	if (!x->timed)
		return;
	x->translations = e.translations - b->translations;
	x->fetches = e.fetches - b->fetches;
	x->stall_cycles = e.stalls - b->stalls;
	if (e.lookups > b->lookups)
		x->timing_hit_rate = (double)(e.lhits - b->lhits) /
				     (double)(e.lookups - b->lookups);
	/* with links, a request is done when its last TLP has crossed */
	if (e.link_last > last)
		last = e.link_last;
	x->span_cycles = last > b->clock ? last - b->clock : 0;
	double ns = 1e3 / (double)cfg->timing_params.clock_mhz;
	double secs = (double)x->span_cycles * ns * 1e-9;

	x->walk_p50_ns = (double)x->walk_p50 * ns;
	x->walk_p99_ns = (double)x->walk_p99 * ns;
	if (x->span_cycles) {
		x->xlate_per_s = (double)x->translations / secs;
		x->gbytes_per_s = (double)x->bytes / secs / 1e9;
	}
	link_result(b, &e, secs, x);
}

static int on_event(void *ctx, enum replay_event ev, const struct trace_op *op,
		    struct machine *m, char *msg, size_t msglen)
{
	struct point *p = ctx;

	(void)op;
	(void)msg;
	(void)msglen;
	if (ev == REPLAY_EV_BOOTED && m) {
		counts(m, &p->at_boot);
		p->have_boot = true;
	} else if (ev == REPLAY_EV_TEARDOWN && m && p->have_boot) {
		result(m, &p->at_boot, p->x);
		p->done = true;
	}
	return 0;
}

int sweep_trace_point(const struct trace *t, const struct traffic_opts *o,
		      const char *load, struct traffic_result *x, char *err,
		      size_t errlen)
{
	struct point p = { .x = x };
	struct replay_hooks h = { .ctx = &p, .event = on_event };
	struct replay_opts ro = {
		.check = true, .quiet = true, .no_report = true,
		.config = &o->hw, .timing = o->timing, .load_path = load,
		.hooks = &h,
	};
	char *msgs = NULL;
	size_t mlen = 0;
	FILE *out = open_memstream(&msgs, &mlen);
	int rc;

	if (!out)
		return sim_errf(err, errlen, -ENOMEM, "out of memory");
	ro.out = out;
	ro.err = out;
	rc = replay_trace(t, &ro);
	fclose(out);
	if (rc == REPLAY_OK && !p.done)
		rc = sim_errf(err, errlen, -EINVAL, "%s: no 'boot' in the trace",
			      t->name);
	else if (rc != REPLAY_OK) {
		char *nl;

		/* the first line replay printed: the error or the failed
		   expectation */
		if (msgs && (nl = strchr(msgs, '\n')))
			*nl = 0;
		rc = sim_errf(err, errlen, -EINVAL, "%s",
			      msgs && *msgs ? msgs : "replay failed");
	}
	free(msgs);
	return rc;
}
