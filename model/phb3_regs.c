// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 register file: the 4 KiB MMIO space of tcesim/phb3_regs.def, the
 * on-chip IODA tables of tcesim/phb3_ioda.def behind IODA_ADDR/IODA_DATA0,
 * and every register's access kind (RW, RO, W1C, ACT, SE). The side
 * effects (SE, ACT) are the two switches below, one per direction. Every
 * accepted write is reported to the observers, after its action (kill,
 * RTC invalidation).
 *
 * Access rules: 8-byte, 8-byte aligned accesses inside the 4 KiB space;
 * the CONFIG_DATA window also takes naturally aligned 1-, 2- and 4-byte
 * accesses. Anything else is a bad access: counted, a read returns
 * all-ones, a write is dropped. A well-formed access to an offset not in
 * phb3_regs.def reads zero and ignores the write (counted as unknown).
 */
#include <stddef.h>
#include <string.h>

#include "phb3_internal.h"

/* ---- the two lists and their lookups --------------------------------- */

const struct phb3_reg_desc phb3_reg_table[] = {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) \
	{ #name, (off), (reset), (wmask), PHB3_RK_##kind, (src), (desc) },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

const unsigned phb3_reg_count =
	sizeof(phb3_reg_table) / sizeof(phb3_reg_table[0]);

/* Row numbers of both lists. */
enum phb3_reg_row {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) PHB3_ROW_##name,
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

enum phb3_ioda_row {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) PHB3_IROW_##name,
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

/* Row + 1 of the register at each 8-byte offset (0: none). A duplicate
   offset in the list is an initializer override: -Werror rejects it. */
static const unsigned short reg_slot[PHB3_REGS_BYTES / 8] = {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) \
	[(off) / 8] = PHB3_ROW_##name + 1,
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

const struct phb3_reg_desc *phb3_reg_find(uint64_t offset)
{
	unsigned row;

	if (offset >= PHB3_REGS_BYTES || (offset & 7))
		return NULL;
	row = reg_slot[offset / 8];
	return row ? &phb3_reg_table[row - 1] : NULL;
}

const char *phb3_reg_kind_name(enum phb3_reg_kind k)
{
	static const char *const names[] = {
		[PHB3_RK_RW] = "RW", [PHB3_RK_RO] = "RO",
		[PHB3_RK_W1C] = "W1C", [PHB3_RK_ACT] = "ACT",
		[PHB3_RK_SE] = "SE",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

const struct phb3_ioda_desc phb3_ioda_table[] = {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) \
	{ #name, (tsel), (n), (wmask), PHB3_IK_##kind, (src), (desc) },
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

const unsigned phb3_ioda_count =
	sizeof(phb3_ioda_table) / sizeof(phb3_ioda_table[0]);

/* Per selector: row + 1 (0: unassigned) and the table's storage. */
static const struct {
	unsigned short row;
	unsigned short offset;	/* of the table in struct phb3_ioda */
} ioda_slot[PHB3_IODA_TSELS] = {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) \
	[(tsel)] = { PHB3_IROW_##name + 1, offsetof(struct phb3_ioda, name) },
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

const struct phb3_ioda_desc *phb3_ioda_find(unsigned tsel)
{
	if (tsel >= PHB3_IODA_TSELS || !ioda_slot[tsel].row)
		return NULL;
	return &phb3_ioda_table[ioda_slot[tsel].row - 1];
}

const char *phb3_ioda_kind_name(enum phb3_ioda_kind k)
{
	static const char *const names[] = {
		[PHB3_IK_STATE] = "STATE", [PHB3_IK_STORE] = "STORE",
		[PHB3_IK_RAZ] = "RAZ",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

/* The DMA path relies on these sizes of the tables it reads. */
_Static_assert(sizeof(((struct phb3_ioda *)0)->TVT) ==
	       PHB3_TVT_ENTRIES * sizeof(uint64_t), "TVT size");
_Static_assert(sizeof(((struct phb3_ioda *)0)->PESTA) ==
	       PHB3_MAX_PES * sizeof(uint64_t), "PESTA size");
_Static_assert(sizeof(((struct phb3_ioda *)0)->PESTB) ==
	       PHB3_MAX_PES * sizeof(uint64_t), "PESTB size");
_Static_assert(sizeof(((struct phb3_ioda *)0)->PEEV) ==
	       PHB3_PEEV_WORDS * sizeof(uint64_t), "PEEV size");

/* ---- reset ------------------------------------------------------------- */

void phb3_ioda_sync(struct phb3 *p)
{
	unsigned i;

	for (i = 0; i < PHB3_TVT_ENTRIES; i++)
		phb3_tve_decode(p->ioda.TVT[i], &p->tve[i]);
}

void phb3_regs_reset(struct phb3 *p)
{
	unsigned i;

	memset(p->regs, 0, sizeof(p->regs));
	for (i = 0; i < phb3_reg_count; i++)
		p->regs[phb3_reg_table[i].offset / 8] = phb3_reg_table[i].reset;
	memset(&p->ioda, 0, sizeof(p->ioda));
	phb3_ioda_sync(p);
}

/* ---- IODA tables ------------------------------------------------------- */

uint64_t *phb3_ioda_storage(struct phb3 *p, unsigned tsel, unsigned *size)
{
	const struct phb3_ioda_desc *t = phb3_ioda_find(tsel);

	*size = 0;
	if (!t || t->kind == PHB3_IK_RAZ)
		return NULL;
	*size = t->entries;
	return (uint64_t *)((char *)&p->ioda + ioda_slot[tsel].offset);
}

/*
 * One IODA_DATA0 access to the entry IODA_ADDR selects; AUTOINC then
 * advances TADR, wrapping at the table size. An unassigned selector, a
 * cache array (RAZ) or a TADR past the table reads 0 and ignores the
 * write (counted); an unassigned selector does not advance.
 */
static void ioda_access(struct phb3 *p, bool write, uint64_t *val)
{
	uint64_t ad = phb3_reg(p, PHB_IODA_ADDR);
	unsigned tsel = IBM_EX(ad, PHB_IODA_AD_TSEL);
	unsigned tadr = IBM_EX(ad, PHB_IODA_AD_TADR);
	const struct phb3_ioda_desc *t = phb3_ioda_find(tsel);
	uint64_t *tbl;

	if (!t || t->kind == PHB3_IK_RAZ || tadr >= t->entries) {
		p->st.ioda_unmodelled++;
		if (!write)
			*val = 0;
	} else {
		tbl = (uint64_t *)((char *)&p->ioda + ioda_slot[tsel].offset);
		if (!write) {
			*val = tbl[tadr];
		} else {
			tbl[tadr] = *val & t->wmask;
			if (tsel == IODA2_TBL_TVT)
				phb3_tve_decode(tbl[tadr], &p->tve[tadr]);
		}
	}
	if (t && IBM_EX(ad, PHB_IODA_AD_AUTOINC))
		p->regs[PHB_IODA_ADDR / 8] =
			IBM_DP(ad, PHB_IODA_AD_TADR, (tadr + 1) % t->entries);
}

/* ---- action and side-effect registers ----------------------------------- */

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

/* The PCIe link is up: a device is attached and PERST is released. */
static bool link_up(const struct phb3 *p)
{
	return p->link_partner &&
	       IBM_EX(phb3_reg(p, PHB_RESET), PHB_RESET_PERST_RELEASED);
}

/* The value a read of an SE register returns (after its side effect). */
static uint64_t se_read(struct phb3 *p, uint64_t off)
{
	uint64_t v = p->regs[off / 8];

	switch (off) {
	case PHB_DMARD_SYNC:
		/* syncs complete at once: no DMA read is ever in flight */
		return IBM_MASK(PHB_DMARD_SYNC_COMPLETE);
	case PHB_IODA_DATA0:
		ioda_access(p, false, &v);
		return v;
	case PHB_FFI_LOCK:
		/* the value before the read; the read takes the lock */
		p->regs[off / 8] |= IBM_MASK(PHB_FFI_LOCK_STATE);
		return v;
	case PHB_PCIE_LINK_MANAGEMENT:
		return link_up(p) ? v | IBM_MASK(PHB_PCIE_LM_LINK_ACTIVE) : v;
	case PHB_PCIE_DLP_TRAIN_CTL:
		return link_up(p) ? IBM_MASK(PHB_PCIE_DLP_INBAND_PRESENCE) |
				    IBM_MASK(PHB_PCIE_DLP_TC_DL_LINKACT) : 0;
	default:	/* CONFIG_DATA, RESET, Q_DMA_R, LEM_WOF: stored value */
		return v;
	}
}

/* The side effect of a write to an SE or ACT register (after storing). */
static void write_effect(struct phb3 *p, uint64_t off, uint64_t val)
{
	uint64_t *r = &p->regs[off / 8];

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
	case PHB_FFI_REQUEST:
		p->regs[PHB_FFI_LOCK / 8] = 0;
		break;
	case PHB_Q_DMA_R:
		if (IBM_EX(val, PHB_Q_DMA_R_AUTORESET))
			*r = 0;
		break;
	case PHB_LEM_FIR_AND_MASK:
		p->regs[PHB_LEM_FIR_ACCUM / 8] &= val;
		break;
	case PHB_LEM_FIR_OR_MASK:
		p->regs[PHB_LEM_FIR_ACCUM / 8] |= val;
		break;
	case PHB_LEM_ERROR_AND_MASK:
		p->regs[PHB_LEM_ERROR_MASK / 8] &= val;
		break;
	case PHB_LEM_ERROR_OR_MASK:
		p->regs[PHB_LEM_ERROR_MASK / 8] |= val;
		break;
	case PHB_LEM_WOF:
		*r = 0;
		break;
	default:	/* CONFIG_DATA (dropped), IVC_INVALIDATE (no IVC),
			   RESET, FFI_LOCK, LINK_MANAGEMENT: stored only */
		break;
	}
}

/* ---- MMIO -------------------------------------------------------------- */

/* A PCI config data access: 1, 2, 4 or 8 bytes, naturally aligned. */
static bool config_access(uint64_t off, unsigned size)
{
	return off >= PHB_CONFIG_DATA &&
	       off < PHB_CONFIG_DATA + PHB3_CONFIG_DATA_BYTES &&
	       (size == 1 || size == 2 || size == 4 || size == 8) &&
	       !(off & (size - 1));
}

static bool access_ok(struct phb3 *p, uint64_t off, unsigned size)
{
	if (config_access(off, size))
		return true;
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
	const struct phb3_reg_desc *r;

	p->st.mmio_reads++;
	if (!access_ok(p, off, size)) {
		*val = ~0ull;
		return 0;
	}
	if (config_access(off, size)) {
		/* no device answers: all-ones of the access size */
		*val = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
		return 0;
	}
	r = phb3_reg_find(off);
	if (!r) {
		p->st.mmio_unknown++;
		*val = 0;
		return 0;
	}
	*val = r->kind == PHB3_RK_SE ? se_read(p, off) : p->regs[off / 8];
	return 0;
}

static int phb3_mmio_write(void *opaque, uint64_t off, unsigned size,
			   uint64_t val)
{
	struct phb3 *p = opaque;
	const struct phb3_reg_desc *r;
	uint64_t *reg;

	p->st.mmio_writes++;
	if (!access_ok(p, off, size))
		return 0;
	r = config_access(off, size) ? NULL : phb3_reg_find(off);
	if (!r) {
		if (!config_access(off, size))
			p->st.mmio_unknown++;
		return 0;
	}
	reg = &p->regs[off / 8];
	switch (r->kind) {
	case PHB3_RK_RW:
		*reg = (*reg & ~r->wmask) | (val & r->wmask);
		break;
	case PHB3_RK_W1C:
		*reg &= ~(val & r->wmask);
		break;
	case PHB3_RK_SE:
		*reg = (*reg & ~r->wmask) | (val & r->wmask);
		write_effect(p, off, val);
		break;
	case PHB3_RK_ACT:
		write_effect(p, off, val);
		break;
	case PHB3_RK_RO:
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

/* ---- board wiring ------------------------------------------------------ */

void phb3_set_link_partner(struct phb3 *p, bool present)
{
	if (p)
		p->link_partner = present;
}
