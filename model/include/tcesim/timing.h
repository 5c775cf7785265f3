/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cycle-approximate timing of the PHB3 TCE fetch unit: public API.
 *
 * The timing model never decides a translation. The functional model
 * (tcesim/phb3.h) translates; the timing model is told what silicon saw
 * (which RID, which PE/window/IO page, which kill) and answers when it
 * finished. It keeps its own tag-only copies of the RTT cache, the TCE
 * cache (optionally filled 8 TCEs per 64-byte line and by next-page
 * prefetch) and an indirect-entry cache, so timing options can never change
 * a functional result.
 *
 * One clock, counted in PHB cycles (reports also in ns from clock_mhz).
 * The pipeline per request:
 *   arrival -> RTT cache (lat_rtc_hit; a miss adds one memory read) ->
 *   per IO page, one lookup slot every issue_interval cycles ->
 *   TCE cache (lat_hit) -> hit: done, or merge with an in-flight fetch of
 *   the same line, or miss: take one of max_outstanding_fetches tags (the
 *   lookup pipeline stalls while none is free) -> walker: per level read,
 *   one memory read (lat_mem_read, bandwidth mem_bytes_per_cycle shared by
 *   all reads) + lat_walk_level -> fill -> tag freed.
 * Kills block the lookup pipeline for lat_kill_<kind>; kill_inflight says
 * whether a kill first drains the outstanding fetches (drain) or starts at
 * once and cancels in-flight fetches it covers (drop).
 * Details, provenance and the formulas: docs/timing-model.md.
 */
#ifndef TCESIM_TIMING_H
#define TCESIM_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/dma.h"
#include "tcesim/mmio.h"
#include "tcesim/stats.h"
#include "tcesim/tce_cache.h"
#include "tcesim/xlate_observer.h"

/* Parameter types for the table below (and the .ini parser). */
enum timing_ptype {
	TIMING_P_U64 = 0,	/* unsigned integer in [min, max] */
	TIMING_P_BOOL,		/* 0/1, true/false, yes/no, on/off */
	TIMING_P_ENUM,		/* one of the '|'-separated choices; stored
				   as the choice's index */
};

/*
 * Every timing parameter, once, in section order:
 * X(section, name, type, default, min, max, choices, unit, provenance,
 *   meaning). provenance is "reference" (hardware reference §3),
 * "gem5" (gem5 SMMUv3 default) or "inference" (our choice, see docs).
 */
#define TCESIM_TIMING_PARAMS(X) \
	X("phb", clock_mhz, TIMING_P_U64, 500, 1, 100000, NULL, "MHz", \
	  "inference", "PHB clock; converts cycles to ns in reports") \
	X("phb", issue_interval, TIMING_P_U64, 1, 1, 1024, NULL, "cycles", \
	  "gem5", "cycles between two IO-page lookups entering the pipeline") \
	X("phb", lat_rtc_hit, TIMING_P_U64, 1, 0, 1000000, NULL, "cycles", \
	  "gem5", "RTT cache lookup (RID -> PE); a miss adds one memory read") \
	X("tce_cache", lat_hit, TIMING_P_U64, 2, 1, 1000000, NULL, "cycles", \
	  "gem5", "TCE cache lookup; a hit completes after this") \
	X("tce_cache", line_bytes, TIMING_P_ENUM, 0, 0, 1, "8|64", "bytes", \
	  "reference", "TCE fetch size; 64 fills 8 neighbouring TCEs (64B_TCE_EN)") \
	X("tce_cache", prefetch_next, TIMING_P_BOOL, 0, 0, 1, NULL, "bool", \
	  "reference", "on a miss also fetch the next IO page (TCE_SPEC_CTL)") \
	X("tce_cache", cache_indirect, TIMING_P_BOOL, 0, 0, 1, NULL, "bool", \
	  "reference", "keep non-leaf TCEs so a walk can skip cached levels") \
	X("tce_cache", indirect_entries, TIMING_P_U64, 16, 1, 65536, NULL, \
	  "entries", "inference", "indirect-entry cache size (LRU, fully associative)") \
	X("walker", max_outstanding_fetches, TIMING_P_U64, 32, 1, 64, NULL, \
	  "tags", "reference", "TCE fetches in flight at once (TCE_TAG_ENABLE has 32 bits set)") \
	X("walker", lat_walk_level, TIMING_P_U64, 1, 0, 1000000, NULL, "cycles", \
	  "inference", "walker processing of one returned table entry") \
	X("memory", lat_mem_read, TIMING_P_U64, 150, 1, 100000000, NULL, \
	  "cycles", "inference", "one table read from host memory, uncontended (~300 ns)") \
	X("memory", mem_bytes_per_cycle, TIMING_P_U64, 32, 1, 4096, NULL, \
	  "bytes/cycle", "inference", "bandwidth of the PHB's memory read path") \
	X("kill", lat_kill_all, TIMING_P_U64, 64, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-all (one cycle per entry)") \
	X("kill", lat_kill_pe, TIMING_P_U64, 64, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-PE (scans every entry)") \
	X("kill", lat_kill_one, TIMING_P_U64, 4, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-one-page (CAM match)") \
	X("kill", kill_inflight, TIMING_P_ENUM, 0, 0, 1, "drain|drop", "mode", \
	  "inference", "drain: a kill waits for fetches in flight; drop: it starts at once and cancels covered fetches") \
	X("stats", epoch_cycles, TIMING_P_U64, 0, 0, 4611686018427387904ull, \
	  NULL, "cycles", "inference", "period of epoch reports; 0 = final report only")

struct timing_params {
#define TIMING_FIELD(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	uint64_t name;
	TCESIM_TIMING_PARAMS(TIMING_FIELD)
#undef TIMING_FIELD
};

enum timing_kill_inflight {
	TIMING_KILL_DRAIN = 0,
	TIMING_KILL_DROP = 1,
};

void timing_params_default(struct timing_params *p);
/* 0 or -EINVAL (a value outside its range). */
int timing_params_check(const struct timing_params *p);
/* 8 or 64 */
unsigned timing_line_bytes(const struct timing_params *p);

/* One IO-page translation as the fetch unit saw it. */
struct timing_page {
	uint16_t pe;
	uint8_t window;		/* TVE# & 1 */
	uint8_t levels;		/* table levels of the window, 1..5 */
	uint8_t ts;		/* log2(entries per level) */
	uint8_t ps;		/* log2(IO page size) */
	uint8_t win_shift;	/* log2(window size) */
	bool bypass;		/* bypass window: no TCE lookup */
	bool fault;		/* the functional model faulted on this page:
				   charge the lookup/walk, fill nothing */
	bool no_fill;		/* a unit without a TCE cache (P5IOC2): the
				   fetched TCE is used once, never kept, and
				   nothing merges into its fetch */
	uint64_t offset;	/* window offset (bit 59 stripped) */
};

#define TIMING_ASAP XLATE_ASAP	/* arrival: as soon as the unit accepts */

struct timing;

/*
 * Create a timing model. cache is the TCE cache geometry of the
 * functional model (the tag copy uses the same), rtc_entries its RTT cache
 * size. NULL on bad parameters or out of memory.
 */
struct timing *timing_create(const struct timing_params *p,
			     const struct tce_cache_params *cache,
			     unsigned rtc_entries);
void timing_destroy(struct timing *t);
const struct timing_params *timing_get_params(const struct timing *t);

/*
 * One request: begin (RTT cache; rid < 0 means no RID lookup), then
 * timing_page() for each IO page looked up, then end. Arrivals must not
 * go backwards: an arrival before the clock is taken as the clock.
 * begin returns the cycle the request is past the RTT cache; page returns
 * the cycle that page's translation completes; end returns the request's
 * completion cycle (the last page, or the begin cycle if no page).
 */
uint64_t timing_begin(struct timing *t, uint64_t arrival, int rid);
uint64_t timing_page(struct timing *t, const struct timing_page *pg);
uint64_t timing_end(struct timing *t, uint64_t bytes);

/* Kills and RTT cache invalidation, at the current clock. Each returns
   the cycle the lookup pipeline is free again. */
uint64_t timing_kill_all(struct timing *t);
uint64_t timing_kill_pe(struct timing *t, uint16_t pe);
uint64_t timing_kill_one(struct timing *t, uint16_t pe, uint16_t window,
			 uint64_t offset);
void timing_rtc_invalidate(struct timing *t, bool all, uint16_t rid);

/* Current clock (last arrival) and the last completion seen. */
uint64_t timing_now(const struct timing *t);
uint64_t timing_last_done(const struct timing *t);
/* Advance the clock to cycle (never backwards); fires due epochs. */
void timing_advance(struct timing *t, uint64_t cycle);
double timing_cycles_to_ns(const struct timing *t, uint64_t cycles);

/* Counters (also registered by name in timing_register_stats). */
#define TIMING_MAX_DEPTH 6
struct timing_stats {
	uint64_t requests;	/* timing_begin calls */
	uint64_t bytes;		/* bytes of completed requests */
	uint64_t translations;	/* IO-page lookups */
	uint64_t bypass;	/* pages through bypass windows */
	uint64_t hits;		/* TCE cache hits (tag copy) */
	uint64_t merges;	/* misses merged into an in-flight fetch */
	uint64_t misses;	/* misses that took a tag */
	uint64_t rtc_hits, rtc_misses;
	uint64_t walks[TIMING_MAX_DEPTH];	/* walks by levels read */
	uint64_t mem_reads;	/* table/RTT reads issued to memory */
	uint64_t mem_bytes;	/* bytes read by them */
	uint64_t mem_queue_cycles; /* cycles reads waited for bandwidth */
	uint64_t mem_book_overflows; /* reads queued at the end: booking
					list full (see timing.c mem_book) */
	uint64_t indirect_hits;	/* walk levels skipped by the indirect cache */
	uint64_t line_fills;	/* neighbour TCEs filled by 64-byte lines */
	uint64_t prefetches;	/* next-page prefetch walks issued */
	uint64_t prefetch_no_tag; /* prefetches skipped: no free tag */
	uint64_t stall_cycles;	/* lookup pipeline waiting for a tag */
	uint64_t stalls;	/* misses that had to wait for a tag */
	uint64_t tag_busy_cycles; /* sum over fetches of tag hold time */
	uint64_t tag_max;	/* most tags busy at once */
	uint64_t kills[3];	/* by kind: all, pe, one */
	uint64_t kill_removed[3]; /* tag-copy entries removed, by kind */
	uint64_t kill_cycles;	/* cycles the pipeline was blocked by kills */
	uint64_t kill_drain_cycles; /* cycles kills waited for drains */
	uint64_t kill_dropped;	/* in-flight fetches cancelled (drop mode) */
	uint64_t first_arrival, last_done; /* cycles spanned */
	uint64_t walk_count, xlate_count; /* histogram populations */
};

const struct timing_stats *timing_get_stats(const struct timing *t);

/*
 * Per-PE counters (PEs 0..TIMING_MAX_PES-1; the PHB3 has 256). Once
 * timing_register_stats() has run, a PE's counters are registered as
 * "<prefix>.pe<N>.<name>" the first time that PE is looked up, so reports
 * list only the PEs that did DMA (cross-PE cache contention shows there).
 */
#define TIMING_MAX_PES 256
struct timing_pe_stats {
	uint64_t lookups;	/* IO-page translations (bypass included) */
	uint64_t hits, merges, misses;
	uint64_t walk_cycles;	/* sum of walk latencies */
	uint64_t faults;	/* walks that ended in a fault */
};
/* NULL for pe >= TIMING_MAX_PES. */
const struct timing_pe_stats *timing_get_pe_stats(const struct timing *t,
						  unsigned pe);

/* Latency histograms (cycles): walk = miss to fill, translation = arrival
   to the request's completion. q in (0, 1]; 0 when empty. */
uint64_t timing_walk_percentile(const struct timing *t, double q);
uint64_t timing_xlate_percentile(const struct timing *t, double q);
uint64_t timing_walk_max(const struct timing *t);
uint64_t timing_xlate_max(const struct timing *t);

/*
 * Register every statistic as "<prefix>.<name>" (counters, hit rate,
 * histograms p50/p90/p99/max in cycles and ns, translations/s, GB/s,
 * tag occupancy, pages per kill). 0 or -errno.
 */
int timing_register_stats(struct timing *t, struct sim_stats *s,
			  const char *prefix);

/*
 * Epoch reports: every epoch_cycles of simulated time, fn(ctx, epoch) is
 * called (epoch 0, 1, ...), e.g. to print the registry with
 * sim_stats_print_csv(s, f, epoch, epoch == 0).
 */
void timing_set_epoch_hook(struct timing *t,
			   void (*fn)(void *ctx, long epoch), void *ctx);

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
 */
struct phb3;
struct phb3_timed;

/* NULL on bad parameters or out of memory. */
struct phb3_timed *phb3_timed_create(struct phb3 *p,
				     const struct timing_params *tp);
void phb3_timed_destroy(struct phb3_timed *pt);
struct timing *phb3_timed_timing(struct phb3_timed *pt);
struct phb3 *phb3_timed_phb(struct phb3_timed *pt);
/* Arrival cycle of the next DMA through phb3_timed_dma_target(), which
   consumes it (default TIMING_ASAP: back to back). */
void phb3_timed_set_arrival(struct phb3_timed *pt, uint64_t cycle);
/* Completion cycle of the last DMA timed. */
uint64_t phb3_timed_last_completion(const struct phb3_timed *pt);
struct sim_dma_target phb3_timed_dma_target(struct phb3_timed *pt);

/*
 * ---- The P5IOC2 with timing (model/timing_p5ioc2.c) ----
 *
 * One timing core per hub (the hub's TCE fetch path is shared by its
 * PHBs), fed as a translation observer of the hub (tcesim/xlate_observer.h)
 * from create to destroy; its DMA targets pass requests to p5ioc2_dma_at()
 * with the arrival set by p5ioc2_timed_set_arrival(). The P5IOC2 has no RTT, a single-level table of 4 KiB TCEs and no
 * kill register, so each IO page looked up costs lat_hit and, on a miss,
 * one memory read (lat_mem_read) plus lat_walk_level; tags, bandwidth and
 * issue_interval apply as on the PHB3. The hub is modelled without a TCE
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
struct timing *p5ioc2_timed_timing(struct p5ioc2_timed *pt);
/* Arrival cycle of the next DMA (default TIMING_ASAP). */
void p5ioc2_timed_set_arrival(struct p5ioc2_timed *pt, uint64_t cycle);
uint64_t p5ioc2_timed_last_completion(const struct p5ioc2_timed *pt);
/* DMA target of hub PHB phb (0..7 = ca * 4 + index); { NULL, NULL } for
   a bad index. */
struct sim_dma_target p5ioc2_timed_dma_target(struct p5ioc2_timed *pt,
					      unsigned phb);

#endif /* TCESIM_TIMING_H */
