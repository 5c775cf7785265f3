// SPDX-License-Identifier: GPL-2.0
/*
 * sim_link_curves: the published PCIe effective-bandwidth curves through
 * the whole machine. A traffic stream (one device, VFIO v2, a 64 KiB
 * buffer in one 64 KiB IO page: after one compulsory miss every
 * translation hits the TCE cache) reads or writes back to back
 * through the PHB3 with timing on and its PCIe link at Gen3 x8 / x16,
 * MPS 128 / 256 / 512, requests of 64 .. 2048 bytes. The payload rate
 * over the run must match the pcie-bench model (Neugebauer et al.,
 * SIGCOMM 2018) within 5% (required) and 1% (what the model gives).
 *
 * Expected values: the table of shared/reference/pcie-link.md for x8
 * MPS 256 and x16 MPS 256 / 512; the other three rows are the
 * reference's own formulas (write sz / (ceil(sz / MPS) x 24 + sz), read
 * sz / (ceil(sz / MPS) x 20 + sz), times its TLP bandwidths: x8 56.67
 * (MPS 128), 57.31 (512); x16 111.70 (128)), as in docs/pcie-link.md.
 * The measured table is printed (docs/timing-model.md quotes it).
 */
#include "check_main.h"
#include <math.h>
#include <stdio.h>

#include "tcesim/traffic.h"

static char err[512];

static void set(struct traffic_opts *o, const char *kv)
{
	ck_assert_msg(traffic_opts_assign(o, kv, err, sizeof(err)) == 0,
		      "%s: %s", kv, err);
}

static const struct curve {
	unsigned width, mps;
	double wr[6], rd[6];		/* Gb/s at 64 .. 2048 bytes */
} curves[] = {
	{ 8, 256, { 42.10, 48.75, 52.92, 52.92, 52.92, 52.92 },
		  { 44.10, 50.06, 53.69, 53.69, 53.69, 53.69 } },
	{ 16, 256, { 82.69, 95.75, 103.95, 103.95, 103.95, 103.95 },
		   { 86.63, 98.34, 105.46, 105.46, 105.46, 105.46 } },
	{ 16, 512, { 83.36, 96.52, 104.80, 109.49, 109.49, 109.49 },
		   { 87.33, 99.13, 106.32, 110.31, 110.31, 110.31 } },
	{ 16, 128, { 81.24, 94.06, 94.06, 94.06, 94.06, 94.06 },
		   { 85.10, 96.61, 96.61, 96.61, 96.61, 96.61 } },
	{ 8, 128, { 41.21, 47.72, 47.72, 47.72, 47.72, 47.72 },
		  { 43.18, 49.01, 49.01, 49.01, 49.01, 49.01 } },
	{ 8, 512, { 41.68, 48.26, 52.40, 54.74, 54.74, 54.74 },
		  { 43.66, 49.57, 53.16, 55.16, 55.16, 55.16 } },
};

static const unsigned sizes[6] = { 64, 128, 256, 512, 1024, 2048 };

/* Payload Gb/s of a back-to-back stream of n requests through the
   machine; the translation hit rate is returned in *hit. */
static double machine_gbps(unsigned width, unsigned mps, const char *dir,
			   unsigned bytes, uint64_t n, double *hit)
{
	struct traffic_opts o;
	struct traffic_result x;
	struct traffic_run *r;
	char kv[64];

	traffic_opts_default(&o);
	set(&o, "workload=stream");
	set(&o, "region=64K");
	set(&o, "io_page=64K");
	snprintf(kv, sizeof(kv), "dir=%s", dir);
	set(&o, kv);
	snprintf(kv, sizeof(kv), "tlp=%u", bytes);
	set(&o, kv);
	snprintf(kv, sizeof(kv), "link.width=%u", width);
	set(&o, kv);
	snprintf(kv, sizeof(kv), "link.mps=%u", mps);
	set(&o, kv);
	r = traffic_create(&o, err, sizeof(err));
	ck_assert_msg(r != NULL, "traffic_create: %s", err);
	ck_assert_msg(traffic_step(r, n, err, sizeof(err)) == 0, "%s", err);
	traffic_get_result(r, &x);
	traffic_destroy(r);
	ck_assert(x.timed && x.link);
	ck_assert_uint_eq(x.faults, 0);
	*hit = x.timing_hit_rate;
	return x.gbytes_per_s * 8.0;
}

static void near(double got, double want, double tol, const char *what)
{
	ck_assert_msg(fabs(got - want) <= tol * want,
		      "%s: %.3f Gb/s, published %.2f (more than %.0f%% off)",
		      what, got, want, tol * 100);
}

START_TEST(machine_reproduces_published_curves)
{
	const struct curve *c = &curves[_i];

	for (unsigned s = 0; s < 6; s++) {
		char what[64];
		double hw, hr;
		double w = machine_gbps(c->width, c->mps, "write", sizes[s],
					50000, &hw);
		double r = machine_gbps(c->width, c->mps, "read", sizes[s],
					50000, &hr);

		/* one compulsory miss, then every lookup hits */
		ck_assert(hw > 0.9999 && hr > 0.9999);
		snprintf(what, sizeof(what), "x%u MPS %u write %u B", c->width,
			 c->mps, sizes[s]);
		near(w, c->wr[s], 0.05, what);	/* the requirement */
		near(w, c->wr[s], 0.01, what);
		snprintf(what, sizeof(what), "x%u MPS %u read %u B", c->width,
			 c->mps, sizes[s]);
		near(r, c->rd[s], 0.05, what);
		near(r, c->rd[s], 0.01, what);
		printf("| x%u MPS %u | %u | %.2f | %.2f | %+.2f%% | %.2f | %.2f | %+.2f%% |\n",
		       c->width, c->mps, sizes[s], c->wr[s], w,
		       100 * (w - c->wr[s]) / c->wr[s], c->rd[s], r,
		       100 * (r - c->rd[s]) / c->rd[s]);
	}
}
END_TEST

Suite *check_suite(void)
{
	Suite *s = suite_create("sim_link_curves");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, machine_reproduces_published_curves, 0,
			    (int)(sizeof(curves) / sizeof(curves[0])));
	suite_add_tcase(s, tc);
	return s;
}
