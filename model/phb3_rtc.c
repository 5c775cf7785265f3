// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 RTT cache (RTC): RID -> PE# entries read from the in-memory RTT at
 * PHB_RTT_BAR (2-byte big-endian entries, base + 2 * RID). Fully
 * associative, rtc_entries entries, LRU; invalidated through
 * PHB_RTC_INVALIDATE. Raw entries are cached, valid or not, as fetched.
 */
#include "phb3_internal.h"

int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte)
{
	uint64_t bar = phb3_reg(p, PHB_RTT_BAR);
	struct phb3_rtc_entry *v = &p->rtc[0];
	unsigned i;

	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		return -ENODEV;
	p->rtc_tick++;
	for (i = 0; i < p->p.rtc_entries; i++) {
		struct phb3_rtc_entry *e = &p->rtc[i];

		if (e->valid && e->rid == rid) {
			e->used = p->rtc_tick;
			p->st.rtc_hits++;
			*rte = e->rte;
			return 0;
		}
		if (v->valid && (!e->valid || e->used < v->used))
			v = e;
	}
	p->st.rtc_misses++;
	p->st.rtt_reads++;
	if (sim_mem_read_be16(p->mem, (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) +
			      2ull * rid, rte))
		return -EFAULT;
	v->valid = true;
	v->rid = rid;
	v->rte = *rte;
	v->used = p->rtc_tick;
	return 0;
}

void phb3_rtc_invalidate_all(struct phb3 *p)
{
	unsigned i;

	for (i = 0; i < p->p.rtc_entries; i++)
		p->rtc[i].valid = false;
	p->st.rtc_inval_all++;
}

void phb3_rtc_invalidate_rid(struct phb3 *p, uint16_t rid)
{
	unsigned i;

	for (i = 0; i < p->p.rtc_entries; i++)
		if (p->rtc[i].rid == rid)
			p->rtc[i].valid = false;
	p->st.rtc_inval_one++;
}
