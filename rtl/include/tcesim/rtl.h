/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verilated TCE fetch unit twin (rtl/tce_fetch_unit.sv) behind a C
 * API. One clock; cycle N is the N-th rising edge after reset, the same
 * numbering as the C timing model's clock.
 *
 * Commands (requests, register writes, PE stops) enter one at a time: each
 * call hands one command over in the next cycle to run and returns -EAGAIN
 * while one is already waiting or the unit's command queue is full (see
 * tce_rtl_can_push); step to let it in. Every command carries its arrival
 * cycle, the C model's "now" for it. The plain calls hand the command
 * over in the next clock cycle, stamped with the cycle after it
 * (TCE_RTL_NEXT: tce_rtl_cycle() + 1). The *_at calls hand it over at
 * once, in a held clock edge (no cycle passes: any number of commands can
 * reach the unit in one cycle, up to its 4096-command queue), stamped
 * `at`: a command whose arrival is ahead waits in the queue until then; a
 * late one (at before tce_rtl_cycle()) is taken as soon as it reaches the
 * head, with `at` as its "now".
 *
 * Memory: the unit's table reads are answered by tce_rtl_serve_memory()'s
 * callback, called in the cycle the read is issued; the data arrives
 * `latency` cycles later (the C model's lat_mem_read for exact timing).
 * Without a callback every read gets an error response.
 *
 * Everything here is C; the C++ is confined to rtl/shim/tce_rtl.cc.
 */
#ifndef TCESIM_RTL_H
#define TCESIM_RTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcesim/dma.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Structural limits of the verilated twin (rtl/tce_pkg.sv). */
#define TCE_RTL_CACHE_MAX 64	/* TCE cache and indirect cache entries */
#define TCE_RTL_RTC_MAX 64	/* RTT cache entries */
#define TCE_RTL_CAL_CYCLES 4096	/* memory calendar horizon */

struct tce_rtl;

struct tce_rtl_req {
	uint16_t tag;		/* echoed in the response */
	uint16_t rid;
	uint64_t addr;		/* PCI bus address */
	uint32_t len;		/* bytes, >= 1 */
	bool write;		/* SIM_DMA_WRITE: the device writes memory */
};

/* Per-request counters: the C timing model's statistics for this request. */
struct tce_rtl_counts {
	uint16_t pages;		/* IO-page lookups, bypass included */
	uint16_t hits, merges, misses, bypass;
	uint16_t stalls;	/* misses that waited for a fetch tag */
	uint16_t prefetches, prefetch_no_tag;
	uint16_t indirect_hits;	/* walk levels skipped */
	uint16_t line_fills;	/* neighbour TCEs filled by 64-byte lines */
	uint16_t mem_reads;	/* table and RTT reads booked */
	bool rtc_hit, rtc_miss;
};

struct tce_rtl_resp {
	uint16_t tag;
	enum sim_dma_status status;
	enum sim_fault_reason reason;
	uint16_t pe;		/* 0xFFFF: none */
	uint64_t pa;		/* first byte, status OK */
	uint64_t fault_addr;
	uint64_t accept;	/* cycle the unit accepted the request */
	uint64_t done;		/* cycle its translation completed */
	struct tce_rtl_counts cnt;
};

/* One memory read of the unit. */
struct tce_rtl_read {
	uint64_t cycle;		/* issued in this cycle */
	uint16_t src;		/* tag of the request it belongs to */
	uint32_t page;		/* index of the request's IO page it fetches
				   for (not meaningful for the RTT read) */
	bool prefetch;		/* the next-page prefetch of that page */
	uint8_t job;		/* fetch job (walker slot) */
	uint8_t level;		/* table level (0 = root) */
	bool rtt;		/* the RTT entry read of an RTT cache miss */
	uint64_t pa;
	unsigned size;		/* 2, 8 or 64 bytes */
};

/* Fill buf (size bytes) and return 0, or return -EFAULT: the unit then
   gets an error response (a table read outside RAM). */
typedef int (*tce_rtl_mem_fn)(void *ctx, const struct tce_rtl_read *rd,
			      void *buf);

/* Error flags (tce_rtl_errors): the twin left the range where it is exact. */
#define TCE_RTL_ERR_HORIZON (1u << 0)	/* booking past the calendar */
#define TCE_RTL_ERR_JOBS (1u << 1)	/* walker job slots exhausted */
#define TCE_RTL_ERR_SLOTS (1u << 2)	/* request records exhausted */
#define TCE_RTL_ERR_EVENTS (1u << 3)	/* too many events in a cycle */
#define TCE_RTL_ERR_RING (1u << 8)	/* completion ring overrun */
#define TCE_RTL_ERR_LATE_Q (1u << 9)	/* late completion queue full */
#define TCE_RTL_ERR_SLOW_MEM (1u << 10)	/* data later than lat_mem_read */
#define TCE_RTL_ERR_WAITERS (1u << 16)	/* waiting-page table full */
#define TCE_RTL_ERR_RELEASE (1u << 17)	/* completion queue full */

/*
 * A twin configured like the C model: functional parameters pp, timing
 * parameters tp (NULL: C defaults, and the twin's built-in defaults
 * generated from the same table are used), installed RAM ram_bytes (the
 * TARGET_MEMORY check). NULL with a message in err when a parameter is
 * outside the twin's limits or on allocation failure. Starts in reset
 * state at cycle 0.
 */
struct tce_rtl *tce_rtl_new(const struct phb3_params *pp,
			    const struct timing_params *tp, uint64_t ram_bytes,
			    char *err, size_t errlen);
void tce_rtl_free(struct tce_rtl *r);
/* Back to cycle 0, every cache empty, every register reset. */
void tce_rtl_reset(struct tce_rtl *r);
/* Run n clock cycles. */
void tce_rtl_step(struct tce_rtl *r, uint64_t n);
/* Run until the cycle the next step runs is `cycle` (no-op if it is past):
   cycles in which the unit is idle are skipped in one step. */
void tce_rtl_run_to(struct tce_rtl *r, uint64_t cycle);
/* The cycle the next step runs. */
uint64_t tce_rtl_cycle(const struct tce_rtl *r);

/* A command handed over now would be taken in the next cycle. */
bool tce_rtl_can_push(struct tce_rtl *r);

/* Arrival stamp meaning "the cycle after the handover". */
#define TCE_RTL_NEXT UINT64_MAX

/* Hand one request over now, arriving at cycle at (or in the next cycle
   with TCE_RTL_NEXT): 0, or -EAGAIN (queue full: step to make room) or
   -EINVAL. */
int tce_rtl_push_at(struct tce_rtl *r, const struct tce_rtl_req *q,
		    uint64_t at);
int tce_rtl_push(struct tce_rtl *r, const struct tce_rtl_req *q);
/* A 64-bit register write at offset off of the PHB's 4 KiB space. */
int tce_rtl_write_reg_at(struct tce_rtl *r, uint32_t off, uint64_t val,
			 uint64_t at);
int tce_rtl_write_reg(struct tce_rtl *r, uint32_t off, uint64_t val);
/* The PHB error logic sets (or clears) PE pe's PESTB DMA-stopped bit. */
int tce_rtl_pe_stop_at(struct tce_rtl *r, uint16_t pe, bool stopped,
		       uint64_t at);
int tce_rtl_pe_stop(struct tce_rtl *r, uint16_t pe, bool stopped);

/* The oldest response not yet popped: true and *out, or false. */
bool tce_rtl_pop(struct tce_rtl *r, struct tce_rtl_resp *out);

void tce_rtl_serve_memory(struct tce_rtl *r, tce_rtl_mem_fn fn, void *ctx,
			  uint64_t latency);

/* Nothing queued, in flight or waiting to be popped. */
bool tce_rtl_idle(const struct tce_rtl *r);
/* TCE_RTL_ERR_* flags raised since the last reset. */
uint32_t tce_rtl_errors(const struct tce_rtl *r);

/* Write the waveform to an FST file from now on (NULL: stop and close).
   0, -EIO (cannot open) or -ENOTSUP (built without tracing). */
int tce_rtl_trace(struct tce_rtl *r, const char *fst_path);

#ifdef __cplusplus
}
#endif

#endif /* TCESIM_RTL_H */
