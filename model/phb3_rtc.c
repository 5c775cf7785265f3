// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 RID -> PE# lookup: the RTT cache (rtt_cache.c) in front of the
 * in-memory RTT at PHB_RTT_BAR (2-byte big-endian entries, base + 2 *
 * RID); invalidated through PHB_RTC_INVALIDATE. Every lookup and
 * invalidation is reported to the observers.
 */
#include "phb3_internal.h"

/* An RTT cache miss: read the entry from memory and keep it. */
static int rtt_read(struct phb3 *p, uint64_t bar, uint16_t rid,
		    uint16_t *rte, uint64_t *at)
{
	p->st.rtc_misses++;
	p->st.rtt_reads++;
	*at = (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) + 2ull * rid;
	if (sim_mem_read_be16(p->mem, *at, rte))
		return -EFAULT;
	rtt_cache_fill(p->rtc, rid, *rte);
	return 0;
}

static __attribute__((noinline)) void
report_lookup(struct phb3 *p, uint16_t rid, int rc, bool hit, uint64_t at,
	      uint16_t rte)
{
	const struct xlate_rtt_lookup ev = {
		.rid = rid,
		.status = rc == -ENODEV ? XLATE_RTT_DISABLED :
			  rc ? XLATE_RTT_UNREADABLE : XLATE_RTT_OK,
		.hit = hit,
		.read_addr = at,
		.rte = rc ? 0 : rte,
	};

	XLATE_EMIT(&p->obs, rtt_lookup, &ev);
}

int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte)
{
	uint64_t bar = phb3_reg(p, PHB_RTT_BAR), at = 0;
	bool hit = false;
	int rc = 0;

	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		rc = -ENODEV;
	else if (rtt_cache_lookup(p->rtc, rid, rte))
		hit = true;
	else
		rc = rtt_read(p, bar, rid, rte, &at);
	if (hit)
		p->st.rtc_hits++;
	if (xlate_watched_dma(&p->obs))
		report_lookup(p, rid, rc, hit, at, rc ? 0 : *rte);
	return rc;
}

static void invalidated(struct phb3 *p, bool all, uint16_t rid)
{
	const struct xlate_rtt_invalidate ev = { .all = all, .rid = rid };

	if (xlate_watched(&p->obs))
		XLATE_EMIT(&p->obs, rtt_invalidate, &ev);
}

void phb3_rtc_invalidate_all(struct phb3 *p)
{
	rtt_cache_invalidate_all(p->rtc);
	p->st.rtc_inval_all++;
	invalidated(p, true, 0);
}

void phb3_rtc_invalidate_rid(struct phb3 *p, uint16_t rid)
{
	rtt_cache_invalidate_rid(p->rtc, rid);
	p->st.rtc_inval_one++;
	invalidated(p, false, rid);
}
