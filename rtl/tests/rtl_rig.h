/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test rig for the twin alone: simulated memory, the twin serving its
 * reads from it with a given latency (every read recorded), helpers that
 * program the PHB registers the way firmware does and build TCE tables,
 * and a request helper that waits for the answer. Expected values in the
 * tests are worked out by hand from the configured latencies, never asked
 * from the twin.
 */
#ifndef RTL_TESTS_RTL_RIG_H
#define RTL_TESTS_RTL_RIG_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/mem.h"
#include "tcesim/rtl.h"

#define RIG_RAM (1ull << 30)
#define RIG_RTT 0x100000ull	/* 128 KiB aligned */
#define RIG_TABLES 0x200000ull	/* tables allocated from here */
#define RIG_MAX_READS 4096

struct rig {
	struct sim_mem *mem;
	struct tce_rtl *r;
	uint64_t pool;		/* next table */
	unsigned nreads;
	struct tce_rtl_read reads[RIG_MAX_READS];
	uint16_t tag;
};

/* A rig with the given parameters (NULL: defaults); memory answers in
   tp->lat_mem_read cycles (or `latency` if non-zero). RTT enabled. */
void rig_init(struct rig *g, const struct phb3_params *pp,
	      const struct timing_params *tp, uint64_t latency);
void rig_fini(struct rig *g);

/* One register write (waits for room, then one cycle). */
void rig_write(struct rig *g, uint32_t off, uint64_t val);
/* RTT entry: rid -> rte (in memory; the RTT cache may hold the old one). */
void rig_rte(struct rig *g, uint16_t rid, uint16_t rte);
/* A translated window: TVE of pe/window with a fresh root table. Returns
   the root table address. */
uint64_t rig_window(struct rig *g, unsigned pe, unsigned win, unsigned levels,
		    unsigned ts, unsigned ps);
/* Map page (IO page number in the window) to tce (RPN | R/W bits),
   creating the levels above; 0 or -1 if an upper entry is not a table. */
int rig_map(struct rig *g, uint64_t root, unsigned levels, unsigned ts,
	    uint64_t page, uint64_t tce);
/* A bypass window [start, end) (16 MiB units). */
void rig_bypass(struct rig *g, unsigned pe, unsigned win, uint64_t start,
		uint64_t end);

/* Hand a request over (the next cycle) without waiting; returns the cycle
   it arrives (its earliest accept cycle). */
uint64_t rig_send(struct rig *g, uint16_t rid, uint64_t addr, uint32_t len,
		  bool write);
/* Run until the response of tag comes; returns it. */
struct tce_rtl_resp rig_wait(struct rig *g, uint16_t tag);
/* rig_send + rig_wait. */
struct tce_rtl_resp rig_dma(struct rig *g, uint16_t rid, uint64_t addr,
			    uint32_t len, bool write);
/* Let the unit go idle. */
void rig_drain(struct rig *g);

#endif /* RTL_TESTS_RTL_RIG_H */
