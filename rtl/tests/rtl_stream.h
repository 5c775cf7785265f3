/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A random request stream for the lockstep tests and the bench: builds RTT,
 * TVEs and TCE tables (1..5 levels, 4K/64K/16M/256M pages, bypass windows)
 * in simulated memory through an rtl_lockstep, then sends DMA requests,
 * table changes with kills of every kind, racing kills, RTT cache
 * invalidations, idle gaps and (optionally) every kind of fault.
 *
 * It keeps out of the places where the C timing model is not causal
 * (docs/rtl.md, "Known differences"): the first request of a RID after an
 * RTT cache invalidation has a page to look up; only the last page of a
 * multi-page request may fault; after a fault found by a walk the unit
 * drains and is killed (EEH-style recovery); kill-one is not used with
 * 64-byte lines in drop mode; with cache_indirect or prefetch_next each
 * request runs alone (serialize).
 */
#ifndef RTL_TESTS_RTL_STREAM_H
#define RTL_TESTS_RTL_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/rtl_lockstep.h"

struct rtl_stream_opts {
	uint64_t seed;
	unsigned requests;
	bool faults;		/* every fault reason */
	bool no_walk_faults;	/* only faults found before a walk */
	bool kills;		/* table changes + kills, racing kills */
	bool multipage;
	bool serialize;		/* drain after every request */
	bool no_kill_one;
	unsigned idle_pct;	/* chance (%) of an idle gap before a request */
	unsigned levels_max;	/* deepest table (1..5) */
};

/* What the C model answered over the stream. */
struct rtl_stream_stats {
	uint64_t status[4];			/* by enum sim_dma_status */
	uint64_t reason[SIM_FAULT_MAX];		/* faults, by reason */
	uint64_t multipage;			/* requests over several pages */
	uint64_t kills, rtc_invalidations;
};

void rtl_stream_opts_default(struct rtl_stream_opts *o);

/* Build the tables and run o->requests requests through ls (on mem, whose
   RAM must be at least 2 GiB); st (may be NULL) counts the outcomes. 0, or
   -errno with a message in err. */
int rtl_stream_run(struct rtl_lockstep *ls, struct sim_mem *mem,
		   const struct rtl_stream_opts *o, struct rtl_stream_stats *st,
		   char *err, size_t errlen);

#endif /* RTL_TESTS_RTL_STREAM_H */
