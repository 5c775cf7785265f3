/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `tcesim import qemu`: turns a QEMU 7.2 "log" trace-backend file into a
 * tcesim trace (text in, trace out; no machine needed). What each event
 * becomes is documented in docs/trace-format.md ("Importing QEMU logs").
 *
 * pseries guest events (spapr_iommu_*) and VFIO events become the host
 * operations a VMM performs on a v2 container; 'phb3-regs' MMIO events
 * from powernv machines become raw register accesses on a machine booted
 * without a kernel. Unknown events are counted, never fatal.
 */
#ifndef TCESIM_IMPORT_QEMU_H
#define TCESIM_IMPORT_QEMU_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/trace.h"

/*
 * Where guest RAM goes in the imported VMM process (docs/trace-format.md,
 * "Importing QEMU logs"): user address = guest address + ua_base. The
 * default is a user address a real VMM's guest RAM has (QEMU's guest RAM
 * is an mmap, placed high in the address space), aligned to 16 MiB (and
 * more: to 2 TiB) so hugetlb guest RAM fits, and below replay's
 * per-process ioctl scratch page (SCRATCH_*, sim/replay). Guest RAM too
 * large to fit below the scratch page goes above it (UA_BASE_LARGE, at
 * 128 TiB, as ppc64 Linux maps on request); the simulated process ends
 * at UA_LIMIT.
 */
#define IMPORT_QEMU_UA_BASE		0x7e0000000000ull	/* 126 TiB */
#define IMPORT_QEMU_UA_BASE_LARGE	0x800000000000ull	/* 128 TiB */
#define IMPORT_QEMU_SCRATCH_UA		0x7fff00000000ull
#define IMPORT_QEMU_SCRATCH_SIZE	0x10000ull
#define IMPORT_QEMU_UA_LIMIT		(1ull << 56)

struct import_qemu_opts {
	uint64_t ua_base;	/* user address = guest address + ua_base;
				   0: chosen (VFIO logs: the first region
				   the VMM registered; else
				   IMPORT_QEMU_UA_BASE) */
	uint64_t guest_ram;	/* guest RAM bytes; 0 = inferred from the log */
	bool infer_indirect;	/* H_PUT_TCE_INDIRECT: assume consecutive
				   pages (default: the logged last entry and
				   the entries device translations show) */
	uint16_t rid;		/* device RID for imported DMA (default 0x0100) */
};

#define IMPORT_QEMU_MAX_UNKNOWN 32

struct import_qemu_stats {
	unsigned lines;		/* lines read */
	unsigned events;	/* lines that were trace events */
	unsigned converted;	/* events that produced operations */
	unsigned noted;		/* events kept only as a comment */
	unsigned ignored;	/* known events with nothing to replay
				   (VIO LIOBNs, H_GET_TCE, other MMIO regions) */
	unsigned malformed;	/* known events whose arguments did not parse */
	unsigned unknown;	/* events of unknown name */
	unsigned n_unknown_names;
	struct {
		char name[48];
		unsigned count;
	} unknown_names[IMPORT_QEMU_MAX_UNKNOWN];
};

void import_qemu_opts_default(struct import_qemu_opts *o);

/*
 * Convert the log in buf (len bytes) into out (initialised here). Returns
 * 0, or -1 with err filled (only for conditions that make the whole log
 * unusable: no event at all, a --ua-base that cannot hold guest RAM, out
 * of memory).
 */
int import_qemu(const char *name, const char *buf, size_t len,
		const struct import_qemu_opts *o, struct trace *out,
		struct import_qemu_stats *st, struct trace_error *err);

#endif /* TCESIM_IMPORT_QEMU_H */
