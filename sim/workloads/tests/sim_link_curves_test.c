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
 * Expected values: the curves of tests/lib/pcie_curves.h (the table of
 * shared/reference/pcie-link.md and the reference's own formulas).
 * The measured table is printed (docs/timing-model.md quotes it).
 */
#include "check_auto.h"
#include <stdio.h>

#include "pcie_curves.h"
#include "tcesim/traffic.h"

static char err[512];

static void set(struct traffic_opts *o, const char *kv)
{
	ck_assert_msg(traffic_opts_assign(o, kv, err, sizeof(err)) == 0,
		      "%s: %s", kv, err);
}

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

CK_CASE("core", 120, NULL, NULL);

CK_LOOP_TEST("core", machine_reproduces_published_curves, 0, PCIE_CURVES)
{
	const struct pcie_curve *c = &pcie_curves[_i];

	for (unsigned s = 0; s < PCIE_CURVE_SIZES; s++) {
		unsigned sz = pcie_curve_sizes[s];
		double hw, hr;
		double w = machine_gbps(c->width, c->mps, "write", sz, 50000,
					&hw);
		double r = machine_gbps(c->width, c->mps, "read", sz, 50000,
					&hr);

		/* one compulsory miss, then every lookup hits */
		ck_assert(hw > 0.9999 && hr > 0.9999);
		pcie_curve_check(c, s, w, r);
		printf("| x%u MPS %u | %u | %.2f | %.2f | %+.2f%% | %.2f | %.2f | %+.2f%% |\n",
		       c->width, c->mps, sz, c->wr[s], w,
		       100 * (w - c->wr[s]) / c->wr[s], c->rd[s], r,
		       100 * (r - c->rd[s]) / c->rd[s]);
	}
}
END_TEST

CK_SUITE("sim_link_curves");
