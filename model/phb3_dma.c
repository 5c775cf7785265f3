// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 DMA path, the one page iterator:
 *   address decode -> RTT (via the RTC) -> frozen check -> per IO page:
 *   the window's TVE (decoded when the TVT was written) -> TCE cache
 *   lookup (fast path) or pure walk + fill (slow path) -> permission ->
 *   target in RAM;
 *   then the data moved, or a fault: PEST logged in memory, PESTA/PESTB/
 *   PEEV set, PELT-V row frozen, nothing transferred.
 * Each step is reported to the observers (tcesim/xlate_observer.h) when
 * any is attached; with none the path only tests that once per request.
 */
#include <stdlib.h>
#include <string.h>

#include "phb3_internal.h"

#define MSI32_BASE 0xFFFF0000ull
#define PEST_ENTRY_BYTES 16
#define PELTV_ROW_BYTES (PHB3_MAX_PES / 8)
#define SMALL_CHUNKS 8

/* ---- faults and freeze ---- */

static void freeze_pe(struct phb3 *p, unsigned pe)
{
	if (!IBM_EX(p->ioda.PESTB[pe], IODA2_PESTB_DMA_STOPPED))
		p->st.freezes++;
	p->ioda.PESTA[pe] |= IBM_MASK(IODA2_PESTA_MMIO_FROZEN);
	p->ioda.PESTB[pe] |= IBM_MASK(IODA2_PESTB_DMA_STOPPED);
	p->ioda.PEEV[pe / 64] |= PPC_BIT(pe % 64);
}

/* Freeze pe and every PE its PELT-V row lists. */
static void freeze_with_peltv(struct phb3 *p, unsigned pe)
{
	uint64_t bar = phb3_reg(p, PHB_PELTV_BAR);
	uint8_t row[PELTV_ROW_BYTES];
	unsigned c;

	freeze_pe(p, pe);
	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		return;
	if (sim_mem_read(p->mem, (bar & IBM_MASK(PHB_PELTV_BAR_ADDR)) +
			 (uint64_t)pe * PELTV_ROW_BYTES, row, sizeof(row))) {
		p->st.peltv_unreadable++;
		return;
	}
	for (c = 0; c < p->params.num_pes; c++)
		if (row[c / 8] & (0x80 >> (c % 8)))
			freeze_pe(p, c);
}

static uint64_t pest0_cause(enum sim_fault_reason r)
{
	switch (r) {
	case SIM_FAULT_PERMISSION:
		return IBM_MASK(PHB3_PEST0_TCE_ACCESS_FAULT);
	case SIM_FAULT_INVALID_INDIRECT:
	case SIM_FAULT_INVALID_LEAF:
	case SIM_FAULT_OUT_OF_WINDOW:
	case SIM_FAULT_TABLE_MEMORY:
		return IBM_MASK(PHB3_PEST0_TCE_PAGE_FAULT);
	case SIM_FAULT_INVALID_TVE:
		return IBM_MASK(PHB3_PEST0_IODA2_ERROR);
	default:
		return 0;
	}
}

static void log_pest(struct phb3 *p, const struct sim_dma_req *req,
		     unsigned pe, enum sim_fault_reason r, uint64_t addr)
{
	uint64_t bar = phb3_reg(p, PHB_PEST_BAR);
	uint64_t pest0 = 0, pest1 = 0, at;

	pest0 = IBM_DP(pest0, PHB3_PEST0_TTYPE,
		       req->dir == SIM_DMA_WRITE ? PHB3_TTYPE_DMA_WRITE
						 : PHB3_TTYPE_DMA_READ);
	pest0 = IBM_DP(pest0, PHB3_PEST0_RID, req->rid);
	pest0 |= pest0_cause(r);
	pest1 = IBM_DP(pest1, PHB3_PEST1_FAIL_ADDR,
		       IBM_EX(addr, PHB3_PEST1_FAIL_ADDR));
	at = (bar & IBM_MASK(PHB_PEST_BAR_ADDR)) + (uint64_t)pe * PEST_ENTRY_BYTES;
	if (!IBM_EX(bar, PHB_BAR_ENABLE) ||
	    !sim_mem_in_ram(p->mem, at, PEST_ENTRY_BYTES)) {
		p->st.pest_lost++;
		return;
	}
	sim_mem_write_be64(p->mem, at, pest0);
	sim_mem_write_be64(p->mem, at + 8, pest1);
	p->st.pest_writes++;
}

static void dma_fault(struct phb3 *p, const struct sim_dma_req *req,
		      unsigned pe, enum sim_fault_reason r, uint64_t addr,
		      struct sim_dma_result *res)
{
	assert(r != SIM_FAULT_NONE && r < SIM_FAULT_MAX);
	p->st.faults++;
	p->st.fault_reason[r]++;
	res->status = SIM_DMA_FAULT;
	res->reason = r;
	res->fault_addr = addr;
	res->pa = 0;
	res->bytes_done = 0;
	if (pe == PHB3_NO_PE) {
		p->st.fault_no_pe++;
		return;
	}
	log_pest(p, req, pe, r, addr);
	freeze_with_peltv(p, pe);
}

/* ---- translation of one IO page ---- */

/* One request's translation: its PE, direction, and where an observed
   walk records its table reads (NULL when no one watches). */
struct walk {
	struct phb3 *p;
	unsigned pe;
	enum sim_dma_dir dir;
	struct xlate_table_read *reads;
};

struct page_xlate {
	uint64_t pa;
	uint64_t offset;	/* window offset (after aliasing) */
	unsigned page_shift;	/* 0 when the TVE is invalid */
	unsigned levels_read;
	unsigned nreads;	/* table reads attempted (observed) */
	enum xlate_lookup lookup;
};

/* The window's TVE as the fetch unit holds it (decoded when written). */
static inline const struct phb3_tve *walk_tve(const struct walk *w,
					      unsigned window)
{
	return &w->p->tve[w->pe * 2 + window];
}

static struct phb3_xlate_cfg xlate_cfg(const struct phb3 *p)
{
	return (struct phb3_xlate_cfg){
		.oow_policy = p->params.oow_policy,
		.bypass_bounds_check = p->params.bypass_bounds_check,
	};
}

/* One translation of addr through TVE t with the PHB's configuration. */
static int walk_xlate(struct walk *w, const struct phb3_tve *t, uint64_t addr,
		      struct phb3_xlate *x, struct phb3_fault *f,
		      struct xlate_table_read *reads)
{
	const struct phb3_xlate_cfg cfg = xlate_cfg(w->p);

	return phb3_xlate(w->p->mem, &cfg, t, addr, w->dir, x, f, reads);
}

/* The slow path: walk the table, fill the cache with a usable leaf. */
static enum sim_fault_reason walk_page(struct walk *w,
				       const struct phb3_tve *t,
				       const struct tce_cache_key *key,
				       uint64_t addr, struct page_xlate *out)
{
	struct phb3 *p = w->p;
	struct phb3_xlate x;
	struct phb3_fault f;

	out->lookup = XLATE_LOOKUP_MISS;
	p->st.walks[t->levels]++;
	if (walk_xlate(w, t, addr, &x, &f, w->reads)) {
		p->st.table_reads += f.levels_read;
		out->levels_read = f.levels_read;
		out->nreads = f.levels_read +
			      (f.reason == SIM_FAULT_TABLE_MEMORY);
		return f.reason;
	}
	p->st.table_reads += x.levels_read;
	out->levels_read = x.levels_read;
	out->nreads = x.levels_read;
	out->pa = x.pa;
	tce_cache_fill(p->tc, key, x.tce);
	return SIM_FAULT_NONE;
}

static enum sim_fault_reason bypass_page(struct walk *w,
					 const struct phb3_tve *t,
					 uint64_t addr, struct page_xlate *out)
{
	struct phb3_xlate x;
	struct phb3_fault f;

	out->page_shift = PHB3_BYPASS_UNIT_SHIFT;
	if (walk_xlate(w, t, addr, &x, &f, NULL))
		return f.reason;
	w->p->st.bypass++;
	out->pa = x.pa;
	return SIM_FAULT_NONE;
}

static enum sim_fault_reason xlate_page(struct walk *w, uint64_t addr,
					struct page_xlate *out)
{
	unsigned window = (addr >> PHB3_WINDOW_SELECT_BIT) & 1;
	const struct phb3_tve *t = walk_tve(w, window);
	struct tce_cache_key key;
	enum sim_fault_reason r;
	uint64_t tce;

	out->pa = 0;
	out->offset = addr & ((1ull << PHB3_OFFSET_BITS) - 1);
	out->levels_read = 0;
	out->nreads = 0;
	out->lookup = XLATE_LOOKUP_NONE;
	out->page_shift = 0;
	if (!t->valid)
		return SIM_FAULT_INVALID_TVE;
	if (t->bypass)
		return bypass_page(w, t, addr, out);
	out->page_shift = t->ps;
	r = phb3_window_offset(t, w->p->params.oow_policy, addr, &out->offset);
	if (r != SIM_FAULT_NONE)
		return r;
	/* one assignment: the lookup reads back the small fields whole */
	key = (struct tce_cache_key){
		.pe = (uint16_t)w->pe, .window = (uint16_t)window,
		.page_shift = (uint8_t)t->ps, .win_shift = (uint8_t)t->win_shift,
		.page = out->offset >> t->ps,
	};

	/* fast path: a cached leaf */
	if (tce_cache_lookup(w->p->tc, &key, &tce)) {
		out->lookup = XLATE_LOOKUP_HIT;
		r = phb3_tce_check(tce, w->dir);
		if (r == SIM_FAULT_NONE)
			out->pa = phb3_tce_pa(tce, t->ps, out->offset);
		return r;
	}
	return walk_page(w, t, &key, addr, out);
}

/* ---- observers (out of line: the unobserved path stays short) ---- */

static __attribute__((noinline)) void
report_page(struct walk *w, uint64_t addr, uint64_t left,
	    const struct page_xlate *px, enum sim_fault_reason r)
{
	unsigned window = (addr >> PHB3_WINDOW_SELECT_BIT) & 1;
	const struct phb3_tve *t = walk_tve(w, window);
	struct xlate_page ev = {
		.pe = (uint16_t)w->pe,
		.window = (uint8_t)window,
		.addr = addr,
		.tve_valid = t->valid,
		.bypass = t->bypass,
		.levels = (uint8_t)t->levels,
		.ts = (uint8_t)t->ts,
		.ps = (uint8_t)px->page_shift,
		.win_shift = (uint8_t)t->win_shift,
		.offset = px->offset,
		.lookup = px->lookup,
		.nreads = px->nreads,
		.reads = w->reads,
		.fault = r,
		.pa = px->pa,
	};

	if (px->page_shift) {
		uint64_t room = (1ull << px->page_shift) -
				(addr & ((1ull << px->page_shift) - 1));

		ev.bytes = (uint32_t)(left < room ? left : room);
		ev.io_page = px->offset >> px->page_shift;
	}
	XLATE_EMIT(&w->p->obs, page, &ev);
}

/* ---- the DMA path ---- */

struct chunk {
	uint64_t pa;
	uint64_t len;
};

/* Translate every page of the request, then move the data. */
static int dma_pages(struct phb3 *p, const struct sim_dma_req *req,
		     uint16_t pe, uint8_t *b, struct sim_dma_result *res,
		     bool watched)
{
	struct xlate_table_read reads[PHB3_MAX_LEVELS];
	struct chunk small[SMALL_CHUNKS], *ch = small;
	struct walk w;
	uint64_t cur, left, cap;
	enum sim_fault_reason r;
	unsigned n = 0, i;
	int rc;

	cap = ((uint64_t)req->len >> 12) + 2;
	if (cap > SMALL_CHUNKS) {
		ch = calloc(cap, sizeof(*ch));
		if (!ch)
			return -ENOMEM;
	}
	w.p = p;
	w.pe = pe;
	w.dir = req->dir;
	w.reads = watched ? reads : NULL;
	for (cur = req->addr, left = req->len; left; n++) {
		struct page_xlate px;
		uint64_t room;

		assert(n < cap);
		r = xlate_page(&w, cur, &px);
		if (n == 0) {
			res->walk_levels = px.levels_read;
			res->cache_hit = px.lookup == XLATE_LOOKUP_HIT;
		}
		if (r == SIM_FAULT_NONE) {
			room = (1ull << px.page_shift) -
			       (cur & ((1ull << px.page_shift) - 1));
			ch[n].pa = px.pa;
			ch[n].len = left < room ? left : room;
			if (!sim_mem_in_ram(p->data_mem, px.pa, ch[n].len))
				r = SIM_FAULT_TARGET_MEMORY;
		}
		if (watched)
			report_page(&w, cur, left, &px, r);
		if (r != SIM_FAULT_NONE) {
			dma_fault(p, req, pe, r, cur, res);
			goto out;
		}
		if (n == 0)
			res->pa = px.pa;
		cur += ch[n].len;
		left -= ch[n].len;
	}

	for (i = 0, cur = req->addr; i < n; i++) {
		if (req->dir == SIM_DMA_WRITE)
			rc = sim_mem_write(p->data_mem, ch[i].pa, b, ch[i].len);
		else
			rc = sim_mem_read(p->data_mem, ch[i].pa, b, ch[i].len);
		if (rc) {
			/* in RAM (checked above), but memory an embedder
			   provides refused it: a target fault (the chunks
			   before it were transferred) */
			dma_fault(p, req, pe, SIM_FAULT_TARGET_MEMORY, cur, res);
			goto out;
		}
		b += ch[i].len;
		cur += ch[i].len;
	}
	res->status = SIM_DMA_OK;
	res->bytes_done = req->len;
	p->st.ok++;
	p->st.bytes += req->len;
out:
	if (ch != small)
		free(ch);
	return 0;
}

static int dma_request(struct phb3 *p, const struct sim_dma_req *req,
		       void *buf, struct sim_dma_result *res, bool watched)
{
	uint64_t addr = req->addr, last = addr + req->len - 1;
	uint16_t rte;
	int rc;

	/* address decode (§1.1) */
	if ((IBM_EX(phb3_reg(p, PHB_PHB3_CONFIG), PHB_PHB3_CONFIG_MSI32_EN) &&
	     (addr & ~0xFFFFull) == MSI32_BASE) || (addr >> 60) == 1) {
		p->st.msi++;
		res->status = SIM_DMA_MSI;
		if (!phb3_rtc_lookup(p, req->rid, &rte) &&
		    rte < p->params.num_pes)
			res->pe = rte;
		return 0;
	}
	if ((addr >> 60) || (last >> 60) || last < addr) {
		dma_fault(p, req, PHB3_NO_PE, SIM_FAULT_UNSUPPORTED_ADDR, addr,
			  res);
		return 0;
	}

	/* RID -> PE */
	rc = phb3_rtc_lookup(p, req->rid, &rte);
	if (rc || rte >= p->params.num_pes) {
		dma_fault(p, req, PHB3_NO_PE,
			  rc == -EFAULT ? SIM_FAULT_TABLE_MEMORY
					: SIM_FAULT_INVALID_PE, addr, res);
		return 0;
	}
	res->pe = rte;
	if (IBM_EX(p->ioda.PESTB[rte], IODA2_PESTB_DMA_STOPPED)) {
		p->st.frozen_blocked++;
		res->status = SIM_DMA_FROZEN;
		return 0;
	}
	return dma_pages(p, req, rte, buf, res, watched);
}

static __attribute__((noinline)) void
report_begin(struct phb3 *p, uint64_t arrival, const struct sim_dma_req *req)
{
	const struct xlate_req_begin ev = {
		.unit = p->index, .rid = req->rid, .addr = req->addr,
		.len = req->len, .dir = req->dir, .arrival = arrival,
	};

	XLATE_EMIT(&p->obs, req_begin, &ev);
}

static __attribute__((noinline)) void
report_end(struct phb3 *p, int rc, const struct sim_dma_result *res)
{
	const struct xlate_req_end ev = { .rc = rc, .res = res };

	XLATE_EMIT(&p->obs, req_end, &ev);
}

int phb3_dma_at(struct phb3 *p, uint64_t arrival,
		const struct sim_dma_req *req, void *buf,
		struct sim_dma_result *res)
{
	bool watched;
	int rc;

	if (!p || !req || !res || !buf || !req->len ||
	    (req->dir != SIM_DMA_READ && req->dir != SIM_DMA_WRITE))
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	res->pe = PHB3_NO_PE;
	watched = xlate_watched_dma(&p->obs);
	if (watched)
		report_begin(p, arrival, req);
	p->st.requests++;
	rc = dma_request(p, req, buf, res, watched);
	if (watched)
		report_end(p, rc, res);
	return rc;
}

static int phb3_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		    struct sim_dma_result *res)
{
	return phb3_dma_at(opaque, XLATE_ASAP, req, buf, res);
}

struct sim_dma_target phb3_dma_target(struct phb3 *p)
{
	struct sim_dma_target t = { .dma = phb3_dma, .opaque = p };

	return t;
}

/* ---- batches: the same requests, later ones' host memory warmed ---- */

/* A guess at the request's walk (no model state is touched). */
struct pw_walk {
	const struct phb3_tve *t;
	uint64_t off;		/* window offset of the first byte */
	uint64_t entry;		/* next table entry to read, or the data */
	unsigned lvl;		/* level of entry (walking) */
	bool live;
	bool walking;		/* entry is a table entry, else the data */
};

/* Host RAM read directly: warming must not count as an access (sim_mem
   statistics) nor fault; out of RAM reads as 0. */
static inline uint64_t pw_be64(const uint8_t *base, uint64_t ram, uint64_t pa)
{
	uint64_t x;

	if (pa > ram - 8)
		return 0;
	memcpy(&x, base + pa, 8);
	return __builtin_bswap64(x);
}

/* The request's PE, guessed from the RTT in memory (not the RTT cache:
   no LRU effect); the last RID's answer is reused. */
static bool pw_pe(struct phb3 *p, const uint8_t *base, uint64_t ram,
		  uint16_t rid, int *last_rid, uint16_t *pe)
{
	uint64_t bar = phb3_reg(p, PHB_RTT_BAR), a;
	uint16_t x;

	if (*last_rid == rid)
		return true;
	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		return false;
	a = (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) + 2ull * rid;
	if (a > ram - 2)
		return false;
	memcpy(&x, base + a, 2);
	*pe = __builtin_bswap16(x);
	*last_rid = rid;
	return true;
}

/* Where op's walk starts: its data (bypass) or its root table entry.
   The TCE cache is not consulted: a walk of a cached page reads entries
   the host still holds, cheaper than a cache search. */
static void pw_start(struct phb3 *p, const struct phb3_dma_op *op,
		     struct pw_walk *w, const uint8_t *base, uint64_t ram,
		     int *last_rid, uint16_t *pe)
{
	const struct sim_dma_req *q = &op->req;
	unsigned window = (q->addr >> PHB3_WINDOW_SELECT_BIT) & 1;
	w->live = false;
	w->walking = false;
	if (!q->len || (q->addr >> 60) ||
	    !pw_pe(p, base, ram, q->rid, last_rid, pe) ||
	    *pe >= p->params.num_pes)
		return;		/* nothing this request will read */
	w->t = &p->tve[*pe * 2 + window];
	if (!w->t->valid)
		return;
	w->live = true;
	if (w->t->bypass) {
		w->entry = q->addr & ((1ull << SIM_PHYS_BITS) - 1);
		return;
	}
	if (phb3_window_offset(w->t, p->params.oow_policy, q->addr,
			       &w->off)) {
		w->live = false;
		return;
	}
	w->lvl = 0;
	w->walking = true;
	w->entry = phb3_tce_entry_pa(w->t, w->t->table, 0, w->off);
}

/*
 * Warm the host caches for ops[0..n): every request's walk is guessed
 * and its table entries are read level by level across all n requests
 * (the reads of one level are independent, so the host overlaps them, as
 * it overlaps independent walks), then the first line of each one's data
 * is touched.
 */
static void pw_warm(struct phb3 *p, const struct phb3_dma_op *ops, unsigned n)
{
	const uint8_t *base = sim_mem_host_ptr(p->mem, 0);
	uint64_t ram = sim_mem_ram_bytes(p->mem), sink = 0;
	struct pw_walk w[PHB3_DMA_WARM_RUN];
	unsigned i, lvl, walking = 0;
	int last_rid = -1;
	uint16_t pe = 0;

	for (i = 0; i < n; i++) {
		pw_start(p, &ops[i], &w[i], base, ram, &last_rid, &pe);
		walking += w[i].walking;
	}
	for (lvl = 0; walking && lvl < PHB3_MAX_LEVELS; lvl++) {
		for (i = 0; i < n; i++) {
			struct pw_walk *x = &w[i];
			uint64_t ent;

			if (!x->walking || x->lvl != lvl)
				continue;
			ent = pw_be64(base, ram, x->entry);
			if (!(ent & 3)) {
				x->live = false;
				x->walking = false;
				walking--;
				continue;
			}
			if (++x->lvl == x->t->levels) {
				x->entry = phb3_tce_pa(ent, x->t->ps, x->off);
				x->walking = false;
				walking--;
				continue;
			}
			x->entry = phb3_tce_entry_pa(x->t, ent & ~0xFFFull,
						     x->lvl, x->off);
		}
	}
	for (i = 0; i < n; i++)
		if (w[i].live && w[i].entry < ram)
			sink += base[w[i].entry];
	__asm__ volatile("" : : "r"(sink));	/* the touches are wanted */
}

void phb3_dma_warm(struct phb3 *p, const struct phb3_dma_op *ops, unsigned n)
{
	struct phb3_pf *pf = &p->pf;
	uint64_t misses = tce_cache_get_stats(p->tc)->misses;

	/* Only while requests miss: a stream that hits the TCE cache reads
	   no table, and its data is the host's own prefetchers' job. */
	if (misses == pf->misses && pf->quiet)
		return;
	pf->quiet = misses == pf->misses;
	pf->misses = misses;
	while (n) {
		unsigned k = n < PHB3_DMA_WARM_RUN ? n : PHB3_DMA_WARM_RUN;

		pw_warm(p, ops, k);
		ops += k;
		n -= k;
	}
}

int phb3_dma_batch(struct phb3 *p, struct phb3_dma_op *ops, unsigned n)
{
	unsigned i, k;

	if (!p || !ops)
		return -EINVAL;
	for (i = 0; i < n; i += k) {
		k = n - i < PHB3_DMA_WARM_RUN ? n - i : PHB3_DMA_WARM_RUN;
		phb3_dma_warm(p, ops + i, k);
		for (unsigned j = i; j < i + k; j++)
			ops[j].rc = phb3_dma_at(p, ops[j].arrival, &ops[j].req,
						ops[j].buf, &ops[j].res);
	}
	return 0;
}
