/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PHB3 debug port for checkers (sim/invariants.c) and tests. A real PHB
 * has no such port: these calls read the model's state and translate an
 * address exactly as a DMA would walk the tables, with no side effect at
 * all (no RTT/TCE cache fill or LRU update, no statistics, no PEST log, no
 * freeze). Caches are not consulted: the probe answers "what do the
 * tables in memory say", i.e. what a DMA sees after a full TCE kill.
 */
#ifndef TCESIM_PHB3_DEBUG_H
#define TCESIM_PHB3_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/dma.h"
#include "tcesim/phb3.h"

/* PE number of requester rid from the in-memory RTT (not the RTT cache):
 * 0, -ENODEV (RTT BAR disabled), -EFAULT (entry not in RAM), -ENOENT (the
 * entry names no PE this PHB has). */
int phb3_debug_pe_of(const struct phb3 *p, uint16_t rid, unsigned *pe);

/* A decoded TVE. */
struct phb3_debug_window {
	bool valid;		/* enabled and well formed */
	bool bypass;		/* no translation */
	unsigned levels;	/* translated: table levels, 1..5 */
	unsigned ts;		/* log2(entries per level table) */
	unsigned ps;		/* log2(IO page size) */
	unsigned win_shift;	/* log2(window size) */
	uint64_t table;		/* root table physical address */
};

/* TVE of window w (0/1) of PE pe: 0, or -EINVAL for a bad pe/w. */
int phb3_debug_window(const struct phb3 *p, unsigned pe, unsigned w,
		      struct phb3_debug_window *out);

struct phb3_probe {
	enum sim_fault_reason reason;	/* SIM_FAULT_NONE: translated */
	unsigned pe;			/* 0xffff when no PE */
	uint64_t pa;			/* translated address */
	uint64_t tce;			/* leaf TCE (0 for bypass) */
	unsigned page_shift;
};

/* Translate addr for requester rid as a DMA in direction dir would. 0
 * (outcome in *out, fault included), -EINVAL on bad arguments. */
int phb3_debug_probe(const struct phb3 *p, uint16_t rid, uint64_t addr,
		     enum sim_dma_dir dir, struct phb3_probe *out);

/*
 * What the PHB's TCE cache holds for bus address addr of PE pe: the
 * cached leaf of addr's IO page (which a DMA would use without reading
 * the tables), with the window's page geometry. Nothing is touched (no
 * LRU refresh, no counter). 0 with *out filled, -ENOENT (window invalid
 * or bypass, address outside the window, or no cached TCE), -EINVAL.
 */
struct phb3_cached_tce {
	uint64_t tce;		/* the cached leaf (R bit 0, W bit 1) */
	uint64_t pa;		/* physical address of addr through it */
	uint64_t page_addr;	/* bus address of addr's IO page */
	unsigned page_shift;	/* log2(IO page size) */
};
int phb3_debug_cached_tce(const struct phb3 *p, unsigned pe, uint64_t addr,
			  struct phb3_cached_tce *out);

/* True when PE pe's DMA is stopped (frozen by a fault or by firmware). */
bool phb3_debug_pe_frozen(const struct phb3 *p, unsigned pe);
/* Number of PEs frozen now. */
unsigned phb3_debug_frozen_pes(const struct phb3 *p);

/* A register's stored value (no side effect, unlike a read through
 * phb3_mmio_ops, which counts and may auto-increment IODA_ADDR): 0 or
 * -EINVAL (offset not 8-byte aligned or past the register file). */
int phb3_debug_reg(const struct phb3 *p, uint64_t off, uint64_t *val);
/* TVT entry idx (pe * 2 + window), as written: 0 or -EINVAL. */
int phb3_debug_tvt(const struct phb3 *p, unsigned idx, uint64_t *raw);
/* PESTB entry of pe (bit 0, IBM: DMA stopped): 0 or -EINVAL. */
int phb3_debug_pestb(const struct phb3 *p, unsigned pe, uint64_t *val);

#endif /* TCESIM_PHB3_DEBUG_H */
