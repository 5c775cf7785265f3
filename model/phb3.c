// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 top: parameters, life cycle, statistics, and the DMA path
 *   address decode -> RTT (via the RTC) -> frozen check -> TVE select ->
 *   per IO page: TCE cache lookup (fast path) or pure walk + fill (slow
 *   path) -> permission -> data moved, or a fault: PEST logged in memory,
 *   PESTA/PESTB/PEEV set, PELT-V row frozen, nothing transferred.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_internal.h"
#include "phb3_xlate.h"

#define NO_PE 0xFFFF
#define MSI32_BASE 0xFFFF0000ull
#define PEST_ENTRY_BYTES 16
#define PELTV_ROW_BYTES (PHB3_MAX_PES / 8)

void phb3_params_default(struct phb3_params *p)
{
	memset(p, 0, sizeof(*p));
	p->oow_policy = PHB3_OOW_FAULT;
	p->bypass_bounds_check = true;
	tce_cache_params_default(&p->tce_cache);
	p->rtc_entries = 64;
	p->num_pes = PHB3_MAX_PES;
}

int phb3_oow_policy_parse(const char *s, enum phb3_oow_policy *out)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "fault"))
		*out = PHB3_OOW_FAULT;
	else if (!strcmp(s, "alias"))
		*out = PHB3_OOW_ALIAS;
	else
		return -EINVAL;
	return 0;
}

const char *phb3_oow_policy_name(enum phb3_oow_policy p)
{
	return p == PHB3_OOW_ALIAS ? "alias" : "fault";
}

static int params_check(const struct phb3_params *p)
{
	if (p->oow_policy != PHB3_OOW_FAULT && p->oow_policy != PHB3_OOW_ALIAS)
		return -EINVAL;
	if (!p->rtc_entries || p->rtc_entries > 65536)
		return -EINVAL;
	if (!p->num_pes || p->num_pes > PHB3_MAX_PES)
		return -EINVAL;
	return tce_cache_params_check(&p->tce_cache);
}

struct phb3 *phb3_create(struct sim_mem *mem, const struct phb3_params *params,
			 unsigned index)
{
	struct phb3_params def;
	struct phb3 *p;

	if (!params) {
		phb3_params_default(&def);
		params = &def;
	}
	if (!mem || params_check(params))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->mem = mem;
	p->p = *params;
	p->index = index;
	p->tc = tce_cache_create(&params->tce_cache);
	if (!p->tc)
		goto out_free_phb;
	p->rtc = rtt_cache_create(params->rtc_entries);
	if (!p->rtc)
		goto out_free_cache;
	phb3_regs_reset(p);
	return p;

out_free_cache:
	tce_cache_destroy(p->tc);
out_free_phb:
	free(p);
	return NULL;
}

void phb3_destroy(struct phb3 *p)
{
	if (!p)
		return;
	rtt_cache_destroy(p->rtc);
	tce_cache_destroy(p->tc);
	free(p);
}

const struct phb3_params *phb3_get_params(const struct phb3 *p)
{
	return &p->p;
}

struct tce_cache *phb3_tce_cache(struct phb3 *p)
{
	return p->tc;
}

uint64_t phb3_tve_read(const struct phb3 *p, unsigned index)
{
	return index < PHB3_TVT_ENTRIES ? p->tvt[index] : 0;
}

/* ---- faults and freeze ---- */

static void freeze_pe(struct phb3 *p, unsigned pe)
{
	if (!IBM_EX(p->pestb[pe], IODA2_PESTB_DMA_STOPPED))
		p->st.freezes++;
	p->pesta[pe] |= IBM_MASK(IODA2_PESTA_MMIO_FROZEN);
	p->pestb[pe] |= IBM_MASK(IODA2_PESTB_DMA_STOPPED);
	p->peev[pe / 64] |= PPC_BIT(pe % 64);
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
	for (c = 0; c < p->p.num_pes; c++)
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
	if (pe == NO_PE) {
		p->st.fault_no_pe++;
		return;
	}
	log_pest(p, req, pe, r, addr);
	freeze_with_peltv(p, pe);
}

/* ---- translation of one IO page ---- */

struct page_xlate {
	uint64_t pa;
	unsigned page_shift;
	unsigned levels_read;
	bool hit;
};

static enum sim_fault_reason xlate_page(struct phb3 *p, unsigned pe,
					uint64_t addr, enum sim_dma_dir dir,
					struct page_xlate *out)
{
	const struct phb3_xlate_cfg cfg = {
		.oow_policy = p->p.oow_policy,
		.bypass_bounds_check = p->p.bypass_bounds_check,
	};
	unsigned window = (addr >> PHB3_WINDOW_SELECT_BIT) & 1;
	uint64_t raw = p->tvt[pe * 2 + window];
	struct tce_cache_key key;
	struct phb3_xlate x;
	struct phb3_fault f;
	struct phb3_tve t;
	enum sim_fault_reason r;
	uint64_t off, tce;

	memset(out, 0, sizeof(*out));
	if (phb3_tve_decode(raw, &t))
		return SIM_FAULT_INVALID_TVE;
	if (t.bypass) {
		if (phb3_xlate(p->mem, &cfg, raw, addr, dir, &x, &f))
			return f.reason;
		p->st.bypass++;
		out->pa = x.pa;
		out->page_shift = x.page_shift;
		return SIM_FAULT_NONE;
	}
	r = phb3_window_offset(&t, p->p.oow_policy, addr, &off);
	if (r != SIM_FAULT_NONE)
		return r;
	out->page_shift = t.ps;
	memset(&key, 0, sizeof(key));
	key.pe = pe;
	key.window = window;
	key.page_shift = t.ps;
	key.win_shift = t.win_shift;
	key.page = off >> t.ps;

	/* fast path: a cached leaf */
	if (tce_cache_lookup(p->tc, &key, &tce)) {
		out->hit = true;
		r = phb3_tce_check(tce, dir);
		if (r == SIM_FAULT_NONE)
			out->pa = phb3_tce_pa(tce, t.ps, off);
		return r;
	}

	/* slow path: walk, then fill with a usable leaf */
	p->st.walks[t.levels]++;
	if (phb3_xlate(p->mem, &cfg, raw, addr, dir, &x, &f)) {
		p->st.table_reads += f.levels_read;
		out->levels_read = f.levels_read;
		return f.reason;
	}
	p->st.table_reads += x.levels_read;
	out->levels_read = x.levels_read;
	out->pa = x.pa;
	tce_cache_fill(p->tc, &key, x.tce);
	return SIM_FAULT_NONE;
}

/* ---- the DMA path ---- */

struct chunk {
	uint64_t pa;
	uint64_t len;
};

#define SMALL_CHUNKS 8

static int phb3_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		    struct sim_dma_result *res)
{
	struct phb3 *p = opaque;
	struct chunk small[SMALL_CHUNKS], *ch = small;
	uint64_t addr, last, cur, left, cap;
	enum sim_fault_reason r;
	unsigned n = 0, i;
	uint16_t rte;
	uint8_t *b = buf;
	int rc;

	if (!p || !req || !res || !buf || !req->len ||
	    (req->dir != SIM_DMA_READ && req->dir != SIM_DMA_WRITE))
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	res->pe = NO_PE;
	p->st.requests++;
	addr = req->addr;
	last = addr + req->len - 1;

	/* address decode (§1.1) */
	if ((IBM_EX(phb3_reg(p, PHB_PHB3_CONFIG), PHB_PHB3_CONFIG_MSI32_EN) &&
	     (addr & ~0xFFFFull) == MSI32_BASE) || (addr >> 60) == 1) {
		p->st.msi++;
		res->status = SIM_DMA_MSI;
		if (!phb3_rtc_lookup(p, req->rid, &rte) && rte < p->p.num_pes)
			res->pe = rte;
		return 0;
	}
	if ((addr >> 60) || (last >> 60) || last < addr) {
		dma_fault(p, req, NO_PE, SIM_FAULT_UNSUPPORTED_ADDR, addr, res);
		return 0;
	}

	/* RID -> PE */
	rc = phb3_rtc_lookup(p, req->rid, &rte);
	if (rc || rte >= p->p.num_pes) {
		dma_fault(p, req, NO_PE, rc == -EFAULT ? SIM_FAULT_TABLE_MEMORY
						       : SIM_FAULT_INVALID_PE,
			  addr, res);
		return 0;
	}
	res->pe = rte;
	if (IBM_EX(p->pestb[rte], IODA2_PESTB_DMA_STOPPED)) {
		p->st.frozen_blocked++;
		res->status = SIM_DMA_FROZEN;
		return 0;
	}

	/* translate every page before moving any byte */
	cap = ((uint64_t)req->len >> 12) + 2;
	if (cap > SMALL_CHUNKS) {
		ch = calloc(cap, sizeof(*ch));
		if (!ch)
			return -ENOMEM;
	}
	for (cur = addr, left = req->len; left; n++) {
		struct page_xlate px;
		uint64_t room;

		assert(n < cap);
		r = xlate_page(p, rte, cur, req->dir, &px);
		if (n == 0) {
			res->walk_levels = px.levels_read;
			res->cache_hit = px.hit;
		}
		if (r == SIM_FAULT_NONE) {
			room = (1ull << px.page_shift) -
			       (cur & ((1ull << px.page_shift) - 1));
			ch[n].pa = px.pa;
			ch[n].len = left < room ? left : room;
			if (!sim_mem_in_ram(p->mem, px.pa, ch[n].len))
				r = SIM_FAULT_TARGET_MEMORY;
		}
		if (r != SIM_FAULT_NONE) {
			dma_fault(p, req, rte, r, cur, res);
			goto out;
		}
		if (n == 0)
			res->pa = px.pa;
		cur += ch[n].len;
		left -= ch[n].len;
	}

	for (i = 0; i < n; i++) {
		if (req->dir == SIM_DMA_WRITE)
			rc = sim_mem_write(p->mem, ch[i].pa, b, ch[i].len);
		else
			rc = sim_mem_read(p->mem, ch[i].pa, b, ch[i].len);
		assert(rc == 0);	/* checked in RAM above */
		b += ch[i].len;
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

struct sim_dma_target phb3_dma_target(struct phb3 *p)
{
	struct sim_dma_target t = { .dma = phb3_dma, .opaque = p };

	return t;
}

/* ---- statistics ---- */

static double tce_hit_rate(const void *ctx)
{
	const struct tce_cache_stats *s = ctx;

	return s->lookups ? (double)s->hits / (double)s->lookups : 0.0;
}

int phb3_register_stats(struct phb3 *p, struct sim_stats *s,
			const char *prefix)
{
	const struct tce_cache_stats *cs = tce_cache_get_stats(p->tc);
	const struct {
		const char *name;
		const uint64_t *v;
		const char *unit;
		const char *desc;
	} tab[] = {
		{ "requests", &p->st.requests, "count", "DMA requests received" },
		{ "bytes", &p->st.bytes, "bytes", "bytes transferred by DMA" },
		{ "ok", &p->st.ok, "count", "DMA requests completed" },
		{ "msi", &p->st.msi, "count", "requests decoded as MSI" },
		{ "faults", &p->st.faults, "count", "DMA requests that faulted" },
		{ "fault_no_pe", &p->st.fault_no_pe, "count", "faults with no PE (nothing frozen)" },
		{ "frozen_blocked", &p->st.frozen_blocked, "count", "requests refused: PE frozen" },
		{ "freezes", &p->st.freezes, "count", "PEs newly DMA-frozen by faults" },
		{ "pest_writes", &p->st.pest_writes, "count", "PEST entries logged in memory" },
		{ "pest_lost", &p->st.pest_lost, "count", "PEST logs dropped (BAR off or not RAM)" },
		{ "peltv_unreadable", &p->st.peltv_unreadable, "count", "PELT-V rows outside RAM" },
		{ "rtc.hits", &p->st.rtc_hits, "count", "RTT cache hits" },
		{ "rtc.misses", &p->st.rtc_misses, "count", "RTT cache misses" },
		{ "rtc.inval_all", &p->st.rtc_inval_all, "count", "RTC invalidate-all writes" },
		{ "rtc.inval_one", &p->st.rtc_inval_one, "count", "RTC invalidate-RID writes" },
		{ "rtt_reads", &p->st.rtt_reads, "count", "RTT entries read from memory" },
		{ "walks.depth1", &p->st.walks[1], "count", "TCE walks of 1-level windows" },
		{ "walks.depth2", &p->st.walks[2], "count", "TCE walks of 2-level windows" },
		{ "walks.depth3", &p->st.walks[3], "count", "TCE walks of 3-level windows" },
		{ "walks.depth4", &p->st.walks[4], "count", "TCE walks of 4-level windows" },
		{ "walks.depth5", &p->st.walks[5], "count", "TCE walks of 5-level windows" },
		{ "table_reads", &p->st.table_reads, "count", "TCE table entries read from memory" },
		{ "bypass", &p->st.bypass, "count", "pages translated by bypass windows" },
		{ "mmio.reads", &p->st.mmio_reads, "count", "register reads" },
		{ "mmio.writes", &p->st.mmio_writes, "count", "register writes" },
		{ "mmio.bad", &p->st.mmio_bad, "count", "register accesses of bad size/alignment/offset (ignored)" },
		{ "mmio.unknown", &p->st.mmio_unknown, "count", "accesses to unmodelled registers (RAZ/WI)" },
		{ "ioda_unmodelled", &p->st.ioda_unmodelled, "count", "IODA_DATA0 accesses to unmodelled tables or past a table end" },
		{ "kill_noop", &p->st.kill_noop, "count", "TCE_KILL writes with no operation bit" },
		{ "tce_cache.lookups", &cs->lookups, "count", "TCE cache lookups" },
		{ "tce_cache.hits", &cs->hits, "count", "TCE cache hits" },
		{ "tce_cache.misses", &cs->misses, "count", "TCE cache misses" },
		{ "tce_cache.insertions", &cs->insertions, "count", "TCE cache fills that created an entry" },
		{ "tce_cache.evictions", &cs->evictions, "count", "valid TCE cache entries replaced" },
		{ "tce_cache.kill_all", &cs->kill_all, "count", "kill-all operations" },
		{ "tce_cache.kill_pe", &cs->kill_pe, "count", "kill-PE operations" },
		{ "tce_cache.kill_one", &cs->kill_one, "count", "kill-one-page operations" },
		{ "tce_cache.removed_all", &cs->removed_all, "count", "entries removed by kill-all" },
		{ "tce_cache.removed_pe", &cs->removed_pe, "count", "entries removed by kill-PE" },
		{ "tce_cache.removed_one", &cs->removed_one, "count", "entries removed by kill-one" },
	};
	char name[160];
	unsigned i;
	int rc;

	if (!p || !s || !prefix)
		return -EINVAL;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, tab[i].name);
		rc = sim_stats_add_u64(s, name, tab[i].desc, tab[i].unit,
				       tab[i].v);
		if (rc)
			return rc;
	}
	for (i = 1; i < SIM_FAULT_MAX; i++) {
		snprintf(name, sizeof(name), "%s.fault.%s", prefix,
			 sim_fault_reason_name(i));
		rc = sim_stats_add_u64(s, name, "DMA faults of this reason",
				       "count", &p->st.fault_reason[i]);
		if (rc)
			return rc;
	}
	snprintf(name, sizeof(name), "%s.tce_cache.hit_rate", prefix);
	return sim_stats_add_formula(s, name, "TCE cache hits / lookups",
				     "ratio", tce_hit_rate, cs);
}
