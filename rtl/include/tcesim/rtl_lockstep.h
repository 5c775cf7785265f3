/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lockstep of a C PHB3 model and the RTL twin of its fetch unit. The twin
 * is a translation observer of the PHB (tcesim/xlate_observer.h) placed
 * after the PHB's timing adapter (phb3_timed): from the events of each DMA
 * request it takes the request, the C model's result and, per IO page,
 * the table reads the functional walk made (with their values) and what
 * the C timing model did (hit, merge or miss, levels skipped, prefetch);
 * every register write the PHB accepts goes to the twin unchanged; the
 * PHB error logic's freezes go to its PE-stop port. Each command reaches
 * the twin stamped with the C timing model's clock (tcesim/rtl.h: held
 * hand-over, so any number of commands fit in one cycle), and the twin
 * runs lazily behind the C model, only as far as it must.
 *
 * The twin's table reads are served from a per-request snapshot of the
 * table lines, taken when the C model translated that request: the lines
 * of the functional walk's reads (whatever wrote them: the driver,
 * firmware, a trace's pwrite), their 64-byte line mates, the next page's
 * leaf entry (prefetch) and, where the functional cache hit but the C
 * timing model's tag copy missed, the walk of that page as memory held
 * it then. A read outside the snapshot is a mismatch.
 *
 * When the twin answers a request it is compared field by field:
 *   status, fault reason, PE, PA, fault address; accept and completion
 *   cycles (opts.cycles); per-request counters against the C timing
 *   model's statistics for that request (lookups, hits, merges, misses,
 *   bypass pages, tag stalls, indirect skips, prefetches, prefetches
 *   without a tag, line fills, memory reads, RTT cache hit/miss); the
 *   table reads, in order: the RTT entry, then page by page the levels
 *   read (first to leaf) and the prefetch.
 * A mismatch message names the request, both results and the cycle; the
 * first RTL_LOCKSTEP_KEEP are kept. The report ends with the line
 *   rtl lockstep: N requests, M mismatches
 */
#ifndef TCESIM_RTL_LOCKSTEP_H
#define TCESIM_RTL_LOCKSTEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/dma.h"
#include "tcesim/mem.h"
#include "tcesim/phb3.h"
#include "tcesim/rtl.h"
#include "tcesim/timing.h"

struct rtl_lockstep;

struct rtl_lockstep_opts {
	bool cycles;		/* compare accept and completion cycles */
	/* Test-only: parameters given to the twin instead of the C model's
	   (to prove the checker fails); NULL: the same as the C model's. */
	const struct phb3_params *rtl_phb;
	const struct timing_params *rtl_timing;
	/* Run the twin on its built-in defaults (tce_cfg_pkg::CfgDefault,
	   generated from the C table) instead of the C side's parameters. */
	bool rtl_builtin_defaults;
	/* Test-only: corrupt the data of the n-th table read served to the
	   twin (n >= 1), to prove a wrong read is caught. 0: off. */
	unsigned corrupt_read;
};

/*
 * Attach a twin to phb, whose memory is mem. pt is the PHB's timing
 * adapter (its timing core is the reference for cycles and counters;
 * pt's observer must have been added to phb before), or NULL: the
 * lockstep creates its own adapter from tp (functional machines; requests
 * are then timed as soon as possible). tp: the timing parameters (NULL:
 * pt's, or the defaults). NULL with a message in err when a parameter is
 * outside the twin's limits, when pt has a PCIe link in front (the twin
 * times the fetch unit alone: docs/rtl.md), or on allocation failure.
 */
struct rtl_lockstep *rtl_lockstep_attach(struct phb3 *phb, struct sim_mem *mem,
					 struct phb3_timed *pt,
					 const struct timing_params *tp,
					 const struct rtl_lockstep_opts *o,
					 char *err, size_t errlen);
/* Run the twin until every request is answered and compared, then detach
   from the PHB (the results stay readable). Idempotent. */
void rtl_lockstep_finish(struct rtl_lockstep *ls);
/* Finish, then free (NULL is fine). */
void rtl_lockstep_free(struct rtl_lockstep *ls);

/*
 * Standalone: a PHB3 built on mem with pp/tp (NULL: defaults), its timing
 * adapter, and a twin attached to them (tests, bench). Requests go
 * through rtl_lockstep_dma() as soon as the unit accepts them.
 */
struct rtl_lockstep *rtl_lockstep_new(struct sim_mem *mem,
				      const struct phb3_params *pp,
				      const struct timing_params *tp,
				      const struct rtl_lockstep_opts *o,
				      char *err, size_t errlen);
/* The C side (table set-up and inspection; do not write its registers or
   send DMA through it directly in standalone mode). */
struct phb3 *rtl_lockstep_phb(struct rtl_lockstep *ls);
struct fetch_timing *rtl_lockstep_timing(struct rtl_lockstep *ls);
struct tce_rtl *rtl_lockstep_rtl(struct rtl_lockstep *ls);
/* Standalone: a 64-bit register write to the PHB (the twin hears it). */
void rtl_lockstep_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val);
/* Standalone: a DMA through the PHB with timing, arrival ASAP; *res is
   the C model's result (data moved by the C model). */
int rtl_lockstep_dma(struct rtl_lockstep *ls, const struct sim_dma_req *req,
		     void *buf, struct sim_dma_result *res);
/* Standalone: n idle cycles pass on the C clock. */
void rtl_lockstep_idle(struct rtl_lockstep *ls, uint64_t n);
/* Standalone: the C clock moves past every completion and kill, and the
   twin runs until every request so far is answered and compared. */
void rtl_lockstep_drain(struct rtl_lockstep *ls);
/* PE pe's PESTB DMA-stopped bit as the C model has it (and the twin got). */
bool rtl_lockstep_pe_frozen(const struct rtl_lockstep *ls, unsigned pe);

/* Write the twin's waveform to an FST file from now on (tce_rtl_trace). */
int rtl_lockstep_trace(struct rtl_lockstep *ls, const char *fst_path);

uint64_t rtl_lockstep_requests(const struct rtl_lockstep *ls);
uint64_t rtl_lockstep_mismatches(const struct rtl_lockstep *ls);
/* The i-th mismatch message kept (the first RTL_LOCKSTEP_KEEP), or NULL. */
#define RTL_LOCKSTEP_KEEP 64
const char *rtl_lockstep_mismatch(const struct rtl_lockstep *ls, unsigned i);
/* Print the kept mismatches ("rtl mismatch: ..." lines; prefix, if not
   NULL, before each, e.g. "phb3.1: "), then the summary line. Returns the
   number of mismatches. */
uint64_t rtl_lockstep_report(const struct rtl_lockstep *ls, FILE *f);
void rtl_lockstep_print_mismatches(const struct rtl_lockstep *ls, FILE *f,
				   const char *prefix);

#endif /* TCESIM_RTL_LOCKSTEP_H */
