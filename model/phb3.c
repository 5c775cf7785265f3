// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 top: parameters, life cycle, observers and statistics. The DMA
 * path is in phb3_dma.c, the register file in phb3_regs.c.
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phb3_internal.h"

void phb3_params_default(struct phb3_params *p)
{
	memset(p, 0, sizeof(*p));
#define DEF(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	p->name = (def);
	PHB3_PARAMS(DEF)
#undef DEF
	tce_cache_params_default(&p->tce_cache);
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
#define CHK(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	if (!sim_param_in_range((uint64_t)p->name, (mn), (mx))) \
		return -EINVAL;
	PHB3_PARAMS(CHK)
#undef CHK
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
	p->data_mem = mem;
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

static int add_rows(struct phb3 *p, struct sim_stats *s, const char *prefix,
		    bool faults)
{
	const struct phb3_stats *sim_st_ = &p->st;
	const struct sim_stat_row main_rows[] = {
		PHB3_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};
	const struct sim_stat_row fault_rows[] = {
		PHB3_FAULT_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};

	if (faults)
		return sim_stats_add_rows(s, prefix, fault_rows,
					  sizeof(fault_rows) /
					  sizeof(fault_rows[0]));
	return sim_stats_add_rows(s, prefix, main_rows,
				  sizeof(main_rows) / sizeof(main_rows[0]));
}

int phb3_register_stats(struct phb3 *p, struct sim_stats *s,
			const char *prefix)
{
	char name[160];
	int rc;

	if (!p || !s || !prefix)
		return -EINVAL;
	rc = add_rows(p, s, prefix, false);
	if (!rc) {
		snprintf(name, sizeof(name), "%s.tce_cache", prefix);
		rc = tce_cache_register_stats(p->tc, s, name);
	}
	if (!rc)
		rc = add_rows(p, s, prefix, true);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "%s.tce_cache.hit_rate", prefix);
	return sim_stats_add_formula(s, name, "TCE cache hits / lookups",
				     "ratio", tce_hit_rate,
				     tce_cache_get_stats(p->tc));
}

int phb3_set_data_mem(struct phb3 *p, struct sim_mem *mem)
{
	if (!p || !mem || sim_mem_ram_bytes(mem) != sim_mem_ram_bytes(p->mem))
		return -EINVAL;
	p->data_mem = mem;
	return 0;
}
