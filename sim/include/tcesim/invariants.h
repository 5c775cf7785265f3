/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Invariant checker for trace replay, run after every operation
 * (`tcesim replay --invariants`, every scenario test). It follows the
 * container/group/mapping state the trace's successful syscalls set up
 * (its own small model of the ABI) and compares it with what the machine
 * holds:
 *   (a) isolation: every valid TCE in a PE's windows belongs to a mapping
 *       of the container that owns the PE's group, points at the page that
 *       mapping's user address is backed by, with its permissions; probes
 *       (side-effect-free, tcesim/phb3_debug.h) translate mapped addresses
 *       there and fault outside the windows; no bypass window is enabled
 *       while userspace owns the PE;
 *   (b) every page a valid TCE points at is pinned, and for v2 lies in a
 *       preregistered region of the container;
 *   (c) each process's locked_vm equals the net pages charged through
 *       account_locked_vm, and is at least what the trace's successful
 *       REGISTER_MEMORY (v2) and ENABLE (v1) calls must have charged;
 *   (d) the driver's own counters, read through debugfs
 *       (iommu/tce_table<LIOBN>/weight, kc_debugfs_*): a table of a PE
 *       userspace owns is fully claimed by the host allocator; otherwise
 *       weight minus the reserved entries equals the valid TCEs the TVE
 *       reaches; and the number of valid TCEs in each window of an owned
 *       PE equals the number of IO pages the trace's MAPs left there.
 * (a), (b), (d) walk PHB3 tables; on P5IOC2, (c) and the debugfs weight
 * bounds/ownership part of (d) are checked.
 * docs/reliability-failnth.md.
 */
#ifndef TCESIM_INVARIANTS_H
#define TCESIM_INVARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "tcesim/replay.h"

struct invariants;

struct invariants *invariants_create(void);
void invariants_destroy(struct invariants *inv);

/* Fill h so that replay calls the checker (h->ctx = inv). */
void invariants_hooks(struct invariants *inv, struct replay_hooks *h);

/* The hook itself, for tools that chain hooks: 0, or non-zero with a
 * message "(x) name: detail" in msg. */
int invariants_event(void *inv, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen);

/* Operations checked and individual checks made so far. */
uint64_t invariants_ops_checked(const struct invariants *inv);
uint64_t invariants_checks(const struct invariants *inv);

#endif /* TCESIM_INVARIANTS_H */
