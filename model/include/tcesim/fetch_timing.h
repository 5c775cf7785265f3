/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The timing core of the TCE fetch unit (PHB3, and the P5IOC2 hub's
 * fetch path): its parameters, its API and its statistics.
 *
 * The core never decides a translation. The functional model translates
 * and reports what its fetch unit did to observers (tcesim/xlate_observer.h);
 * the adapters of tcesim/timing.h (phb3_timed, p5ioc2_timed) turn those
 * events into the calls below, and the core answers when each step
 * finished. It keeps its own tag-only copies of the RTT cache
 * (model/rtt_cache.c), the TCE cache (optionally filled 8 TCEs per 64-byte
 * line and by next-page prefetch) and an indirect-entry cache, so timing
 * options can never change a functional result.
 *
 * One clock, counted in unit cycles (reports also in ns from clock_mhz).
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
#ifndef TCESIM_FETCH_TIMING_H
#define TCESIM_FETCH_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/param.h"
#include "tcesim/stats.h"
#include "tcesim/tce_cache.h"
#include "tcesim/xlate_observer.h"

/*
 * Every timing parameter, once, in section order (row form in
 * tcesim/param.h; "reference" here is the hardware reference §3).
 */
#define TCESIM_TIMING_PARAMS(X) \
	X("phb", clock_mhz, SIM_PARAM_U64, 500, 1, 100000, NULL, "MHz", \
	  "inference", "PHB clock; converts cycles to ns in reports") \
	X("phb", issue_interval, SIM_PARAM_U64, 1, 1, 1024, NULL, "cycles", \
	  "gem5", "cycles between two IO-page lookups entering the pipeline") \
	X("phb", lat_rtc_hit, SIM_PARAM_U64, 1, 0, 1000000, NULL, "cycles", \
	  "gem5", "RTT cache lookup (RID -> PE); a miss adds one memory read") \
	X("tce_cache", lat_hit, SIM_PARAM_U64, 2, 1, 1000000, NULL, "cycles", \
	  "gem5", "TCE cache lookup; a hit completes after this") \
	X("tce_cache", line_bytes, SIM_PARAM_ENUM, 0, 0, 1, "8|64", "bytes", \
	  "reference", "TCE fetch size; 64 fills 8 neighbouring TCEs (64B_TCE_EN)") \
	X("tce_cache", prefetch_next, SIM_PARAM_BOOL, 0, 0, 1, NULL, "bool", \
	  "reference", "on a miss also fetch the next IO page (TCE_SPEC_CTL)") \
	X("tce_cache", cache_indirect, SIM_PARAM_BOOL, 0, 0, 1, NULL, "bool", \
	  "reference", "keep non-leaf TCEs so a walk can skip cached levels") \
	X("tce_cache", indirect_entries, SIM_PARAM_U64, 16, 1, 65536, NULL, \
	  "entries", "inference", "indirect-entry cache size (LRU, fully associative)") \
	X("walker", max_outstanding_fetches, SIM_PARAM_U64, 32, 1, 64, NULL, \
	  "tags", "reference", "TCE fetches in flight at once (TCE_TAG_ENABLE has 32 bits set)") \
	X("walker", lat_walk_level, SIM_PARAM_U64, 1, 0, 1000000, NULL, "cycles", \
	  "inference", "walker processing of one returned table entry") \
	X("memory", lat_mem_read, SIM_PARAM_U64, 150, 1, 100000000, NULL, \
	  "cycles", "inference", "one table read from host memory, uncontended (~300 ns)") \
	X("memory", mem_bytes_per_cycle, SIM_PARAM_U64, 32, 1, 4096, NULL, \
	  "bytes/cycle", "inference", "bandwidth of the PHB's memory read path") \
	X("kill", lat_kill_all, SIM_PARAM_U64, 64, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-all (one cycle per entry)") \
	X("kill", lat_kill_pe, SIM_PARAM_U64, 64, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-PE (scans every entry)") \
	X("kill", lat_kill_one, SIM_PARAM_U64, 4, 0, 100000000, NULL, "cycles", \
	  "inference", "lookup pipeline blocked by a kill-one-page (CAM match)") \
	X("kill", kill_inflight, SIM_PARAM_ENUM, 0, 0, 1, "drain|drop", "mode", \
	  "inference", "drain: a kill waits for fetches in flight; drop: it starts at once and cancels covered fetches") \
	X("stats", epoch_cycles, SIM_PARAM_U64, 0, 0, 4611686018427387904ull, \
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

/* One IO-page lookup as the fetch unit did it. */
struct fetch_timing_page {
	uint16_t pe;		/* tag PE (P5IOC2: the hub PHB) */
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
	/*
	 * NULL, or per table level (root = 0, levels entries) the latency
	 * in cycles of that level's read as the memory system reported it
	 * (an embedder's memory timing the reads the functional model
	 * made), used instead of lat_mem_read; FETCH_TIMING_LAT_DEFAULT
	 * keeps lat_mem_read for that level. Reads only timing makes (64-
	 * byte line neighbours, prefetch) always cost lat_mem_read.
	 */
	const uint64_t *read_lat;
};

#define FETCH_TIMING_LAT_DEFAULT UINT64_MAX

struct fetch_timing;

/*
 * Create a timing core. cache is the TCE cache geometry of the functional
 * model (the tag copy uses the same), rtc_entries its RTT cache size.
 * NULL on bad parameters or out of memory.
 */
struct fetch_timing *fetch_timing_create(const struct timing_params *p,
					 const struct tce_cache_params *cache,
					 unsigned rtc_entries);
void fetch_timing_destroy(struct fetch_timing *t);
const struct timing_params *
fetch_timing_get_params(const struct fetch_timing *t);

/*
 * One request: begin (RTT cache; rid < 0 means no RID lookup), then
 * fetch_timing_page() for each IO page looked up, then end. Arrivals must
 * not go backwards: an arrival before the clock is taken as the clock
 * (XLATE_ASAP: as soon as the unit accepts). begin returns the cycle the
 * request is past the RTT cache; page returns the cycle that page's
 * translation completes; end returns the request's completion cycle (the
 * last page, or the begin cycle if no page).
 */
uint64_t fetch_timing_begin(struct fetch_timing *t, uint64_t arrival, int rid);
uint64_t fetch_timing_page(struct fetch_timing *t,
			   const struct fetch_timing_page *pg);
uint64_t fetch_timing_end(struct fetch_timing *t, uint64_t bytes);
/* The RTT read of the next fetch_timing_begin (if it misses the RTT
   cache) takes cycles instead of lat_mem_read; one shot. */
void fetch_timing_next_rtt_latency(struct fetch_timing *t, uint64_t cycles);

/*
 * A kill of kind (pe for PE and ONE; window and window offset for ONE) at
 * the current clock; returns the cycle the lookup pipeline is free again.
 * An RTT cache invalidation costs nothing but its effect on the tag copy.
 */
uint64_t fetch_timing_kill(struct fetch_timing *t, enum xlate_kill_kind kind,
			   uint16_t pe, uint16_t window, uint64_t offset);
void fetch_timing_rtt_invalidate(struct fetch_timing *t, bool all,
				 uint16_t rid);

/* Current clock (last arrival) and the last completion seen. */
uint64_t fetch_timing_now(const struct fetch_timing *t);
uint64_t fetch_timing_last_done(const struct fetch_timing *t);
/* Advance the clock to cycle (never backwards). */
void fetch_timing_advance(struct fetch_timing *t, uint64_t cycle);
double fetch_timing_cycles_to_ns(const struct fetch_timing *t,
				 uint64_t cycles);

/*
 * Counters, in report order ("<prefix>.<name>", see tcesim/stats.h for
 * the C/V row form); fetch_timing_register_stats() registers them, then
 * the formulas (hit rate, latency percentiles, throughput).
 */
#define FETCH_TIMING_MAX_DEPTH 6	/* walks[d]: walks reading d levels */
#define FETCH_TIMING_WALK_ROW_(R, d, lv) \
	R(walks, d, "walks.depth" #d, "count", "walks reading " #d " " lv)
#define FETCH_TIMING_WALK_ROWS(R) XLATE_WALK_DEPTHS(FETCH_TIMING_WALK_ROW_, R)
#define FETCH_TIMING_KILL_ROW_(R, K, name, op, short_) \
	R(kills, XLATE_KILL_##K, "kills." #name, "count", op " operations")
#define FETCH_TIMING_KILL_ROWS(R) \
	XLATE_KILL_KIND_LIST(FETCH_TIMING_KILL_ROW_, R)
#define FETCH_TIMING_REMOVED_ROW_(R, K, name, op, short_) \
	R(kill_removed, XLATE_KILL_##K, "kills.removed_" #name, "pages", \
	  "TCE cache entries removed by " short_)
#define FETCH_TIMING_REMOVED_ROWS(R) \
	XLATE_KILL_KIND_LIST(FETCH_TIMING_REMOVED_ROW_, R)

#define FETCH_TIMING_STATS(C, V) \
	C(requests, "requests", "count", "requests timed") \
	C(bytes, "bytes", "bytes", "bytes of timed requests") \
	C(translations, "lookups", "count", "IO-page translations (TCE lookups and bypass pages)") \
	C(bypass, "bypass", "count", "pages through bypass windows (no lookup)") \
	C(hits, "hits", "count", "TCE cache hits") \
	C(merges, "merges", "count", "misses merged into an in-flight fetch of the same line") \
	C(misses, "misses", "count", "misses that started a walk") \
	C(rtc_hits, "rtc_hits", "count", "RTT cache hits") \
	C(rtc_misses, "rtc_misses", "count", "RTT cache misses (one memory read each)") \
	V(walks, FETCH_TIMING_MAX_DEPTH, FETCH_TIMING_WALK_ROWS) \
	C(mem_reads, "mem_reads", "count", "table and RTT reads issued to memory") \
	C(mem_bytes, "mem_bytes", "bytes", "bytes read by them") \
	C(mem_queue_cycles, "mem_queue_cycles", "cycles", "cycles reads waited for memory bandwidth") \
	C(mem_book_overflows, "mem_book_overflows", "count", "reads queued after all bookings (booking list full)") \
	C(indirect_hits, "indirect_hits", "count", "walk levels skipped by the indirect cache") \
	C(line_fills, "line_fills", "count", "neighbour TCEs filled by 64-byte fetches") \
	C(prefetches, "prefetches", "count", "next-page prefetches issued") \
	C(prefetch_no_tag, "prefetch_no_tag", "count", "prefetches skipped for want of a tag") \
	C(stalls, "stalls", "count", "misses that waited for a fetch tag") \
	C(stall_cycles, "stall_cycles", "cycles", "lookup pipeline cycles stalled for a tag") \
	C(tag_busy_cycles, "tag_busy_cycles", "cycles", "sum of tag hold times") \
	C(tag_max, "tag_max", "tags", "most fetch tags busy at once") \
	V(kills, XLATE_KILL_KINDS, FETCH_TIMING_KILL_ROWS) \
	V(kill_removed, XLATE_KILL_KINDS, FETCH_TIMING_REMOVED_ROWS) \
	C(kill_cycles, "kill_cycles", "cycles", "lookup pipeline cycles blocked by kills") \
	C(kill_drain_cycles, "kill_drain_cycles", "cycles", "cycles kills waited for in-flight fetches") \
	C(kill_dropped, "kill_dropped", "count", "in-flight fetches cancelled by kills") \
	C(last_done, "cycles", "cycles", "clock at the last completion")

struct fetch_timing_stats {
	SIM_STATS_DECLARE(FETCH_TIMING_STATS)
	/* not reported as counters */
	uint64_t first_arrival;		/* cycle of the first request */
	uint64_t walk_count, xlate_count; /* histogram populations */
};

const struct fetch_timing_stats *
fetch_timing_get_stats(const struct fetch_timing *t);

/*
 * Per-PE counters (PEs 0..FETCH_TIMING_MAX_PES-1; the PHB3 has 256). Once
 * fetch_timing_register_stats() has run, a PE's counters are registered
 * as "<prefix>.pe<N>.<name>" the first time that PE is looked up, so
 * reports list only the PEs that did DMA (cross-PE cache contention shows
 * there), followed by the PE's hit rate.
 */
#define FETCH_TIMING_MAX_PES 256
#define FETCH_TIMING_PE_STATS(C, V) \
	C(lookups, "lookups", "count", "IO-page translations of this PE") \
	C(hits, "hits", "count", "TCE cache hits of this PE") \
	C(merges, "merges", "count", "misses of this PE merged into a fetch in flight") \
	C(misses, "misses", "count", "misses of this PE that started a walk") \
	C(walk_cycles, "walk_cycles", "cycles", "sum of this PE's walk latencies") \
	C(faults, "faults", "count", "walks of this PE that ended in a fault")

struct fetch_timing_pe_stats {
	SIM_STATS_DECLARE(FETCH_TIMING_PE_STATS)
};
/* NULL for pe >= FETCH_TIMING_MAX_PES. */
const struct fetch_timing_pe_stats *
fetch_timing_get_pe_stats(const struct fetch_timing *t, unsigned pe);

/* Latency histograms (cycles): walk = miss to fill, translation = arrival
   to the request's completion. q in (0, 1]; 0 when empty. */
uint64_t fetch_timing_walk_percentile(const struct fetch_timing *t, double q);
uint64_t fetch_timing_xlate_percentile(const struct fetch_timing *t, double q);
uint64_t fetch_timing_walk_max(const struct fetch_timing *t);
uint64_t fetch_timing_xlate_max(const struct fetch_timing *t);

/*
 * Register every statistic as "<prefix>.<name>" (counters, hit rate,
 * histograms p50/p90/p99/max in cycles and ns, translations/s, GB/s,
 * tag occupancy, pages per kill). 0 or -errno.
 */
int fetch_timing_register_stats(struct fetch_timing *t, struct sim_stats *s,
				const char *prefix);

/*
 * Checkpoint state (tcesim/state.h; layout in docs/images.md, note
 * TIMING): the exact state, no drain: the clock and pipeline cycles, every
 * fetch tag (line, PE, busy-until, cancelled), the booked memory
 * intervals, the tag copies of the TCE, indirect and RTT caches (nested),
 * both latency histograms, every counter and the per-PE counters with the
 * order they were registered in. Restore needs the same geometry
 * (max_outstanding_fetches, line_bytes, cache_indirect, indirect_entries,
 * the TCE cache geometry, rtc_entries); latencies, bandwidth, prefetch
 * and kill mode may differ (a what-if from the same state). Per-PE
 * counters restored are not registered yet: fetch_timing_register_pe()
 * registers one (the caller knows the order across several cores; a
 * report lists them in registration order), fetch_timing_register_pending()
 * the rest in the order this core registered them.
 */
struct sim_state_out;
struct sim_state_in;
int fetch_timing_state_save(const struct fetch_timing *t,
			    struct sim_state_out *o);
int fetch_timing_state_restore(struct fetch_timing *t,
			       struct sim_state_in *in, bool commit,
			       char *err, size_t errlen);
/*
 * Warm start (a functional checkpoint loaded with timing on): the TCE
 * cache tag copy takes the content of tc (same geometry), as if the
 * core had fetched what the functional cache holds. 0 or -EINVAL.
 */
int fetch_timing_warm_tce(struct fetch_timing *t, const struct tce_cache *tc);
/* Register PE pe's counters now if they are not (needs a registry). */
void fetch_timing_register_pe(struct fetch_timing *t, unsigned pe);
void fetch_timing_register_pending(struct fetch_timing *t);

#endif /* TCESIM_FETCH_TIMING_H */
