// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 RID -> PE# lookup: the RTT cache (rtt_cache.c) in front of the
 * in-memory RTT at PHB_RTT_BAR (2-byte big-endian entries, base + 2 *
 * RID); invalidated through PHB_RTC_INVALIDATE.
 */
#include "phb3_internal.h"

int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte)
{
	uint64_t bar = phb3_reg(p, PHB_RTT_BAR);

	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		return -ENODEV;
	if (rtt_cache_lookup(p->rtc, rid, rte)) {
		p->st.rtc_hits++;
		return 0;
	}
	p->st.rtc_misses++;
	p->st.rtt_reads++;
	if (sim_mem_read_be16(p->mem, (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) +
			      2ull * rid, rte))
		return -EFAULT;
	rtt_cache_fill(p->rtc, rid, *rte);
	return 0;
}

void phb3_rtc_invalidate_all(struct phb3 *p)
{
	rtt_cache_invalidate_all(p->rtc);
	p->st.rtc_inval_all++;
}

void phb3_rtc_invalidate_rid(struct phb3 *p, uint16_t rid)
{
	rtt_cache_invalidate_rid(p->rtc, rid);
	p->st.rtc_inval_one++;
}
