// SPDX-License-Identifier: GPL-2.0
/*
 * Timing core: latency histograms (exact below 1024 cycles, then 32 bins
 * per octave), per-PE counters, and the registration of every statistic
 * (the counter lists of tcesim/fetch_timing.h, then the formulas).
 */
#include <errno.h>
#include <stdio.h>

#include "fetch_timing_internal.h"

/* ---- latency histograms ---- */

static unsigned hist_bin(uint64_t v)
{
	unsigned e;

	if (v < FT_HIST_EXACT)
		return (unsigned)v;
	e = 63 - (unsigned)__builtin_clzll(v);	/* 10..63 */
	return FT_HIST_EXACT + (e - 10) * FT_HIST_SUB +
	       (unsigned)((v >> (e - 5)) & (FT_HIST_SUB - 1));
}

static uint64_t hist_bin_low(unsigned b)
{
	unsigned e, sub;

	if (b < FT_HIST_EXACT)
		return b;
	e = (b - FT_HIST_EXACT) / FT_HIST_SUB + 10;
	sub = (b - FT_HIST_EXACT) % FT_HIST_SUB;
	return (1ull << e) | ((uint64_t)sub << (e - 5));
}

void ft_hist_add(struct ft_hist *h, uint64_t v)
{
	h->bin[hist_bin(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* Smallest recorded bin value with at least ceil(q * n) values at or below. */
uint64_t ft_hist_pct(const struct ft_hist *h, double q)
{
	uint64_t need, acc = 0;
	unsigned b;

	if (!h->n)
		return 0;
	if (q <= 0)
		q = 1e-12;
	if (q > 1)
		q = 1;
	need = (uint64_t)(q * (double)h->n);
	if ((double)need < q * (double)h->n)
		need++;
	if (!need)
		need = 1;
	for (b = 0; b < FT_HIST_BINS; b++) {
		acc += h->bin[b];
		if (acc >= need)
			return hist_bin_low(b);
	}
	return h->max;
}

/* ---- per-PE statistics ---- */

static double f_pe_hit_rate(const void *ctx)
{
	const struct fetch_timing_pe_stats *ps = ctx;
	uint64_t n = ps->hits + ps->merges + ps->misses;

	return n ? (double)ps->hits / (double)n : 0.0;
}

void ft_pe_register(struct fetch_timing *t, unsigned pe)
{
	const struct fetch_timing_pe_stats *sim_st_ = &t->pe[pe];
	const struct sim_stat_row rows[] = {
		FETCH_TIMING_PE_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};
	char pfx[128];

	if (t->npe_order < FETCH_TIMING_MAX_PES)
		t->pe_order[t->npe_order++] = (uint16_t)pe;
	/* A name clash or no memory only loses this PE's report lines. */
	snprintf(pfx, sizeof(pfx), "%s.pe%u", t->reg_prefix, pe);
	sim_stats_add_rows(t->reg, pfx, rows, sizeof(rows) / sizeof(rows[0]));
	snprintf(pfx, sizeof(pfx), "%s.pe%u.hit_rate", t->reg_prefix, pe);
	sim_stats_add_formula(t->reg, pfx, "TCE cache hits / lookups of this PE",
			      "ratio", f_pe_hit_rate, sim_st_);
}

const struct fetch_timing_pe_stats *
fetch_timing_get_pe_stats(const struct fetch_timing *t, unsigned pe)
{
	return pe < FETCH_TIMING_MAX_PES ? &t->pe[pe] : NULL;
}

const struct fetch_timing_stats *
fetch_timing_get_stats(const struct fetch_timing *t)
{
	return &t->st;
}

/* ---- histograms and formulas ---- */

uint64_t fetch_timing_walk_percentile(const struct fetch_timing *t, double q)
{
	return ft_hist_pct(&t->walk_h, q);
}

uint64_t fetch_timing_xlate_percentile(const struct fetch_timing *t, double q)
{
	return ft_hist_pct(&t->xlate_h, q);
}

uint64_t fetch_timing_walk_max(const struct fetch_timing *t)
{
	return t->walk_h.max;
}

uint64_t fetch_timing_xlate_max(const struct fetch_timing *t)
{
	return t->xlate_h.max;
}

static uint64_t elapsed(const struct fetch_timing *t)
{
	return t->st.last_done > t->st.first_arrival ?
	       t->st.last_done - t->st.first_arrival : 0;
}

static double f_hit_rate(const void *c)
{
	const struct fetch_timing *t = c;
	uint64_t lk = t->st.translations - t->st.bypass;

	return lk ? (double)t->st.hits / (double)lk : 0.0;
}

static double f_elapsed_ns(const void *c)
{
	const struct fetch_timing *t = c;

	return fetch_timing_cycles_to_ns(t, elapsed(t));
}

static double f_xlate_per_s(const void *c)
{
	double ns = f_elapsed_ns(c);

	return ns > 0 ? (double)((const struct fetch_timing *)c)->st.translations *
			1e9 / ns : 0.0;
}

static double f_gbps(const void *c)
{
	double ns = f_elapsed_ns(c);

	/* bytes per ns = GB/s */
	return ns > 0 ? (double)((const struct fetch_timing *)c)->st.bytes / ns : 0.0;
}

static double f_tag_occ(const void *c)
{
	const struct fetch_timing *t = c;
	uint64_t e = elapsed(t);

	return e ? (double)t->st.tag_busy_cycles / (double)e : 0.0;
}

static double f_pages_per_kill(const void *c)
{
	const struct fetch_timing *t = c;
	uint64_t k = 0, r = 0;
	unsigned i;

	for (i = 0; i < XLATE_KILL_KINDS; i++) {
		k += t->st.kills[i];
		r += t->st.kill_removed[i];
	}

	return k ? (double)r / (double)k : 0.0;
}

#define PCT_FNS(hname, tag, q) \
	static double f_##hname##_##tag(const void *c) \
	{ \
		return (double)ft_hist_pct(&((const struct fetch_timing *)c)->hname, q); \
	} \
	static double f_##hname##_##tag##_ns(const void *c) \
	{ \
		const struct fetch_timing *t = c; \
		return fetch_timing_cycles_to_ns(t, ft_hist_pct(&t->hname, q)); \
	}
PCT_FNS(walk_h, p50, 0.50)
PCT_FNS(walk_h, p90, 0.90)
PCT_FNS(walk_h, p99, 0.99)
PCT_FNS(walk_h, max, 1.0)
PCT_FNS(xlate_h, p50, 0.50)
PCT_FNS(xlate_h, p90, 0.90)
PCT_FNS(xlate_h, p99, 0.99)
PCT_FNS(xlate_h, max, 1.0)
#undef PCT_FNS

static int add_counters(struct fetch_timing *t, struct sim_stats *s,
			const char *prefix)
{
	const struct fetch_timing_stats *sim_st_ = &t->st;
	const struct sim_stat_row rows[] = {
		FETCH_TIMING_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};

	return sim_stats_add_rows(s, prefix, rows,
				  sizeof(rows) / sizeof(rows[0]));
}

int fetch_timing_register_stats(struct fetch_timing *t, struct sim_stats *s,
				const char *prefix)
{
	const struct sim_stat_formula_row f[] = {
		{ "hit_rate", f_hit_rate, "ratio", "TCE cache hits / lookups (bypass excluded)" },
		{ "elapsed_ns", f_elapsed_ns, "ns", "first arrival to last completion" },
		{ "translations_per_s", f_xlate_per_s, "1/s", "IO-page translations per simulated second" },
		{ "gbps", f_gbps, "GB/s", "request bytes per simulated second at the PHB" },
		{ "tag_occupancy", f_tag_occ, "tags", "mean fetch tags busy" },
		{ "pages_per_kill", f_pages_per_kill, "pages", "entries removed per kill" },
		{ "walk_latency.p50", f_walk_h_p50, "cycles", "walk latency (tag grant to fill), median" },
		{ "walk_latency.p90", f_walk_h_p90, "cycles", "walk latency, 90th percentile" },
		{ "walk_latency.p99", f_walk_h_p99, "cycles", "walk latency, 99th percentile" },
		{ "walk_latency.max", f_walk_h_max, "cycles", "walk latency, maximum" },
		{ "walk_latency.p50_ns", f_walk_h_p50_ns, "ns", "walk latency, median" },
		{ "walk_latency.p90_ns", f_walk_h_p90_ns, "ns", "walk latency, 90th percentile" },
		{ "walk_latency.p99_ns", f_walk_h_p99_ns, "ns", "walk latency, 99th percentile" },
		{ "walk_latency.max_ns", f_walk_h_max_ns, "ns", "walk latency, maximum" },
		{ "xlate_latency.p50", f_xlate_h_p50, "cycles", "request translation latency (arrival to last page), median" },
		{ "xlate_latency.p90", f_xlate_h_p90, "cycles", "translation latency, 90th percentile" },
		{ "xlate_latency.p99", f_xlate_h_p99, "cycles", "translation latency, 99th percentile" },
		{ "xlate_latency.max", f_xlate_h_max, "cycles", "translation latency, maximum" },
		{ "xlate_latency.p50_ns", f_xlate_h_p50_ns, "ns", "translation latency, median" },
		{ "xlate_latency.p90_ns", f_xlate_h_p90_ns, "ns", "translation latency, 90th percentile" },
		{ "xlate_latency.p99_ns", f_xlate_h_p99_ns, "ns", "translation latency, 99th percentile" },
		{ "xlate_latency.max_ns", f_xlate_h_max_ns, "ns", "translation latency, maximum" },
	};
	unsigned i;
	int rc;

	if (!t || !s || !prefix)
		return -EINVAL;
	t->reg = s;
	snprintf(t->reg_prefix, sizeof(t->reg_prefix), "%s", prefix);
	for (i = 0; i < FETCH_TIMING_MAX_PES; i++)	/* PEs seen before this call */
		if (t->pe[i].lookups)
			ft_pe_register(t, i);
	rc = add_counters(t, s, prefix);
	if (rc)
		return rc;
	return sim_stats_add_formula_rows(s, prefix, f, sizeof(f) / sizeof(f[0]),
					  t);
}
