/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCIe link between a device and the PHB, and the PHB's DMA path to
 * memory: a timeline component counted in PHB cycles (the simulator's one
 * clock), one instance per PHB.
 *
 * Per direction (upstream: the device's memory writes and read requests;
 * downstream: the PHB's read completions) the link is a serial wire of
 *   raw rate = GT/s x encoding x lanes,
 * of which DLLPs (an 8-byte ACK and an 8-byte UpdateFC every AckLimit
 * symbols, the spec's table for generation, width and MPS) and SKIP
 * ordered sets (4 bytes every 1538) take their share. Every TLP costs its
 * payload (whole DWs) plus 8 bytes of framing, sequence number and LCRC,
 * plus its header (12 bytes, 16 for a request with a 64-bit address), plus
 * 4 with ECRC. Writes split at MPS, read requests at MRRS, completions at
 * MPS (or RCB). Upstream TLPs need the PHB's posted / non-posted credits,
 * completions the device's completion credits (0 = infinite, as an
 * endpoint advertises), and every read request one of the device's tags
 * until its last completion is back, so reads are also bounded by
 * tags x round trip. At the PHB, write data and read data cross the
 * memory path at phb.dma_bytes_per_cycle; a read's data is back
 * phb.lat_dma_read cycles after it was issued.
 *
 * Byte times are kept exact: every serial resource keeps its free time as
 * cycles plus a remainder over a fixed denominator, so a saturated link
 * never drifts from its rate; times handed between resources round up to
 * whole cycles. Formulas, parameters and provenance: docs/pcie-link.md.
 */
#ifndef TCESIM_PCIE_LINK_H
#define TCESIM_PCIE_LINK_H

#include <stdint.h>

#include "tcesim/param.h"
#include "tcesim/stats.h"

/*
 * Every link parameter, once, in the row form of tcesim/param.h (the
 * column order of TCESIM_TIMING_PARAMS, tcesim/fetch_timing.h), so the .ini
 * table takes it with the same row macro:
 * X(section, name, type, default, min, max, choices, unit, provenance,
 *   meaning). The type tokens are those of enum sim_param_type
 * (tcesim/param.h). provenance: "spec" (PCIe
 * Base Specification), "reference" (POWER8 facts), "inference" (our
 * choice; docs/pcie-link.md says why). Credits: 0 = infinite.
 */
#define TCESIM_LINK_PARAMS(X) \
	X("link", gen, SIM_PARAM_U64, 3, 1, 5, NULL, "generation", \
	  "reference", "PCIe generation: 1, 2 (2.5, 5 GT/s, 8b/10b), 3, 4, 5 (8, 16, 32 GT/s, 128b/130b); PHB3: Gen3") \
	X("link", width, SIM_PARAM_U64, 16, 1, 32, NULL, "lanes", \
	  "reference", "link width: 1, 2, 4, 8, 16 or 32 lanes (a PHB3 runs up to x16)") \
	X("link", mps, SIM_PARAM_U64, 256, 128, 4096, NULL, "bytes", \
	  "inference", "Max Payload Size (power of two): writes and completions split here") \
	X("link", mrrs, SIM_PARAM_U64, 512, 128, 4096, NULL, "bytes", \
	  "spec", "Max Read Request Size (power of two): reads split into requests here (512: reset value)") \
	X("link", rcb, SIM_PARAM_U64, 128, 64, 128, NULL, "bytes", \
	  "inference", "Read Completion Boundary of the root port: 64 or 128") \
	X("link", cpl_split, SIM_PARAM_ENUM, 0, 0, 1, "mps|rcb", "mode", \
	  "inference", "completions carry up to MPS bytes, or one RCB each") \
	X("link", addr64, SIM_PARAM_BOOL, 1, 0, 1, NULL, "bool", \
	  "inference", "requests carry 64-bit addresses (16-byte header, else 12)") \
	X("link", ecrc, SIM_PARAM_BOOL, 0, 0, 1, NULL, "bool", \
	  "inference", "every TLP carries a 4-byte ECRC digest") \
	X("link", ph_credits, SIM_PARAM_U64, 64, 0, 4096, NULL, "credits", \
	  "inference", "posted header credits of the PHB (one per write TLP); 0 = infinite") \
	X("link", pd_credits, SIM_PARAM_U64, 512, 0, 65536, NULL, "credits", \
	  "inference", "posted data credits of the PHB (16 bytes each); 0 = infinite") \
	X("link", nph_credits, SIM_PARAM_U64, 64, 0, 4096, NULL, "credits", \
	  "inference", "non-posted header credits of the PHB (one per read request); 0 = infinite") \
	X("link", cplh_credits, SIM_PARAM_U64, 0, 0, 4096, NULL, "credits", \
	  "spec", "completion header credits of the device; 0 = infinite (an endpoint must)") \
	X("link", cpld_credits, SIM_PARAM_U64, 0, 0, 65536, NULL, "credits", \
	  "spec", "completion data credits of the device (16 bytes each); 0 = infinite") \
	X("link", read_tags, SIM_PARAM_U64, 256, 1, 1024, NULL, "tags", \
	  "spec", "read requests a device keeps outstanding (8-bit tags: 256)") \
	X("link", lat_flight, SIM_PARAM_U64, 50, 0, 100000000, NULL, "cycles", \
	  "inference", "one way through both ports' PHY and data-link layers, beyond serialisation (~100 ns)") \
	X("phb", lat_dma_read, SIM_PARAM_U64, 150, 0, 100000000, NULL, "cycles", \
	  "inference", "a translated DMA read to its data at the PHB (memory read, ~300 ns)") \
	X("phb", dma_bytes_per_cycle, SIM_PARAM_U64, 64, 1, 4096, NULL, \
	  "bytes/cycle", "inference", "PHB <-> memory (PowerBus) DMA bandwidth, reads and writes together")

struct pcie_link_params {
#define PCIE_LINK_FIELD(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	uint64_t name;
	TCESIM_LINK_PARAMS(PCIE_LINK_FIELD)
#undef PCIE_LINK_FIELD
};

enum pcie_link_cpl_split {
	PCIE_LINK_CPL_MPS = 0,
	PCIE_LINK_CPL_RCB = 1,
};

void pcie_link_params_default(struct pcie_link_params *p);
/* NULL when p is valid, else what was expected, e.g.
   "link.width must be 1, 2, 4, 8, 16 or 32". */
const char *pcie_link_params_problem(const struct pcie_link_params *p);
/* 0 or -EINVAL (pcie_link_params_problem() says why). */
int pcie_link_params_check(const struct pcie_link_params *p);

/*
 * Rates of one direction in Gb/s: raw = GT/s x encoding x lanes; tlp =
 * what is left for TLPs (framing included) after ACK/UpdateFC DLLPs and
 * SKIPs. 0 for invalid parameters.
 */
double pcie_link_raw_gbps(const struct pcie_link_params *p);
double pcie_link_tlp_gbps(const struct pcie_link_params *p);
/* ACK / UpdateFC interval in symbols for p's generation, width and MPS
   (the spec's table); 0 for invalid parameters. */
unsigned pcie_link_ack_limit(const struct pcie_link_params *p);

/* A DMA request as the device sees it. */
enum pcie_link_op {
	PCIE_LINK_WRITE = 0,	/* posted memory writes, upstream */
	PCIE_LINK_READ = 1,	/* read requests up, completions down */
};

/* A request carries 1..PCIE_LINK_MAX_BYTES bytes. */
#define PCIE_LINK_MAX_BYTES (1u << 30)
/* Returned by begin/end/submit on misuse (bad op or size, begin twice,
   end without begin); nothing is changed then. */
#define PCIE_LINK_ERROR UINT64_MAX

struct pcie_link;

/* clock_mhz: the PHB clock (timing_params.clock_mhz). NULL on bad
   parameters or out of memory. */
struct pcie_link *pcie_link_create(const struct pcie_link_params *p,
				   uint64_t clock_mhz);
void pcie_link_destroy(struct pcie_link *l);
const struct pcie_link_params *pcie_link_get_params(const struct pcie_link *l);

/*
 * One DMA request of `bytes` bytes that the device could start sending at
 * cycle `ready`, in two steps around its translation:
 *
 *   a = pcie_link_begin(l, op, bytes, ready);
 *       the first TLP (write, or read request) waits for a tag (reads),
 *       credits and the upstream wire, then crosses: a is the cycle its
 *       header is in the PHB, where translation may start;
 *   done = pcie_link_end(l, xlate_done, &res);
 *       the translation finished at xlate_done (taken as a if earlier).
 *       Every TLP is then handled at the PHB no earlier than xlate_done
 *       and its own arrival: write data crosses the memory path (in order:
 *       posted writes never pass each other) and frees its credits;
 *       a read request is issued to memory (after every earlier write:
 *       reads never pass posted writes), frees its credit, its data comes
 *       back over the memory path, and its completions go down as soon as
 *       the downstream wire has room (filling idle gaps left by slower
 *       requests); its tag is free when the last completion is in the
 *       device. The remaining TLPs of the request are sent on the way,
 *       using the credits and tags the earlier ones return.
 *       done (write) = the cycle the last byte entered the memory path;
 *       done (read) = the cycle the last completion is in the device.
 *
 * Requests are issued by the device in call order: the upstream wire is
 * FIFO; `ready` may go backwards (the request then waits its turn). Each
 * begin must be followed by its end before the next begin.
 * pcie_link_submit() is begin + end with a translation that takes no time.
 */
struct pcie_link_result {
	uint64_t sent_first;	/* first TLP started onto the upstream wire
				   (the device's request was accepted) */
	uint64_t up_first;	/* first TLP in the PHB (= begin's value) */
	uint64_t up_last;	/* last upstream TLP in the PHB */
	uint64_t done;		/* as returned */
};

uint64_t pcie_link_begin(struct pcie_link *l, enum pcie_link_op op,
			 uint64_t bytes, uint64_t ready);
uint64_t pcie_link_end(struct pcie_link *l, uint64_t xlate_done,
		       struct pcie_link_result *res);
uint64_t pcie_link_submit(struct pcie_link *l, enum pcie_link_op op,
			  uint64_t bytes, uint64_t ready);

/* Counters of one direction. */
struct pcie_link_dir_stats {
	uint64_t tlps;		/* TLPs sent */
	uint64_t payload_bytes;	/* data bytes they carried */
	uint64_t tlp_bytes;	/* TLP bytes on the wire (payload rounded to
				   DWs + header + framing + ECRC) */
	uint64_t busy_cycles;	/* wire time taken, DLLP/SKIP share included
				   (whole cycles of an exact sum) */
	uint64_t queue_cycles;	/* TLPs waited for the wire (after their tag
				   and credits) */
	uint64_t credit_stalls;	/* TLPs that waited for credits */
	uint64_t credit_stall_cycles;
	uint64_t backfills;	/* TLPs sent in an idle gap left earlier */
};

struct pcie_link_stats {
	struct pcie_link_dir_stats up, down;
	uint64_t writes, reads;	/* requests */
	uint64_t write_bytes, read_bytes;
	uint64_t read_requests;	/* MRd TLPs (one tag each) */
	uint64_t tag_stalls;	/* read requests that waited for a tag */
	uint64_t tag_stall_cycles;
	uint64_t tag_busy_cycles; /* sum of tag hold times (mean tags in
				     use = this / elapsed) */
	uint64_t read_rtt_cycles; /* sum over read requests: sent to last
				     completion in the device */
	uint64_t xlate_wait_cycles; /* TLPs at the PHB waited for their
				       translation (sum) */
	uint64_t mem_busy_cycles; /* memory path time taken */
	uint64_t mem_queue_cycles; /* data waited for the memory path */
	uint64_t first_ready;	/* earliest ready seen */
	uint64_t last_done;	/* latest completion */
	uint64_t gap_drops;	/* idle gaps forgotten (list full) */
	uint64_t errors;	/* calls refused (PCIE_LINK_ERROR) */
};

const struct pcie_link_stats *pcie_link_get_stats(const struct pcie_link *l);

/*
 * Register every statistic as "<prefix>.<name>": the counters above and
 * per-direction utilisation, payload GB/s, TLPs/s, mean read round trip
 * (cycles and ns), raw and TLP rates. 0 or -errno.
 */
int pcie_link_register_stats(struct pcie_link *l, struct sim_stats *s,
			     const char *prefix);

/*
 * Checkpoint state (tcesim/state.h; layout in model/pcie_link_state.c and
 * docs/images.md): every TLP, credit and tag in flight and the counters.
 * Save only between requests (-EBUSY between begin and end). Restore
 * checks the whole payload before changing anything (commit false: check
 * only); the in-flight state is restored into a link of the same
 * parameters and clock, a link of other parameters starts idle with the
 * checkpoint's counters; in NULL (a checkpoint without this link): idle,
 * counters at zero.
 */
struct sim_state_out;
struct sim_state_in;
int pcie_link_state_save(const struct pcie_link *l, struct sim_state_out *o);
int pcie_link_state_restore(struct pcie_link *l, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen);

#endif /* TCESIM_PCIE_LINK_H */
