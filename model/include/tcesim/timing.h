/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host bridges with timing: the timing core (tcesim/fetch_timing.h) fed
 * as a translation observer (tcesim/xlate_observer.h) of a functional
 * PHB3 or P5IOC2. Turning timing on never changes a functional result:
 * the bridge translates exactly as without it.
 */
#ifndef TCESIM_TIMING_H
#define TCESIM_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/dma.h"
#include "tcesim/fetch_timing.h"
#include "tcesim/param.h"
#include "tcesim/xlate_observer.h"

#define TIMING_ASAP XLATE_ASAP	/* arrival: as soon as the unit accepts */

/*
 * ---- The PHB3 with timing: the functional model plus the timing core ----
 *
 * phb3_timed is a translation observer (tcesim/xlate_observer.h) of one
 * struct phb3 (not owned), attached from create to destroy: it times what
 * the PHB's fetch unit did (the RID lookup, the IO pages looked up, the
 * faulting page, kills and RTC invalidations written to the PHB's
 * registers, however they reach it). Its DMA target passes requests to
 * phb3_dma_at() with the arrival set by phb3_timed_set_arrival(); the
 * functional results are the same as through phb3_dma_target().
 *
 * With a PCIe link (tcesim/pcie_link.h, one per PHB) the translation and
 * the link are one timeline: a request's first TLP crosses the link
 * (device tag, PHB credits, upstream wire) before its translation can
 * start, and no TLP of it is handled at the PHB (write data into memory,
 * read issued, completions sent) before its translation completed. A
 * request is then accepted when its first TLP starts onto the wire and
 * complete when its last byte entered the memory path (write) or its last
 * completion is in the device (read). Without a link a request is
 * accepted when the fetch unit takes it and complete when it is
 * translated. Requests the PHB takes for MSIs are not timed (neither on
 * the link nor by the core); a request that faults or finds its PE
 * frozen still crosses the link whole (its TLPs were sent; a read gets
 * its completions, as the PHB answers a frozen PE's reads with all-ones
 * data).
 */
struct phb3;
struct phb3_timed;
struct pcie_link;
struct pcie_link_params;

/*
 * The link switch, in the parameter row form of tcesim/param.h (the .ini
 * key link.enabled; the link's own parameters are TCESIM_LINK_PARAMS).
 */
#define PHB3_TIMED_PARAMS(X) \
	X("link", enabled, SIM_PARAM_BOOL, 1, 0, 1, NULL, "bool", \
	  "inference", "timing mode: every PHB3 DMA crosses the PCIe link model (false: translation only, the figures of versions without a link)")

/* lp: the link's parameters, or NULL for no link. NULL on bad
   parameters or out of memory. */
struct phb3_timed *phb3_timed_create(struct phb3 *p,
				     const struct timing_params *tp,
				     const struct pcie_link_params *lp);
void phb3_timed_destroy(struct phb3_timed *pt);
struct fetch_timing *phb3_timed_timing(struct phb3_timed *pt);
/* The PCIe link, or NULL (created without one). */
struct pcie_link *phb3_timed_link(struct phb3_timed *pt);
struct phb3 *phb3_timed_phb(struct phb3_timed *pt);
/* Arrival cycle of the next DMA through phb3_timed_dma_target(), which
   consumes it (default TIMING_ASAP: back to back). */
void phb3_timed_set_arrival(struct phb3_timed *pt, uint64_t cycle);
/* Bring the timing core and the device side (where a TIMING_ASAP
   request is ready) to cycle; never backwards. */
void phb3_timed_advance(struct phb3_timed *pt, uint64_t cycle);
/* Completion cycle of the last DMA timed. */
uint64_t phb3_timed_last_completion(const struct phb3_timed *pt);
/* Cycle the last DMA timed was accepted (see above). */
uint64_t phb3_timed_last_accepted(const struct phb3_timed *pt);
struct sim_dma_target phb3_timed_dma_target(struct phb3_timed *pt);
/*
 * Where memory latencies come from: when set, each table read and RTT
 * read the PHB made for a request costs fn(ctx, pa, bytes) cycles (e.g.
 * the delay a SystemC memory annotated for that read) instead of
 * lat_mem_read; fn returns FETCH_TIMING_LAT_DEFAULT to keep lat_mem_read.
 * fn runs inside the PHB's observer callbacks: it must not call the PHB.
 * NULL turns it off.
 */
typedef uint64_t (*timing_latency_fn)(void *ctx, uint64_t pa, unsigned bytes);
void phb3_timed_set_latency_source(struct phb3_timed *pt,
				   timing_latency_fn fn, void *ctx);

/*
 * A batch of DMAs through the timed PHB (tcesim/phb3.h, phb3_dma_batch),
 * with the clock a caller of one DMA at a time keeps: for each op in
 * order, an explicit arrival moves *clock forward to it, the PHB is
 * brought to *clock (phb3_timed_advance), the op is handled as
 * phb3_dma_at(arrival) would handle it, done[i] (may be NULL) gets its
 * completion (*clock for a request not timed: refused, or an MSI), and
 * *clock moves forward to the cycle it was accepted. Results, statistics
 * and cycles are those of the same DMAs one at a time; the batch only
 * reads ahead the host memory its walks will read. 0, or -EINVAL.
 */
struct phb3_dma_op;
int phb3_timed_dma_batch(struct phb3_timed *pt, struct phb3_dma_op *ops,
			 unsigned n, uint64_t *clock, uint64_t *done);

/*
 * Checkpoint state of a bridge with timing (tcesim/state.h; note TIMING
 * in docs/images.md): u32 version (1), u32 unit, u64 completion of the
 * last DMA, u64 pending arrival, then the timing core's payload nested
 * (fetch_timing_state_save). Restore as fetch_timing_state_restore.
 */
struct sim_state_out;
struct sim_state_in;
int phb3_timed_state_save(const struct phb3_timed *pt, unsigned unit,
			  struct sim_state_out *o);
int phb3_timed_state_restore(struct phb3_timed *pt, struct sim_state_in *in,
			     bool commit, char *err, size_t errlen);
/* A functional checkpoint loaded with timing on: the core's TCE cache tag
   copy takes the PHB's TCE cache content (fetch_timing_warm_tce). */
int phb3_timed_warm(struct phb3_timed *pt);

/*
 * ---- The P5IOC2 with timing (model/timing_p5ioc2.c) ----
 *
 * One timing core per hub (the hub's TCE fetch path is shared by its
 * PHBs), fed as a translation observer of the hub (tcesim/xlate_observer.h)
 * from create to destroy; its DMA targets pass requests to p5ioc2_dma_at()
 * with the arrival set by p5ioc2_timed_set_arrival(). The P5IOC2 has no
 * RTT, a single-level table of 4 KiB TCEs and no kill register, so each IO
 * page looked up costs lat_hit and, on a miss, one memory read
 * (lat_mem_read) plus lat_walk_level; tags, bandwidth and issue_interval
 * apply as on the PHB3. The hub is modelled without a TCE
 * cache (the machine's configuration: nothing reports CPU stores into
 * the TCE region to the hub, so its optional snooped cache stays off):
 * every lookup misses and fills nothing, and no two fetches merge.
 * NULL if the hub was built with a TCE cache (not modelled) or on bad
 * parameters. The tag PE is the hub PHB index (0..7).
 */
struct p5ioc2;
struct p5ioc2_timed;

struct p5ioc2_timed *p5ioc2_timed_create(struct p5ioc2 *h,
					 unsigned hub_cache_entries,
					 const struct timing_params *tp);
void p5ioc2_timed_destroy(struct p5ioc2_timed *pt);
struct fetch_timing *p5ioc2_timed_timing(struct p5ioc2_timed *pt);
/* Arrival cycle of the next DMA (default TIMING_ASAP). */
void p5ioc2_timed_set_arrival(struct p5ioc2_timed *pt, uint64_t cycle);
uint64_t p5ioc2_timed_last_completion(const struct p5ioc2_timed *pt);
/* DMA target of hub PHB phb (0..7 = ca * 4 + index); { NULL, NULL } for
   a bad index. */
struct sim_dma_target p5ioc2_timed_dma_target(struct p5ioc2_timed *pt,
					      unsigned phb);
/* Checkpoint state, as phb3_timed_state_save (same layout). */
int p5ioc2_timed_state_save(const struct p5ioc2_timed *pt, unsigned unit,
			    struct sim_state_out *o);
int p5ioc2_timed_state_restore(struct p5ioc2_timed *pt,
			       struct sim_state_in *in, bool commit,
			       char *err, size_t errlen);
/* A payload's summary (tcesim elf info), either bridge; -EINVAL if
   malformed. */
int timing_state_describe(const void *buf, size_t len, FILE *out);

#endif /* TCESIM_TIMING_H */
