/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P5IOC2 model: the POWER7 GX-attached I/O hub with two Calgary units
 * (CA0 PCI-X, CA1 PCIe), four PHBs each. Every PHB has one single-level
 * TCE table with 4 KiB pages and one PE (PE 0), programmed through its
 * CA_TARn register; the 32-bit window starts at bus address 0.
 *
 * The hub is one MMIO window of P5IOC2_MMIO_SIZE bytes (layout below,
 * register offsets in model/p5ioc2_regs.def); device DMA enters through a
 * per-PHB struct sim_dma_target. TCE coherence: by default the model keeps
 * no TCE cache (every DMA reads its TCE from memory). With a cache, stores
 * into the hub's GX TCE region must be reported through
 * p5ioc2_snoop_write(), which stands in for the GX "TCE DKill" snoop.
 * See docs/hardware-model.md, section "P5IOC2".
 */
#ifndef TCESIM_P5IOC2_H
#define TCESIM_P5IOC2_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/dma.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/stats.h"
#include "tcesim/xlate_observer.h"

/* Hub MMIO window layout (model choice; see docs). */
#define P5IOC2_MMIO_SIZE	0x200000ull	/* whole hub window */
#define P5IOC2_HUB_SIZE		0x100000ull	/* hub registers */
#define P5IOC2_CA_SIZE		0x10000ull	/* one Calgary block */
#define P5IOC2_CA_OFFSET(ca)	(P5IOC2_HUB_SIZE + (uint64_t)(ca) * P5IOC2_CA_SIZE)
#define P5IOC2_PHB_REGS_SIZE	0x1000ull
/* PHB n's register block inside its Calgary block (as on silicon). */
#define P5IOC2_PHB_OFFSET(ca, n) \
	(P5IOC2_CA_OFFSET(ca) + 0x8000ull + (uint64_t)(n) * P5IOC2_PHB_REGS_SIZE)

#define P5IOC2_NUM_CA		2
#define P5IOC2_PHBS_PER_CA	4
#define P5IOC2_NUM_PHBS		(P5IOC2_NUM_CA * P5IOC2_PHBS_PER_CA)
/* 64-bit MSI address (the only MSI form; no 32-bit MSI). */
#define P5IOC2_MSI64_BASE	0x1000000000000000ull

struct p5ioc2_params {
	/*
	 * TCE cache entries per hub, fully associative, LRU. 0 (default) =
	 * off: every DMA reads the TCE from memory and is always coherent.
	 */
	unsigned tce_cache_entries;
};

#define P5IOC2_TCE_CACHE_MAX	1024

/* Counters, in report order (C rows as in tcesim/stats.h). */
#define P5IOC2_STATS(C, V) \
	C(dma_requests, "dma_requests", "count", "DMA requests received") \
	C(dma_bytes, "dma_bytes", "bytes", "bytes transferred by DMA") \
	C(dma_ok, "dma_ok", "count", "DMA requests completed") \
	C(msi, "msi", "count", "requests decoded as 64-bit MSI") \
	C(faults, "faults", "count", "DMA requests faulted") \
	C(dac_rejects, "dac_rejects", "count", "faults for a 64-bit (DAC) address") \
	C(frozen_rejects, "frozen_rejects", "count", "requests refused by a frozen PE") \
	C(freezes, "freezes", "count", "faults that froze the PE") \
	C(tce_reads, "tce_reads", "count", "TCE fetches from memory") \
	C(tce_cache_hits, "tce_cache_hits", "count", "TCE cache hits") \
	C(tce_cache_misses, "tce_cache_misses", "count", "TCE cache misses") \
	C(snoop_writes, "snoop_writes", "count", "stores snooped in the GX TCE region") \
	C(snoop_invalidations, "snoop_invalidations", "count", "TCE cache entries dropped by snoop") \
	C(mmio_reads, "mmio_reads", "count", "register reads") \
	C(mmio_writes, "mmio_writes", "count", "register writes") \
	C(mmio_unknown, "mmio_unknown", "count", "accesses to unmodelled offsets (RAZ/WI)") \
	C(mmio_bad_size, "mmio_bad_size", "count", "register accesses refused for size")

struct p5ioc2_stats {
	SIM_STATS_DECLARE(P5IOC2_STATS)
};

struct p5ioc2;

void p5ioc2_params_default(struct p5ioc2_params *p);

/*
 * Create a hub whose register window is mapped by the caller with
 * p5ioc2_mmio_ops (opaque = the hub). hub_id is informational (names,
 * stats). NULL on bad parameters or out of memory.
 */
struct p5ioc2 *p5ioc2_create(struct sim_mem *mem,
			     const struct p5ioc2_params *params,
			     unsigned hub_id);
void p5ioc2_destroy(struct p5ioc2 *h);

/* MMIO ops for the whole P5IOC2_MMIO_SIZE window; opaque = struct p5ioc2. */
extern const struct sim_mmio_ops p5ioc2_mmio_ops;

/*
 * DMA target of PHB phb (0..7 = ca * 4 + index). Its dma() returns 0 with
 * the outcome in *res, -EINVAL for len 0.
 */
struct sim_dma_target p5ioc2_dma_target(struct p5ioc2 *h, unsigned phb);
/*
 * One DMA request to PHB phb arriving at cycle arrival (or XLATE_ASAP);
 * the hub has no clock: arrival only reaches the observers. Returns as
 * the target's dma() does (-EINVAL also for a bad phb).
 */
int p5ioc2_dma_at(struct p5ioc2 *h, unsigned phb, uint64_t arrival,
		  const struct sim_dma_req *req, void *buf,
		  struct sim_dma_result *res);

/*
 * Attach / detach a translation observer (tcesim/xlate_observer.h); as
 * phb3_observer_add(). The hub reports requests (unit = hub PHB), pages
 * (single level: one TCE read per lookup without a cache) and accepted
 * register writes; it has no RTT and no kill register, so no rtt_lookup,
 * tce_kill or rtt_invalidate events.
 */
int p5ioc2_observer_add(struct p5ioc2 *h, const struct xlate_observer *o);
int p5ioc2_observer_remove(struct p5ioc2 *h, const struct xlate_observer *o);

/*
 * A processor store of len bytes at physical address pa. If it lands in
 * the hub's GX TCE region (GX_TCE_BAR/MASK), cached TCEs it overlaps are
 * dropped, as the GX DKill snoop does on silicon. Stores elsewhere are
 * ignored. The simulation calls this for stores into TCE tables.
 */
void p5ioc2_snoop_write(struct p5ioc2 *h, uint64_t pa, uint64_t len);

void p5ioc2_get_stats(const struct p5ioc2 *h, struct p5ioc2_stats *st);

/*
 * Checkpoint state (tcesim/state.h; layout in docs/images.md, note
 * P5IOC2): the hub registers, every CA_TARn, every PHB's CAP registers,
 * the TCE cache lines with their LRU stamps, the counters. Restore needs
 * the same TCE cache size; nothing changes unless the payload fits.
 */
struct sim_state_out;
struct sim_state_in;
int p5ioc2_state_save(const struct p5ioc2 *h, struct sim_state_out *o);
int p5ioc2_state_restore(struct p5ioc2 *h, struct sim_state_in *in,
			 bool commit, char *err, size_t errlen);
int p5ioc2_state_describe(const void *buf, size_t len, FILE *out);
/* Register every counter as "<prefix>.<name>"; 0 or -errno. */
int p5ioc2_register_stats(struct p5ioc2 *h, struct sim_stats *s,
			  const char *prefix);

#endif /* TCESIM_P5IOC2_H */
