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

/*
 * PHB3 counters, in report order ("<prefix>.<name>", C/V rows as in
 * tcesim/stats.h). phb3_register_stats() registers PHB3_STATS, then the
 * TCE cache's counters ("tce_cache.*"), then PHB3_FAULT_STATS, then the
 * TCE cache hit rate.
 */
#define PHB3_MAX_LEVELS_STAT 6 /* walks[d]: walks of depth d, 1..5 */
#define PHB3_WALK_ROW_(R, d, lv) \
	R(walks, d, "walks.depth" #d, "count", \
	  "TCE walks of " #d "-level windows")
#define PHB3_WALK_ROWS(R) XLATE_WALK_DEPTHS(PHB3_WALK_ROW_, R)
#define PHB3_FAULT_ROW_(R, NAME, name) \
	R(fault_reason, SIM_FAULT_##NAME, "fault." #name, "count", \
	  "DMA faults of this reason")
#define PHB3_FAULT_ROWS(R) SIM_FAULT_REASON_LIST(PHB3_FAULT_ROW_, R)

#define PHB3_STATS(C, V) \
	C(requests, "requests", "count", "DMA requests received") \
	C(bytes, "bytes", "bytes", "bytes transferred by DMA") \
	C(ok, "ok", "count", "DMA requests completed") \
	C(msi, "msi", "count", "requests decoded as MSI") \
	C(faults, "faults", "count", "DMA requests that faulted") \
	C(fault_no_pe, "fault_no_pe", "count", "faults with no PE (nothing frozen)") \
	C(frozen_blocked, "frozen_blocked", "count", "requests refused: PE frozen") \
	C(freezes, "freezes", "count", "PEs newly DMA-frozen by faults") \
	C(pest_writes, "pest_writes", "count", "PEST entries logged in memory") \
	C(pest_lost, "pest_lost", "count", "PEST logs dropped (BAR off or not RAM)") \
	C(peltv_unreadable, "peltv_unreadable", "count", "PELT-V rows outside RAM") \
	C(rtc_hits, "rtc.hits", "count", "RTT cache hits") \
	C(rtc_misses, "rtc.misses", "count", "RTT cache misses") \
	C(rtc_inval_all, "rtc.inval_all", "count", "RTC invalidate-all writes") \
	C(rtc_inval_one, "rtc.inval_one", "count", "RTC invalidate-RID writes") \
	C(rtt_reads, "rtt_reads", "count", "RTT entries read from memory") \
	V(walks, PHB3_MAX_LEVELS_STAT, PHB3_WALK_ROWS) \
	C(table_reads, "table_reads", "count", "TCE table entries read from memory") \
	C(bypass, "bypass", "count", "pages translated by bypass windows") \
	C(mmio_reads, "mmio.reads", "count", "register reads") \
	C(mmio_writes, "mmio.writes", "count", "register writes") \
	C(mmio_bad, "mmio.bad", "count", "register accesses of bad size/alignment/offset (ignored)") \
	C(mmio_unknown, "mmio.unknown", "count", "accesses to unmodelled registers (RAZ/WI)") \
	C(ioda_unmodelled, "ioda_unmodelled", "count", "IODA_DATA0 accesses to unmodelled tables or past a table end") \
	C(kill_noop, "kill_noop", "count", "TCE_KILL writes with no operation bit")
#define PHB3_FAULT_STATS(C, V) \
	V(fault_reason, SIM_FAULT_MAX, PHB3_FAULT_ROWS)

struct phb3_stats {
	SIM_STATS_DECLARE(PHB3_STATS)
	SIM_STATS_DECLARE(PHB3_FAULT_STATS)
};

struct phb3_pf {
	uint64_t misses;	/* TCE cache misses at the last warm-up */
	bool quiet;		/* no miss between the last two warm-ups */
};

/*
 * The IODA2 on-chip tables, one member per row of tcesim/phb3_ioda.def
 * (RAZ tables keep their all-zero storage so that every table is
 * enumerable the same way).
 */
struct phb3_ioda {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) uint64_t name[n];
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

/*
 * Architected state is regs[] (one word per 8-byte offset; the offsets
 * of tcesim/phb3_regs.def hold the registers, the others stay 0) and
 * ioda (tcesim/phb3_ioda.def); link_partner is the board's wiring. tve[]
 * is derived from ioda.TVT (phb3_ioda_sync() rebuilds it); the TCE cache
 * and RTT cache are caches (invalidating them is always correct).
 */
struct phb3 {
	struct sim_mem *mem;	/* simulated host memory (not owned) */
	struct sim_mem *data_mem; /* where DMA data goes (mem, or another
				     view of the same RAM) */
	struct phb3_params params;
	unsigned index;		/* PHB number */
	bool link_partner;	/* a device is attached below the root port */
	uint64_t regs[PHB3_REGS_BYTES / 8]; /* stored register values */
	/* ioda.TVT decoded, kept in step by every TVT write (phb3_regs.c):
	   the fetch unit's view, so the DMA path never decodes a TVE */
	struct phb3_tve tve[PHB3_TVT_ENTRIES];
	struct phb3_ioda ioda;
	struct tce_cache *tc;
	struct rtt_cache *rtc;	/* RTT cache, rtc_entries */
	struct phb3_stats st;
	struct xlate_observers obs;
	struct phb3_pf pf;	/* batch prefetching (no model state) */
};

#define PHB3_NO_PE 0xFFFF	/* sim_dma_result.pe when no PE was found */

static inline uint64_t phb3_reg(const struct phb3 *p, unsigned off)
{
	return p->regs[off / 8];
}

/* phb3_regs.c: every register and table entry to its reset value */
void phb3_regs_reset(struct phb3 *p);
/* phb3_regs.c: rebuild what is derived from the IODA tables (tve[] from
   ioda.TVT), after they are written wholesale (reset, checkpoint restore) */
void phb3_ioda_sync(struct phb3 *p);
/* phb3_regs.c: the storage of the IODA table of selector tsel
   (0..PHB3_IODA_TSELS-1) and its entry count, or NULL for a selector
   with no table or a cache array read as zero; checkpoints save and
   restore every table this returns (phb3_state.c). */
#define PHB3_IODA_TSELS 32	/* IODA_ADDR.TSEL is 5 bits */
uint64_t *phb3_ioda_storage(struct phb3 *p, unsigned tsel, unsigned *size);

/* phb3_rtc.c: RID -> raw RTE through the RTT cache; 0, -ENODEV (RTT
   disabled) or -EFAULT (entry outside RAM). Reported to observers. */
int phb3_rtc_lookup(struct phb3 *p, uint16_t rid, uint16_t *rte);
void phb3_rtc_invalidate_all(struct phb3 *p);
void phb3_rtc_invalidate_rid(struct phb3 *p, uint16_t rid);

#endif /* TCESIM_MODEL_PHB3_INTERNAL_H */
