/* SPDX-License-Identifier: GPL-2.0 */
/*
 * POWER8 PHB3 (IODA2) DMA translation unit: public API.
 *
 * What the model has: the 4 KiB register file (plug phb3_mmio_ops into the
 * MMIO bus with the struct phb3 * as opaque), every on-chip IODA2 table
 * reached through IODA_ADDR/IODA_DATA0 (the TVT, PESTA, PESTB and PEEV
 * drive translation and freeze; the others are storage), an RTT cache,
 * a TCE cache, the 1..5 level TCE walk, bypass windows, faults with PEST
 * logging and PE freeze with PELT-V propagation. What it reads from
 * simulated memory (all big-endian): the RTT, TCE tables and the PELT-V;
 * what it writes: the PEST on a fault, and DMA data.
 *
 * Device DMA comes in through phb3_dma_target() (see tcesim/dma.h), or
 * phb3_dma_at() for a request with an arrival time. What the translation
 * path does, page by page, is reported to observers
 * (tcesim/xlate_observer.h). Parameters, their defaults and provenance:
 * docs/hardware-model.md.
 */
#ifndef TCESIM_PHB3_H
#define TCESIM_PHB3_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/dma.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/param.h"
#include "tcesim/stats.h"
#include "tcesim/tce_cache.h"
#include "tcesim/xlate_observer.h"

#define PHB3_MAX_PES 256	/* IODA2: 256 PEs, 2 TVEs each */
#define PHB3_TVT_ENTRIES 512
#define PHB3_PEEV_WORDS 4
#define PHB3_REGS_BYTES 0x1000	/* register space size */

/* What a bus address beyond a translated window does. */
enum phb3_oow_policy {
	PHB3_OOW_FAULT = 0,	/* out-of-window fault (default) */
	PHB3_OOW_ALIAS,		/* index bits only: wraps onto the window */
};

/*
 * Parameters, once (row form in tcesim/param.h), in .ini order; the TCE
 * cache geometry has its own rows (TCE_CACHE_PARAMS, tcesim/tce_cache.h).
 */
#define PHB3_PARAMS(X) \
	X("phb", num_pes, SIM_PARAM_U64, PHB3_MAX_PES, 1, PHB3_MAX_PES, NULL, \
	  "PEs", "reference", "partitionable endpoints of the PHB (IODA2: 256)") \
	X("phb", rtc_entries, SIM_PARAM_U64, 64, 1, 65536, NULL, "entries", \
	  "inference", "RTT cache entries, fully associative LRU") \
	X("phb", oow_policy, SIM_PARAM_ENUM, 0, 0, 1, "fault|alias", "mode", \
	  "inference", "bus address beyond a window: fault, or wrap onto it") \
	X("phb", bypass_bounds_check, SIM_PARAM_BOOL, 1, 0, 1, NULL, "bool", \
	  "reference", "bypass windows enforce their [start, end)")

struct phb3_params {
	unsigned num_pes;		/* PEs */
	unsigned rtc_entries;		/* RTT cache entries */
	enum phb3_oow_policy oow_policy;
	bool bypass_bounds_check;	/* bypass: enforce [start, end) */
	struct tce_cache_params tce_cache;	/* TCE cache geometry */
};

struct phb3;

void phb3_params_default(struct phb3_params *p);
/* "fault" or "alias" -> 0 and *out, else -EINVAL. */
int phb3_oow_policy_parse(const char *s, enum phb3_oow_policy *out);
const char *phb3_oow_policy_name(enum phb3_oow_policy p);

/*
 * Create PHB number index on memory mem (not owned). params NULL means
 * defaults. NULL on bad parameters or out of memory.
 */
struct phb3 *phb3_create(struct sim_mem *mem, const struct phb3_params *params,
			 unsigned index);
void phb3_destroy(struct phb3 *p);
/*
 * Move DMA data through mem instead (another view of the same RAM, e.g.
 * with host pointers while table reads go to an embedder's callbacks);
 * tables, RTT, PELT-V and PEST stay on the creation memory. 0, -EINVAL
 * (different RAM size).
 */
int phb3_set_data_mem(struct phb3 *p, struct sim_mem *mem);
const struct phb3_params *phb3_get_params(const struct phb3 *p);

/* Register file; opaque is the struct phb3 *. 64-bit accesses, except
   the CONFIG_DATA window (1, 2, 4 or 8 bytes). Registers and IODA tables:
   tcesim/phb3_regs.def, tcesim/phb3_ioda.def. */
extern const struct sim_mmio_ops phb3_mmio_ops;

/*
 * Board wiring: whether a device is attached below the PHB's root port,
 * i.e. the PCIe link has a partner. The link trains (PCIE_DLP_TRAIN_CTL
 * reads presence and link active) only with a partner and once software
 * releases PERST (RESET bit 2). Default: no partner.
 */
void phb3_set_link_partner(struct phb3 *p, bool present);

/* DMA entry point for device models; opaque is the struct phb3 *. Its
   requests arrive XLATE_ASAP. */
struct sim_dma_target phb3_dma_target(struct phb3 *p);
/*
 * One DMA request arriving at cycle arrival (or XLATE_ASAP). The PHB3
 * has no clock: arrival only reaches the observers (req_begin), e.g. the
 * timing core. Returns as a sim_dma_target's dma() does.
 */
int phb3_dma_at(struct phb3 *p, uint64_t arrival,
		const struct sim_dma_req *req, void *buf,
		struct sim_dma_result *res);

/*
 * ---- Batches ----
 * One request of a batch: what phb3_dma_at(p, arrival, &req, buf, &res)
 * is called with, and rc, what it returns.
 */
#define PHB3_DMA_WARM_RUN 16	/* requests warmed together */

struct phb3_dma_op {
	uint64_t arrival;
	struct sim_dma_req req;
	void *buf;
	struct sim_dma_result res;	/* out */
	int rc;				/* out */
};

/*
 * ops[0..n) in order, exactly as n calls of phb3_dma_at(): the same
 * results, PHB state, statistics, and observer events in the same order.
 * Faster on streams that miss: before a run of requests is handled, the
 * host memory they will read is read ahead (their table entries level by
 * level across the run, then their data), so independent walks overlap
 * in the host instead of waiting for memory one after the other. 0, or -EINVAL (p or ops
 * NULL; nothing done).
 */
int phb3_dma_batch(struct phb3 *p, struct phb3_dma_op *ops, unsigned n);
/*
 * The warming alone, for callers that run their own batch loop (the timed
 * PHB3): call it on each run of (at most PHB3_DMA_WARM_RUN) requests just
 * before handling them. It
 * reads host memory and nothing else: no PHB state, statistic or
 * observer is touched, and a wrong guess (a table changed in between)
 * only costs time.
 */
void phb3_dma_warm(struct phb3 *p, const struct phb3_dma_op *ops,
		   unsigned n);

/* Attach / detach a translation observer (tcesim/xlate_observer.h):
   0, -EINVAL, -EEXIST, -ENOSPC; remove: 0 or -ENOENT. */
int phb3_observer_add(struct phb3 *p, const struct xlate_observer *o);
int phb3_observer_remove(struct phb3 *p, const struct xlate_observer *o);

/*
 * Register every counter as "<prefix>.<name>" (e.g. prefix "phb3.0").
 * The counters live in p: unregister (free the registry) before
 * destroying p. 0 or -errno.
 */
int phb3_register_stats(struct phb3 *p, struct sim_stats *s,
			const char *prefix);

/* The TCE cache, for inspection by tests. */
struct tce_cache *phb3_tce_cache(struct phb3 *p);

/*
 * Checkpoint state (tcesim/state.h; layout in docs/images.md, note
 * PHB3): every register of phb3_regs.def, every IODA table the model
 * keeps (enumerated by table selector, so new tables come along), the
 * counters, the RTT cache and the TCE cache (nested). Restore needs the
 * same PHB geometry (num_pes, rtc_entries, TCE cache geometry and
 * policy); behaviour parameters (oow_policy, bypass_bounds_check) are the
 * machine's. Nothing changes unless the whole payload fits.
 */
struct sim_state_out;
struct sim_state_in;
int phb3_state_save(struct phb3 *p, struct sim_state_out *o);
int phb3_state_restore(struct phb3 *p, struct sim_state_in *in, bool commit,
		       char *err, size_t errlen);
/* Print a payload's summary (tcesim elf info); -EINVAL if malformed. */
int phb3_state_describe(const void *buf, size_t len, FILE *out);

#endif /* TCESIM_PHB3_H */
