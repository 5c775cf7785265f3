// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 top: parameters, life cycle, observers and statistics. The DMA
 * path is in phb3_dma.c, the register file in phb3_regs.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_internal.h"

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
	p->params = *params;
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
	return &p->params;
}

struct tce_cache *phb3_tce_cache(struct phb3 *p)
{
	return p->tc;
}

/* ---- observers ---- */

int phb3_observer_add(struct phb3 *p, const struct xlate_observer *o)
{
	return p ? xlate_observers_add(&p->obs, o) : -EINVAL;
}

int phb3_observer_remove(struct phb3 *p, const struct xlate_observer *o)
{
	return p ? xlate_observers_remove(&p->obs, o) : -EINVAL;
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
