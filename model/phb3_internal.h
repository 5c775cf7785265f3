/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PHB3 model internals shared by phb3.c (life cycle, observers,
 * statistics), phb3_dma.c (DMA path, faults), phb3_regs.c (register
 * file, IODA tables) and phb3_rtc.c (RID -> PE through the RTT cache).
 * Not a public header: other layers use tcesim/phb3.h.
 */
#ifndef TCESIM_MODEL_PHB3_INTERNAL_H
#define TCESIM_MODEL_PHB3_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "phb3_regs.h"
#include "phb3_xlate.h"
#include "rtt_cache.h"
#include "xlate_observers.h"
#include "tcesim/phb3.h"

#define PHB3_MAX_LEVELS_STAT 6 /* walks[d]: walks of depth d, 1..5 */

struct phb3_stats {
	uint64_t requests;	/* DMA requests received */
	uint64_t bytes;		/* bytes transferred */
	uint64_t ok;		/* requests completed */
	uint64_t msi;		/* requests decoded as MSI */
	uint64_t faults;	/* requests that faulted */
	uint64_t fault_reason[SIM_FAULT_MAX];
	uint64_t fault_no_pe;	/* faults with no PE (nothing frozen) */
	uint64_t frozen_blocked;/* requests refused: PE already frozen */
	uint64_t freezes;	/* PEs newly DMA-frozen by faults */
	uint64_t pest_writes;	/* PEST entries logged in memory */
	uint64_t pest_lost;	/* PEST logs dropped (BAR off / not RAM) */
	uint64_t peltv_unreadable; /* PELT-V rows not readable */
	uint64_t rtc_hits;
	uint64_t rtc_misses;
	uint64_t rtc_inval_all;
	uint64_t rtc_inval_one;
	uint64_t rtt_reads;	/* RTT entries read from memory */
	uint64_t walks[PHB3_MAX_LEVELS_STAT];
	uint64_t table_reads;	/* TCE table entries read */
	uint64_t bypass;	/* pages translated by bypass windows */
	uint64_t mmio_reads;
	uint64_t mmio_writes;
	uint64_t mmio_bad;	/* wrong size / misaligned / out of range */
	uint64_t mmio_unknown;	/* unmodelled offset (reads 0, writes ignored) */
	uint64_t ioda_unmodelled; /* DATA0 accesses to unmodelled tables */
	uint64_t kill_noop;	/* TCE_KILL writes with no operation bit */
};

struct phb3 {
	struct sim_mem *mem;	/* simulated host memory (not owned) */
	struct phb3_params params;
	unsigned index;		/* PHB number */
	uint64_t regs[PHB3_REGS_BYTES / 8]; /* stored register values */
	uint64_t tvt[PHB3_TVT_ENTRIES];
	/* tvt[] decoded, kept in step by every TVT write (phb3_regs.c): the
	   fetch unit's view, so the DMA path never decodes a TVE */
	struct phb3_tve tve[PHB3_TVT_ENTRIES];
	uint64_t pesta[PHB3_MAX_PES];
	uint64_t pestb[PHB3_MAX_PES];
	uint64_t peev[PHB3_PEEV_WORDS];
	struct tce_cache *tc;
	struct rtt_cache *rtc;	/* RTT cache, rtc_entries */
	struct phb3_stats st;
	struct xlate_observers obs;
};

#define PHB3_NO_PE 0xFFFF	/* sim_dma_result.pe when no PE was found */

static inline uint64_t phb3_reg(const struct phb3 *p, unsigned off)
{
	return p->regs[off / 8];
}

/* phb3_regs.c */
void phb3_regs_reset(struct phb3 *p);

/* phb3_rtc.c: RID -> raw RTE through the RTT cache; 0, -ENODEV (RTT
   disabled) or -EFAULT (entry outside RAM). Reported to observers. */
int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte);
void phb3_rtc_invalidate_all(struct phb3 *p);
void phb3_rtc_invalidate_rid(struct phb3 *p, uint16_t rid);

#endif /* TCESIM_MODEL_PHB3_INTERNAL_H */
