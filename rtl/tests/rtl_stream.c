// SPDX-License-Identifier: GPL-2.0
/*
 * The random lockstep stream (see rtl_stream.h). Tables are built straight
 * in simulated memory; every register write and request goes through the
 * lockstep, so the C model and the twin see the same thing.
 *
 * Memory map: DMA targets in [64 MiB, 512 MiB), the RTT at 1 GiB - 128 KiB,
 * TCE tables from 1 GiB up (DMA writes never touch a table).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtl_stream.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define RTT_BASE (GiB - 128 * 1024)
#define TABLES (GiB)
#define TARGET_LO (64 * MiB)
#define TARGET_HI (512 * MiB)
#define OUTSIDE (64 * GiB)	/* a physical address past RAM */
#define NPE 12
#define NRID 48
#define BAD_RID 44		/* RIDs 44..47: RTE names no PE */
#define WSET 48			/* pages mapped per PE */
#define NSPECIAL 6

#define REG_CONFIG 0x160
#define REG_RTT_BAR 0x168
#define REG_RTC_INV 0x208
#define REG_KILL 0x210
#define REG_IODA_ADDR 0x220
#define REG_IODA_DATA0 0x228
#define TSEL_PESTA 7ull
#define TSEL_PESTB 8ull
#define TSEL_TVT 9ull
#define BIT(n) (1ull << (63 - (n)))	/* IBM bit n */

enum special {		/* pages that fault, per PE */
	SP_UNMAPPED,	/* leaf 0: INVALID_LEAF */
	SP_READONLY,	/* R only: PERMISSION on a write */
	SP_TARGET,	/* PA past RAM: TARGET_MEMORY */
	SP_NOLEVEL,	/* upper entry 0: INVALID_INDIRECT (levels >= 2) */
	SP_TABLEMEM,	/* upper entry past RAM: TABLE_MEMORY (levels >= 2) */
	SP_OOW,		/* past the window (when it is smaller than 2^59) */
};

struct pe_win {
	unsigned levels, ts, ps, win_shift;
	bool bad_tve;		/* window 0 TVE invalid */
	bool bypass1;		/* window 1: bypass [0, 1 GiB) */
	uint64_t root;
	uint64_t base_page;	/* WSET pages from here */
	uint64_t tce[WSET];	/* as written */
	uint64_t special[NSPECIAL];
	bool has_special[NSPECIAL];
};

struct st {
	struct rtl_lockstep *ls;
	struct sim_mem *mem;
	struct rtl_stream_opts o;
	uint64_t rng, pool;
	struct pe_win pe[NPE];
	bool cold[NRID];	/* next request misses the RTT cache */
	int frozen_for[NPE];	/* requests until the stream unfreezes it */
	uint8_t buf[4 * 4096 + 64];
	struct rtl_stream_stats st;
	char *err;
	size_t errlen;
};

static uint64_t rnd(struct st *s)	/* splitmix64 */
{
	uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned pct(struct st *s)
{
	return (unsigned)(rnd(s) % 100);
}

void rtl_stream_opts_default(struct rtl_stream_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->requests = 10000;
	o->faults = true;
	o->kills = true;
	o->multipage = true;
	o->idle_pct = 5;
	o->levels_max = 5;
}

/* RTL_STREAM_DEBUG=N prints the operations from request N - BACK to
   N + 2 on stderr (RTL_STREAM_BACK, default 12). */
static bool dbg_on;

static bool debug_window(unsigned n)
{
	const char *d = getenv("RTL_STREAM_DEBUG"), *b = getenv("RTL_STREAM_BACK");
	unsigned at = d ? (unsigned)atoi(d) : 0, back = b ? (unsigned)atoi(b) : 12;

	return d && n + back >= at && n <= at + 2;
}

static void wr(struct st *s, uint32_t off, uint64_t v)
{
	if (dbg_on)
		fprintf(stderr, "  write %#x %#llx\n", off, (unsigned long long)v);
	rtl_lockstep_write(s->ls, off, v);
}

static void ioda(struct st *s, uint64_t tsel, unsigned idx, uint64_t v)
{
	wr(s, REG_IODA_ADDR, tsel << 48 | idx);
	wr(s, REG_IODA_DATA0, v);
}

static uint64_t table_alloc(struct st *s, unsigned ts)
{
	uint64_t size = 8ull << ts, pa = (s->pool + size - 1) & ~(size - 1);

	s->pool = pa + size;
	return pa;
}

static int mem_w64(struct st *s, uint64_t pa, uint64_t v)
{
	if (sim_mem_write_be64(s->mem, pa, v)) {
		snprintf(s->err, s->errlen, "stream: cannot write %#llx",
			 (unsigned long long)pa);
		return -EFAULT;
	}
	return 0;
}

/* Address of the leaf entry of page in w, creating the levels above
   (upper entries: R|W). */
static int leaf_slot(struct st *s, struct pe_win *w, uint64_t page,
		     uint64_t *slot)
{
	uint64_t base = w->root, ent;
	unsigned l, sh;

	for (l = 0; l + 1 < w->levels; l++) {
		sh = w->ts * (w->levels - 1 - l);
		*slot = base + 8 * ((sh >= 64 ? 0 : page >> sh) & ((1ull << w->ts) - 1));
		if (sim_mem_read_be64(s->mem, *slot, &ent))
			return -EFAULT;
		if (!ent) {
			ent = table_alloc(s, w->ts) | 3;
			if (mem_w64(s, *slot, ent))
				return -EFAULT;
		}
		if ((ent & ~0xFFFull) >= OUTSIDE)
			return -ENOENT;
		base = ent & ~0xFFFull;
	}
	*slot = base + 8 * (page & ((1ull << w->ts) - 1));
	return 0;
}

static uint64_t target(struct st *s, unsigned ps)
{
	uint64_t span = (TARGET_HI - TARGET_LO) >> ps;

	if (!span)	/* 256M pages: 0 or 256M */
		return (rnd(s) % 2) << ps;
	return TARGET_LO + ((rnd(s) % span) << ps);
}

static uint64_t page_bus(const struct pe_win *w, uint64_t page)
{
	return page << w->ps;
}

static int set_tce(struct st *s, struct pe_win *w, uint64_t page, uint64_t tce)
{
	uint64_t slot;
	int rc = leaf_slot(s, w, page, &slot);

	return rc ? rc : mem_w64(s, slot, tce);
}

static int build(struct st *s)
{
	static const unsigned pss[] = { 12, 16, 24, 28 };
	unsigned p, i, rid;
	int rc;

	s->pool = TABLES;
	wr(s, REG_RTT_BAR, BIT(0) | RTT_BASE);
	wr(s, REG_CONFIG, BIT(8));	/* MSI32 decode on */
	for (rid = 0; rid < NRID; rid++) {
		uint16_t rte = rid >= BAD_RID ? 0x1FF : rid % NPE;

		if (sim_mem_write_be16(s->mem, RTT_BASE + 2 * rid, rte))
			return -EFAULT;
		s->cold[rid] = true;
	}
	for (p = 0; p < NPE; p++) {
		struct pe_win *w = &s->pe[p];
		uint64_t pages, tve;

		w->levels = 1 + p % s->o.levels_max;
		w->ts = 9;
		w->ps = pss[(p / s->o.levels_max + p) % 4];
		w->win_shift = w->ts * w->levels + w->ps;
		if (w->win_shift > 59)
			w->win_shift = 59;
		w->bad_tve = p == NPE - 1;
		w->bypass1 = p % 3 == 0;
		w->root = table_alloc(s, w->ts);
		pages = 1ull << (w->win_shift - w->ps);
		w->base_page = pages > 4 * WSET ? rnd(s) % (pages - 2 * WSET) : 0;
		tve = (w->root >> 12) << 16 | (uint64_t)(w->levels - 1) << 13 |
		      (uint64_t)(w->bad_tve ? 0 : w->ts - 8) << 8 | (w->ps - 11);
		ioda(s, TSEL_TVT, 2 * p, tve);
		if (w->bypass1)	/* valid, start 0, end 1 GiB (16 MiB units) */
			ioda(s, TSEL_TVT, 2 * p + 1,
			     (GiB >> 24) << 16 | BIT(51));
		if (w->bad_tve)
			continue;
		for (i = 0; i < WSET && i < pages; i++) {
			w->tce[i] = target(s, w->ps) | (pct(s) < 10 ? 1 : 3);
			rc = set_tce(s, w, w->base_page + i, w->tce[i]);
			if (rc)
				return rc;
		}
		if (pages <= 4 * WSET)
			continue;
		/* pages that fault, away from the working set */
		w->special[SP_UNMAPPED] = w->base_page + WSET + 1;
		w->has_special[SP_UNMAPPED] = !set_tce(s, w, w->special[SP_UNMAPPED], 0);
		w->special[SP_READONLY] = w->base_page + WSET + 2;
		w->has_special[SP_READONLY] =
			!set_tce(s, w, w->special[SP_READONLY], target(s, w->ps) | 1);
		w->special[SP_TARGET] = w->base_page + WSET + 3;
		w->has_special[SP_TARGET] =
			!set_tce(s, w, w->special[SP_TARGET], OUTSIDE | 3);
		if (w->levels >= 2) {
			uint64_t span = 1ull << (w->ts * (w->levels - 1));
			uint64_t np = pages / span;
			uint64_t r = np >= 4 ? (w->base_page / span + np / 2) % np : 0;

			/* root entries r (0: no level) and r + 1 (past RAM) */
			if (np >= 4 && r + 1 < np && r != w->base_page / span &&
			    r + 1 != w->base_page / span &&
			    r != (w->base_page + 2 * WSET) / span &&
			    r + 1 != (w->base_page + 2 * WSET) / span) {
				w->special[SP_NOLEVEL] = r * span;
				w->has_special[SP_NOLEVEL] = true;
				w->special[SP_TABLEMEM] = (r + 1) * span;
				w->has_special[SP_TABLEMEM] =
					!mem_w64(s, w->root + 8 * (r + 1), OUTSIDE | 3);
			}
		}
		if (w->win_shift < 59) {
			w->special[SP_OOW] = pages;	/* first page past the window */
			w->has_special[SP_OOW] = true;
		}
	}
	return 0;
}

static void kill_page(struct st *s, unsigned p, uint64_t page, bool one_ok)
{
	unsigned k = pct(s);

	s->st.kills++;
	if (one_ok && !s->o.no_kill_one && k < 70)
		wr(s, REG_KILL, BIT(2) | (page_bus(&s->pe[p], page) & 0x0FFFFFFFFFFFF000ull) | p);
	else if (k < 90)
		wr(s, REG_KILL, BIT(1) | p);
	else
		wr(s, REG_KILL, BIT(0));
}

/* Change one mapped TCE (new target or permission) and kill it. */
static int remap(struct st *s)
{
	unsigned p = (unsigned)(rnd(s) % (NPE - 1)), i = (unsigned)(rnd(s) % WSET);
	struct pe_win *w = &s->pe[p];
	uint64_t pages = 1ull << (w->win_shift - w->ps);
	int rc;

	if (i >= pages)
		return 0;
	w->tce[i] = target(s, w->ps) | (pct(s) < 10 ? 1 : 3);
	rc = set_tce(s, w, w->base_page + i, w->tce[i]);
	if (rc)
		return rc;
	kill_page(s, p, w->base_page + i, true);
	return 0;
}

static void unfreeze(struct st *s, unsigned p)
{
	ioda(s, TSEL_PESTA, p, 0);
	ioda(s, TSEL_PESTB, p, 0);
	s->frozen_for[p] = 0;
}

static bool walk_fault(enum sim_fault_reason r)
{
	return r == SIM_FAULT_INVALID_INDIRECT || r == SIM_FAULT_INVALID_LEAF ||
	       r == SIM_FAULT_PERMISSION || r == SIM_FAULT_TABLE_MEMORY ||
	       r == SIM_FAULT_TARGET_MEMORY;
}

/* Pick and send one request. */
static int request(struct st *s)
{
	unsigned rid = (unsigned)(rnd(s) % NRID), p = rid % NPE, k = pct(s), i;
	struct pe_win *w = &s->pe[p];
	bool cold = s->cold[rid], write = pct(s) < 40, alone = false;
	struct sim_dma_req q;
	struct sim_dma_result res;
	uint64_t pages = 1ull << (w->win_shift - w->ps), psize = 1ull << w->ps;
	uint64_t dflt;
	int rc;

	memset(&q, 0, sizeof(q));
	q.dir = write ? SIM_DMA_WRITE : SIM_DMA_READ;
	q.rid = (uint16_t)rid;
	q.len = 1 + (uint32_t)(rnd(s) % 256);
	i = (unsigned)(rnd(s) % (pages < WSET ? pages : WSET));
	q.addr = page_bus(w, w->base_page + i) + rnd(s) % (psize - 256);
	dflt = q.addr;
	if (rid >= BAD_RID || w->bad_tve || rtl_lockstep_pe_frozen(s->ls, p))
		alone = cold;	/* no page looked up: see rtl_stream.h */
	if (s->o.faults && k < 12 && !cold) {
		enum special sp = (enum special)(rnd(s) % NSPECIAL);

		if (k < 2) {
			q.addr = 1ull << 60 | rnd(s) % 4096;	/* MSI */
		} else if (k < 3) {
			q.addr = 2ull << 60;			/* unsupported */
		} else if (w->bypass1 && k < 6) {
			q.addr = 1ull << 59 | (k == 3 ? GiB + 4096 : target(s, 12));
		} else if (w->has_special[sp] &&
			   !(s->o.no_walk_faults && sp != SP_OOW)) {
			q.addr = page_bus(w, w->special[sp]) + 8;
			if (sp == SP_READONLY)
				q.dir = SIM_DMA_WRITE;
		}
	} else if (s->o.multipage && k >= 90 && w->ps <= 16 && i + 3 < WSET &&
		   i + 3 < pages) {
		/* up to 4 pages; all but the last good for the direction */
		unsigned n = 2 + (unsigned)(rnd(s) % 3), j;

		for (j = 0; j + 1 < n; j++)
			if (!(w->tce[i + j] & (write ? 2 : 1)))
				break;
		n = j + 1;
		if (s->o.no_walk_faults && !(w->tce[i + j] & (write ? 2 : 1)))
			q.dir = SIM_DMA_READ;
		q.addr = page_bus(w, w->base_page + i) + rnd(s) % psize;
		q.len = (uint32_t)((n - 1) * psize + 1 + rnd(s) % 512);
		if ((q.addr & (psize - 1)) + q.len > n * psize)
			q.len = (uint32_t)(n * psize - (q.addr & (psize - 1)));
	}
	if ((cold || s->o.no_walk_faults) && q.dir == SIM_DMA_WRITE &&
	    q.addr == dflt && !(w->tce[i] & 2))
		q.dir = SIM_DMA_READ;	/* translates (no PERMISSION walk fault) */
	if (q.len > sizeof(s->buf))
		q.len = sizeof(s->buf);
	memset(s->buf, 0x5A, q.len);
	rc = rtl_lockstep_dma(s->ls, &q, s->buf, &res);
	if (dbg_on)
		fprintf(stderr, "  dma rid %#x addr %#llx len %u %s -> st %d r %d pe %u cold %d alone %d\n",
			q.rid, (unsigned long long)q.addr, q.len, q.dir ? "w" : "r",
			res.status, res.reason, res.pe, cold, alone);
	if (rc) {
		snprintf(s->err, s->errlen, "stream: dma refused: %d", rc);
		return rc;
	}
	s->st.status[res.status]++;
	if (res.status == SIM_DMA_FAULT)
		s->st.reason[res.reason]++;
	if ((q.addr & (psize - 1)) + q.len > psize && !(q.addr >> 59))
		s->st.multipage++;
	if (res.status != SIM_DMA_MSI && (q.addr >> 60) == 0)
		s->cold[rid] = false;
	if (alone)
		rtl_lockstep_drain(s->ls);
	if (res.status == SIM_DMA_FAULT && res.pe < NPE) {
		if (walk_fault(res.reason)) {
			/* the twin looked up what the C model knew would fault:
			   recover like a driver would after EEH */
			rtl_lockstep_drain(s->ls);
			wr(s, REG_KILL, BIT(0));
			unfreeze(s, res.pe);
		} else {
			s->frozen_for[res.pe] = 1 + (int)(rnd(s) % 20);
		}
	}
	for (p = 0; p < NPE; p++)
		if (s->frozen_for[p] && !--s->frozen_for[p])
			unfreeze(s, p);
	if (s->o.serialize)
		rtl_lockstep_drain(s->ls);
	return 0;
}

int rtl_stream_run(struct rtl_lockstep *ls, struct sim_mem *mem,
		   const struct rtl_stream_opts *o, struct rtl_stream_stats *st,
		   char *err, size_t errlen)
{
	struct st *s = calloc(1, sizeof(*s));
	unsigned n, rid;
	int rc;

	if (!s) {
		snprintf(err, errlen, "stream: out of memory");
		return -ENOMEM;
	}
	s->ls = ls;
	s->mem = mem;
	s->o = *o;
	if (!s->o.levels_max || s->o.levels_max > 5)
		s->o.levels_max = 5;
	s->rng = o->seed;
	s->err = err;
	s->errlen = errlen;
	if (sim_mem_ram_bytes(mem) < 2 * GiB) {
		snprintf(err, errlen, "stream: needs 2 GiB of RAM");
		free(s);
		return -EINVAL;
	}
	rc = build(s);
	for (n = 0; !rc && n < o->requests; n++) {
		unsigned k = pct(s);

		dbg_on = debug_window(n);
		if (dbg_on)
			fprintf(stderr, "op %u:\n", n);

		if (pct(s) < o->idle_pct)
			rtl_lockstep_idle(ls, rnd(s) % 300);
		if (o->kills && k < 6) {
			rc = remap(s);
		} else if (o->kills && k < 9) {
			unsigned p = (unsigned)(rnd(s) % (NPE - 1));

			kill_page(s, p, s->pe[p].base_page + rnd(s) % WSET, true);
		} else if (k < 10) {
			s->st.rtc_invalidations++;
			if (pct(s) < 50) {
				wr(s, REG_RTC_INV, BIT(0));
				for (rid = 0; rid < NRID; rid++)
					s->cold[rid] = true;
			} else {
				rid = (unsigned)(rnd(s) % NRID);
				wr(s, REG_RTC_INV, (uint64_t)rid << 32);
				s->cold[rid] = true;
			}
		}
		if (!rc)
			rc = request(s);
	}
	if (!rc)
		rtl_lockstep_drain(ls);
	if (st)
		*st = s->st;
	free(s);
	return rc;
}
