// SPDX-License-Identifier: GPL-2.0
/*
 * P5IOC2 hub model: register window (hub GX TCE BAR/mask, Calgary CA_TARn,
 * per-PHB CAP registers), single-level 4 KiB TCE translation of 32-bit DMA,
 * 64-bit MSI decode, freeze on error, and an optional TCE cache kept
 * coherent by the GX store snoop (p5ioc2_snoop_write).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p5ioc2_regs.h"
#include "xlate_observers.h"
#include "tcesim/p5ioc2.h"
#include "tcesim/state.h"

#define P5_PAGE_SHIFT	12
#define P5_PAGE_SIZE	(1ull << P5_PAGE_SHIFT)
#define P5_DMA32_LIMIT	(1ull << 32)
#define P5_STACK_PAGES	16

struct p5ioc2_phb {
	struct p5ioc2 *hub;
	unsigned idx;		/* 0..7 = ca * 4 + n */
	uint32_t pcfgrw;	/* CAP_PCFGRW */
	uint64_t dmacsr;	/* CAP_DMACSR */
	uint64_t plssr;		/* CAP_PLSSR */
};

struct p5ioc2_tce_line {
	bool valid;
	uint8_t phb;
	uint64_t page;		/* page index in the PHB's window */
	uint64_t tce_pa;	/* where the TCE lives in memory */
	uint64_t tce;
	uint64_t lru;		/* last use stamp */
};

struct p5ioc2 {
	struct sim_mem *mem;
	struct p5ioc2_params params;
	unsigned hub_id;
	uint64_t gx_tce_bar;
	uint64_t gx_tce_mask;
	uint64_t xixo;
	uint64_t tar[P5IOC2_NUM_PHBS];	/* CA_TARn, indexed ca * 4 + n */
	struct p5ioc2_phb phb[P5IOC2_NUM_PHBS];
	struct p5ioc2_tce_line *cache;
	uint64_t stamp;
	struct xlate_observers obs;
	struct p5ioc2_stats st;
};

void p5ioc2_params_default(struct p5ioc2_params *p)
{
	memset(p, 0, sizeof(*p));
	p->tce_cache_entries = 0;
}

struct p5ioc2 *p5ioc2_create(struct sim_mem *mem,
			     const struct p5ioc2_params *params,
			     unsigned hub_id)
{
	struct p5ioc2_params def;
	struct p5ioc2 *h;
	unsigned i;

	if (!mem)
		return NULL;
	if (!params) {
		p5ioc2_params_default(&def);
		params = &def;
	}
	if (params->tce_cache_entries > P5IOC2_TCE_CACHE_MAX)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->mem = mem;
	h->params = *params;
	h->hub_id = hub_id;
	if (params->tce_cache_entries) {
		h->cache = calloc(params->tce_cache_entries, sizeof(*h->cache));
		if (!h->cache) {
			free(h);
			return NULL;
		}
	}
	for (i = 0; i < P5IOC2_NUM_PHBS; i++) {
		h->phb[i].hub = h;
		h->phb[i].idx = i;
	}
	return h;
}

void p5ioc2_destroy(struct p5ioc2 *h)
{
	if (!h)
		return;
	free(h->cache);
	free(h);
}

/* ---- TCE cache ---------------------------------------------------------- */

static void cache_flush_phb(struct p5ioc2 *h, unsigned phb)
{
	unsigned i;

	for (i = 0; i < h->params.tce_cache_entries; i++)
		if (h->cache[i].valid && h->cache[i].phb == phb)
			h->cache[i].valid = false;
}

static struct p5ioc2_tce_line *cache_lookup(struct p5ioc2 *h, unsigned phb,
					    uint64_t page)
{
	unsigned i;

	for (i = 0; i < h->params.tce_cache_entries; i++) {
		struct p5ioc2_tce_line *l = &h->cache[i];

		if (l->valid && l->phb == phb && l->page == page) {
			l->lru = ++h->stamp;
			return l;
		}
	}
	return NULL;
}

static void cache_fill(struct p5ioc2 *h, unsigned phb, uint64_t page,
		       uint64_t tce_pa, uint64_t tce)
{
	struct p5ioc2_tce_line *victim = NULL;
	unsigned i;

	for (i = 0; i < h->params.tce_cache_entries; i++) {
		struct p5ioc2_tce_line *l = &h->cache[i];

		if (!l->valid) {
			victim = l;
			break;
		}
		if (!victim || l->lru < victim->lru)
			victim = l;
	}
	if (!victim)
		return;
	*victim = (struct p5ioc2_tce_line){
		.valid = true, .phb = (uint8_t)phb, .page = page,
		.tce_pa = tce_pa, .tce = tce, .lru = ++h->stamp,
	};
}

/* Hub TCE region from GX_TCE_BAR/MASK: true and [*base, *base + *size). */
static bool hub_region(const struct p5ioc2 *h, uint64_t *base, uint64_t *size)
{
	uint64_t mask = (h->gx_tce_mask >> P5_GX_FIELD_SHIFT) & P5_GX_FIELD_MASK;

	if (!(h->gx_tce_bar & P5_GX_TCE_BAR_EN))
		return false;
	*base = ((h->gx_tce_bar >> P5_GX_FIELD_SHIFT) & P5_GX_FIELD_MASK & mask)
		<< 20;
	*size = ((~mask & P5_GX_FIELD_MASK) + 1) << 20;
	return true;
}

void p5ioc2_snoop_write(struct p5ioc2 *h, uint64_t pa, uint64_t len)
{
	uint64_t base, size, end = pa + len;
	unsigned i;

	if (!len || end < pa || !hub_region(h, &base, &size))
		return;
	if (end <= base || pa >= base + size)
		return;
	h->st.snoop_writes++;
	for (i = 0; i < h->params.tce_cache_entries; i++) {
		struct p5ioc2_tce_line *l = &h->cache[i];

		if (l->valid && l->tce_pa < end && pa < l->tce_pa + 8) {
			l->valid = false;
			h->st.snoop_invalidations++;
		}
	}
}

/* ---- DMA ---------------------------------------------------------------- */

static void dma_fault(struct p5ioc2_phb *p, const struct sim_dma_req *req,
		      uint64_t addr, enum sim_fault_reason why,
		      struct sim_dma_result *res)
{
	struct p5ioc2 *h = p->hub;

	res->status = SIM_DMA_FAULT;
	res->reason = why;
	res->fault_addr = addr;
	res->bytes_done = 0;
	h->st.faults++;
	if (why == SIM_FAULT_UNSUPPORTED_ADDR)
		h->st.dac_rejects++;
	/* Error log: first error wins until firmware clears DMACSR. */
	if (!(p->dmacsr & P5_DMACSR_ERR_VALID))
		p->dmacsr = P5_DMACSR_ERR_VALID |
			    ((uint64_t)why << P5_DMACSR_REASON_SHIFT) |
			    (req->dir == SIM_DMA_WRITE ? P5_DMACSR_WRITE : 0) |
			    req->rid;
	if (p->pcfgrw & P5_PCFG_FREEZE_EN) {
		p->pcfgrw |= P5_PCFG_MMIO_FROZEN | P5_PCFG_DMA_FROZEN;
		h->st.freezes++;
	}
}

/* What one page lookup did, for the caller and the observers. */
struct page_lookup {
	uint64_t pa;
	enum xlate_lookup lookup;
	struct xlate_table_read read;	/* the TCE fetch (lookup MISS) */
};

/* Translate one page; SIM_FAULT_NONE and pl->pa, or the fault reason. */
static enum sim_fault_reason xlate(struct p5ioc2_phb *p, uint64_t addr,
				   enum sim_dma_dir dir,
				   struct page_lookup *pl)
{
	struct p5ioc2 *h = p->hub;
	uint64_t tar = h->tar[p->idx];
	uint64_t base = tar & P5_TAR_ADDR_MASK;
	uint64_t ntce = (1ull << ((tar & P5_TAR_NUM_TCE_MASK) + 16)) / 8;
	uint64_t page = addr >> P5_PAGE_SHIFT, tce_pa, tce;
	struct p5ioc2_tce_line *l;

	pl->lookup = XLATE_LOOKUP_NONE;
	if (page >= ntce)
		return SIM_FAULT_OUT_OF_WINDOW;
	tce_pa = base + page * 8;
	l = h->cache ? cache_lookup(h, p->idx, page) : NULL;
	if (l) {
		pl->lookup = XLATE_LOOKUP_HIT;
		h->st.tce_cache_hits++;
		tce = l->tce;
	} else {
		pl->lookup = XLATE_LOOKUP_MISS;
		if (h->cache)
			h->st.tce_cache_misses++;
		h->st.tce_reads++;
		pl->read.addr = tce_pa;
		pl->read.ok = !sim_mem_read_be64(h->mem, tce_pa, &tce);
		pl->read.value = pl->read.ok ? tce : 0;
		if (!pl->read.ok)
			return SIM_FAULT_TABLE_MEMORY;
		if (h->cache)
			cache_fill(h, p->idx, page, tce_pa, tce);
	}
	if (!(tce & 3))
		return SIM_FAULT_INVALID_LEAF;
	if (dir == SIM_DMA_WRITE ? !(tce & 2) : !(tce & 1))
		return SIM_FAULT_PERMISSION;
	pl->pa = (tce & ~(P5_PAGE_SIZE - 1)) | (addr & (P5_PAGE_SIZE - 1));
	return SIM_FAULT_NONE;
}

static void report_page(struct p5ioc2_phb *p, uint64_t a, uint64_t n,
			const struct page_lookup *pl,
			enum sim_fault_reason why)
{
	unsigned ts = (unsigned)(p->hub->tar[p->idx] & P5_TAR_NUM_TCE_MASK) +
		      13;	/* log2(table bytes / 8) */
	const struct xlate_page ev = {
		.addr = a,
		.bytes = (uint32_t)n,
		.tve_valid = true,
		.levels = 1,
		.ts = (uint8_t)ts,
		.ps = P5_PAGE_SHIFT,
		.win_shift = (uint8_t)(ts + P5_PAGE_SHIFT),
		.offset = a,
		.io_page = a >> P5_PAGE_SHIFT,
		.lookup = pl->lookup,
		.nreads = pl->lookup == XLATE_LOOKUP_MISS,
		.reads = &pl->read,
		.fault = why,
		.pa = pl->pa,
	};

	XLATE_EMIT(&p->hub->obs, page, &ev);
}

/* Translate every page first (a fault transfers nothing), then move
   the data. */
static int dma_pages(struct p5ioc2_phb *p, const struct sim_dma_req *req,
		     uint8_t *b, struct sim_dma_result *res, bool watched)
{
	struct p5ioc2 *h = p->hub;
	uint64_t addr = req->addr, end = addr + req->len, a;
	uint64_t stack_pas[P5_STACK_PAGES], *pas, npages, i;

	npages = ((end - 1) >> P5_PAGE_SHIFT) - (addr >> P5_PAGE_SHIFT) + 1;
	pas = npages <= P5_STACK_PAGES ? stack_pas :
	      malloc(npages * sizeof(*pas));
	if (!pas)
		return -ENOMEM;
	for (i = 0, a = addr; a < end; i++, a = (a | (P5_PAGE_SIZE - 1)) + 1) {
		struct page_lookup pl = { 0 };
		enum sim_fault_reason why = xlate(p, a, req->dir, &pl);
		uint64_t next = (a | (P5_PAGE_SIZE - 1)) + 1;
		uint64_t n = (next < end ? next : end) - a;

		pas[i] = pl.pa;
		if (!why && !sim_mem_in_ram(h->mem, pas[i], n))
			why = SIM_FAULT_TARGET_MEMORY;
		if (watched)
			report_page(p, a, n, &pl, why);
		if (why) {
			dma_fault(p, req, a, why, res);
			goto out;
		}
		if (a == addr) {
			res->pa = pas[0];
			res->cache_hit = pl.lookup == XLATE_LOOKUP_HIT;
			res->walk_levels = res->cache_hit ? 0 : 1;
		}
	}
	for (i = 0, a = addr; a < end; i++) {
		uint64_t next = (a | (P5_PAGE_SIZE - 1)) + 1;
		uint64_t n = (next < end ? next : end) - a;
		int rc;

		if (req->dir == SIM_DMA_WRITE)
			rc = sim_mem_write(h->mem, pas[i], b, n);
		else
			rc = sim_mem_read(h->mem, pas[i], b, n);
		/* in RAM (checked in the first pass), but memory an
		   embedder provides refused it: a target fault */
		if (rc) {
			dma_fault(p, req, a, SIM_FAULT_TARGET_MEMORY, res);
			goto out;
		}
		b += n;
		a += n;
	}
	res->status = SIM_DMA_OK;
	res->bytes_done = req->len;
	h->st.dma_ok++;
	h->st.dma_bytes += req->len;
out:
	if (pas != stack_pas)
		free(pas);
	return 0;
}

static int dma_request(struct p5ioc2_phb *p, const struct sim_dma_req *req,
		       void *buf, struct sim_dma_result *res, bool watched)
{
	struct p5ioc2 *h = p->hub;
	uint64_t addr = req->addr, end = addr + req->len;

	if (p->pcfgrw & P5_PCFG_DMA_FROZEN) {
		res->status = SIM_DMA_FROZEN;
		h->st.frozen_rejects++;
		return 0;
	}
	/* Address decode: 64-bit MSI, then 32-bit DMA only. */
	if (addr >> 60 == 1 && req->dir == SIM_DMA_WRITE) {
		res->status = SIM_DMA_MSI;
		res->bytes_done = req->len;
		h->st.msi++;
		return 0;
	}
	if (end < addr || end > P5_DMA32_LIMIT) {
		dma_fault(p, req, end < addr || addr >= P5_DMA32_LIMIT ?
			  addr : P5_DMA32_LIMIT, SIM_FAULT_UNSUPPORTED_ADDR, res);
		return 0;
	}
	if (!(p->pcfgrw & P5_PCFG_TCE_EN) || !(h->tar[p->idx] & P5_TAR_VALID)) {
		dma_fault(p, req, addr, SIM_FAULT_INVALID_TVE, res);
		return 0;
	}
	return dma_pages(p, req, buf, res, watched);
}

int p5ioc2_dma_at(struct p5ioc2 *h, unsigned phb, uint64_t arrival,
		  const struct sim_dma_req *req, void *buf,
		  struct sim_dma_result *res)
{
	struct p5ioc2_phb *p;
	bool watched;
	int rc;

	if (!h || phb >= P5IOC2_NUM_PHBS || !req->len || !buf)
		return -EINVAL;
	p = &h->phb[phb];
	memset(res, 0, sizeof(*res));
	res->pe = 0;
	watched = xlate_watched_dma(&h->obs);
	if (watched) {
		const struct xlate_req_begin ev = {
			.unit = phb, .rid = req->rid, .addr = req->addr,
			.len = req->len, .dir = req->dir, .arrival = arrival,
		};

		XLATE_EMIT(&h->obs, req_begin, &ev);
	}
	h->st.dma_requests++;
	rc = dma_request(p, req, buf, res, watched);
	if (watched) {
		const struct xlate_req_end ev = { .rc = rc, .res = res };

		XLATE_EMIT(&h->obs, req_end, &ev);
	}
	return rc;
}

static int p5ioc2_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		      struct sim_dma_result *res)
{
	struct p5ioc2_phb *p = opaque;

	return p5ioc2_dma_at(p->hub, p->idx, XLATE_ASAP, req, buf, res);
}

int p5ioc2_observer_add(struct p5ioc2 *h, const struct xlate_observer *o)
{
	return h ? xlate_observers_add(&h->obs, o) : -EINVAL;
}

int p5ioc2_observer_remove(struct p5ioc2 *h, const struct xlate_observer *o)
{
	return h ? xlate_observers_remove(&h->obs, o) : -EINVAL;
}

struct sim_dma_target p5ioc2_dma_target(struct p5ioc2 *h, unsigned phb)
{
	if (phb >= P5IOC2_NUM_PHBS)
		return (struct sim_dma_target){ NULL, NULL };
	return (struct sim_dma_target){ .dma = p5ioc2_dma,
					.opaque = &h->phb[phb] };
}

/* ---- MMIO ----------------------------------------------------------------- */

/* Locate the register behind window offset off: pointer, width. */
static int reg_find(struct p5ioc2 *h, uint64_t off, uint64_t **r64,
		    uint32_t **r32, struct p5ioc2_phb **pp, unsigned *tar)
{
	*r64 = NULL;
	*r32 = NULL;
	*pp = NULL;
	*tar = ~0u;
	if (off < P5IOC2_HUB_SIZE) {
		switch (off) {
		case P5_HUB_GX_TCE_BAR:
			*r64 = &h->gx_tce_bar;
			return 0;
		case P5_HUB_GX_TCE_MASK:
			*r64 = &h->gx_tce_mask;
			return 0;
		case P5_HUB_XIXO:
			*r64 = &h->xixo;
			return 0;
		}
		return -ENOENT;
	}
	if (off < P5IOC2_CA_OFFSET(P5IOC2_NUM_CA)) {
		unsigned ca = (unsigned)((off - P5IOC2_HUB_SIZE) / P5IOC2_CA_SIZE);
		uint64_t o = (off - P5IOC2_HUB_SIZE) % P5IOC2_CA_SIZE;

		if (o >= P5_CA_CA_TAR0 && o <= P5_CA_CA_TAR3 && !(o & 7)) {
			*tar = ca * P5IOC2_PHBS_PER_CA +
			       (unsigned)((o - P5_CA_CA_TAR0) >> 3);
			*r64 = &h->tar[*tar];
			return 0;
		}
		if (o >= 0x8000 && o < 0x8000 + P5IOC2_PHBS_PER_CA *
					     P5IOC2_PHB_REGS_SIZE) {
			struct p5ioc2_phb *p = &h->phb[ca * P5IOC2_PHBS_PER_CA +
						      (o - 0x8000) / P5IOC2_PHB_REGS_SIZE];

			*pp = p;
			switch (o % P5IOC2_PHB_REGS_SIZE) {
			case P5_PHB_CAP_DMACSR:
				*r64 = &p->dmacsr;
				return 0;
			case P5_PHB_CAP_PLSSR:
				*r64 = &p->plssr;
				return 0;
			case P5_PHB_CAP_PCFGRW:
				*r32 = &p->pcfgrw;
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* A register behind window offset off, as one access of size bytes
   sees it: found and of the right width, or counted as unknown/bad. */
struct reg_ref {
	uint64_t *r64;
	uint32_t *r32;
	struct p5ioc2_phb *phb;	/* owner of a CAP register */
	unsigned tar;		/* CA_TARn index, ~0u otherwise */
};

/* 0; -ENOENT (unmodelled offset: RAZ/WI) or -EINVAL (wrong size). */
static int reg_access(struct p5ioc2 *h, uint64_t off, unsigned size,
		      struct reg_ref *r)
{
	if (reg_find(h, off, &r->r64, &r->r32, &r->phb, &r->tar)) {
		h->st.mmio_unknown++;
		return -ENOENT;
	}
	if ((r->r64 && size != 8) || (r->r32 && size != 4)) {
		h->st.mmio_bad_size++;
		return -EINVAL;
	}
	return 0;
}

static int p5ioc2_mmio_read(void *opaque, uint64_t off, unsigned size,
			    uint64_t *val)
{
	struct p5ioc2 *h = opaque;
	struct reg_ref r;
	int rc;

	h->st.mmio_reads++;
	rc = reg_access(h, off, size, &r);
	if (rc) {
		*val = rc == -ENOENT ? 0 : ~0ull;
		return rc == -ENOENT ? 0 : rc;
	}
	*val = r.r64 ? *r.r64 : *r.r32;
	return 0;
}

static void reg_write(struct p5ioc2 *h, const struct reg_ref *r,
		      uint64_t val)
{
	unsigned tar;

	if (r->r64) {
		*r->r64 = val;
		/* A new table or GX region: forget the TCEs cached from the old. */
		if (r->tar != ~0u)
			cache_flush_phb(h, r->tar);
		else if (r->r64 == &h->gx_tce_bar || r->r64 == &h->gx_tce_mask)
			for (tar = 0; tar < P5IOC2_NUM_PHBS; tar++)
				cache_flush_phb(h, tar);
		return;
	}
	if ((*r->r32 & P5_PCFG_TCE_EN) && !(val & P5_PCFG_TCE_EN))
		cache_flush_phb(h, r->phb->idx);
	*r->r32 = (uint32_t)val;
}

static int p5ioc2_mmio_write(void *opaque, uint64_t off, unsigned size,
			     uint64_t val)
{
	struct p5ioc2 *h = opaque;
	struct reg_ref r;
	int rc;

	h->st.mmio_writes++;
	rc = reg_access(h, off, size, &r);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	reg_write(h, &r, val);
	if (xlate_watched(&h->obs)) {
		const struct xlate_mmio_write ev = {
			.offset = off, .size = size, .value = val };

		XLATE_EMIT(&h->obs, mmio_write, &ev);
	}
	return 0;
}

const struct sim_mmio_ops p5ioc2_mmio_ops = {
	.read = p5ioc2_mmio_read,
	.write = p5ioc2_mmio_write,
};

/* ---- statistics ------------------------------------------------------------ */

void p5ioc2_get_stats(const struct p5ioc2 *h, struct p5ioc2_stats *st)
{
	*st = h->st;
}

int p5ioc2_register_stats(struct p5ioc2 *h, struct sim_stats *s,
			  const char *prefix)
{
	const struct p5ioc2_stats *sim_st_ = &h->st;
	const struct sim_stat_row rows[] = {
		P5IOC2_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};

	return sim_stats_add_rows(s, prefix, rows,
				  sizeof(rows) / sizeof(rows[0]));
}

/* ---- checkpoint state ------------------------------------------------------- */

#define P5IOC2_STATE_VERSION 1

int p5ioc2_state_save(const struct p5ioc2 *h, struct sim_state_out *o)
{
	unsigned i;

	sim_state_put_header(o, P5IOC2_STATE_VERSION, h->hub_id);
	sim_state_put_u64(o, h->gx_tce_bar);
	sim_state_put_u64(o, h->gx_tce_mask);
	sim_state_put_u64(o, h->xixo);
	for (i = 0; i < P5IOC2_NUM_PHBS; i++)
		sim_state_put_u64(o, h->tar[i]);
	for (i = 0; i < P5IOC2_NUM_PHBS; i++) {
		sim_state_put_u32(o, h->phb[i].pcfgrw);
		sim_state_put_u64(o, h->phb[i].dmacsr);
		sim_state_put_u64(o, h->phb[i].plssr);
	}
	sim_state_put_u32(o, h->params.tce_cache_entries);
	for (i = 0; i < h->params.tce_cache_entries; i++) {
		const struct p5ioc2_tce_line *l = &h->cache[i];

		sim_state_put_u8(o, l->valid);
		sim_state_put_u8(o, l->phb);
		sim_state_put_u64(o, l->page);
		sim_state_put_u64(o, l->tce_pa);
		sim_state_put_u64(o, l->tce);
		sim_state_put_u64(o, l->lru);
	}
	sim_state_put_u64(o, h->stamp);
	sim_state_put_counters(o, &h->st, SIM_STATE_WORDS(h->st));
	return sim_state_out_status(o);
}

/* The payload into a copy of the hub (cache lines into lines[]). */
static int p5_parse(const struct p5ioc2 *h, struct sim_state_in *in,
		    struct p5ioc2 *x, struct p5ioc2_tce_line *lines,
		    char *err, size_t errlen)
{
	const char *what = "P5IOC2";
	uint32_t n;
	unsigned i;
	int rc;

	x->gx_tce_bar = sim_state_get_u64(in);
	x->gx_tce_mask = sim_state_get_u64(in);
	x->xixo = sim_state_get_u64(in);
	for (i = 0; i < P5IOC2_NUM_PHBS; i++)
		x->tar[i] = sim_state_get_u64(in);
	for (i = 0; i < P5IOC2_NUM_PHBS; i++) {
		x->phb[i].pcfgrw = sim_state_get_u32(in);
		x->phb[i].dmacsr = sim_state_get_u64(in);
		x->phb[i].plssr = sim_state_get_u64(in);
	}
	n = sim_state_get_u32(in);
	if (in->short_read)
		return sim_state_end(in, what, err, errlen);
	if (n != h->params.tce_cache_entries)
		return sim_state_fail(err, errlen,
				      "%s: TCE cache of %u entries in the checkpoint, %u in this machine",
				      what, n, h->params.tce_cache_entries);
	if (!sim_state_room(in, n, 34))
		return sim_state_end(in, what, err, errlen);
	for (i = 0; i < n; i++) {
		struct p5ioc2_tce_line *l = &lines[i];
		uint8_t valid = sim_state_get_u8(in);

		l->phb = sim_state_get_u8(in);
		l->page = sim_state_get_u64(in);
		l->tce_pa = sim_state_get_u64(in);
		l->tce = sim_state_get_u64(in);
		l->lru = sim_state_get_u64(in);
		if (valid > 1 || l->phb >= P5IOC2_NUM_PHBS)
			return sim_state_fail(err, errlen,
					      "%s: TCE cache line %u: valid %u, PHB %u",
					      what, i, valid, l->phb);
		l->valid = valid;
	}
	x->stamp = sim_state_get_u64(in);
	rc = sim_state_get_counters(in, what, &x->st, SIM_STATE_WORDS(x->st),
				    err, errlen);
	return rc ?: sim_state_end(in, what, err, errlen);
}

int p5ioc2_state_restore(struct p5ioc2 *h, struct sim_state_in *in,
			 bool commit, char *err, size_t errlen)
{
	struct p5ioc2_tce_line *lines = NULL;
	struct p5ioc2 *x;
	unsigned i;
	int rc = sim_state_get_header(in, "P5IOC2", P5IOC2_STATE_VERSION,
				      NULL, err, errlen);

	if (rc)
		return rc;
	x = calloc(1, sizeof(*x));
	if (h->params.tce_cache_entries)
		lines = calloc(h->params.tce_cache_entries, sizeof(*lines));
	if (!x || (h->params.tce_cache_entries && !lines)) {
		free(x);
		free(lines);
		return -ENOMEM;
	}
	rc = p5_parse(h, in, x, lines, err, errlen);
	if (!rc && commit) {
		h->gx_tce_bar = x->gx_tce_bar;
		h->gx_tce_mask = x->gx_tce_mask;
		h->xixo = x->xixo;
		memcpy(h->tar, x->tar, sizeof(h->tar));
		for (i = 0; i < P5IOC2_NUM_PHBS; i++) {
			h->phb[i].pcfgrw = x->phb[i].pcfgrw;
			h->phb[i].dmacsr = x->phb[i].dmacsr;
			h->phb[i].plssr = x->phb[i].plssr;
		}
		if (h->params.tce_cache_entries)
			memcpy(h->cache, lines,
			       h->params.tce_cache_entries * sizeof(*lines));
		h->stamp = x->stamp;
		h->st = x->st;
	}
	free(lines);
	free(x);
	return rc;
}

int p5ioc2_state_describe(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	uint32_t unit;
	unsigned i;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "P5IOC2", P5IOC2_STATE_VERSION, &unit,
				 NULL, 0))
		return -EINVAL;
	fprintf(out, "p5ioc2 hub %u: GX_TCE_BAR=%#llx", unit,
		(unsigned long long)sim_state_get_u64(&in));
	fprintf(out, " GX_TCE_MASK=%#llx",
		(unsigned long long)sim_state_get_u64(&in));
	sim_state_get_u64(&in);
	for (i = 0; i < P5IOC2_NUM_PHBS; i++) {
		uint64_t tar = sim_state_get_u64(&in);

		if (tar)
			fprintf(out, " CA_TAR[%u]=%#llx", i,
				(unsigned long long)tar);
	}
	fputc('\n', out);
	return in.short_read ? -EINVAL : 0;
}
