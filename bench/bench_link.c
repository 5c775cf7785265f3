// SPDX-License-Identifier: GPL-2.0
/*
 * PCIe link model speed (run by bench/run.sh, not a test): requests/s
 * through pcie_link_submit (and begin/end with a translation delay) on
 * four streams at the default link (Gen3 x16, MPS 256, MRRS 512):
 *   write256: 256-byte writes back to back (upstream saturated);
 *   read256: 256-byte reads back to back (downstream saturated, device
 *     tags all busy: every request waits for the oldest tag);
 *   read64: 64-byte reads back to back (the same, 4x the requests per
 *     byte);
 *   mixed: 64..4096-byte requests, 2/3 reads, idle spells, begin/end
 *     around a random translation of 2..9 cycles and 1 in 16 slow (a
 *     miss of 300..1300 cycles), so completions fill idle gaps;
 * against a baseline measured in the same run: a bare exact-rate wire
 * per direction (TLP count by shift, one multiply and one division per
 * direction for the bytes of the request: the least any drift-free model
 * of the link computes), on the same request stream.
 * Times are CPU time of this thread; medians of RUNS runs.
 * Output: a table on stdout and JSON at argv[1] (default results.json).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "tcesim/pcie_link.h"

#define CLOCK_MHZ 500
#define RUNS 5
#define N 4000000u

enum stream { WRITE256, READ256, READ64, MIXED, NSTREAMS };
static const char *const names[NSTREAMS] = {
	"write256", "read256", "read64", "mixed"
};

struct req {
	uint32_t bytes;
	uint8_t read;
	uint16_t xlate;		/* translation cycles (mixed only) */
	uint32_t gap;		/* idle cycles before it (mixed only) */
};

static void make(enum stream s, struct req *q)
{
	unsigned i;

	for (i = 0; i < N; i++) {
		q[i].xlate = 0;
		q[i].gap = 0;
		switch (s) {
		case WRITE256:
			q[i].bytes = 256;
			q[i].read = 0;
			break;
		case READ256:
			q[i].bytes = 256;
			q[i].read = 1;
			break;
		case READ64:
			q[i].bytes = 64;
			q[i].read = 1;
			break;
		default:
			q[i].bytes = 64u << (rnd() % 7);
			q[i].read = rnd() % 3 != 0;
			q[i].xlate = (uint16_t)(rnd() % 16 ? 2 + rnd() % 8 :
					       300 + rnd() % 1000);
			q[i].gap = rnd() % 32 ? 0 : (uint32_t)(rnd() % 500);
			break;
		}
	}
}

/* The model. */
static double run_link(const struct req *q, uint64_t *sink)
{
	struct pcie_link_params p;
	struct pcie_link *l;
	uint64_t ready = 0, d = 0;
	double t0, dt;
	unsigned i;

	pcie_link_params_default(&p);
	l = pcie_link_create(&p, CLOCK_MHZ);
	if (!l) {
		fprintf(stderr, "bench_link: pcie_link_create failed\n");
		exit(1);
	}
	t0 = now_s();
	for (i = 0; i < N; i++) {
		enum pcie_link_op op = q[i].read ? PCIE_LINK_READ :
						   PCIE_LINK_WRITE;

		if (q[i].xlate || q[i].gap) {
			uint64_t a;

			ready += q[i].gap;
			a = pcie_link_begin(l, op, q[i].bytes, ready);
			d = pcie_link_end(l, a + q[i].xlate, NULL);
		} else {
			d = pcie_link_submit(l, op, q[i].bytes, ready);
		}
		if (d == PCIE_LINK_ERROR) {
			fprintf(stderr, "bench_link: request %u refused\n", i);
			exit(1);
		}
	}
	dt = now_s() - t0;
	*sink += d + pcie_link_get_stats(l)->down.backfills;
	pcie_link_destroy(l);
	return (double)N / dt;
}

/* The baseline: an exact-rate wire per direction, nothing else. */
struct wire {
	uint64_t t, rem;
};

static inline void wire_add(struct wire *w, uint64_t bytes, uint64_t num,
			    uint64_t den)
{
	w->rem += bytes * num;
	w->t += w->rem / den;
	w->rem %= den;
}

static double run_bare(const struct req *q, uint64_t *sink)
{
	/* Gen3 x16 MPS 256 at 500 MHz: 1049685 / 29837312 cycles per byte */
	const uint64_t num = 1049685, den = 29837312;
	struct wire up = { 0, 0 }, down = { 0, 0 };
	double t0, dt;
	unsigned i;

	t0 = now_s();
	for (i = 0; i < N; i++) {
		uint64_t b = q[i].bytes;

		if (q[i].read) {
			wire_add(&up, ((b + 511) >> 9) * 24, num, den);
			wire_add(&down, ((b + 255) >> 8) * 20 + b, num, den);
		} else {
			wire_add(&up, ((b + 255) >> 8) * 24 + b, num, den);
		}
	}
	dt = now_s() - t0;
	*sink += up.t + down.t;
	return (double)N / dt;
}

static double median_rate(double (*fn)(const struct req *, uint64_t *),
			  const struct req *q, uint64_t *sink)
{
	double v[RUNS];
	unsigned i;

	for (i = 0; i < RUNS; i++)
		v[i] = fn(q, sink);
	return median(v, RUNS);
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "results.json";
	struct req *q = malloc(N * sizeof(*q));
	double model[NSTREAMS], bare[NSTREAMS];
	uint64_t sink = 0;
	FILE *f;
	int s;

	if (!q) {
		fprintf(stderr, "bench_link: out of memory\n");
		return 1;
	}
	for (s = 0; s < NSTREAMS; s++) {
		make((enum stream)s, q);
		bare[s] = median_rate(run_bare, q, &sink);
		model[s] = median_rate(run_link, q, &sink);
	}
	free(q);

	printf("%-34s %14s %14s %8s\n", "benchmark", "value", "baseline", "ratio");
	for (s = 0; s < NSTREAMS; s++)
		printf("link.%-9s requests/s           %14.3g %14.3g %8.2f\n",
		       names[s], model[s], bare[s], bare[s] / model[s]);

	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"note\": \"medians of %d runs, one core; requests/s through pcie_link_submit (begin/end for mixed) at Gen3 x16 MPS 256; baseline = bare exact-rate wire per direction; slowdown = baseline / model\",\n", RUNS);
	for (s = 0; s < NSTREAMS; s++)
		fprintf(f, "  \"link_%s\": {\"model_per_s\": %.0f, \"bare_per_s\": %.0f, \"slowdown\": %.3f},\n",
			names[s], model[s], bare[s], bare[s] / model[s]);
	fprintf(f, "  \"checksum\": %llu\n}\n",
		(unsigned long long)(sink & 0xFFFF));
	if (fclose(f)) {
		perror(out);
		return 1;
	}
	return 0;
}
