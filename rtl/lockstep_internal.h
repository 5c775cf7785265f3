/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lockstep internals shared by lockstep.c (set-up, the API, driving the
 * twin), lockstep_observer.c (the PHB's events: expected table reads,
 * commands for the twin), lockstep_memory.c (the table lines a request may
 * read, served to the twin) and lockstep_compare.c (comparison of each
 * answer, the report). Not a public header: see tcesim/rtl_lockstep.h.
 */
#ifndef TCESIM_RTL_LOCKSTEP_INTERNAL_H
#define TCESIM_RTL_LOCKSTEP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tcesim/fetch_timing.h"
#include "tcesim/rtl_lockstep.h"

#define RING 8192		/* requests in flight; tag = sequence % RING */
#define NO_PE 0xFFFF
#define LAG 1			/* twin cycle = C cycle + LAG (a command
				   arriving at C cycle 0 is handed over
				   before the twin's first cycle) */
#define MAX_LEVELS 5

/* The registers the twin decodes (tcesim/phb3_regs.def offsets). */
#define REG_PHB3_CONFIG 0x160
#define REG_RTT_BAR 0x168
#define REG_RTC_INVALIDATE 0x208
#define REG_TCE_KILL 0x210
#define REG_IODA_ADDR 0x220
#define REG_IODA_DATA0 0x228
#define IODA_AUTOINC (1ull << 63)
#define IODA_ADDR_WMASK 0x801F0000000001FFull
#define IODA_TSEL(a) ((unsigned)((a) >> 48) & 0x1F)
#define IODA_TADR(a) ((unsigned)(a) & 0x1FF)
#define TSEL_PESTB 8u
#define TSEL_TVT 9u
#define RTT_ENABLE (1ull << 63)
#define RTT_BASE_MASK 0x0003FFFFFFFE0000ull

/* What the C timing model counted for one request. */
struct counts {
	uint64_t translations, bypass, hits, merges, misses, stalls;
	uint64_t indirect_hits, prefetches, prefetch_no_tag, line_fills;
	uint64_t mem_reads, rtc_hits, rtc_misses, overflows;
};

struct snap_line {
	uint64_t addr;		/* 64-byte aligned */
	uint8_t data[64];
	bool ok;		/* inside RAM */
};

/* A table read, expected or made; sorted by (rtt first, page, prefetch
   last), issue order kept within a key. */
struct rd {
	uint64_t pa;
	uint32_t page;
	uint8_t size;
	bool rtt, prefetch;
};

struct pending {
	bool live;
	bool timed;		/* the C timing model timed it (not an MSI) */
	bool late;		/* handed over after its arrival */
	bool near_fault;	/* arrived while a walk fault of its PE was
				   still running in C (docs/rtl.md, 2) */
	uint64_t seq;
	struct sim_dma_req req;
	struct sim_dma_result res;
	uint64_t stamp;		/* C arrival ("now") */
	uint64_t accept, done;	/* C cycles */
	struct counts d;
	uint32_t npages;	/* IO pages the C model looked at */
	struct snap_line *lines;
	unsigned nlines, lcap;
	struct rd *exp;		/* reads the twin must make */
	unsigned nexp, ecap;
	struct rd *got;		/* reads it made */
	unsigned ngot, gcap;
};

/* The table path of one IO page, root first. */
struct path {
	unsigned levels, reached;	/* levels of the window; entries read */
	uint64_t ea[MAX_LEVELS];
	bool leaf_ok;			/* the leaf entry was read */
};

struct rtl_lockstep {
	struct phb3 *phb;
	struct sim_mem *mem;
	struct phb3_timed *pt;
	struct fetch_timing *t;
	struct tce_rtl *rtl;
	struct phb3 *own_phb;		/* standalone */
	struct phb3_timed *own_pt;	/* standalone, or functional machines */
	bool attached;
	struct rtl_lockstep_opts o;
	struct phb3_params pp;
	struct timing_params tp;
	uint64_t seq, requests, mismatches;
	uint64_t late_requests, ioda_resyncs;
	char *kept[RTL_LOCKSTEP_KEEP];
	unsigned nkept;
	unsigned corrupt_in;
	uint8_t pestb[PHB3_MAX_PES];	/* what the twin has */
	uint64_t fault_done[PHB3_MAX_PES];	/* C completion of the PE's
						   last walk fault, + 1 */
	uint64_t ioda_addr;		/* IODA_ADDR as the twin has it */
	struct fetch_timing_stats base;	/* at the current request's begin */
	struct fetch_timing_stats mark;	/* after its last page */
	struct pending *cur;		/* the request being translated */
	struct pending *ring;		/* [RING] */
};

/* p (capacity *cap) with room for element n: grown (doubled) if full;
   NULL when out of memory (p is kept). */
static inline void *ls_grow(void *p, unsigned *cap, unsigned n, size_t elem)
{
	unsigned c;
	void *q;

	if (n < *cap)
		return p;
	c = *cap ? 2 * *cap : 8;
	q = realloc(p, (size_t)c * elem);
	if (!q)
		return NULL;
	*cap = c;
	return q;
}

/* The C timing model's clock. */
static inline uint64_t ls_c_now(const struct rtl_lockstep *ls)
{
	return fetch_timing_now(ls->t);
}

/* lockstep.c: driving the twin. Run it n cycles, comparing what it
   answers; answers already out; hand a register write or a request over
   at C cycle c (returns whether it went in after its arrival); the C
   model's PE freezes to the twin's PE-stop port. */
void ls_step(struct rtl_lockstep *ls, uint64_t n);
void ls_collect(struct rtl_lockstep *ls);
bool ls_send_write(struct rtl_lockstep *ls, uint32_t off, uint64_t val,
		   uint64_t c);
bool ls_send_req(struct rtl_lockstep *ls, const struct tce_rtl_req *q,
		 uint64_t c);
void ls_forward_freezes(struct rtl_lockstep *ls, uint64_t c);

/* lockstep_observer.c: the observer of the PHB. */
struct xlate_observer ls_observer_of(struct rtl_lockstep *ls);

/* lockstep_memory.c: the snapshot line holding line (64-byte aligned), or
   NULL; the line of pa added from memory as it is now (NULL: out of
   memory); the twin's memory callback (tcesim/rtl.h), ctx the lockstep. */
struct snap_line *ls_snap_find(struct pending *p, uint64_t line);
struct snap_line *ls_snap_add(struct rtl_lockstep *ls, struct pending *p,
			      uint64_t pa);
int ls_serve(void *ctx, const struct tce_rtl_read *rd, void *buf);

/* lockstep_compare.c: a mismatch counted (its message kept while there is
   room); a walk fault (found by reading the table); the pages of p whose
   reads are compared; the twin's answer r compared with its request (the
   slot freed); a slot's buffers freed and the slot cleared. */
void ls_mismatch(struct rtl_lockstep *ls, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool ls_walk_fault(enum sim_fault_reason r);
uint32_t ls_pages_compared(const struct pending *p);
void ls_compare(struct rtl_lockstep *ls, const struct tce_rtl_resp *r);
void ls_pending_free(struct pending *p);

#endif
