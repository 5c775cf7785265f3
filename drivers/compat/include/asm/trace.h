/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES powerpc's <asm/trace.h>. The kernel declares its
 * tracepoints there with TRACE_EVENT; compat declares only the ones the
 * powernv TCE code fires, as plain functions, and their one probe is the
 * driver cost model (kc_cost.c): these are the cost model's named points
 * for work no generic shim can tell apart from other work.
 */
#ifndef _KC_ASM_TRACE_H
#define _KC_ASM_TRACE_H

#include <linux/types.h>

/* One TCE of a table exchanged in memory (the entry's new value). */
void trace_tce_xchg(unsigned long index, u64 tce);

/* One write of val to a PHB's TCE kill (invalidate) register. */
void trace_tce_kill(u64 val);

#endif /* _KC_ASM_TRACE_H */
