// SPDX-License-Identifier: GPL-2.0
/*
 * Simulator speed and memory benchmarks (run by bench/run.sh, not a test).
 * Each figure is printed as a ratio against a baseline measured in the
 * same run:
 *   xlate.*: translations/s through the functional PHB3 and through the
 *     timed PHB3, on a hit-dominated stream and two miss-dominated ones
 *     ("miss": random over 1M pages whose leaf tables spread over ~1 GB,
 *     so nearly every walk also misses the host's caches and TLB;
 *     "miss_warm": random over 16K contiguous pages, 128 KiB of leaf
 *     tables that stay in the host's caches while the 64-entry TCE cache
 *     still misses >99% of the time), against
 *     a bare C walk of the same tables with no bookkeeping (this file's).
 *     Also printed, as a diagnostic: the bare walk serialised (each
 *     address depends on the previous result), i.e. the memory latency
 *     of one walk with no overlap between walks; a simulator that
 *     finishes one request before it starts the next cannot beat it by
 *     much on a miss-dominated stream;
 *   xlate.* batched: the same streams through phb3_dma_batch (functional)
 *     and phb3_timed_dma_batch (timing), runs of 256 requests: the same
 *     results, with each run's table entries read ahead level by level
 *     across the run (host memory reads of independent walks overlap);
 *   realtime.*: a hit-dominated stream of 256-byte DMA reads (sequential
 *     over 32 IO pages: 16 requests per page, every page in the TCE
 *     cache) back to back through the timed PHB3 with its default PCIe
 *     link (Gen3 x16, MPS 256), one at a time and batched: simulated
 *     seconds (the last completion at 500 MHz) over host seconds, the
 *     realtime ratio (>= 1: faster than the hardware);
 *   rss.*: host memory resident for a 2^48-byte window with 1M sparse
 *     mappings, against the table bytes actually allocated.
 * Times are CPU time of this thread (other loads on the core are not
 * counted; shared caches still are).
 * Output: a table on stdout and JSON at argv[1] (default results.json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_util.h"
#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#define GiB (1ull << 30)
#define RTT_BASE (1 * GiB)
#define POOL (2 * GiB)
#define TS 9			/* 512 entries per level */
#define PS 12			/* 4K IO pages */
#define WARM_PAGES 16384	/* miss_warm: 32 leaf tables of 4 KiB */
#define WARM_BASE ((1ull << (3 * TS)) - WARM_PAGES)

struct setup {
	struct sim_mem *mem;
	struct phb3 *phb;
	uint64_t root;
	unsigned levels;
	uint64_t pool;
};

static void wr(struct setup *s, uint64_t off, uint64_t v)
{
	if (phb3_mmio_ops.write(s->phb, off, 8, v)) {
		fprintf(stderr, "bench: MMIO write failed\n");
		exit(1);
	}
}

static uint64_t level_alloc(struct setup *s)
{
	uint64_t pa;

	if (sim_mem_alloc(s->mem, 8ull << TS, 0, &pa)) {
		fprintf(stderr, "bench: out of simulated memory\n");
		exit(1);
	}
	return pa;
}

static void map(struct setup *s, uint64_t page, uint64_t rpn)
{
	uint64_t base = s->root, ent;
	unsigned l;

	for (l = 0; l + 1 < s->levels; l++) {
		unsigned sh = TS * (s->levels - 1 - l);
		uint64_t slot = base + 8 * ((page >> sh) & ((1u << TS) - 1));

		sim_mem_read_be64(s->mem, slot, &ent);
		if (!ent) {
			ent = level_alloc(s) | 3;
			sim_mem_write_be64(s->mem, slot, ent);
		}
		base = ent & ~0xFFFull;
	}
	sim_mem_write_be64(s->mem, base + 8 * (page & ((1u << TS) - 1)),
			   rpn << PS | 3);
}

static void setup(struct setup *s, uint64_t ram, unsigned levels)
{
	memset(s, 0, sizeof(*s));
	s->mem = sim_mem_create(ram, RTT_BASE + (1 << 20));
	s->phb = phb3_create(s->mem, NULL, 0);
	if (!s->mem || !s->phb) {
		fprintf(stderr, "bench: setup failed\n");
		exit(1);
	}
	s->levels = levels;
	s->root = level_alloc(s);
	wr(s, 0x168, 1ull << 63 | RTT_BASE);	/* RTT: every RID -> PE 0 */
	wr(s, 0x220, 9ull << 48 | 0);		/* TVT[0] */
	wr(s, 0x228, (s->root >> 12) << 16 | (uint64_t)(levels - 1) << 13 |
		     (uint64_t)(TS - 8) << 8 | (PS - 11));
}

static void teardown(struct setup *s)
{
	phb3_destroy(s->phb);
	sim_mem_destroy(s->mem);
}

/* The baseline: walk the same tables straight from host memory. */
static uint64_t bare_walk(struct setup *s, uint64_t addr)
{
	uint64_t base = s->root, ent = 0, page = addr >> PS;
	unsigned l;

	for (l = 0; l < s->levels; l++) {
		unsigned sh = TS * (s->levels - 1 - l);
		const uint8_t *p = sim_mem_host_ptr(s->mem, base + 8 *
					((page >> sh) & ((1u << TS) - 1)));

		ent = __builtin_bswap64(*(const uint64_t *)p);
		base = ent & ~0xFFFull;
	}
	return (ent & ~0xFFFull) | (addr & 0xFFF);
}

enum mode { BARE, FUNCTIONAL, TIMING, BARE_SERIAL, FUNCTIONAL_BATCH,
	     TIMING_BATCH, NMODES };

#define BATCH 256

static double run(struct setup *s, enum mode m, const uint64_t *pages,
		  size_t n, uint64_t *sink)
{
	struct phb3_timed *pt = NULL;
	struct sim_dma_target t;
	struct sim_dma_result res;
	struct sim_dma_req q = { .rid = 1, .len = 8, .dir = SIM_DMA_READ };
	uint8_t buf[8];
	uint64_t dep = 0;
	double t0, dt;
	size_t i;

	if (m == TIMING) {
		struct timing_params tp;

		timing_params_default(&tp);
		pt = phb3_timed_create(s->phb, &tp, NULL);	/* no link */
		t = phb3_timed_dma_target(pt);
	} else {
		t = phb3_dma_target(s->phb);
	}
	wr(s, 0x210, 1ull << 63);	/* kill all: same cold start */
	if (m == FUNCTIONAL_BATCH || m == TIMING_BATCH) {
		static struct phb3_dma_op ops[BATCH];
		uint64_t clock = 0;

		if (m == TIMING_BATCH) {
			struct timing_params tp;

			timing_params_default(&tp);
			pt = phb3_timed_create(s->phb, &tp, NULL);
		}
		t0 = now_s();
		for (i = 0; i < n; i += BATCH) {
			size_t k, b = n - i < BATCH ? n - i : BATCH;

			for (k = 0; k < b; k++) {
				ops[k].arrival = XLATE_ASAP;
				ops[k].req = q;
				ops[k].req.addr = pages[i + k] << PS |
						  ((i + k) & 0xFF8);
				ops[k].buf = buf;
			}
			if (pt)
				phb3_timed_dma_batch(pt, ops, (unsigned)b,
						     &clock, NULL);
			else
				phb3_dma_batch(s->phb, ops, (unsigned)b);
			for (k = 0; k < b; k++) {
				*sink += ops[k].res.pa;
				if (ops[k].res.status != SIM_DMA_OK) {
					fprintf(stderr, "bench: DMA failed\n");
					exit(1);
				}
			}
		}
		dt = now_s() - t0;
		phb3_timed_destroy(pt);
		return (double)n / dt;
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		uint64_t a = pages[i] << PS | (i & 0xFF8);

		if (m == BARE_SERIAL) {
			/* the next address depends on this result (bit 63
			   of a PA is never set): no overlap of walks */
			dep = bare_walk(s, a ^ (dep & (1ull << 63)));
			*sink += dep;
		} else if (m == BARE) {
			*sink += bare_walk(s, a);
		} else {
			q.addr = a;
			t.dma(t.opaque, &q, buf, &res);
			*sink += res.pa;
			if (res.status != SIM_DMA_OK) {
				fprintf(stderr, "bench: DMA failed (%s)\n",
					sim_fault_reason_name(res.reason));
				exit(1);
			}
		}
	}
	dt = now_s() - t0;
	phb3_timed_destroy(pt);
	return (double)n / dt;
}

#define RUNS 5
static double median_run(struct setup *s, enum mode m, const uint64_t *p,
			 size_t n, uint64_t *sink)
{
	double v[RUNS];
	unsigned i;

	for (i = 0; i < RUNS; i++)
		v[i] = run(s, m, p, n, sink);
	return median(v, RUNS);
}

/* ---- real time: simulated seconds per host second, link on ---- */

struct rt_result {
	double sim_s, host_s, per_s, ratio;
};

static struct rt_result realtime(struct setup *s, bool batched,
				 const uint64_t *addr, size_t n)
{
	static struct phb3_dma_op ops[BATCH];
	static uint8_t buf[256];
	struct sim_dma_req q = { .rid = 1, .len = 256, .dir = SIM_DMA_READ };
	struct timing_params tp;
	struct pcie_link_params lp;
	struct phb3_timed *pt;
	struct sim_dma_target t;
	struct sim_dma_result res;
	struct rt_result x;
	uint64_t clock = 0;
	double t0;
	size_t i, k;

	timing_params_default(&tp);
	pcie_link_params_default(&lp);
	pt = phb3_timed_create(s->phb, &tp, &lp);
	if (!pt) {
		fprintf(stderr, "bench: cannot create the timed PHB\n");
		exit(1);
	}
	t = phb3_timed_dma_target(pt);
	wr(s, 0x210, 1ull << 63);	/* kill all: same cold start */
	t0 = now_s();
	for (i = 0; i < n; i += batched ? BATCH : 1) {
		if (!batched) {
			q.addr = addr[i];
			t.dma(t.opaque, &q, buf, &res);
			continue;
		}
		for (k = 0; k < BATCH && i + k < n; k++) {
			ops[k].arrival = XLATE_ASAP;
			ops[k].req = q;
			ops[k].req.addr = addr[i + k];
			ops[k].buf = buf;
		}
		phb3_timed_dma_batch(pt, ops, (unsigned)k, &clock, NULL);
	}
	x.host_s = now_s() - t0;
	x.sim_s = (double)phb3_timed_last_completion(pt) /
		  ((double)tp.clock_mhz * 1e6);
	x.per_s = (double)n / x.host_s;
	x.ratio = x.sim_s / x.host_s;
	phb3_timed_destroy(pt);
	return x;
}

static int cmp_rt(const void *a, const void *b)
{
	double x = ((const struct rt_result *)a)->ratio;
	double y = ((const struct rt_result *)b)->ratio;

	return x < y ? -1 : x > y;
}

static struct rt_result median_realtime(struct setup *s, bool batched,
					const uint64_t *addr, size_t n)
{
	struct rt_result v[RUNS];
	unsigned i;

	for (i = 0; i < RUNS; i++)
		v[i] = realtime(s, batched, addr, n);
	qsort(v, RUNS, sizeof(v[0]), cmp_rt);
	return v[RUNS / 2];
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "results.json";
	size_t n = 2000000, i, nmap = 1 << 20;
	uint64_t *hot, *cold, *warm, *mapped, sink = 0;
	double r[3][NMODES];
	struct rt_result rt_one, rt_batch;
	struct setup s;
	struct sim_mem_stats ms;
	struct rusage ru0, ru1;
	uint64_t resident, allocated;
	FILE *f;
	int k;

	/* ---- translations/s: 3-level window, 1M mapped pages ---- */
	hot = malloc(n * sizeof(*hot));
	cold = malloc(n * sizeof(*cold));
	warm = malloc(n * sizeof(*warm));
	mapped = malloc(nmap * sizeof(*mapped));
	if (!hot || !cold || !warm || !mapped)
		return 1;
	setup(&s, 4 * GiB, 3);
	for (i = 0; i < nmap; i++) {
		mapped[i] = rnd() % (1ull << (3 * TS));
		map(&s, mapped[i], (POOL >> PS) + i % 4096);
	}
	/* 16K contiguous pages at the top of the space (the random ones
	   above may share a few of its leaf tables; that changes nothing) */
	for (i = 0; i < WARM_PAGES; i++)
		map(&s, WARM_BASE + i, (POOL >> PS) + i % 4096);
	for (i = 0; i < n; i++) {
		hot[i] = mapped[i % 32];	/* fits the 64-entry cache */
		cold[i] = mapped[rnd() % nmap];
		warm[i] = WARM_BASE + rnd() % WARM_PAGES;
	}
	for (k = 0; k < NMODES; k++) {
		r[0][k] = median_run(&s, (enum mode)k, hot, n, &sink);
		r[1][k] = median_run(&s, (enum mode)k, cold, n, &sink);
		r[2][k] = median_run(&s, (enum mode)k, warm, n, &sink);
	}
	/* real time: 256-byte reads, sequential over 32 mapped pages */
	for (i = 0; i < n; i++)
		hot[i] = mapped[(i / 16) % 32] << PS | (i % 16) * 256;
	rt_one = median_realtime(&s, false, hot, n);
	rt_batch = median_realtime(&s, true, hot, n);
	teardown(&s);

	/* ---- RSS: 2^48-byte window (4 levels of 512 x 4K pages = 2^48),
	   1M mappings in 16384 sparse runs of 64 pages ---- */
	getrusage(RUSAGE_SELF, &ru0);
	setup(&s, 64 * GiB, 4);
	for (i = 0; i < nmap; i++) {
		static uint64_t run_base;

		if (i % 64 == 0)
			run_base = (rnd() % (1ull << (4 * TS - 6))) << 6;
		map(&s, run_base + i % 64, (POOL >> PS) + i % 4096);
	}
	getrusage(RUSAGE_SELF, &ru1);
	sim_mem_get_stats(s.mem, &ms);
	resident = sim_mem_resident_bytes(s.mem);
	allocated = ms.alloc_bytes;
	teardown(&s);

	printf("%-34s %14s %14s %8s\n", "benchmark", "value", "baseline", "ratio");
	{
		static const char *nm[3] = { "hit", "miss", "miss_warm" };
		int h;

		for (h = 0; h < 3; h++) {
			printf("xlate.%-9s bare walk (translations/s) %14.3g %14s %8s\n",
			       nm[h], r[h][0], "-", "-");
			printf("xlate.%-9s functional                  %14.3g %14.3g %8.2f\n",
			       nm[h], r[h][1], r[h][0], r[h][0] / r[h][1]);
			printf("xlate.%-9s timing                      %14.3g %14.3g %8.2f\n",
			       nm[h], r[h][2], r[h][0], r[h][0] / r[h][2]);
			printf("xlate.%-9s (bare walk, serialised)     %14.3g %14s %8s\n",
			       nm[h], r[h][3], "-", "-");
			printf("xlate.%-9s functional, batched         %14.3g %14.3g %8.2f\n",
			       nm[h], r[h][4], r[h][0], r[h][0] / r[h][4]);
			printf("xlate.%-9s timing, batched             %14.3g %14.3g %8.2f\n",
			       nm[h], r[h][5], r[h][0], r[h][0] / r[h][5]);
		}
	}
	printf("realtime  256-byte reads, link Gen3 x16 (simulated s / host s)\n");
	printf("realtime  one at a time: %.3g requests/s, ratio %.3f\n",
	       rt_one.per_s, rt_one.ratio);
	printf("realtime  batched:       %.3g requests/s, ratio %.3f\n",
	       rt_batch.per_s, rt_batch.ratio);
	printf("rss.window_2^48 resident (bytes)      %14llu %14llu %8.2f\n",
	       (unsigned long long)resident, (unsigned long long)allocated,
	       (double)resident / (double)allocated);
	printf("rss.process_growth (bytes)            %14llu %14llu %8.2f\n",
	       (unsigned long long)(ru1.ru_maxrss - ru0.ru_maxrss) * 1024ull,
	       (unsigned long long)allocated,
	       (double)(ru1.ru_maxrss - ru0.ru_maxrss) * 1024.0 /
	       (double)allocated);

	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"note\": \"medians of %d runs, one core; ratio = baseline / value for speed (lower is better), value / baseline for memory\",\n", RUNS);
	for (k = 0; k < 3; k++)
		fprintf(f, "  \"xlate_%s\": {\"bare_per_s\": %.0f, \"functional_per_s\": %.0f, \"timing_per_s\": %.0f, \"functional_slowdown\": %.3f, \"timing_slowdown\": %.3f, \"bare_serialised_per_s\": %.0f, \"functional_batch_per_s\": %.0f, \"timing_batch_per_s\": %.0f, \"functional_batch_slowdown\": %.3f, \"timing_batch_slowdown\": %.3f},\n",
			k == 2 ? "miss_warm" : k ? "miss" : "hit",
			r[k][0], r[k][1], r[k][2],
			r[k][0] / r[k][1], r[k][0] / r[k][2], r[k][3],
			r[k][4], r[k][5], r[k][0] / r[k][4], r[k][0] / r[k][5]);
	fprintf(f, "  \"realtime\": {\"stream\": \"256-byte DMA reads, sequential over 32 IO pages (hits), back to back, timing with the PCIe link (Gen3 x16, MPS 256)\", \"requests\": %zu, \"sim_seconds\": %.6g, \"tlps_per_sim_s\": %.4g, \"host_seconds\": %.6g, \"requests_per_s\": %.4g, \"ratio\": %.4f, \"batch_host_seconds\": %.6g, \"batch_requests_per_s\": %.4g, \"batch_ratio\": %.4f},\n",
		n, rt_one.sim_s, (double)n / rt_one.sim_s, rt_one.host_s,
		rt_one.per_s, rt_one.ratio, rt_batch.host_s, rt_batch.per_s,
		rt_batch.ratio);
	fprintf(f, "  \"rss_window_2_48\": {\"mappings\": %zu, \"table_bytes\": %llu, \"resident_bytes\": %llu, \"ratio\": %.3f, \"process_rss_growth_bytes\": %llu},\n",
		nmap, (unsigned long long)allocated,
		(unsigned long long)resident,
		(double)resident / (double)allocated,
		(unsigned long long)(ru1.ru_maxrss - ru0.ru_maxrss) * 1024ull);

	{
		/* issue targets: the better of one at a time and batched */
		double rt = rt_one.ratio > rt_batch.ratio ? rt_one.ratio
							   : rt_batch.ratio;
		double hit = r[0][2] > r[0][5] ? r[0][2] : r[0][5];
		double miss = r[1][2] > r[1][5] ? r[1][2] : r[1][5];

		fprintf(f, "  \"targets\": {\"note\": \"timing mode, the better of one at a time and batched; where the time goes: bench/README.md\", "
			"\"realtime_ratio\": {\"value\": %.4f, \"target\": \">= 1.0\", \"met\": %s}, "
			"\"hit_timing_slowdown\": {\"value\": %.3f, \"target\": \"<= 3.0\", \"met\": %s}, "
			"\"miss_timing_slowdown\": {\"value\": %.3f, \"target\": \"<= 3.0\", \"met\": %s}, "
			"\"miss_timing_per_s\": {\"value\": %.0f, \"target\": \">= 5e6\", \"met\": %s}},\n",
			rt, rt >= 1.0 ? "true" : "false",
			r[0][0] / hit, r[0][0] / hit <= 3.0 ? "true" : "false",
			r[1][0] / miss, r[1][0] / miss <= 3.0 ? "true" : "false",
			miss, miss >= 5e6 ? "true" : "false");
	}
	fprintf(f, "  \"checksum\": %llu\n}\n", (unsigned long long)(sink & 0xFFFF));
	if (ferror(f) | fclose(f)) {
		perror(out);
		return 1;
	}
	free(hot);
	free(cold);
	free(warm);
	free(mapped);
	return 0;
}
