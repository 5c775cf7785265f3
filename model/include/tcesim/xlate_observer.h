/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation observers: what a host bridge's DMA translation path did,
 * event by event, for models that run beside the functional model and
 * must see exactly what silicon saw without walking any table themselves.
 * The timing core is one (model/timing_phb3.c, model/timing_p5ioc2.c); an
 * RTL twin checked in lockstep, a SystemC TLM component and a PCIe link
 * model plug in the same way.
 *
 * Producers: the PHB3 (phb3_observer_add(), tcesim/phb3.h) and the P5IOC2
 * hub (p5ioc2_observer_add(), tcesim/p5ioc2.h). Each keeps up to
 * XLATE_MAX_OBSERVERS observers, called in the order they were added.
 * With none attached a producer tests one counter per request and builds
 * no event; the translation itself never depends on observers.
 *
 * Events of one DMA request (requests never nest or overlap):
 *
 *   req_begin       every well-formed request (a malformed one, e.g. len 0,
 *                   is refused with -EINVAL before any event)
 *   rtt_lookup      PHB3 only, at most once: the RID -> PE lookup. Also
 *                   for a request decoded as MSI (the PHB looks the PE
 *                   up for it); absent when address decode failed first.
 *   page            once per IO page looked up, in address order, up to
 *                   and including the page that faulted. None when the
 *                   request was decoded as MSI, failed address decode or
 *                   the RID lookup, or found its PE frozen.
 *   req_end         always, after every other event of the request.
 *
 * Register writes come between requests: for each write the producer
 * accepted (right size and alignment, a modelled register), first the
 * decoded action it caused, if any (tce_kill, rtt_invalidate), then
 * mmio_write. Both are reported after the producer applied the write.
 *
 * Rules for observers: never call back into the producer (no DMA, no
 * MMIO) from a callback; event structs and the arrays they point to are
 * valid only during the call; any callback may be NULL. The producer
 * copies struct xlate_observer, so the caller need not keep it; ctx must
 * outlive the attachment (remove before freeing ctx).
 */
#ifndef TCESIM_XLATE_OBSERVER_H
#define TCESIM_XLATE_OBSERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/dma.h"

#define XLATE_MAX_OBSERVERS 4

/* Arrival of a request that carries no timestamp: "as soon as the unit
   accepts it" (the timing core decides when that is). */
#define XLATE_ASAP UINT64_MAX

/* ---- one DMA request ---- */

struct xlate_req_begin {
	unsigned unit;		/* PHB3: PHB index (phb3_create's index);
				   P5IOC2: hub PHB 0..7 (ca * 4 + n) */
	uint16_t rid;		/* requester ID, bus << 8 | dev << 3 | fn */
	uint64_t addr;		/* PCI bus address of the first byte */
	uint32_t len;		/* bytes, >= 1 */
	enum sim_dma_dir dir;
	uint64_t arrival;	/* cycle passed to phb3_dma_at() /
				   p5ioc2_dma_at(), or XLATE_ASAP */
};

enum xlate_rtt_status {
	XLATE_RTT_OK = 0,	/* an entry was found (rte; it may still
				   name no valid PE) */
	XLATE_RTT_DISABLED,	/* RTT BAR disabled: nothing looked up */
	XLATE_RTT_UNREADABLE,	/* the entry lies outside RAM */
};

struct xlate_rtt_lookup {
	uint16_t rid;
	enum xlate_rtt_status status;
	bool hit;		/* RTT cache hit: no memory read */
	uint64_t read_addr;	/* physical address of the 2-byte RTT entry
				   read on a miss (OK or UNREADABLE); 0 on a
				   hit or when disabled */
	uint16_t rte;		/* the entry, when status is OK */
};

/* One table entry the walker read (or tried to), in walk order: the root
   first, the leaf last. */
struct xlate_table_read {
	uint64_t addr;		/* physical address of the 8-byte entry */
	uint64_t value;		/* the entry (host order); 0 when !ok */
	bool ok;		/* false: outside RAM, the walk ended there
				   with SIM_FAULT_TABLE_MEMORY */
};

enum xlate_lookup {
	XLATE_LOOKUP_NONE = 0,	/* no TCE lookup: invalid TVE, bypass
				   window, or out of window before it */
	XLATE_LOOKUP_HIT,	/* TCE cache hit: no table read */
	XLATE_LOOKUP_MISS,	/* fetched from memory (a cache miss, or a
				   unit without a TCE cache): reads[] */
};

struct xlate_page {
	uint16_t pe;		/* PE of the request (P5IOC2: always 0) */
	uint8_t window;		/* PHB3: TVE# & 1 (bus address bit 59);
				   P5IOC2: 0 */
	uint64_t addr;		/* bus address of the request's first byte
				   on this page */
	uint32_t bytes;		/* bytes of the request on this page (to the
				   page end or the request end); 0 when the
				   TVE is invalid */
	/* The window, as decoded once for the request (PHB3: its TVE). */
	bool tve_valid;		/* false: SIM_FAULT_INVALID_TVE; the
				   geometry below is not meaningful */
	bool bypass;		/* bypass window: no table, ps is the
				   16 MB bypass granule (24) */
	uint8_t levels;		/* table levels, 1..5 (root read first) */
	uint8_t ts;		/* log2(entries per level) */
	uint8_t ps;		/* log2(IO page size) */
	uint8_t win_shift;	/* log2(window size) */
	uint64_t offset;	/* window offset of addr (PHB3: bit 59
				   stripped, after out-of-window aliasing) */
	uint64_t io_page;	/* offset >> ps */
	/* What the fetch unit did. */
	enum xlate_lookup lookup;
	unsigned nreads;	/* entries in reads[] (MISS only) */
	const struct xlate_table_read *reads;
	/* Result. */
	enum sim_fault_reason fault;	/* SIM_FAULT_NONE, or why this page
					   failed (it is the request's last) */
	uint64_t pa;		/* host physical address of addr; set when
				   fault is NONE or TARGET_MEMORY (translated,
				   but the target is outside RAM) */
};

struct xlate_req_end {
	int rc;			/* 0, or -errno: the request was abandoned
				   (out of memory) and res is not meaningful */
	const struct sim_dma_result *res;	/* the outcome the device got:
						   status, reason, bytes_done */
};

/* ---- register writes ---- */

struct xlate_mmio_write {
	uint64_t offset;	/* in the producer's register space (PHB3:
				   its 4 KiB block; P5IOC2: the hub window) */
	unsigned size;		/* bytes */
	uint64_t value;
};

/*
 * The kill kinds, once: M(R, KIND, name, "operation", "short"), in enum
 * order; name and the two phrases are what statistics call them.
 *   ALL  every cached TCE
 *   PE   every TCE of one PE
 *   ONE  the TCE of one IO page of one PE window
 */
#define XLATE_KILL_KIND_LIST(M, R) \
	M(R, ALL, all, "kill-all", "kill-all") \
	M(R, PE, pe, "kill-PE", "kill-PE") \
	M(R, ONE, one, "kill-one-page", "kill-one")

#define XLATE_KILL_ENUM_(R, K, name, op, short_) XLATE_KILL_##K,
enum xlate_kill_kind {
	XLATE_KILL_KIND_LIST(XLATE_KILL_ENUM_, _)
	XLATE_KILL_KINDS
};
#undef XLATE_KILL_ENUM_

/* Walk depths a window can have, 1..5: M(R, depth, "level(s)"). */
#define XLATE_WALK_DEPTHS(M, R) \
	M(R, 1, "level") M(R, 2, "levels") M(R, 3, "levels") \
	M(R, 4, "levels") M(R, 5, "levels")

struct xlate_tce_kill {
	enum xlate_kill_kind kind;
	uint16_t pe;		/* PE and ONE */
	uint8_t window;		/* ONE */
	uint64_t offset;	/* ONE: window offset inside the IO page */
	unsigned removed;	/* functional TCE cache entries removed */
};

struct xlate_rtt_invalidate {
	bool all;		/* every entry, else the one of rid */
	uint16_t rid;
};

/* ---- attaching ---- */

struct xlate_observer_ops {
	void (*req_begin)(void *ctx, const struct xlate_req_begin *ev);
	void (*rtt_lookup)(void *ctx, const struct xlate_rtt_lookup *ev);
	void (*page)(void *ctx, const struct xlate_page *ev);
	void (*req_end)(void *ctx, const struct xlate_req_end *ev);
	void (*mmio_write)(void *ctx, const struct xlate_mmio_write *ev);
	void (*tce_kill)(void *ctx, const struct xlate_tce_kill *ev);
	void (*rtt_invalidate)(void *ctx, const struct xlate_rtt_invalidate *ev);
};

/* One observer: its callbacks and the pointer they get back. An observer
   is identified by the (ops, ctx) pair. */
struct xlate_observer {
	const struct xlate_observer_ops *ops;
	void *ctx;
};

#endif /* TCESIM_XLATE_OBSERVER_H */
