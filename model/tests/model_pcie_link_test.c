// SPDX-License-Identifier: GPL-2.0
/*
 * model_pcie_link: the PCIe link timeline against published numbers.
 *
 * The reference curves are the pcie-bench model's effective bandwidth
 * (Neugebauer et al., SIGCOMM 2018) as tabulated in the project's PCIe
 * link reference notes; the link is driven through its timeline API with
 * saturating back-to-back requests (all ready at cycle 0, translation
 * instant) and its steady-state payload rate must match every point
 * (the requirement is 5%; the model implements the published formulas, so
 * anything above 1% is a bug). Then: throughput never above the wire,
 * reads bounded by tags x round trip, credits stalling when exhausted,
 * 8b/10b vs 128b/130b, exact (drift-free) byte times, idle-gap backfill
 * and PCIe ordering, TLP splitting and header sizes, misuse, statistics.
 * Every expected value is written out from the reference or worked out
 * by hand here, never asked of the model.
 */
#include "check_auto.h"
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcie_curves.h"
#include "tcesim/pcie_link.h"

#define CLOCK_MHZ 500

static struct pcie_link_params gen3(unsigned width, unsigned mps)
{
	struct pcie_link_params p;

	pcie_link_params_default(&p);
	p.gen = 3;
	p.width = width;
	p.mps = mps;
	return p;
}

static struct pcie_link *mk(const struct pcie_link_params *p)
{
	struct pcie_link *l = pcie_link_create(p, CLOCK_MHZ);

	ck_assert_ptr_nonnull(l);
	return l;
}

/*
 * Payload Gb/s of n back-to-back requests of sz bytes, measured in the
 * steady state (between the completion of request n/10 and the last).
 */
static double saturated_gbps(const struct pcie_link_params *p,
			     enum pcie_link_op op, unsigned sz, unsigned n)
{
	struct pcie_link *l = mk(p);
	uint64_t d0 = 0, d = 0;
	unsigned i, k = n / 10;

	/* (no assertion inside the loop: each passing one costs a syscall) */
	for (i = 0; i < n; i++) {
		d = pcie_link_submit(l, op, sz, 0);
		if (i + 1 == k)
			d0 = d;
	}
	ck_assert_uint_eq(pcie_link_get_stats(l)->errors, 0);
	pcie_link_destroy(l);
	ck_assert_uint_gt(d, d0);
	/* bits / ns = Gb/s; a cycle is 1000 / CLOCK_MHZ ns */
	return (double)(n - k) * sz * 8.0 /
	       ((double)(d - d0) * 1000.0 / CLOCK_MHZ);
}

/* ---- rates and the DLLP table ---- */

CK_TEST("core", link_params_default_valid)
{
	struct pcie_link_params p;

	pcie_link_params_default(&p);
	ck_assert_ptr_null(pcie_link_params_problem(&p));
	ck_assert_int_eq(pcie_link_params_check(&p), 0);
	ck_assert_uint_eq(p.gen, 3);
	ck_assert_uint_eq(p.width, 16);
	ck_assert_uint_eq(p.mps, 256);
	ck_assert_uint_eq(p.mrrs, 512);
	ck_assert_uint_eq(p.cplh_credits, 0);	/* endpoint: infinite */
}
END_TEST

CK_TEST("core", link_params_rejected_with_reason)
{
	static const struct {
		size_t off;
		uint64_t v;
		const char *why;
	} bad[] = {
		{ offsetof(struct pcie_link_params, gen), 6, "link.gen" },
		{ offsetof(struct pcie_link_params, gen), 0, "link.gen" },
		{ offsetof(struct pcie_link_params, width), 3, "link.width must be 1, 2, 4, 8, 16 or 32" },
		{ offsetof(struct pcie_link_params, width), 64, "link.width" },
		{ offsetof(struct pcie_link_params, mps), 384, "link.mps must be" },
		{ offsetof(struct pcie_link_params, mps), 8192, "link.mps" },
		{ offsetof(struct pcie_link_params, mrrs), 64, "link.mrrs" },
		{ offsetof(struct pcie_link_params, rcb), 96, "link.rcb must be 64 or 128" },
		{ offsetof(struct pcie_link_params, pd_credits), 8, "link.pd_credits" },
		{ offsetof(struct pcie_link_params, read_tags), 0, "link.read_tags" },
		{ offsetof(struct pcie_link_params, dma_bytes_per_cycle), 0, "phb.dma_bytes_per_cycle" },
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pcie_link_params p;
		const char *why;

		pcie_link_params_default(&p);
		*(uint64_t *)((char *)&p + bad[i].off) = bad[i].v;
		why = pcie_link_params_problem(&p);
		ck_assert_msg(why && strstr(why, bad[i].why),
			      "case %u: got '%s'", i, why ? why : "(null)");
		ck_assert_int_eq(pcie_link_params_check(&p), -EINVAL);
		ck_assert_ptr_null(pcie_link_create(&p, CLOCK_MHZ));
	}
	{
		struct pcie_link_params p;

		pcie_link_params_default(&p);
		ck_assert_ptr_null(pcie_link_create(&p, 0));
		/* one 256-byte write needs 16 data credits: exactly enough */
		p.pd_credits = 16;
		ck_assert_ptr_null(pcie_link_params_problem(&p));
	}
}
END_TEST

CK_TEST("core", link_raw_rates_and_encoding)
{
	struct pcie_link_params p;

	/* 8b/10b: 2.5 GT/s -> 2 Gb/s per lane, 5 -> 4 */
	p = gen3(1, 256);
	p.gen = 1;
	near(pcie_link_raw_gbps(&p), 2.0, 1e-9, "gen1 x1");
	p.gen = 2;
	near(pcie_link_raw_gbps(&p), 4.0, 1e-9, "gen2 x1");
	p.width = 8;
	near(pcie_link_raw_gbps(&p), 32.0, 1e-9, "gen2 x8");
	/* 128b/130b: reference figures Gen3 x8 63.015, x16 126.03 */
	p = gen3(8, 256);
	near(pcie_link_raw_gbps(&p), 63.015, 1e-4, "gen3 x8");
	p.width = 16;
	near(pcie_link_raw_gbps(&p), 126.03, 1e-4, "gen3 x16");
	p.gen = 4;
	near(pcie_link_raw_gbps(&p), 252.06, 1e-4, "gen4 x16");
	p.gen = 5;
	near(pcie_link_raw_gbps(&p), 504.12, 1e-4, "gen5 x16");
}
END_TEST

CK_TEST("core", link_dllp_table_and_tlp_rate)
{
	static const struct {
		unsigned width, mps, ack;
		double tlp;
	} ref[] = {
		/* reference: Gen3 limits and TLP bandwidths */
		{ 8, 128, 163, 56.67 }, { 8, 256, 203, 57.89 },
		{ 8, 512, 182, 57.31 }, { 16, 128, 144, 111.70 },
		{ 16, 256, 168, 113.70 }, { 16, 512, 182, 114.62 },
	};
	unsigned i;

	for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		struct pcie_link_params p = gen3(ref[i].width, ref[i].mps);

		ck_assert_uint_eq(pcie_link_ack_limit(&p), ref[i].ack);
		near(pcie_link_tlp_gbps(&p), ref[i].tlp, 1e-4, "tlp rate");
	}
}
END_TEST

/* ---- the published curves (tests/lib/pcie_curves.h) ---- */

CK_LOOP_TEST("reference", link_reproduces_published_curves, 0, PCIE_CURVES)
{
	const struct pcie_curve *c = &pcie_curves[_i];
	struct pcie_link_params p = gen3(c->width, c->mps);
	unsigned s;

	for (s = 0; s < PCIE_CURVE_SIZES; s++)
		pcie_curve_check(c, s,
				 saturated_gbps(&p, PCIE_LINK_WRITE,
						pcie_curve_sizes[s], 20000),
				 saturated_gbps(&p, PCIE_LINK_READ,
						pcie_curve_sizes[s], 20000));
}
END_TEST

CK_TEST("reference", link_rcb_completions)
{
	/* reference: completions split at RCB 64 keep x16 reads near 86.6 */
	struct pcie_link_params p = gen3(16, 256);
	unsigned s;

	p.rcb = 64;
	p.cpl_split = PCIE_LINK_CPL_RCB;
	for (s = 0; s < PCIE_CURVE_SIZES; s++)
		near(saturated_gbps(&p, PCIE_LINK_READ, pcie_curve_sizes[s],
				    20000),
		     86.63, 0.01, "x16 RCB 64 read");
}
END_TEST

/* ---- never above the wire ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

CK_TEST("core", link_never_above_wire_rate)
{
	static const unsigned widths[] = { 1, 2, 4, 8, 16, 32 };
	unsigned cfg;

	for (cfg = 0; cfg < 40; cfg++) {
		struct pcie_link_params p;
		struct pcie_link *l;
		const struct pcie_link_stats *st;
		uint64_t ready = 0, i, n = 3000;
		double ns_per_byte, tlp_gbps;

		pcie_link_params_default(&p);
		p.gen = 1 + rnd() % 5;
		p.width = widths[rnd() % 6];
		p.mps = 128u << (rnd() % 6);
		p.mrrs = 128u << (rnd() % 6);
		p.ecrc = rnd() & 1;
		p.addr64 = rnd() & 1;
		p.cpl_split = rnd() & 1;
		p.read_tags = 1 + rnd() % 300;
		p.lat_flight = rnd() % 100;
		p.lat_dma_read = rnd() % 400;
		l = mk(&p);
		st = pcie_link_get_stats(l);
		tlp_gbps = pcie_link_tlp_gbps(&p);
		ck_assert(tlp_gbps > 0 && tlp_gbps < pcie_link_raw_gbps(&p));
		ns_per_byte = 8.0 / tlp_gbps;
		for (i = 0; i < n; i++) {
			enum pcie_link_op op = rnd() % 3 ? PCIE_LINK_READ :
							   PCIE_LINK_WRITE;
			uint64_t sz = 1 + rnd() % 9000, a, d;

			if (rnd() % 8 == 0)
				ready += rnd() % 2000;	/* idle spells */
			a = pcie_link_begin(l, op, sz, ready);
			/* translations of random length, some very slow */
			d = pcie_link_end(l, a + (rnd() % 4 ? rnd() % 8 :
						  rnd() % 3000), NULL);
			if (a == PCIE_LINK_ERROR || d == PCIE_LINK_ERROR ||
			    d < a)
				ck_abort_msg("cfg %u request %llu: %llu .. %llu",
					     cfg, (unsigned long long)i,
					     (unsigned long long)a,
					     (unsigned long long)d);
			if (i % 500 == 499 || i == n - 1) {
				/* every TLP byte took its wire time, from the
				   first ready on: bytes x ns/byte <= span */
				double span = (double)(st->last_done -
						       st->first_ready) *
					      1000.0 / CLOCK_MHZ;

				ck_assert_msg((double)st->up.tlp_bytes *
					      ns_per_byte <= span * (1 + 1e-9),
					      "cfg %u up %.1f ns of TLPs in %.1f ns",
					      cfg, (double)st->up.tlp_bytes *
					      ns_per_byte, span);
				ck_assert_msg((double)st->down.tlp_bytes *
					      ns_per_byte <= span * (1 + 1e-9),
					      "cfg %u down", cfg);
				ck_assert_uint_le(st->up.busy_cycles,
						  st->last_done - st->first_ready);
				ck_assert_uint_le(st->down.busy_cycles,
						  st->last_done - st->first_ready);
				ck_assert_uint_lt(st->up.payload_bytes,
						  st->up.tlp_bytes);
				ck_assert_uint_lt(st->down.payload_bytes,
						  st->down.tlp_bytes + 1);
			}
		}
		pcie_link_destroy(l);
	}
}
END_TEST

/* ---- tags, credits ---- */

CK_TEST("core", link_reads_bounded_by_tags_times_rtt)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l;
	const struct pcie_link_stats *st;
	uint64_t d = 0, i, n = 2000, floor_rtt;
	double rate, bound;

	p.read_tags = 2;
	p.lat_flight = 50;
	p.lat_dma_read = 5000;
	l = mk(&p);
	st = pcie_link_get_stats(l);
	for (i = 0; i < n; i++)
		d = pcie_link_submit(l, PCIE_LINK_READ, 64, 0);
	/*
	 * A round trip is at least flight up + memory + flight down = 5100
	 * cycles; on top: the 24-byte request and the 84-byte completion on
	 * the wire (< 1 and < 3 cycles at 28.4 bytes/cycle, each rounded up
	 * to a whole cycle when handed on) and the 64 bytes on the memory
	 * path (1 cycle): at most 5100 + 1 + 3 + 1 + 1.
	 */
	floor_rtt = 2 * 50 + 5000;
	rate = (double)(n * 64) / (double)d;		/* bytes/cycle */
	bound = 2.0 * 64 / (double)floor_rtt;		/* tags x size / rtt */
	ck_assert_msg(rate <= bound, "%.5f above %.5f", rate, bound);
	ck_assert_msg(rate >= 2.0 * 64 / (double)(floor_rtt + 6),
		      "%.5f too slow", rate);
	ck_assert_uint_ge(st->read_rtt_cycles, n * floor_rtt);
	ck_assert_uint_le(st->read_rtt_cycles, n * (floor_rtt + 6));
	ck_assert_uint_eq(st->tag_stalls, n - 2);
	/* far below the wire (86.6 Gb/s = 21.7 bytes/cycle) */
	ck_assert(rate < 0.03);
	pcie_link_destroy(l);

	/* the default 256 tags do not limit 64-byte reads at x16 */
	p = gen3(16, 256);
	near(saturated_gbps(&p, PCIE_LINK_READ, 64, 20000), 86.63, 0.01,
	     "256 tags");
}
END_TEST

/* The steady spacing of back-to-back requests (the last of 100) lies in
   [lo, hi] cycles; returns the link's statistics after them. */
static struct pcie_link_stats period(const struct pcie_link_params *p,
				     enum pcie_link_op op, unsigned sz,
				     uint64_t lo, uint64_t hi)
{
	struct pcie_link *l = mk(p);
	struct pcie_link_stats st;
	uint64_t d[3] = { 0 };
	unsigned i;

	for (i = 0; i < 100; i++) {
		d[0] = d[1];
		d[1] = pcie_link_submit(l, op, sz, 0);
	}
	ck_assert_uint_ge(d[1] - d[0], lo);
	ck_assert_uint_le(d[1] - d[0], hi);
	st = *pcie_link_get_stats(l);
	pcie_link_destroy(l);
	return st;
}

CK_TEST("core", link_credits_stall_when_exhausted)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link_stats st;

	p.lat_flight = 50;
	/*
	 * One posted header credit: a 256-byte write (280 bytes, 9.85
	 * cycles on the wire) crosses, flies 50, drains 256/64 = 4 cycles,
	 * and its UpdateFC flies 50 back before the next may go: 113.85,
	 * plus up to 2 cycles of rounding to whole cycles at hand-overs.
	 */
	p.ph_credits = 1;
	st = period(&p, PCIE_LINK_WRITE, 256, 114, 116);
	ck_assert_uint_eq(st.up.credit_stalls, 99);
	ck_assert_uint_gt(st.up.credit_stall_cycles, 99 * 100);

	/* the same with 16 data credits (one 256-byte TLP) */
	p.ph_credits = 64;
	p.pd_credits = 16;
	period(&p, PCIE_LINK_WRITE, 256, 114, 116);

	/* infinite credits: the wire (9.85 cycles per write) is the limit */
	p.ph_credits = 0;
	p.pd_credits = 0;
	st = period(&p, PCIE_LINK_WRITE, 256, 9, 11);
	ck_assert_uint_eq(st.up.credit_stalls, 0);

	/*
	 * One non-posted credit: a read request (24 bytes, 0.84 cycles)
	 * crosses, is issued at once and its credit flies back: 100.84 + up
	 * to 2 of rounding between two request sends; completions overlap.
	 */
	p = gen3(16, 256);
	p.lat_flight = 50;
	p.nph_credits = 1;
	st = period(&p, PCIE_LINK_READ, 64, 101, 103);
	ck_assert_uint_eq(st.up.credit_stalls, 99);

	/*
	 * One completion header credit at the device: a 256-byte completion
	 * (276 bytes, 9.71 cycles) flies 50 down, the device's UpdateFC 50
	 * back: 109.71 + rounding.
	 */
	p = gen3(16, 256);
	p.lat_flight = 50;
	p.cplh_credits = 1;
	st = period(&p, PCIE_LINK_READ, 256, 110, 112);
	ck_assert_uint_gt(st.down.credit_stalls, 90);
}
END_TEST

CK_TEST("core", link_credits_and_tags_come_back_out_of_order)
{
	/*
	 * Two non-posted credits (or two tags): read 1 translates for 10000
	 * cycles, read 2 at once; read 3 takes what read 2 gives back
	 * (credit: issued at ~52, + 50 flight; tag: its completion in at
	 * ~266) instead of waiting ~10000 cycles for read 1's.
	 */
	unsigned which;

	for (which = 0; which < 2; which++) {
		struct pcie_link_params p = gen3(16, 256);
		struct pcie_link *l;
		uint64_t a1, a2, a3;

		if (which)
			p.read_tags = 2;
		else
			p.nph_credits = 2;
		l = mk(&p);
		a1 = pcie_link_begin(l, PCIE_LINK_READ, 256, 0);
		pcie_link_end(l, a1 + 10000, NULL);
		a2 = pcie_link_begin(l, PCIE_LINK_READ, 256, 0);
		pcie_link_end(l, a2, NULL);
		a3 = pcie_link_begin(l, PCIE_LINK_READ, 256, 0);
		pcie_link_end(l, a3, NULL);
		ck_assert_uint_gt(a3, a2 + 50);
		ck_assert_uint_lt(a3, 400);
		if (which)
			ck_assert_uint_eq(pcie_link_get_stats(l)->tag_stalls, 1);
		else
			ck_assert_uint_eq(pcie_link_get_stats(l)->up.credit_stalls, 1);
		pcie_link_destroy(l);
	}
}
END_TEST

/* ---- generations ---- */

CK_TEST("core", link_generations_saturate_at_their_rate)
{
	/*
	 * 2048-byte writes, MPS 256 (8 TLPs of 24 + 256 bytes):
	 * Gen1 x4: 8 Gb/s raw, AckLimit 118: 8 (1 - 16/118 - 4/1538)
	 *          x 2048/2240 = 6.3035 Gb/s;
	 * Gen2 x8: 32 Gb/s raw, AckLimit 158: 26.2183 Gb/s;
	 * Gen4 x16: 252.06 Gb/s raw, AckLimit 168 (Gen3 table): 207.909;
	 * and 256-byte reads at Gen5 x8 (AckLimit 203, 256/276): 214.761.
	 */
	struct pcie_link_params p;

	p = gen3(4, 256);
	p.gen = 1;
	near(saturated_gbps(&p, PCIE_LINK_WRITE, 2048, 5000), 6.3035, 0.002,
	     "gen1 x4");
	p = gen3(8, 256);
	p.gen = 2;
	near(saturated_gbps(&p, PCIE_LINK_WRITE, 2048, 5000), 26.2183, 0.002,
	     "gen2 x8");
	p = gen3(16, 256);
	p.gen = 4;
	p.dma_bytes_per_cycle = 128;	/* 64 GB/s: not the limit */
	near(saturated_gbps(&p, PCIE_LINK_WRITE, 2048, 5000), 207.909, 0.002,
	     "gen4 x16");
	p = gen3(8, 256);
	p.gen = 5;
	p.dma_bytes_per_cycle = 128;
	near(saturated_gbps(&p, PCIE_LINK_READ, 256, 20000), 214.761, 0.002,
	     "gen5 x8");
}
END_TEST

CK_TEST("core", link_memory_path_bounds_throughput)
{
	/* 16 bytes/cycle at 500 MHz = 64 Gb/s, below x16's 103.95 */
	struct pcie_link_params p = gen3(16, 256);

	p.dma_bytes_per_cycle = 16;
	near(saturated_gbps(&p, PCIE_LINK_WRITE, 256, 20000), 64.0, 0.005,
	     "memory-bound writes");
	near(saturated_gbps(&p, PCIE_LINK_READ, 256, 20000), 64.0, 0.005,
	     "memory-bound reads");
}
END_TEST

/* ---- exact byte times ---- */

CK_TEST("core", link_no_drift)
{
	/*
	 * 1e6 64-byte writes (88 bytes each) back to back at Gen3 x16 MPS
	 * 256: cycles per byte = 500 x 8 x 130 x 1538 x 168 /
	 * (8000 x 128 x 16 x (1534 x 168 - 24608)) = 1049685 / 29837312;
	 * the last TLP is in the PHB at ceil(1e6 x 88 x that) + flight.
	 * Rounding each TLP to whole cycles would be off by ~1e5 cycles.
	 */
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l;
	struct pcie_link_result r;
	uint64_t i, n = 1000000, want;

	p.ph_credits = 0;
	p.pd_credits = 0;
	l = mk(&p);
	for (i = 0; i < n; i++) {
		pcie_link_begin(l, PCIE_LINK_WRITE, 64, 0);
		pcie_link_end(l, 0, &r);
	}
	want = (uint64_t)ceil((double)n * 88.0 * 1049685.0 / 29837312.0) +
	       p.lat_flight;
	ck_assert_uint_eq(r.up_last, want);
	ck_assert_uint_eq(pcie_link_get_stats(l)->up.busy_cycles,
			  (uint64_t)floor((double)n * 88.0 * 1049685.0 /
					  29837312.0));
	pcie_link_destroy(l);
}
END_TEST

/* ---- order, backfill ---- */

CK_TEST("core", link_late_translation_leaves_gap_others_fill)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l = mk(&p);
	struct pcie_link_result r1, r2;
	uint64_t a1, a2;

	/* read 1: translation takes 10000 cycles; read 2: instant */
	a1 = pcie_link_begin(l, PCIE_LINK_READ, 256, 0);
	pcie_link_end(l, a1 + 10000, &r1);
	a2 = pcie_link_begin(l, PCIE_LINK_READ, 256, 0);
	pcie_link_end(l, a2, &r2);
	/* read 2 completes long before read 1: completions pass each other */
	ck_assert_uint_lt(r2.done, r1.done);
	/* unloaded: 50 + 150 + 4 (memory path) + 10 (276 bytes) + 50 */
	ck_assert_uint_le(r2.done - a2, 150 + 4 + 10 + 50 + 2);
	ck_assert_uint_ge(r1.done - a1, 10000 + 150 + 4 + 10 + 50);
	ck_assert_uint_eq(pcie_link_get_stats(l)->down.backfills, 1);
	pcie_link_destroy(l);
}
END_TEST

CK_TEST("core", link_posted_ordering)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l = mk(&p);
	struct pcie_link_result w1, w2, rd;
	uint64_t a;

	/* write 1 translates slowly: write 2 may not pass it */
	a = pcie_link_begin(l, PCIE_LINK_WRITE, 256, 0);
	pcie_link_end(l, a + 5000, &w1);
	a = pcie_link_begin(l, PCIE_LINK_WRITE, 256, 0);
	pcie_link_end(l, a, &w2);
	ck_assert_uint_ge(w2.done, w1.done + 4);	/* its 4 drain cycles */
	/* a read may not pass either: issued after w2's data, then 150 */
	a = pcie_link_begin(l, PCIE_LINK_READ, 64, 0);
	pcie_link_end(l, a, &rd);
	ck_assert_uint_ge(rd.done, w2.done + 150 + 50);
	pcie_link_destroy(l);
}
END_TEST

CK_TEST("core", link_ready_in_future_idles)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l = mk(&p);
	uint64_t a;

	a = pcie_link_begin(l, PCIE_LINK_WRITE, 64, 1000);
	/* 88 bytes = 3.1 cycles, rounded up, + 50 */
	ck_assert_uint_eq(a, 1000 + 4 + 50);
	/* the translation is 7 cycles; 64 bytes drain in 1 */
	ck_assert_uint_eq(pcie_link_end(l, a + 7, NULL), a + 7 + 1);
	pcie_link_destroy(l);
}
END_TEST

/* ---- splitting and header sizes ---- */

CK_TEST("core", link_split_and_headers)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l;
	const struct pcie_link_stats *st;

	/* 2048-byte read, MRRS 512, completions at MPS 256 */
	l = mk(&p);
	st = pcie_link_get_stats(l);
	pcie_link_submit(l, PCIE_LINK_READ, 2048, 0);
	ck_assert_uint_eq(st->read_requests, 4);
	ck_assert_uint_eq(st->up.tlps, 4);
	ck_assert_uint_eq(st->up.tlp_bytes, 4 * 24);
	ck_assert_uint_eq(st->up.payload_bytes, 0);
	ck_assert_uint_eq(st->down.tlps, 8);
	ck_assert_uint_eq(st->down.tlp_bytes, 8 * 20 + 2048);
	ck_assert_uint_eq(st->down.payload_bytes, 2048);
	/* 1000-byte write: 256 + 256 + 256 + 232 */
	pcie_link_submit(l, PCIE_LINK_WRITE, 1000, 0);
	ck_assert_uint_eq(st->up.tlps, 4 + 4);
	ck_assert_uint_eq(st->up.tlp_bytes, 4 * 24 + 4 * 24 + 1000);
	/* 1 byte: one DW on the wire */
	pcie_link_submit(l, PCIE_LINK_WRITE, 1, 0);
	ck_assert_uint_eq(st->up.tlp_bytes, 4 * 24 + 4 * 24 + 1000 + 24 + 4);
	ck_assert_uint_eq(st->up.payload_bytes, 1001);
	pcie_link_destroy(l);

	/* RCB 64 completions; 32-bit addresses (20-byte requests); ECRC */
	p.cpl_split = PCIE_LINK_CPL_RCB;
	p.rcb = 64;
	p.addr64 = 0;
	p.ecrc = 1;
	l = mk(&p);
	st = pcie_link_get_stats(l);
	pcie_link_submit(l, PCIE_LINK_READ, 2048, 0);
	ck_assert_uint_eq(st->up.tlp_bytes, 4 * (20 + 4));
	ck_assert_uint_eq(st->down.tlps, 32);
	ck_assert_uint_eq(st->down.tlp_bytes, 32 * (20 + 4) + 2048);
	pcie_link_submit(l, PCIE_LINK_WRITE, 256, 0);
	ck_assert_uint_eq(st->up.tlp_bytes, 4 * 24 + 20 + 4 + 256);
	pcie_link_destroy(l);

	/* MRRS 128 < MPS 256: a completion never spans two requests */
	p = gen3(16, 256);
	p.mrrs = 128;
	l = mk(&p);
	st = pcie_link_get_stats(l);
	pcie_link_submit(l, PCIE_LINK_READ, 512, 0);
	ck_assert_uint_eq(st->read_requests, 4);
	ck_assert_uint_eq(st->down.tlps, 4);
	pcie_link_destroy(l);
}
END_TEST

/* ---- misuse ---- */

CK_TEST("core", link_misuse_refused)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l = mk(&p);
	const struct pcie_link_stats *st = pcie_link_get_stats(l);
	uint64_t a;

	ck_assert_uint_eq(pcie_link_end(l, 0, NULL), PCIE_LINK_ERROR);
	ck_assert_uint_eq(pcie_link_begin(l, PCIE_LINK_READ, 0, 0),
			  PCIE_LINK_ERROR);
	ck_assert_uint_eq(pcie_link_begin(l, PCIE_LINK_READ,
					  PCIE_LINK_MAX_BYTES + 1ull, 0),
			  PCIE_LINK_ERROR);
	ck_assert_uint_eq(pcie_link_begin(l, (enum pcie_link_op)7, 64, 0),
			  PCIE_LINK_ERROR);
	ck_assert_uint_eq(pcie_link_submit(l, PCIE_LINK_WRITE, 0, 0),
			  PCIE_LINK_ERROR);
	ck_assert_uint_eq(st->errors, 5);
	ck_assert_uint_eq(st->up.tlps, 0);
	ck_assert_uint_eq(st->writes + st->reads, 0);
	a = pcie_link_begin(l, PCIE_LINK_WRITE, 64, 0);
	ck_assert_uint_eq(pcie_link_begin(l, PCIE_LINK_WRITE, 64, 0),
			  PCIE_LINK_ERROR);
	ck_assert_uint_eq(st->up.tlps, 1);
	ck_assert_uint_ne(pcie_link_end(l, a, NULL), PCIE_LINK_ERROR);
	ck_assert_uint_eq(pcie_link_end(l, a, NULL), PCIE_LINK_ERROR);
	ck_assert_uint_eq(st->errors, 7);
	ck_assert_uint_eq(pcie_link_begin(NULL, PCIE_LINK_WRITE, 64, 0),
			  PCIE_LINK_ERROR);
	pcie_link_destroy(l);
	pcie_link_destroy(NULL);
}
END_TEST

/* ---- statistics ---- */

CK_TEST("core", link_stats_registered)
{
	struct pcie_link_params p = gen3(16, 256);
	struct pcie_link *l = mk(&p);
	struct sim_stats s;
	const struct sim_stat *st;
	unsigned i;

	sim_stats_init(&s);
	ck_assert_int_eq(pcie_link_register_stats(l, &s, "phb0.link"), 0);
	ck_assert_int_eq(pcie_link_register_stats(l, &s, "phb0.link"),
			 -EEXIST);
	for (i = 0; i < 20000; i++)
		pcie_link_submit(l, PCIE_LINK_WRITE, 256, 0);
	st = sim_stats_find(&s, "phb0.link.up.utilisation");
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(st->unit, "ratio");
	/* saturated: the wire is busy all but the first TLP's flight and
	   the last one's drain (54 of ~197000 cycles) */
	ck_assert(sim_stat_value(st) > 0.999 && sim_stat_value(st) <= 1.0);
	st = sim_stats_find(&s, "phb0.link.down.utilisation");
	ck_assert_ptr_nonnull(st);
	ck_assert(sim_stat_value(st) == 0.0);
	/* 103.95 Gb/s of payload = 12.99 GB/s */
	st = sim_stats_find(&s, "phb0.link.up.gbps");
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(st->unit, "GB/s");
	near(sim_stat_value(st), 103.95 / 8, 0.005, "up GB/s");
	st = sim_stats_find(&s, "phb0.link.up.tlps_per_s");
	ck_assert_ptr_nonnull(st);
	near(sim_stat_value(st), 103.95e9 / 8 / 256, 0.005, "TLPs/s");
	st = sim_stats_find(&s, "phb0.link.raw_gbit_per_s");
	ck_assert_ptr_nonnull(st);
	near(sim_stat_value(st), 126.03, 1e-4, "raw");
	st = sim_stats_find(&s, "phb0.link.up.tlps");
	ck_assert_ptr_nonnull(st);
	ck_assert(sim_stat_value(st) == 20000.0);
	ck_assert_ptr_nonnull(sim_stats_find(&s, "phb0.link.tag_stall_cycles"));
	ck_assert_ptr_nonnull(sim_stats_find(&s, "phb0.link.up.credit_stall_cycles"));
	ck_assert_ptr_nonnull(sim_stats_find(&s, "phb0.link.down.queue_cycles"));
	ck_assert_ptr_nonnull(sim_stats_find(&s, "phb0.link.read_rtt_mean_ns"));
	sim_stats_free(&s);
	pcie_link_destroy(l);
}
END_TEST

CK_TEST("core", link_default_read_rtt)
{
	/*
	 * One 64-byte read on an idle default link: request 24 bytes (1
	 * cycle rounded) + 50 flight + 150 memory + 1 memory path + 84
	 * bytes (3 cycles) + 50 = 255 cycles = 510 ns; pcie-bench measured
	 * a 533 ns median for 64-byte reads on its Gen3 host (device
	 * overheads included).
	 */
	struct pcie_link_params p;
	struct pcie_link *l;
	struct sim_stats s;

	pcie_link_params_default(&p);
	l = mk(&p);
	ck_assert_uint_eq(pcie_link_submit(l, PCIE_LINK_READ, 64, 0), 255);
	sim_stats_init(&s);
	ck_assert_int_eq(pcie_link_register_stats(l, &s, "l"), 0);
	near(sim_stat_value(sim_stats_find(&s, "l.read_rtt_mean_ns")), 510.0,
	     1e-9, "rtt ns");
	sim_stats_free(&s);
	pcie_link_destroy(l);
}
END_TEST

CK_CASE("core", 60, NULL, NULL);
CK_CASE("reference", 60, NULL, NULL);
CK_SUITE("model_pcie_link");
