// SPDX-License-Identifier: GPL-2.0
/*
 * Speed of the verilated TCE fetch unit twin (run by bench/run.sh, not a
 * test): DMA requests per second of CPU time through the twin alone (the C
 * API of tcesim/rtl.h, its table reads served from simulated memory with
 * the default lat_mem_read), beside the C model's timed PHB3 on the same
 * requests as the baseline, and the lockstep of both (what
 * `--rtl` costs). Requests are 8-byte reads, sent as fast as the unit
 * accepts them, on two streams of a 3-level table with 4K pages:
 *   hit:       32 pages, fitting the 64-entry TCE cache;
 *   miss_warm: random over 16K pages, >99% TCE cache misses (32 fetch
 *              tags in flight, 150-cycle reads: the twin simulates about
 *              5 cycles per request).
 * Medians of RUNS runs, CPU time of this thread.
 * Output: a table on stdout and JSON at argv[1] (default results.json).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/phb3.h"
#include "tcesim/rtl.h"
#include "tcesim/rtl_lockstep.h"
#include "tcesim/timing.h"

#include "bench_util.h"

#define GiB (1ull << 30)
#define RTT_BASE (GiB - (1 << 20))
#define TABLES GiB
#define TS 9
#define PS 12
#define LEVELS 3
#define PAGES 16384
#define RUNS 3

static uint64_t pool = TABLES;

static uint64_t alloc_table(void)
{
	uint64_t pa = pool;

	pool += 8ull << TS;
	return pa;
}

/* The tables, in memory only: the RTT (RID 1 -> PE 0), a 3-level window
   with PAGES pages. Returns the TVE. */
static uint64_t build(struct sim_mem *m)
{
	uint64_t root = alloc_table(), base, ent, slot, page;
	unsigned l;

	sim_mem_write_be16(m, RTT_BASE + 2, 0);
	for (page = 0; page < PAGES; page++) {
		base = root;
		for (l = 0; l + 1 < LEVELS; l++) {
			slot = base + 8 * ((page >> (TS * (LEVELS - 1 - l))) & 511);
			sim_mem_read_be64(m, slot, &ent);
			if (!ent) {
				ent = alloc_table() | 3;
				sim_mem_write_be64(m, slot, ent);
			}
			base = ent & ~0xFFFull;
		}
		sim_mem_write_be64(m, base + 8 * (page & 511),
				   (0x10000000ull + (page << PS)) | 3);
	}
	return (root >> 12) << 16 | (uint64_t)(LEVELS - 1) << 13 |
	       (uint64_t)(TS - 8) << 8 | (PS - 11);
}

static int serve(void *ctx, const struct tce_rtl_read *rd, void *buf)
{
	return sim_mem_read(ctx, rd->pa, buf, rd->size);
}

static void rtl_write(struct tce_rtl *r, uint32_t off, uint64_t v)
{
	while (tce_rtl_write_reg(r, off, v) == -EAGAIN)
		tce_rtl_step(r, 1);
	tce_rtl_step(r, 1);
}

/* The twin alone: n requests, as fast as it takes them. */
static double twin_run(struct sim_mem *m, uint64_t tve, const uint64_t *pages,
		       size_t n, uint64_t *sink, uint64_t *cycles)
{
	char err[200];
	struct tce_rtl *r = tce_rtl_new(NULL, NULL, sim_mem_ram_bytes(m), err,
					sizeof(err));
	struct tce_rtl_resp o;
	struct tce_rtl_req q = { .rid = 1, .len = 8 };
	size_t sent = 0, got = 0;
	double t0, dt;

	if (!r) {
		fprintf(stderr, "bench_rtl: %s\n", err);
		exit(1);
	}
	tce_rtl_serve_memory(r, serve, m, 150);
	rtl_write(r, 0x168, 1ull << 63 | RTT_BASE);
	rtl_write(r, 0x220, 9ull << 48);
	rtl_write(r, 0x228, tve);
	t0 = now_s();
	while (got < n) {
		if (sent < n) {
			q.tag = (uint16_t)sent;
			q.addr = pages[sent] << PS | (sent & 0xFF8);
			if (!tce_rtl_push(r, &q))
				sent++;
		}
		tce_rtl_step(r, 1);
		while (tce_rtl_pop(r, &o)) {
			got++;
			*sink += o.pa;
			if (o.status != SIM_DMA_OK) {
				fprintf(stderr, "bench_rtl: twin request failed\n");
				exit(1);
			}
		}
	}
	dt = now_s() - t0;
	*cycles = tce_rtl_cycle(r);
	tce_rtl_free(r);
	return (double)n / dt;
}

/* The C model's timed PHB3 on the same requests (the baseline). */
static double c_run(struct sim_mem *m, uint64_t tve, const uint64_t *pages,
		    size_t n, uint64_t *sink)
{
	struct phb3 *p = phb3_create(m, NULL, 0);
	struct timing_params tp;
	struct phb3_timed *pt;
	struct sim_dma_target t;
	struct sim_dma_result res;
	struct sim_dma_req q = { .rid = 1, .len = 8, .dir = SIM_DMA_READ };
	uint8_t buf[8];
	double t0, dt;
	size_t i;

	timing_params_default(&tp);
	pt = phb3_timed_create(p, &tp, NULL);	/* no link: the translation core */
	if (!p || !pt) {
		fprintf(stderr, "bench_rtl: C model set-up failed\n");
		exit(1);
	}
	phb3_mmio_ops.write(p, 0x168, 8, 1ull << 63 | RTT_BASE);
	phb3_mmio_ops.write(p, 0x220, 8, 9ull << 48);
	phb3_mmio_ops.write(p, 0x228, 8, tve);
	t = phb3_timed_dma_target(pt);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		q.addr = pages[i] << PS | (i & 0xFF8);
		t.dma(t.opaque, &q, buf, &res);
		*sink += res.pa;
	}
	dt = now_s() - t0;
	phb3_timed_destroy(pt);
	phb3_destroy(p);
	return (double)n / dt;
}

/* Both in lockstep (what --rtl costs). */
static double lockstep_run(struct sim_mem *m, uint64_t tve,
			   const uint64_t *pages, size_t n, uint64_t *bad)
{
	char err[200];
	struct rtl_lockstep_opts o = { .cycles = true };
	struct rtl_lockstep *ls = rtl_lockstep_new(m, NULL, NULL, &o, err,
						   sizeof(err));
	struct sim_dma_req q = { .rid = 1, .len = 8, .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint8_t buf[8];
	double t0, dt;
	size_t i;

	if (!ls) {
		fprintf(stderr, "bench_rtl: %s\n", err);
		exit(1);
	}
	rtl_lockstep_write(ls, 0x168, 1ull << 63 | RTT_BASE);
	rtl_lockstep_write(ls, 0x220, 9ull << 48);
	rtl_lockstep_write(ls, 0x228, tve);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		q.addr = pages[i] << PS | (i & 0xFF8);
		rtl_lockstep_dma(ls, &q, buf, &res);
	}
	rtl_lockstep_drain(ls);
	dt = now_s() - t0;
	if (rtl_lockstep_mismatches(ls)) {
		*bad += rtl_lockstep_mismatches(ls);
		rtl_lockstep_report(ls, stderr);
	}
	rtl_lockstep_free(ls);
	return (double)n / dt;
}

int main(int argc, char **argv)
{
	static const char *names[2] = { "hit", "miss_warm" };
	const char *out = argc > 1 ? argv[1] : "results.json";
	const char *env_n = getenv("BENCH_RTL_N");
	size_t n = 400000, nl, i;
	uint64_t *streams[2], sink = 0, bad = 0, cycles[2] = { 0, 0 }, tve;
	double tw[2][RUNS], tc[2][RUNS], tl[2][RUNS], r[2][3];
	struct sim_mem *m = sim_mem_create(2 * GiB, 0);
	FILE *f;
	int s, k;
	char *end;

	if (env_n) {
		errno = 0;
		n = strtoul(env_n, &end, 0);
		if (errno || end == env_n || *end || n < 4) {
			fprintf(stderr, "bench_rtl: BENCH_RTL_N: '%s' is not a request count >= 4\n",
				env_n);
			if (m)
				sim_mem_destroy(m);
			return 1;
		}
	}
	nl = n / 4;
	streams[0] = malloc(n * sizeof(uint64_t));
	streams[1] = malloc(n * sizeof(uint64_t));
	if (!m || !streams[0] || !streams[1])
		return 1;
	tve = build(m);
	for (i = 0; i < n; i++) {
		streams[0][i] = (i * 7) % 32;
		streams[1][i] = rnd() % PAGES;
	}
	for (s = 0; s < 2; s++) {
		for (k = 0; k < RUNS; k++) {
			tw[s][k] = twin_run(m, tve, streams[s], n, &sink, &cycles[s]);
			tc[s][k] = c_run(m, tve, streams[s], n, &sink);
			tl[s][k] = lockstep_run(m, tve, streams[s], nl, &bad);
		}
		r[s][0] = median(tw[s], RUNS);
		r[s][1] = median(tc[s], RUNS);
		r[s][2] = median(tl[s], RUNS);
	}
	printf("%-40s %14s %14s %8s\n", "benchmark", "value", "baseline", "ratio");
	for (s = 0; s < 2; s++) {
		printf("rtl.%-9s C timed PHB3 (requests/s)  %14.3g %14s %8s\n",
		       names[s], r[s][1], "-", "-");
		printf("rtl.%-9s twin alone                 %14.3g %14.3g %8.2f\n",
		       names[s], r[s][0], r[s][1], r[s][1] / r[s][0]);
		printf("rtl.%-9s lockstep (C + twin)        %14.3g %14.3g %8.2f\n",
		       names[s], r[s][2], r[s][1], r[s][1] / r[s][2]);
		printf("rtl.%-9s (twin cycles per request)  %14.2f %14s %8s\n",
		       names[s], (double)cycles[s] / (double)n, "-", "-");
	}
	if (bad)
		fprintf(stderr, "bench_rtl: %llu lockstep mismatches\n",
			(unsigned long long)bad);
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"note\": \"medians of %d runs, one core; ratio = C timed PHB3 requests/s over the twin's (lower is better); target: twin alone >= 1e6 requests/s\",\n", RUNS);
	for (s = 0; s < 2; s++)
		fprintf(f, "  \"rtl_%s\": {\"c_timed_per_s\": %.0f, \"twin_per_s\": %.0f, \"lockstep_per_s\": %.0f, \"twin_slowdown\": %.3f, \"twin_cycles_per_request\": %.2f},\n",
			names[s], r[s][1], r[s][0], r[s][2], r[s][1] / r[s][0],
			(double)cycles[s] / (double)n);
	fprintf(f, "  \"lockstep_mismatches\": %llu,\n  \"checksum\": %llu\n}\n",
		(unsigned long long)bad, (unsigned long long)(sink & 0xFFFF));
	if (fclose(f)) {
		perror(out);
		return 1;
	}
	free(streams[0]);
	free(streams[1]);
	sim_mem_destroy(m);
	return bad ? 1 : 0;
}
