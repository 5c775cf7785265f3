// SPDX-License-Identifier: GPL-2.0
/*
 * Trace throughput (run by bench/run.sh, not a test), on one generated
 * trace of about a million lines: set-up, then a repeated
 * map 1 page / DMA 8 bytes with an expectation / unmap 1 page cycle.
 *   trace.parse: lines/s through trace_parse_buffer, against a bare
 *     line-splitting pass over the same buffer (find each line end and
 *     each space-separated token; the least a parser must do);
 *   trace.replay: operations/s through replay_trace (quiet, no report,
 *     progress on stderr), against the same operations issued straight
 *     through kc_ioctl and machine_dma on an identical machine (what
 *     replay costs on top of the work itself).
 * Output: a table on stdout and a JSON object at argv[1].
 */
#include <stdarg.h>

#include "bench_rig.h"
#include "tcesim/replay.h"
#include "tcesim/trace.h"

#define CYCLES 333000		/* 3 lines each */
#define PAGES 1024		/* 64K pages of the buffer cycled through */
#define BUF_BYTES ((uint64_t)PAGES << 16)
#define V2_START 0x800000000000000ull	/* second window slot (1 << 59) */
#define RUNS 3

struct text {
	char *p;
	size_t len, cap, lines;
};

static void put(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("vsnprintf", n);
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n;
		t->p = realloc(t->p, t->cap);
		if (!t->p)
			die("realloc", -1);
	}
	t->len += (size_t)n;
	t->lines++;
}

static void gen(struct text *t)
{
	unsigned i;

	memset(t, 0, sizeof(*t));
	t->cap = 1u << 20;
	t->p = malloc(t->cap);
	if (!t->p)
		die("malloc", -1);
	put(t, "tcesim-trace 1\n");
	put(t, "machine platform=phb3 phbs=1 ram=4G page_size=64K memlock=2G cap_ipc_lock=1\n");
	put(t, "group g0 dev=0:0x%04x\n", RIG_BDFN);
	put(t, "boot\n");
	put(t, "proc_create bench\n");
	put(t, "mmap ua=%#llx size=64K prot=rw\n", (unsigned long long)UA_SCRATCH);
	put(t, "mmap ua=%#llx size=%lluM prot=rw\n", (unsigned long long)UA_BUF,
	    (unsigned long long)(BUF_BYTES >> 20));
	put(t, "container_open c0\n");
	put(t, "group_open g0\n");
	put(t, "group_attach g0 container=c0\n");
	put(t, "set_iommu c0 type=v2\n");
	put(t, "register c0 ua=%#llx size=%lluM\n", (unsigned long long)UA_BUF,
	    (unsigned long long)(BUF_BYTES >> 20));
	put(t, "create_window c0 page_shift=16 size=1G levels=1 expect.start=%#llx\n",
	    V2_START);
	for (i = 0; i < CYCLES; i++) {
		unsigned long long pg = i % PAGES;
		unsigned long long ua = UA_BUF + (pg << 16);
		unsigned long long io = V2_START + (pg << 16);

		put(t, "map c0 ua=%#llx iova=%#llx size=64K dir=rw\n", ua, io);
		put(t, "dma dev=0:0x%04x addr=%#llx len=8 dir=read expect.status=ok expect.ua=%#llx\n",
		    RIG_BDFN, io + 8, ua + 8);
		put(t, "unmap c0 iova=%#llx size=64K\n", io);
	}
}

/* Baseline: count lines and space-separated tokens, touching every byte. */
static size_t bare_split(const char *p, size_t len, size_t *tokens)
{
	const char *end = p + len, *nl;
	size_t lines = 0, tok = 0;

	while (p < end) {
		bool in = false;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		for (; p < nl; p++) {
			bool sp = *p == ' ' || *p == '\t';

			tok += !sp && !in;
			in = !sp;
		}
		p = nl + 1;
		lines++;
	}
	*tokens = tok;
	return lines;
}

/* The same operations as the trace's cycle, straight through the APIs. */
static double direct_ops(void)
{
	struct rig r;
	unsigned i;
	double t0, dt;
	long rc;

	rig_up(&r, B_V2, BUF_BYTES);
	if (r.iova != V2_START)
		die("window start", (long)r.iova);
	t0 = now_s();
	for (i = 0; i < CYCLES; i++) {
		uint64_t pg = i % PAGES, want = 0;
		struct sim_dma_req q = {
			.rid = RIG_BDFN, .addr = V2_START + (pg << 16) + 8,
			.len = 8, .dir = SIM_DMA_READ,
		};
		struct sim_dma_result res;
		uint8_t buf[8];

		rc = map(r.c, UA_BUF + (pg << 16), V2_START + (pg << 16),
			 1 << 16);
		if (rc)
			die("MAP_DMA", rc);
		memset(&res, 0, sizeof(res));
		if (machine_dma(r.m, 0, &q, buf, &res) ||
		    kc_user_to_phys(UA_BUF + (pg << 16) + 8, &want) ||
		    res.status != SIM_DMA_OK || res.pa != want)
			die("DMA", -1);
		rc = unmap(r.c, V2_START + (pg << 16), 1 << 16);
		if (rc)
			die("UNMAP_DMA", rc);
	}
	dt = now_s() - t0;
	rig_down(&r);
	return 3.0 * CYCLES / dt;
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "results_trace.json";
	double vp[RUNS], vb[RUNS], vr[RUNS], vd[RUNS], t0;
	double parse, bare, rep, direct;
	struct trace_error err;
	struct replay_opts o;
	struct trace tr;
	struct text t;
	size_t tokens = 0, ops = 0;
	FILE *f, *null;
	int k;

	gen(&t);
	for (k = 0; k < RUNS; k++) {
		t0 = now_s();
		if (bare_split(t.p, t.len, &tokens) != t.lines)
			die("bare split", -1);
		vb[k] = (double)t.lines / (now_s() - t0);
		t0 = now_s();
		if (trace_parse_buffer("bench.trace", t.p, t.len, &tr, &err)) {
			char msg[512];

			trace_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "bench_trace: %s\n", msg);
			return 1;
		}
		vp[k] = (double)t.lines / (now_s() - t0);
		ops = tr.nops;
		if (k + 1 < RUNS)
			trace_free(&tr);
	}
	parse = median(vp, RUNS);
	bare = median(vb, RUNS);

	null = fopen("/dev/null", "w");
	if (!null)
		die("open /dev/null", -1);
	o = (struct replay_opts){ .check = true, .quiet = true,
				  .no_report = true, .progress = true,
				  .out = null };
	for (k = 0; k < RUNS; k++) {
		t0 = now_s();
		if (replay_trace(&tr, &o) != REPLAY_OK)
			die("replay", -1);
		vr[k] = (double)ops / (now_s() - t0);
		vd[k] = direct_ops();
	}
	fclose(null);
	trace_free(&tr);
	rep = median(vr, RUNS);
	direct = median(vd, RUNS);

	printf("%-44s %12s %12s %8s\n", "benchmark", "value", "baseline",
	       "ratio");
	printf("trace.parse  (%7zu lines, %5.1f MB)  lines/s %12.3g %12.3g %8.1f\n",
	       t.lines, (double)t.len / 1e6, parse, bare, bare / parse);
	printf("trace.replay (%7zu ops)             ops/s %12.3g %12.3g %8.2f\n",
	       ops, rep, direct, direct / rep);
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"note\": \"median of %d; parse baseline = bare line/token split of the same buffer; replay baseline = the same operations issued directly through kc_ioctl and machine_dma; slowdown = baseline / value\",\n",
		RUNS);
	fprintf(f, "  \"parse\": {\"lines\": %zu, \"bytes\": %zu, \"lines_per_s\": %.0f, \"bare_split_lines_per_s\": %.0f, \"slowdown\": %.2f},\n",
		t.lines, t.len, parse, bare, bare / parse);
	fprintf(f, "  \"replay\": {\"ops\": %zu, \"ops_per_s\": %.0f, \"direct_ops_per_s\": %.0f, \"slowdown\": %.2f}\n}\n",
		ops, rep, direct, direct / rep);
	fclose(f);
	free(t.p);
	return 0;
}
