/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lockstep of the C PHB3 model (functional + timed wrapper) and the RTL
 * twin on one simulated memory. Every register write and DMA request goes
 * to both, in the same order and at the same cycle (the C clock follows
 * the twin's); the twin's table reads are answered from the memory as it
 * was when the C model handled the request (a snapshot of the table lines
 * the request's pages can reach, taken just before). Each request's
 * results are compared when the twin answers:
 *   status, fault reason, PE, PA, fault address; with timing, the accept
 *   and completion cycles; the per-request counters against the C timing
 *   model's statistics (hits, merges, misses, bypass, stalls, prefetches,
 *   indirect skips, line fills, memory reads, RTT cache hit/miss); the
 *   table reads (addresses: in order for one-page requests, within the
 *   request's table paths for longer ones).
 * Mismatches are collected as strings; the report ends with the line
 *   rtl lockstep: N requests, M mismatches
 *
 * The PHB error logic's freezes (PESTB DMA-stopped bits the C model sets
 * on a fault, PELT-V included) are forwarded to the twin's PE-stop port
 * after the faulting request.
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
	bool timing;		/* compare accept/completion cycles */
	/* Parameters given to the twin instead of the C model's (to prove
	   the checker fails); NULL: the same as the C model's. */
	const struct phb3_params *rtl_phb;
	const struct timing_params *rtl_timing;
	/* Run the twin on its built-in defaults (tce_cfg_pkg::CfgDefault,
	   generated from the C table) instead of the C side's parameters. */
	bool rtl_builtin_defaults;
};

/*
 * Lockstep a PHB3 built on mem with pp/tp (NULL: defaults). NULL with a
 * message in err on bad parameters (the twin's limits included).
 */
struct rtl_lockstep *rtl_lockstep_new(struct sim_mem *mem,
				      const struct phb3_params *pp,
				      const struct timing_params *tp,
				      const struct rtl_lockstep_opts *o,
				      char *err, size_t errlen);
void rtl_lockstep_free(struct rtl_lockstep *ls);

/* The C side (for table set-up and inspection; do not write registers
   or send DMA through it directly). */
struct phb3 *rtl_lockstep_phb(struct rtl_lockstep *ls);
struct tce_rtl *rtl_lockstep_rtl(struct rtl_lockstep *ls);

/* A register write to both (TCE_KILL, RTC_INVALIDATE timed on both). */
void rtl_lockstep_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val);
/* A DMA to both; *res is the C model's result (data moved by the C
   model). The twin's answer is compared when it comes. */
int rtl_lockstep_dma(struct rtl_lockstep *ls, const struct sim_dma_req *req,
		     void *buf, struct sim_dma_result *res);
/* PE pe's PESTB DMA-stopped bit as the C model has it (and the twin got). */
bool rtl_lockstep_pe_frozen(const struct rtl_lockstep *ls, unsigned pe);
/* Let n cycles pass on both sides. */
void rtl_lockstep_idle(struct rtl_lockstep *ls, uint64_t n);
/* Run the twin until every request is answered (and compared). */
void rtl_lockstep_drain(struct rtl_lockstep *ls);

/* Corrupt the data of the n-th table read the twin makes from now on
   (n >= 1), to prove a wrong read is caught. */
void rtl_lockstep_corrupt_read(struct rtl_lockstep *ls, unsigned n);

uint64_t rtl_lockstep_requests(const struct rtl_lockstep *ls);
uint64_t rtl_lockstep_mismatches(const struct rtl_lockstep *ls);
/* The i-th mismatch message kept (the first RTL_LOCKSTEP_KEEP), or NULL. */
#define RTL_LOCKSTEP_KEEP 64
const char *rtl_lockstep_mismatch(const struct rtl_lockstep *ls, unsigned i);
/* Print the kept mismatches, then the summary line. Returns the number
   of mismatches. */
uint64_t rtl_lockstep_report(const struct rtl_lockstep *ls, FILE *f);

#endif /* TCESIM_RTL_LOCKSTEP_H */
