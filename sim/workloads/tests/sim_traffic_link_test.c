// SPDX-License-Identifier: GPL-2.0
/*
 * sim_traffic_link: traffic through the PCIe link model.
 *
 * - Never more than the link carries: over every generator, both
 *   directions, request sizes from 64 bytes to 2 KiB, one and two PHBs
 *   and five link configurations (Gen1 x1 .. Gen3 x16, MPS 128 .. 512,
 *   completions at MPS or RCB 64, few tags and credits), the payload
 *   rate a run reports never exceeds phbs x the most its links can carry,
 *   and no wire is busy more than the whole run. The bound is worked out
 *   here from the PCIe facts (docs/pcie-link.md): raw rate = GT/s x
 *   encoding x lanes; the TLP share 1 - 16/A - 4/1538 with A the spec's
 *   ACK interval for the generation, width and MPS (values below); a TLP
 *   carries at most P = min(request, MPS or completion size) payload
 *   bytes for H = 24 (write, 64-bit address) or 20 (completion) bytes of
 *   header and framing, so payload <= TLP rate x P / (P + H).
 * - The switch: with link.enabled=0 a miss-bound scatter runs at the
 *   translation-only rate of docs/whatif.md study (a) (32 fetch tags over
 *   a 151-cycle walk), above what a Gen3 x16 link carries; with the link
 *   the same run is held to the link.
 * - The link never changes a functional result: the same traffic with
 *   the link on, off and starved gives identical per-device counts.
 * - Batches change nothing: the same traffic one request at a time and
 *   in batches of 7 and 64 gives byte-identical reports, statistics and
 *   clock.
 */
#include "check_auto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/clock.h"
#include "tcesim/machine.h"
#include "tcesim/stats.h"
#include "tcesim/traffic.h"

static char err[512];

static void set(struct traffic_opts *o, const char *kv)
{
	ck_assert_msg(traffic_opts_assign(o, kv, err, sizeof(err)) == 0,
		      "%s: %s", kv, err);
}

static void setf(struct traffic_opts *o, const char *fmt, unsigned v)
{
	char kv[64];

	snprintf(kv, sizeof(kv), fmt, v);
	set(o, kv);
}

/* A link configuration and what it can carry. */
static const struct linkcfg {
	unsigned gen, width, mps;
	bool rcb64;		/* completions of 64 bytes */
	const char *extra;	/* one more key, or NULL */
	double raw_gbps;	/* GT/s x encoding x lanes */
	unsigned ack;		/* the spec's ACK interval, symbols */
} links[] = {
	{ 3, 16, 256, false, NULL, 8.0 * 128 / 130 * 16, 168 },
	{ 3, 8, 128, false, "link.read_tags=8", 8.0 * 128 / 130 * 8, 163 },
	{ 2, 4, 256, false, "link.ph_credits=2", 5.0 * 0.8 * 4, 169 },
	{ 1, 1, 256, false, "link.nph_credits=1", 2.5 * 0.8 * 1, 416 },
	{ 3, 16, 512, true, "phb.dma_bytes_per_cycle=8",
	  8.0 * 128 / 130 * 16, 182 },
};

/* Most payload GB/s one direction of one link carries for requests of
   req bytes (payload direction: up for writes, down for reads). */
static double cap_gbytes(const struct linkcfg *l, bool write, unsigned req)
{
	double a = l->ack, tlp = l->raw_gbps * (1 - 16 / a - 4.0 / 1538) / 8;
	unsigned p = write ? l->mps : l->rcb64 ? 64 : l->mps;
	unsigned h = write ? 24 : 20;

	if (req < p)
		p = req;
	return tlp * p / (p + h);
}

static const char *const kinds[] = { "stream", "scatter", "nic-pool",
				     "nic-strict" };
static const unsigned reqs[] = { 64, 256, 2048 };

CK_CASE("core", 120, NULL, NULL);

CK_LOOP_TEST("core", traffic_never_above_the_link, 0,
	     sizeof(links) / sizeof(links[0]))
{
	const struct linkcfg *l = &links[_i];
	unsigned runs = 0;

	for (unsigned k = 0; k < 4; k++)
	for (unsigned w = 0; w < 2; w++)
	for (unsigned q = 0; q < 3; q++)
	for (unsigned phbs = 1; phbs <= 2; phbs++) {
		bool write = w;
		struct traffic_opts o;
		struct traffic_result x;
		struct traffic_run *r;
		char kv[64];

		traffic_opts_default(&o);
		snprintf(kv, sizeof(kv), "workload=%s", kinds[k]);
		set(&o, kv);
		set(&o, write ? "dir=write" : "dir=read");
		setf(&o, "tlp=%u", reqs[q]);
		set(&o, "region=4M");
		setf(&o, "phbs=%u", phbs);
		setf(&o, "pes=%u", phbs);
		setf(&o, "link.gen=%u", l->gen);
		setf(&o, "link.width=%u", l->width);
		setf(&o, "link.mps=%u", l->mps);
		if (l->rcb64) {
			set(&o, "link.rcb=64");
			set(&o, "link.cpl_split=rcb");
		}
		if (l->extra)
			set(&o, l->extra);
		r = traffic_create(&o, err, sizeof(err));
		ck_assert_msg(r != NULL, "%s: %s", kinds[k], err);
		ck_assert_msg(traffic_step(r, 3000, err, sizeof(err)) == 0,
			      "%s", err);
		traffic_get_result(r, &x);
		traffic_destroy(r);
		ck_assert(x.link);
		ck_assert_uint_gt(x.bytes, 0);
		/* a NIC packet ends in a shorter request: the bound for
		   the largest request holds for every one */
		double cap = phbs * cap_gbytes(l, write, reqs[q]);
		ck_assert_msg(x.gbytes_per_s <= cap * (1 + 1e-9),
			      "gen%u x%u MPS %u, %s %s %u B, %u PHB(s): %.4f GB/s above the link's %.4f",
			      l->gen, l->width, l->mps, kinds[k],
			      write ? "write" : "read", reqs[q], phbs,
			      x.gbytes_per_s, cap);
		ck_assert(x.link_up_util <= 1.0 + 1e-9);
		ck_assert(x.link_down_util <= 1.0 + 1e-9);
		/* the payload went the right way */
		ck_assert(write ? x.link_down_gbytes_per_s == 0
				: x.link_up_gbytes_per_s == 0);
		runs++;
	}
	ck_assert_uint_eq(runs, 48);
}
END_TEST

static void scatter_run(bool link, struct traffic_result *x)
{
	struct traffic_opts o;
	struct traffic_run *r;

	traffic_opts_default(&o);
	set(&o, "workload=scatter");
	set(&o, "region=64M");
	set(&o, link ? "link.enabled=1" : "link.enabled=0");
	r = traffic_create(&o, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_msg(traffic_step(r, 50000, err, sizeof(err)) == 0, "%s",
		      err);
	traffic_get_result(r, x);
	traffic_destroy(r);
}

CK_TEST("core", traffic_link_switch)
{
	struct traffic_result on, off;
	/* 32 tags, a 1-level walk of lat_mem_read + lat_walk_level = 151
	   cycles, 256-byte reads at 500 MHz */
	double xlate = 32.0 / 151 * 256 * 500e6 / 1e9;
	struct linkcfg x16 = links[0];
	double cap = cap_gbytes(&x16, false, 256);

	scatter_run(false, &off);
	scatter_run(true, &on);
	ck_assert(!off.link && on.link);
	ck_assert_msg(off.gbytes_per_s > 0.98 * xlate &&
		      off.gbytes_per_s < 1.02 * xlate,
		      "translation only: %.3f GB/s, expected %.3f",
		      off.gbytes_per_s, xlate);
	ck_assert(xlate > cap);		/* the link is the bottleneck */
	ck_assert_msg(on.gbytes_per_s <= cap && on.gbytes_per_s > 0.97 * cap,
		      "with the link: %.3f GB/s, the link carries %.3f",
		      on.gbytes_per_s, cap);
	ck_assert(on.link_down_util > 0.97);
	/* the same translations either way */
	ck_assert_uint_eq(on.translations, off.translations);
	ck_assert_uint_eq(on.fetches, off.fetches);
	ck_assert_uint_eq(on.hits, off.hits);
}
END_TEST

/* Per-device functional counts of a mixed run under a link setting. */
static void counts(const char *const *sets, struct traffic_dev_stats *d)
{
	struct traffic_opts o;
	struct traffic_run *r;

	traffic_opts_default(&o);
	set(&o, "workload=scatter");
	set(&o, "region=2M");
	set(&o, "pes=3");
	set(&o, "phbs=2");
	set(&o, "dir=write");
	set(&o, "tlp=512");
	for (; *sets; sets++)
		set(&o, *sets);
	r = traffic_create(&o, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_msg(traffic_step(r, 6000, err, sizeof(err)) == 0, "%s",
		      err);
	for (unsigned i = 0; i < 3; i++)
		d[i] = *traffic_dev(r, i);
	traffic_destroy(r);
}

CK_TEST("core", traffic_link_never_changes_function)
{
	static const char *const on[] = { NULL };
	static const char *const off[] = { "link.enabled=0", NULL };
	static const char *const starved[] = {
		"link.gen=1", "link.width=1", "link.ph_credits=1",
		"link.pd_credits=32", "phb.dma_bytes_per_cycle=1", NULL };
	static const char *const func[] = { "timing=0", NULL };
	const char *const *cfgs[] = { off, starved, func };
	struct traffic_dev_stats a[3], b[3];

	counts(on, a);
	for (unsigned k = 0; k < 3; k++) {
		counts(cfgs[k], b);
		for (unsigned i = 0; i < 3; i++) {
			ck_assert_uint_eq(a[i].requests, b[i].requests);
			ck_assert_uint_eq(a[i].bytes, b[i].bytes);
			ck_assert_uint_eq(a[i].faults, b[i].faults);
			ck_assert_uint_eq(a[i].hits, b[i].hits);
			ck_assert_uint_eq(a[i].misses, b[i].misses);
		}
	}
	ck_assert_uint_eq(a[0].requests, 2000);
	ck_assert_uint_gt(a[0].hits, 0);
	ck_assert_uint_gt(a[0].misses, 0);
}
END_TEST

/* Everything a run reports: its JSON, every machine statistic, the
   clock. */
static char *run_text(const char *const *sets, unsigned batch)
{
	struct traffic_opts o;
	struct traffic_run *r;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	traffic_opts_default(&o);
	for (; *sets; sets++)
		set(&o, *sets);
	setf(&o, "batch=%u", batch);
	r = traffic_create(&o, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_msg(traffic_step(r, 1000, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(traffic_step(r, 3333, err, sizeof(err)) == 0, "%s", err);
	traffic_print_json(r, f);
	sim_stats_print_json(machine_stats(traffic_machine(r)), f, 0);
	fprintf(f, "\nclock %llu\n", (unsigned long long)
		sim_clock_now(machine_clock(traffic_machine(r))));
	traffic_destroy(r);
	fclose(f);
	return text;
}

/*
 * The same traffic handed to the machine one request at a time and in
 * batches (machine_dma_batch) gives identical statistics and cycles:
 * every generator the batches take, back to back and rate-limited, one
 * and two PHBs, with the link, without it, and functional.
 */
CK_TEST("core", traffic_batched_same_as_one_at_a_time)
{
	static const char *const cases[][8] = {
		{ "workload=stream", "region=1M", NULL },
		{ "workload=scatter", "region=64M", "dir=write", NULL },
		{ "workload=scatter", "region=8M", "pes=3", "phbs=2",
		  "link.read_tags=8", NULL },
		{ "workload=nic-pool", "region=64M", "rate=3G", NULL },
		{ "workload=scatter", "region=16M", "link.enabled=0",
		  "levels=3", "io_page=4K", "host_page=4K", "window=1G", NULL },
		{ "workload=stream", "region=2M", "timing=0", NULL },
		{ "workload=scatter", "region=4M", "pes=4", "phbs=2",
		  "rate=800M", "tlp=2048", NULL },
	};

	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char *one = run_text(cases[c], 1);
		static const unsigned b[] = { 7, 64 };

		ck_assert(strstr(one, "\"requests\":4333") != NULL);
		for (unsigned k = 0; k < 2; k++) {
			char *many = run_text(cases[c], b[k]);
			size_t i = 0, ls = 0;

			while (one[i] && one[i] == many[i])
				if (one[i++] == '\n')
					ls = i;
			ck_assert_msg(one[i] == many[i],
				      "case %u, batch %u: differs at\none: %.80s\nbatched: %.80s",
				      c, b[k], one + ls, many + ls);
			free(many);
		}
		free(one);
	}
}
END_TEST

CK_SUITE("sim_traffic_link");
