// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 register file: the 4 KiB MMIO space of phb3_regs.def, the on-chip
 * IODA tables behind IODA_ADDR/IODA_DATA0, and the side effects of the
 * action registers (RTC_INVALIDATE, TCE_KILL). Every accepted write is
 * reported to the observers, after its decoded action (kill, RTC
 * invalidation).
 *
 * Access rules: 8-byte, 8-byte aligned accesses inside the 4 KiB space.
 * Anything else is a bad access: counted, a read returns all-ones, a write
 * is dropped. A well-formed access to an offset not in phb3_regs.def reads
 * zero and ignores the write (counted as unknown).
 */
#include <stddef.h>
#include <string.h>

#include "phb3_internal.h"

const struct phb3_reg_desc phb3_reg_table[] = {
#define PHB3_REG(name, off, reset, wmask, desc) \
	{ #name, (off), (reset), (wmask), (desc) },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

const unsigned phb3_reg_count =
	sizeof(phb3_reg_table) / sizeof(phb3_reg_table[0]);

const struct phb3_reg_desc *phb3_reg_find(uint64_t offset)
{
	unsigned i;

	for (i = 0; i < phb3_reg_count; i++)
		if (phb3_reg_table[i].offset == offset)
			return &phb3_reg_table[i];
	return NULL;
}

void phb3_regs_reset(struct phb3 *p)
{
	unsigned i;

	memset(p->regs, 0, sizeof(p->regs));
	for (i = 0; i < phb3_reg_count; i++)
		p->regs[phb3_reg_table[i].offset / 8] = phb3_reg_table[i].reset;
	memset(p->tvt, 0, sizeof(p->tvt));
	for (i = 0; i < PHB3_TVT_ENTRIES; i++)
		phb3_tve_decode(0, &p->tve[i]);
	memset(p->pesta, 0, sizeof(p->pesta));
	memset(p->pestb, 0, sizeof(p->pestb));
	memset(p->peev, 0, sizeof(p->peev));
}

/*
 * IODA table for a selector: its entry count (AUTOINC wraps there) and
 * storage, or NULL storage for a table the model does not hold (reads 0,
 * writes ignored). Sizes are the PHB3 table sizes; an unassigned selector
 * spans the whole TADR range.
 */
static uint64_t *ioda_table(struct phb3 *p, unsigned tsel, unsigned *size)
{
	switch (tsel) {
	case IODA2_TBL_LIST:
	case IODA2_TBL_LXIVT:
	case IODA2_TBL_MRT:
		*size = 8;
		return NULL;
	case IODA2_TBL_IVC_CAM:
	case IODA2_TBL_RBA:
		*size = 32;
		return NULL;
	case IODA2_TBL_RCAM:
	case IODA2_TBL_TCAM:
	case IODA2_TBL_TDR:
		*size = 64;
		return NULL;
	case IODA2_TBL_M64BT:
		*size = 16;
		return NULL;
	case IODA2_TBL_M32DT:
		*size = 256;
		return NULL;
	case IODA2_TBL_PESTA:
		*size = PHB3_MAX_PES;
		return p->pesta;
	case IODA2_TBL_PESTB:
		*size = PHB3_MAX_PES;
		return p->pestb;
	case IODA2_TBL_TVT:
		*size = PHB3_TVT_ENTRIES;
		return p->tvt;
	case IODA2_TBL_PEEV:
		*size = PHB3_PEEV_WORDS;
		return p->peev;
	default:
		*size = 512;
		return NULL;
	}
}

/*
 * The IODA tables for checkpoints (phb3_state.c): every selector whose
 * table the model keeps, as ioda_table() answers, so a table added there
 * is saved and restored with no other change. A table with state derived
 * from its entries (the TVT's decoded tve[]) rebuilds it in
 * phb3_ioda_rederive().
 */
uint64_t *phb3_ioda_table(struct phb3 *p, unsigned tsel, unsigned *size)
{
	return ioda_table(p, tsel, size);
}

void phb3_ioda_rederive(struct phb3 *p)
{
	unsigned i;

	for (i = 0; i < PHB3_TVT_ENTRIES; i++)
		phb3_tve_decode(p->tvt[i], &p->tve[i]);
}

/* One IODA_DATA0 access; AUTOINC then advances TADR, wrapping. */
static void ioda_access(struct phb3 *p, bool write, uint64_t *val)
{
	uint64_t ad = phb3_reg(p, PHB_IODA_ADDR);
	unsigned tsel = IBM_EX(ad, PHB_IODA_AD_TSEL);
	unsigned tadr = IBM_EX(ad, PHB_IODA_AD_TADR);
	unsigned size;
	uint64_t *tbl = ioda_table(p, tsel, &size);

	if (!tbl || tadr >= size) {
		p->st.ioda_unmodelled++;
		if (!write)
			*val = 0;
	} else if (write) {
		tbl[tadr] = *val;
		if (tbl == p->tvt)
			phb3_tve_decode(*val, &p->tve[tadr]);
	} else {
		*val = tbl[tadr];
	}
	if (IBM_EX(ad, PHB_IODA_AD_AUTOINC))
		p->regs[PHB_IODA_ADDR / 8] =
			IBM_DP(ad, PHB_IODA_AD_TADR, (tadr + 1) % size);
}

static void tce_kill(struct phb3 *p, uint64_t v)
{
	struct xlate_tce_kill ev = { .pe = IBM_EX(v, PHB_TCE_KILL_PENUM) };

	if (IBM_EX(v, PHB_TCE_KILL_ALL)) {
		ev.kind = XLATE_KILL_ALL;
		ev.pe = 0;
		ev.removed = tce_cache_kill_all(p->tc);
	} else if (IBM_EX(v, PHB_TCE_KILL_PE)) {
		ev.kind = XLATE_KILL_PE;
		ev.removed = tce_cache_kill_pe(p->tc, ev.pe);
	} else if (IBM_EX(v, PHB_TCE_KILL_ONE)) {
		uint64_t addr = v & IBM_MASK(PHB_TCE_KILL_ADDR);

		ev.kind = XLATE_KILL_ONE;
		ev.window = (addr >> PHB3_WINDOW_SELECT_BIT) & 1;
		ev.offset = addr & ((1ull << PHB3_OFFSET_BITS) - 1);
		ev.removed = tce_cache_kill_one(p->tc, ev.pe, ev.window,
						ev.offset);
	} else {
		p->st.kill_noop++;
		return;
	}
	if (xlate_watched(&p->obs))
		XLATE_EMIT(&p->obs, tce_kill, &ev);
}

static bool access_ok(struct phb3 *p, uint64_t off, unsigned size)
{
	if (size != 8 || (off & 7) || off >= PHB3_REGS_BYTES) {
		p->st.mmio_bad++;
		return false;
	}
	return true;
}

static int phb3_mmio_read(void *opaque, uint64_t off, unsigned size,
			  uint64_t *val)
{
	struct phb3 *p = opaque;

	p->st.mmio_reads++;
	if (!access_ok(p, off, size)) {
		*val = ~0ull;
		return 0;
	}
	if (!phb3_reg_find(off)) {
		p->st.mmio_unknown++;
		*val = 0;
		return 0;
	}
	switch (off) {
	case PHB_DMARD_SYNC:
		/* syncs complete at once: no DMA read is ever in flight */
		*val = IBM_MASK(PHB_DMARD_SYNC_COMPLETE);
		break;
	case PHB_IODA_DATA0:
		ioda_access(p, false, val);
		break;
	default:
		*val = p->regs[off / 8];
		break;
	}
	return 0;
}

static int phb3_mmio_write(void *opaque, uint64_t off, unsigned size,
			   uint64_t val)
{
	struct phb3 *p = opaque;
	const struct phb3_reg_desc *r;

	p->st.mmio_writes++;
	if (!access_ok(p, off, size))
		return 0;
	r = phb3_reg_find(off);
	if (!r) {
		p->st.mmio_unknown++;
		return 0;
	}
	p->regs[off / 8] = (p->regs[off / 8] & ~r->wmask) | (val & r->wmask);
	switch (off) {
	case PHB_RTC_INVALIDATE:
		if (IBM_EX(val, PHB_RTC_INVALIDATE_ALL))
			phb3_rtc_invalidate_all(p);
		else
			phb3_rtc_invalidate_rid(p, IBM_EX(val,
						PHB_RTC_INVALIDATE_RID));
		break;
	case PHB_TCE_KILL:
		tce_kill(p, val);
		break;
	case PHB_IODA_DATA0:
		ioda_access(p, true, &val);
		break;
	default:
		break;
	}
	if (xlate_watched(&p->obs)) {
		const struct xlate_mmio_write ev = {
			.offset = off, .size = size, .value = val };

		XLATE_EMIT(&p->obs, mmio_write, &ev);
	}
	return 0;
}

const struct sim_mmio_ops phb3_mmio_ops = {
	.read = phb3_mmio_read,
	.write = phb3_mmio_write,
};
