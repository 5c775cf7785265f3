// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 RID -> PE# lookup: the RTT cache (rtt_cache.c) in front of the
 * in-memory RTT at PHB_RTT_BAR (2-byte big-endian entries, base + 2 *
 * RID); invalidated through PHB_RTC_INVALIDATE. Every lookup and
 * invalidation is reported to the observers.
 */
#include "phb3_internal.h"

static int lookup(struct phb3 *p, uint16_t rid, uint16_t *rte,
		  struct xlate_rtt_lookup *ev)
{
	uint64_t bar = phb3_reg(p, PHB_RTT_BAR);

	if (!IBM_EX(bar, PHB_BAR_ENABLE)) {
		ev->status = XLATE_RTT_DISABLED;
		return -ENODEV;
	}
	if (rtt_cache_lookup(p->rtc, rid, rte)) {
		p->st.rtc_hits++;
		ev->hit = true;
		return 0;
	}
	p->st.rtc_misses++;
	p->st.rtt_reads++;
	ev->read_addr = (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) + 2ull * rid;
	if (sim_mem_read_be16(p->mem, ev->read_addr, rte)) {
		ev->status = XLATE_RTT_UNREADABLE;
		return -EFAULT;
	}
	rtt_cache_fill(p->rtc, rid, *rte);
	return 0;
}

int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte)
{
	struct xlate_rtt_lookup ev = { .rid = rid, .status = XLATE_RTT_OK };
	int rc = lookup(p, rid, rte, &ev);

	if (xlate_watched(&p->obs)) {
		if (!rc)
			ev.rte = *rte;
		XLATE_EMIT(&p->obs, rtt_lookup, &ev);
	}
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
