// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 pure translation (see phb3_xlate.h). The walk follows §1.5 of the
 * hardware reference: every level has 2^ts entries of 8 bytes; the root
 * uses the highest index bits; an entry's address is the level base ORed
 * with index * 8; a non-leaf entry needs R or W set to be followed.
 */
#include <string.h>

#include "phb3_regs.h"
#include "phb3_xlate.h"

#define OFFSET_MASK ((1ull << PHB3_OFFSET_BITS) - 1)
#define PHYS_MASK ((1ull << SIM_PHYS_BITS) - 1)
#define TCE_R 0x1ull
#define TCE_W 0x2ull

static bool page_shift_supported(unsigned ps)
{
	/* ibm,supported-tce-sizes = <12 16 24 28> */
	return ps == 12 || ps == 16 || ps == 24 || ps == 28;
}

int phb3_tve_decode(uint64_t raw, struct phb3_tve *t)
{
	unsigned tps = IBM_EX(raw, IODA2_TVT_IO_PSIZE);
	unsigned tts = IBM_EX(raw, IODA2_TVT_TCE_TABLE_SIZE);
	unsigned bits;

	memset(t, 0, sizeof(*t));
	if (tps == 0) {
		t->bypass = true;
		t->start = IBM_EX(raw, IODA2_TVT_BYP_START_LO) << 24 |
			   IBM_EX(raw, IODA2_TVT_BYP_START_HI) << 48;
		t->end = IBM_EX(raw, IODA2_TVT_BYP_END_LO) << 24 |
			 IBM_EX(raw, IODA2_TVT_BYP_END_HI) << 48;
		t->valid = IBM_EX(raw, IODA2_TVT_BYP_VALID);
		return t->valid ? 0 : -EINVAL;
	}
	t->levels = IBM_EX(raw, IODA2_TVT_NUM_LEVELS) + 1;
	t->ts = tts + 8;
	t->ps = tps + 11;
	t->table = IBM_EX(raw, IODA2_TVT_TABLE_ADDR) << 12;
	bits = t->ts * t->levels + t->ps;
	t->win_shift = bits > PHB3_OFFSET_BITS ? PHB3_OFFSET_BITS : bits;
	t->valid = tts != 0 && t->levels <= PHB3_MAX_LEVELS &&
		   page_shift_supported(t->ps);
	return t->valid ? 0 : -EINVAL;
}

enum sim_fault_reason phb3_window_offset(const struct phb3_tve *t,
					 enum phb3_oow_policy oow,
					 uint64_t addr, uint64_t *off)
{
	uint64_t o = addr & OFFSET_MASK;

	if (t->win_shift < PHB3_OFFSET_BITS && (o >> t->win_shift)) {
		if (oow != PHB3_OOW_ALIAS)
			return SIM_FAULT_OUT_OF_WINDOW;
		o &= (1ull << t->win_shift) - 1;
	}
	*off = o;
	return SIM_FAULT_NONE;
}

enum sim_fault_reason phb3_tce_check(uint64_t tce, enum sim_dma_dir dir)
{
	if (!(tce & (TCE_R | TCE_W)))
		return SIM_FAULT_INVALID_LEAF;
	if (dir == SIM_DMA_WRITE ? !(tce & TCE_W) : !(tce & TCE_R))
		return SIM_FAULT_PERMISSION;
	return SIM_FAULT_NONE;
}

uint64_t phb3_tce_pa(uint64_t tce, unsigned ps, uint64_t addr)
{
	uint64_t mask = (1ull << ps) - 1;

	return (tce & ~mask) | (addr & mask);
}

static int fail(struct phb3_xlate *x, struct phb3_fault *f,
		enum sim_fault_reason r, uint64_t addr)
{
	memset(x, 0, sizeof(*x));
	f->reason = r;
	f->addr = addr;
	return -EFAULT;
}

static int xlate_bypass(const struct phb3_tve *t,
			const struct phb3_xlate_cfg *cfg, uint64_t addr,
			struct phb3_xlate *x, struct phb3_fault *f)
{
	uint64_t off = addr & OFFSET_MASK;

	if (cfg->bypass_bounds_check && (off < t->start || off >= t->end))
		return fail(x, f, SIM_FAULT_OUT_OF_WINDOW, addr);
	x->bypass = true;
	x->pa = addr & PHYS_MASK;
	x->offset = off;
	x->page_shift = PHB3_BYPASS_UNIT_SHIFT;
	return 0;
}

int phb3_xlate(struct sim_mem *mem, const struct phb3_xlate_cfg *cfg,
	       const struct phb3_tve *t, uint64_t addr, enum sim_dma_dir dir,
	       struct phb3_xlate *x, struct phb3_fault *f,
	       struct xlate_table_read *reads)
{
	enum sim_fault_reason r;
	uint64_t off, base, ent = 0;
	unsigned lvl;

	memset(f, 0, sizeof(*f));
	memset(x, 0, sizeof(*x));
	if (addr >> 60)
		return fail(x, f, SIM_FAULT_UNSUPPORTED_ADDR, addr);
	if (!t->valid)
		return fail(x, f, SIM_FAULT_INVALID_TVE, addr);
	if (t->bypass)
		return xlate_bypass(t, cfg, addr, x, f);
	r = phb3_window_offset(t, cfg->oow_policy, addr, &off);
	if (r != SIM_FAULT_NONE)
		return fail(x, f, r, addr);

	base = t->table;
	for (lvl = 0; lvl < t->levels; lvl++) {
		bool ok;

		f->entry_pa = phb3_tce_entry_pa(t, base, lvl, off);
		f->entry = 0;
		ok = !sim_mem_read_be64(mem, f->entry_pa, &ent);
		if (reads)
			reads[lvl] = (struct xlate_table_read){
				.addr = f->entry_pa, .value = ok ? ent : 0,
				.ok = ok };
		if (!ok)
			return fail(x, f, SIM_FAULT_TABLE_MEMORY, addr);
		f->levels_read++;
		f->entry = ent;
		if (lvl + 1 == t->levels)
			break;
		if (!(ent & (TCE_R | TCE_W)))
			return fail(x, f, SIM_FAULT_INVALID_INDIRECT, addr);
		base = ent & ~0xFFFull;
	}
	r = phb3_tce_check(ent, dir);
	if (r != SIM_FAULT_NONE)
		return fail(x, f, r, addr);
	x->tce = ent;
	x->offset = off;
	x->page_shift = t->ps;
	x->levels_read = f->levels_read;
	x->pa = phb3_tce_pa(ent, t->ps, off);
	return 0;
}
