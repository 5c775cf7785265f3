/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCIe link's state (model/pcie_link.c), shared with its checkpoint
 * save and restore (model/pcie_link_state.c). Not part of the API.
 */
#ifndef TCESIM_MODEL_PCIE_LINK_INTERNAL_H
#define TCESIM_MODEL_PCIE_LINK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/pcie_link.h"

/* exact times: cycles + rem / den */
struct cost {
	uint64_t q, r;		/* q + r / den cycles */
};

struct rtime {
	uint64_t t, rem;	/* t + rem / den cycles */
};

/* a serial resource that fills idle gaps (memory path, downstream) */
#define GAPS 16

struct gap {
	uint64_t s, e;		/* idle cycles [s, e) */
};

/*
 * Gaps live in g[h .. h + n): sorted, disjoint, all before the tail. New
 * gaps are appended (they start at the old tail); the oldest go first.
 * The array is twice the list so appends and drops only move an index;
 * it is compacted when the window reaches its end.
 */
struct book {
	struct rtime tail;	/* free from here on */
	uint64_t den;
	struct rtime busy;	/* time taken, for utilisation */
	struct gap g[2 * GAPS];
	unsigned h, n;
};

/* credits: release records in a ring sorted by release */
struct crec {
	uint64_t rel;		/* cycle the sender has them again */
	uint32_t h, d;
};

struct cpool {
	bool on;		/* some class finite */
	bool inf_h, inf_d;
	uint64_t free_h, free_d;
	struct crec *r;
	unsigned cap, head, n;
};

struct pcie_link {
	struct pcie_link_params p;
	uint64_t clock_mhz;
	uint64_t cpl_bytes;
	/* wire: cycles per byte = num / den; costs precomputed per DW */
	uint64_t den;
	struct cost *c_mwr;	/* [payload DWs], MPS/4 + 1 */
	struct cost *c_cpl;	/* [payload DWs], cpl_bytes/4 + 1 */
	struct cost c_mrd;
	unsigned w_mwr, w_mrd, w_cpl; /* overhead bytes per TLP */
	struct cost *c_mem;	/* memory path [DWs], max(MPS, MRRS)/4 + 1 */
	struct rtime up;	/* upstream wire free */
	struct rtime up_busy;
	struct book down, mem;
	struct cpool posted, nonposted, cpl;
	uint64_t *tag;		/* tag release cycles, sorted ring */
	unsigned ntag, tag_h;
	uint64_t horizon;	/* no future work is ready before this */
	uint64_t wr_last;	/* last write data into the memory path */
	/* the request between begin and end */
	bool active;
	enum pcie_link_op op;
	uint64_t bytes, ready, left;
	uint64_t cur_arr, cur_sent;
	uint32_t cur_len;
	struct pcie_link_result res;
	struct pcie_link_stats st;
};

#endif /* TCESIM_MODEL_PCIE_LINK_INTERNAL_H */
