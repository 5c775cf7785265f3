// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 debug port (tcesim/phb3_debug.h): side-effect-free RID -> PE
 * lookup, TVE decode and address probe for invariant checkers. Reads the
 * register file, the TVT and simulated memory; writes nothing.
 */
#include <errno.h>
#include <string.h>

#include "phb3_internal.h"
#include "tcesim/phb3_debug.h"

int phb3_debug_pe_of(const struct phb3 *p, uint16_t rid, unsigned *pe)
{
	uint64_t bar;
	uint16_t rte;

	if (!p || !pe)
		return -EINVAL;
	bar = phb3_reg(p, PHB_RTT_BAR);
	if (!IBM_EX(bar, PHB_BAR_ENABLE))
		return -ENODEV;
	if (sim_mem_read_be16(p->mem, (bar & IBM_MASK(PHB_RTT_BAR_ADDR)) +
			      2ull * rid, &rte))
		return -EFAULT;
	if (rte >= p->params.num_pes)
		return -ENOENT;
	*pe = rte;
	return 0;
}

int phb3_debug_window(const struct phb3 *p, unsigned pe, unsigned w,
		      struct phb3_debug_window *out)
{
	const struct phb3_tve *t;

	memset(out, 0, sizeof(*out));
	if (!p || pe >= p->params.num_pes || w > 1)
		return -EINVAL;
	t = &p->tve[pe * 2 + w];
	out->valid = t->valid;
	out->bypass = t->bypass;
	out->levels = t->levels;
	out->ts = t->ts;
	out->ps = t->ps;
	out->win_shift = t->win_shift;
	out->table = t->table;
	return 0;
}

int phb3_debug_probe(const struct phb3 *p, uint16_t rid, uint64_t addr,
		     enum sim_dma_dir dir, struct phb3_probe *out)
{
	const struct phb3_xlate_cfg cfg = {
		.oow_policy = p ? p->params.oow_policy : PHB3_OOW_FAULT,
		.bypass_bounds_check = p ? p->params.bypass_bounds_check : true,
	};
	struct phb3_xlate x;
	struct phb3_fault f;
	unsigned pe;

	if (!p || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->pe = 0xffff;
	if (phb3_debug_pe_of(p, rid, &pe)) {
		out->reason = SIM_FAULT_INVALID_PE;
		return 0;
	}
	out->pe = pe;
	if (phb3_xlate(p->mem, &cfg,
		       &p->tve[pe * 2 + ((addr >> PHB3_WINDOW_SELECT_BIT) & 1)],
		       addr, dir, &x, &f, NULL)) {
		out->reason = f.reason;
		return 0;
	}
	out->reason = SIM_FAULT_NONE;
	out->pa = x.pa;
	out->tce = x.tce;
	out->page_shift = x.page_shift;
	return 0;
}

int phb3_debug_cached_tce(const struct phb3 *p, unsigned pe, uint64_t addr,
			  struct phb3_cached_tce *out)
{
	unsigned window = (addr >> PHB3_WINDOW_SELECT_BIT) & 1;
	const struct phb3_tve *t;
	struct tce_cache_key key;
	uint64_t off, tce;

	if (!p || !out || pe >= p->params.num_pes || (addr >> 60))
		return -EINVAL;
	t = &p->tve[pe * 2 + window];
	if (!t->valid || t->bypass)
		return -ENOENT;
	if (phb3_window_offset(t, p->params.oow_policy, addr, &off) !=
	    SIM_FAULT_NONE)
		return -ENOENT;
	memset(&key, 0, sizeof(key));
	key.pe = (uint16_t)pe;
	key.window = (uint16_t)window;
	key.page_shift = (uint8_t)t->ps;
	key.win_shift = (uint8_t)t->win_shift;
	key.page = off >> t->ps;
	if (!tce_cache_peek(p->tc, &key, &tce))
		return -ENOENT;
	out->tce = tce;
	out->pa = phb3_tce_pa(tce, t->ps, off);
	out->page_addr = addr & ~((1ull << t->ps) - 1);
	out->page_shift = t->ps;
	return 0;
}

bool phb3_debug_pe_frozen(const struct phb3 *p, unsigned pe)
{
	return p && pe < p->params.num_pes &&
	       IBM_EX(p->ioda.PESTB[pe], IODA2_PESTB_DMA_STOPPED);
}

unsigned phb3_debug_frozen_pes(const struct phb3 *p)
{
	unsigned pe, n = 0;

	for (pe = 0; p && pe < p->params.num_pes; pe++)
		n += phb3_debug_pe_frozen(p, pe);
	return n;
}

int phb3_debug_reg(const struct phb3 *p, uint64_t off, uint64_t *val)
{
	if (!p || !val || (off & 7) || off >= PHB3_REGS_BYTES)
		return -EINVAL;
	*val = phb3_reg(p, (unsigned)off);
	return 0;
}

int phb3_debug_tvt(const struct phb3 *p, unsigned idx, uint64_t *raw)
{
	if (!p || !raw || idx >= PHB3_TVT_ENTRIES)
		return -EINVAL;
	*raw = p->ioda.TVT[idx];
	return 0;
}

int phb3_debug_pestb(const struct phb3 *p, unsigned pe, uint64_t *val)
{
	if (!p || !val || pe >= PHB3_MAX_PES)
		return -EINVAL;
	*val = p->ioda.PESTB[pe];
	return 0;
}
