// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_property: random windows and sparse TCE tables built by this
 * file, then >= 100000 random DMA requests (faults, MSIs, frozen PEs and
 * PELT-V included) checked against this file's own reference translator,
 * written from the hardware reference (§1) without calling the model's
 * translation code. Compared per request: status, fault reason, PE, PA of
 * the first byte, faulting bus address; at the end, the frozen set.
 * The seed is fixed and printed; TCESIM_SEED overrides it.
 */
#include "check_auto.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_rig.h"
#include "tcesim/phb3.h"

#define GiB (1ull << 30)
#define RAM (16 * GiB)
#define POOL (8 * GiB)		/* tables are built from here up */
#define RTT_BASE (15 * GiB)
#define PELTV_BASE (RTT_BASE + 0x100000)
#define B59 (1ull << 59)

enum wkind { W_NONE, W_BAD, W_BYPASS, W_XLATE };

struct win {
	enum wkind kind;
	uint64_t raw;		/* TVE written, encoded by this file */
	unsigned levels, ts, ps;	/* translated */
	uint64_t root;
	uint64_t start, end;	/* bypass [start, end) */
	uint64_t mapped[64];	/* window offsets of some mapped pages */
	unsigned nmapped;
};

static const unsigned pes[] = { 0, 1, 2, 5, 17, 130, 254, 255 };
#define NPES (sizeof(pes) / sizeof(pes[0]))
#define NRIDS 40

static struct sim_mem *mem;
static struct phb3 *phb;
static struct win win[256][2];
static uint16_t rids[NRIDS];
static uint16_t rtt[NRIDS];	/* RTE of rids[i] as written */
static bool peltv[256][256];
static bool frozen[256];
static uint64_t pool_next;
static uint64_t rng;

static uint64_t rnd(void)	/* splitmix64 */
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned pct(void)
{
	return rnd() % 100;
}

/* ---- building tables ---- */

static uint64_t alloc_level(unsigned ts)
{
	uint64_t size = 8ull << ts, pa;

	pool_next = (pool_next + size - 1) / size * size;
	pa = pool_next;
	pool_next += size;
	ck_assert_uint_lt(pool_next, RTT_BASE);
	return pa;
}

static uint64_t rd64(uint64_t pa)
{
	uint64_t v;

	ck_assert_int_eq(sim_mem_read_be64(mem, pa, &v), 0);
	return v;
}

static void map_page(struct win *w, uint64_t off)
{
	uint64_t page = off >> w->ps, base = w->root, ent, leaf;
	unsigned l;

	for (l = 0; l < w->levels; l++) {
		uint64_t div = 1ull << (w->ts * (w->levels - 1 - l));
		uint64_t slot = base + 8 * ((page / div) % (1ull << w->ts));

		if (l + 1 == w->levels) {
			unsigned p = pct();
			uint64_t rpn;

			if (pct() < 3)
				rpn = RAM + (rnd() % 4) * (1ull << 28);
			else
				rpn = (rnd() % (POOL >> w->ps)) << w->ps;
			leaf = rpn | (p < 10 ? 0 : p < 35 ? 1 : p < 50 ? 2 : 3);
			ck_assert_int_eq(sim_mem_write_be64(mem, slot, leaf), 0);
			return;
		}
		ent = rd64(slot);
		if (!ent) {
			ent = alloc_level(w->ts) | (pct() < 5 ? 0 : 1 + rnd() % 3);
			ck_assert_int_eq(sim_mem_write_be64(mem, slot, ent), 0);
		}
		base = ent & ~0xFFFull;
	}
}

/* force: -1 random, else the percentile to use (makes every kind occur) */
static void build_window(struct win *w, int force, bool bad_root)
{
	static const unsigned pss[] = { 12, 16, 24, 28 };
	unsigned p = force < 0 ? pct() : (unsigned)force, i;

	memset(w, 0, sizeof(*w));
	if (p < 8) {
		w->kind = W_NONE;
		return;
	}
	if (p < 14) {
		static const uint64_t bad[] = {
			0x0000000200000101ull | 5ull << 13,	/* 6 levels */
			0x0000000200000005ull,			/* tts 0 */
			0x0000000200000103ull,			/* 16K pages */
			0x000000FFFFFF0200ull,		/* bypass, no valid */
		};
		w->kind = W_BAD;
		w->raw = bad[rnd() % 4];
		return;
	}
	if (p < 30) {
		uint64_t s = rnd() % 64, e = s + rnd() % 1200;

		w->kind = W_BYPASS;
		w->start = s << 24;
		w->end = e << 24;
		/* full-field encoding: bits 47..24 in TVE[0:23]/[24:47],
		   49..48 in TVE[52:53]/[54:55], valid TVE[51] */
		w->raw = ((w->start >> 24) & 0xFFFFFF) << 40 |
			 ((w->end >> 24) & 0xFFFFFF) << 16 |
			 ((w->start >> 48) & 3) << 10 |
			 ((w->end >> 48) & 3) << 8 | 0x1000;
		return;
	}
	w->kind = W_XLATE;
	do {
		w->levels = 1 + rnd() % 5;
		w->ts = 9 + rnd() % 3;
		w->ps = pss[rnd() % 4];
	} while (w->ts * w->levels + w->ps >= 59);
	w->root = bad_root || pct() < 3 ? 20 * GiB : alloc_level(w->ts);
	w->raw = (w->root >> 12) << 16 | (uint64_t)(w->levels - 1) << 13 |
		 (uint64_t)(w->ts - 8) << 8 | (w->ps - 11);
	if (w->root >= RAM)
		return;
	w->nmapped = 1 + rnd() % 64;
	for (i = 0; i < w->nmapped; i++) {
		uint64_t wsize = 1ull << (w->ts * w->levels + w->ps);
		uint64_t off = rnd() % wsize & ~((1ull << w->ps) - 1);

		/* cluster half of them so levels are shared */
		if (i && pct() < 50)
			off = (w->mapped[i - 1] + ((1 + rnd() % 4) << w->ps)) %
			      wsize;
		w->mapped[i] = off;
		map_page(w, off);
	}
}

/* ---- the reference translator ---- */

struct ref {
	enum sim_dma_status status;
	enum sim_fault_reason reason;
	uint16_t pe;
	uint64_t pa, fault_addr;
};

/* One page/granule at cur: reason, *pa, *gran (log2 granule size). */
static enum sim_fault_reason ref_page(const struct win *w, bool alias,
				      uint64_t cur, enum sim_dma_dir dir,
				      uint64_t *pa, unsigned *gran)
{
	uint64_t off = cur % B59, base, ent = 0, page;
	unsigned l;

	if (w->kind == W_NONE || w->kind == W_BAD)
		return SIM_FAULT_INVALID_TVE;
	if (w->kind == W_BYPASS) {
		if (off < w->start || off >= w->end)
			return SIM_FAULT_OUT_OF_WINDOW;
		*pa = cur % (1ull << 50);
		*gran = 24;
		return SIM_FAULT_NONE;
	}
	if (off >= 1ull << (w->ts * w->levels + w->ps)) {
		if (!alias)
			return SIM_FAULT_OUT_OF_WINDOW;
		off %= 1ull << (w->ts * w->levels + w->ps);
	}
	page = off >> w->ps;
	base = w->root;
	for (l = 0; l < w->levels; l++) {
		uint64_t div = 1ull << (w->ts * (w->levels - 1 - l));

		if (sim_mem_read_be64(mem, base + 8 * ((page / div) %
						       (1ull << w->ts)), &ent))
			return SIM_FAULT_TABLE_MEMORY;
		if (l + 1 < w->levels) {
			if (ent % 4 == 0)
				return SIM_FAULT_INVALID_INDIRECT;
			base = ent - ent % 4096;
		}
	}
	if (ent % 4 == 0)
		return SIM_FAULT_INVALID_LEAF;
	if ((dir == SIM_DMA_READ && !(ent & 1)) ||
	    (dir == SIM_DMA_WRITE && !(ent & 2)))
		return SIM_FAULT_PERMISSION;
	*pa = ent - ent % (1ull << w->ps) + off % (1ull << w->ps);
	*gran = w->ps;
	return SIM_FAULT_NONE;
}

static void ref_freeze(unsigned pe)
{
	unsigned c;

	frozen[pe] = true;
	for (c = 0; c < 256; c++)
		if (peltv[pe][c])
			frozen[c] = true;
}

static struct ref ref_dma(unsigned ridx, uint64_t addr, uint32_t len,
			  enum sim_dma_dir dir, bool alias)
{
	struct ref r = { .status = SIM_DMA_OK, .pe = 0xFFFF };
	uint64_t last = addr + len - 1, cur = addr, left = len;
	uint16_t rte = rtt[ridx];

	if ((addr & ~0xFFFFull) == 0xFFFF0000ull || addr >> 60 == 1) {
		r.status = SIM_DMA_MSI;
		if (rte < 256)
			r.pe = rte;
		return r;
	}
	if (addr >> 60 || last >> 60) {
		r.status = SIM_DMA_FAULT;
		r.reason = SIM_FAULT_UNSUPPORTED_ADDR;
		r.fault_addr = addr;
		return r;
	}
	if (rte >= 256) {
		r.status = SIM_DMA_FAULT;
		r.reason = SIM_FAULT_INVALID_PE;
		r.fault_addr = addr;
		return r;
	}
	r.pe = rte;
	if (frozen[rte]) {
		r.status = SIM_DMA_FROZEN;
		return r;
	}
	while (left) {
		uint64_t pa = 0, n;
		unsigned gran = 12;
		enum sim_fault_reason why;

		why = ref_page(&win[rte][(cur >> 59) & 1], alias, cur, dir,
			       &pa, &gran);
		if (why == SIM_FAULT_NONE) {
			n = (1ull << gran) - cur % (1ull << gran);
			n = n < left ? n : left;
			if (pa + n > RAM)
				why = SIM_FAULT_TARGET_MEMORY;
		}
		if (why != SIM_FAULT_NONE) {
			r.status = SIM_DMA_FAULT;
			r.reason = why;
			r.fault_addr = cur;
			r.pa = 0;
			ref_freeze(rte);
			return r;
		}
		if (cur == addr)
			r.pa = pa;
		cur += n;
		left -= n;
	}
	return r;
}

/* ---- request generator ---- */

static uint64_t pick_addr(const struct win *w, unsigned wsel, uint32_t *len)
{
	unsigned p = pct();
	uint64_t off = rnd() % (1ull << 40);

	*len = 1 + rnd() % 8;
	if (p < 4)
		return 0xFFFF0000ull + rnd() % 0xFFF8;
	if (p < 6)
		return (1ull << 60) + rnd() % (1ull << 40);
	if (p < 8)
		return (2 + rnd() % 14) << 60 | rnd() % 4096;
	if (p < 9)
		return (1ull << 60) - 1 - rnd() % 8;	/* runs off the top */
	if (w->kind == W_BYPASS) {
		uint64_t span = w->end - w->start + (64ull << 20);

		off = w->start + rnd() % span - (32ull << 20);
		if (pct() < 20)		/* straddle the end */
			off = w->end - rnd() % 8;
	} else if (w->kind == W_XLATE) {
		unsigned wb = w->ts * w->levels + w->ps;
		uint64_t pg = 1ull << w->ps;

		if (w->nmapped && p < 70) {
			off = w->mapped[rnd() % w->nmapped] + rnd() % pg;
			if (pct() < 15) {	/* cross into the next page */
				off = off - off % pg + pg - 1 - rnd() % 8;
				*len = 9 + rnd() % 8;
			}
		} else if (p < 85) {
			off = rnd() % (1ull << wb);
		} else {
			off = (1ull << wb) + rnd() % (1ull << wb);
			off %= B59;
		}
	}
	return (uint64_t)wsel << 59 | (off % B59);
}

static void run(bool alias, unsigned nreq)
{
	struct phb3_params pp;
	struct sim_dma_target t;
	static uint8_t buf[32];
	uint64_t seed = 0x7CE5157ull + alias;
	const char *env = getenv("TCESIM_SEED");
	unsigned i, j, k, seen[SIM_FAULT_MAX + 4] = { 0 };

	if (env)
		seed = strtoull(env, NULL, 0) + alias;
	printf("model_phb3_property: seed 0x%" PRIx64 " oow_policy=%s, %u requests\n",
	       seed, alias ? "alias" : "fault", nreq);
	rng = seed;
	mem = sim_mem_create(RAM, 0);
	ck_assert_ptr_nonnull(mem);
	phb3_params_default(&pp);
	pp.oow_policy = alias ? PHB3_OOW_ALIAS : PHB3_OOW_FAULT;
	pp.tce_cache.entries = 16;	/* small: evictions happen */
	phb = phb3_create(mem, &pp, 0);
	ck_assert_ptr_nonnull(phb);
	t = phb3_dma_target(phb);
	memset(win, 0, sizeof(win));
	memset(peltv, 0, sizeof(peltv));
	memset(frozen, 0, sizeof(frozen));
	pool_next = POOL;

	mmio_wr(phb, 0x160, 1ull << 55);			/* MSI32 on */
	mmio_wr(phb, 0x168, 1ull << 63 | RTT_BASE);
	mmio_wr(phb, 0x188, 1ull << 63 | PELTV_BASE);
	for (i = 0; i < NPES; i++) {
		for (j = 0; j < 2; j++) {
			/* the last PEs get one window of each rare kind */
			build_window(&win[pes[i]][j],
				     i == NPES - 1 ? (j ? 0 : 10) :
				     i == NPES - 2 && j ? 20 :
				     i == NPES - 3 && j ? 50 : -1,
				     i == NPES - 3 && j);
			ioda_wr(phb, 9, pes[i] * 2 + j, win[pes[i]][j].raw);
		}
		if (pct() < 30) {
			unsigned c = pes[rnd() % NPES];

			peltv[pes[i]][c] = true;
			ck_assert_int_eq(sim_mem_write(mem, PELTV_BASE +
				pes[i] * 32 + c / 8,
				&(uint8_t){ 0x80 >> (c % 8) }, 1), 0);
		}
	}
	for (i = 0; i < NRIDS; i++) {
		rids[i] = i * 0x0101 + (i & 7);
		rtt[i] = i < 2 ? (i ? 0x8000 : 256) : pes[rnd() % NPES];
		ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2ull * rids[i],
						    rtt[i]), 0);
	}

	for (i = 0; i < nreq; i++) {
		unsigned ridx = rnd() % NRIDS;
		unsigned wsel = rnd() % 2;
		const struct win *w = rtt[ridx] < 256 ? &win[rtt[ridx]][wsel]
						       : &win[0][wsel];
		struct sim_dma_req req = { .rid = rids[ridx] };
		struct sim_dma_result got;
		struct ref want;

		req.addr = pick_addr(w, wsel, &req.len);
		req.dir = rnd() % 2 ? SIM_DMA_WRITE : SIM_DMA_READ;
		want = ref_dma(ridx, req.addr, req.len, req.dir, alias);
		ck_assert_int_eq(t.dma(t.opaque, &req, buf, &got), 0);
		ck_assert_msg(got.status == want.status &&
			      got.reason == want.reason && got.pe == want.pe &&
			      (want.status != SIM_DMA_OK || got.pa == want.pa) &&
			      (want.status != SIM_DMA_FAULT ||
			       got.fault_addr == want.fault_addr),
			      "req %u rid 0x%x addr 0x%" PRIx64 " len %u %s: "
			      "got %s/%s pe %u pa 0x%" PRIx64 " fa 0x%" PRIx64
			      ", want %s/%s pe %u pa 0x%" PRIx64 " fa 0x%" PRIx64,
			      i, req.rid, req.addr, req.len,
			      req.dir ? "write" : "read",
			      sim_dma_status_name(got.status),
			      sim_fault_reason_name(got.reason), got.pe, got.pa,
			      got.fault_addr, sim_dma_status_name(want.status),
			      sim_fault_reason_name(want.reason), want.pe,
			      want.pa, want.fault_addr);
		seen[want.status == SIM_DMA_FAULT ? want.reason
						  : SIM_FAULT_MAX + want.status]++;
		/* thaw most frozen PEs, as firmware would */
		for (k = 0; k < NPES; k++) {
			if (frozen[pes[k]] && pct() < 70) {
				ioda_wr(phb, 7, pes[k], 0);
				ioda_wr(phb, 8, pes[k], 0);
				frozen[pes[k]] = false;
			}
		}
	}
	printf("  outcomes:");
	for (k = 0; k < 4; k++)
		printf(" %s %u", sim_dma_status_name(k), seen[SIM_FAULT_MAX + k]);
	for (k = 1; k < SIM_FAULT_MAX; k++)
		printf(" %s %u", sim_fault_reason_name(k), seen[k]);
	printf("\n");
	/* every outcome was exercised (the seed is fixed) */
	for (k = 1; k < SIM_FAULT_MAX + 4; k++)
		ck_assert_msg(seen[k] || k == SIM_FAULT_MAX + SIM_DMA_FAULT,
			      "outcome %u never seen", k);
	for (k = 0; k < 256; k++) {
		mmio_wr(phb, 0x220, 8ull << 48 | k);
		ck_assert_int_eq(!!(mmio_rd(phb, 0x228) >> 63), frozen[k]);
	}
	phb3_destroy(phb);
	sim_mem_destroy(mem);
}

CK_TEST("random", dma_matches_reference_oow_fault)
{
	run(false, 100000);
}
END_TEST

CK_TEST("random", dma_matches_reference_oow_alias)
{
	run(true, 50000);
}
END_TEST

CK_CASE("random", 60, NULL, NULL);
CK_SUITE("model_phb3_property");
