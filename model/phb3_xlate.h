/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PHB3 pure translation: TVE decode, window check, the 1..5 level TCE walk,
 * bypass windows and the leaf permission check. Nothing here touches the
 * caches, registers or statistics; the only input from outside is a
 * read-only view of simulated memory. A fault never yields a translation.
 * A TVE is decoded once (phb3_tve_decode) and the walk takes the decoded
 * form: the PHB decodes each TVT entry when it is written, so no DMA
 * request decodes one.
 */
#ifndef TCESIM_MODEL_PHB3_XLATE_H
#define TCESIM_MODEL_PHB3_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/dma.h"
#include "tcesim/mem.h"
#include "tcesim/phb3.h"
#include "tcesim/xlate_observer.h"

#define PHB3_WINDOW_SELECT_BIT 59	/* bus address bit choosing TVE#0/#1 */
#define PHB3_OFFSET_BITS 59		/* window offset: bus address bits 0..58 */
#define PHB3_BYPASS_UNIT_SHIFT 24	/* bypass bounds are 16 MB units */
#define PHB3_MAX_LEVELS 5

/* A decoded TVE (§1.4 of the hardware reference). */
struct phb3_tve {
	bool valid;		/* enabled and well formed */
	bool bypass;		/* IO_PSIZE == 0: no translation */
	/* translated windows */
	unsigned levels;	/* 1..5; the root is read first */
	unsigned ts;		/* log2(entries per level) = tts + 8 */
	unsigned ps;		/* log2(IO page size) = tps + 11 */
	unsigned win_shift;	/* log2(window size), at most 59 */
	uint64_t table;		/* root table physical address */
	/* bypass windows: [start, end) window offsets */
	uint64_t start, end;
};

struct phb3_xlate_cfg {
	enum phb3_oow_policy oow_policy;
	bool bypass_bounds_check;
};

struct phb3_xlate {
	uint64_t pa;		/* physical address of the byte at addr */
	uint64_t tce;		/* leaf TCE (0 for bypass) */
	uint64_t offset;	/* window offset actually translated (after
				   aliasing), bit 59 stripped */
	unsigned page_shift;	/* IO page (24 for bypass: its granule) */
	unsigned levels_read;	/* table entries read */
	bool bypass;
};

struct phb3_fault {
	enum sim_fault_reason reason;
	uint64_t addr;		/* bus address that faulted */
	unsigned levels_read;	/* table entries read before the fault */
	uint64_t entry_pa;	/* last table entry read or attempted */
	uint64_t entry;		/* its value (0 if it could not be read) */
};

/* 0, or -EINVAL for an invalid TVE (t->valid false; fields best effort). */
int phb3_tve_decode(uint64_t raw, struct phb3_tve *t);

/*
 * Window offset for addr in translated window t, applying oow_policy:
 * SIM_FAULT_NONE and *off, or SIM_FAULT_OUT_OF_WINDOW.
 */
enum sim_fault_reason phb3_window_offset(const struct phb3_tve *t,
					 enum phb3_oow_policy oow,
					 uint64_t addr, uint64_t *off);

/* Leaf check: NONE, INVALID_LEAF (no R nor W) or PERMISSION. */
enum sim_fault_reason phb3_tce_check(uint64_t tce, enum sim_dma_dir dir);
/* PA of addr through leaf tce with IO page 2^ps. */
uint64_t phb3_tce_pa(uint64_t tce, unsigned ps, uint64_t addr);
/* Address of the level-lvl table entry (0: root) for window offset off,
   in the level table at base (4 KiB aligned). */
static inline uint64_t phb3_tce_entry_pa(const struct phb3_tve *t,
					 uint64_t base, unsigned lvl,
					 uint64_t off)
{
	unsigned sh = t->ts * (t->levels - 1 - lvl) + t->ps;

	return base | ((sh >= 64 ? 0 : off >> sh) &
		       ((1ull << t->ts) - 1)) << 3;
}

/*
 * Translate addr (bits 63..60 must be 0) through the decoded TVE t (an
 * invalid one faults with SIM_FAULT_INVALID_TVE). 0 and *x, or -EFAULT and
 * *f (then *x is zeroed). reads, when not NULL, has PHB3_MAX_LEVELS
 * entries and receives every table entry read, in order: levels_read
 * of them (x or f), plus the failed one (ok false) after them when the
 * walk ended with SIM_FAULT_TABLE_MEMORY.
 */
int phb3_xlate(struct sim_mem *mem, const struct phb3_xlate_cfg *cfg,
	       const struct phb3_tve *t, uint64_t addr, enum sim_dma_dir dir,
	       struct phb3_xlate *x, struct phb3_fault *f,
	       struct xlate_table_read *reads);

#endif /* TCESIM_MODEL_PHB3_XLATE_H */
