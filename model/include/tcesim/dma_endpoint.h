/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA test endpoint: a bare-metal PCI device with one requester ID that
 * issues DMA reads and writes of real data through any host bridge
 * (struct sim_dma_target), with no driver or firmware involved. Each call
 * reports one status code per failure kind, plus the bridge's result
 * (fault reason, PE, physical address) for the request that stopped it.
 *
 * Requests are split as a PCIe device must: never across a 4 KiB boundary,
 * and at most max_payload bytes each (default 4096). The first request
 * that does not complete stops the transfer; earlier requests stay done.
 */
#ifndef TCESIM_DMA_ENDPOINT_H
#define TCESIM_DMA_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "tcesim/dma.h"

enum dma_ep_status {
	DMA_EP_OK = 0,		/* every byte transferred */
	DMA_EP_ERR_BAD_ARG,	/* len 0, NULL buffer or address wrap */
	DMA_EP_ERR_NO_TARGET,	/* endpoint not attached to a bridge */
	DMA_EP_ERR_TARGET,	/* the bridge refused the request (-errno) */
	DMA_EP_ERR_FAULT,	/* translation fault (reason in res->dma) */
	DMA_EP_ERR_FROZEN,	/* the PE is frozen */
	DMA_EP_ERR_MSI,		/* the address decoded as an MSI, not memory */
	DMA_EP_ERR_MISMATCH,	/* read-back data differs from the pattern */
	DMA_EP_ERR_NOMEM,	/* no host memory for a pattern buffer */
	DMA_EP_STATUS_MAX	/* guard */
};

struct dma_ep_result {
	enum dma_ep_status status;
	uint64_t bytes_done;		/* bytes of completed requests */
	uint64_t mismatch_offset;	/* first differing byte (MISMATCH) */
	int target_errno;		/* the bridge's -errno (ERR_TARGET) */
	struct sim_dma_result dma;	/* last request's result from the bridge */
};

struct dma_ep_counters {
	uint64_t requests;		/* requests issued to the bridge */
	uint64_t bytes_read;		/* bytes read from host memory */
	uint64_t bytes_written;		/* bytes written to host memory */
	uint64_t transfers_ok;		/* calls that completed fully */
	uint64_t faults;
	uint64_t frozen;
	uint64_t msi;
	uint64_t target_errors;
	uint64_t mismatches;
	uint64_t bad_args;
};

struct dma_ep {
	uint16_t rid;			/* bus << 8 | dev << 3 | fn */
	struct sim_dma_target target;
	uint32_t max_payload;		/* bytes per request, 1..4096 */
	struct dma_ep_counters cnt;
};

#define DMA_EP_MAX_PAYLOAD_DEFAULT 4096u

/* Attach to target (may be NULL: every call then fails NO_TARGET). */
void dma_ep_init(struct dma_ep *ep, uint16_t rid,
		 const struct sim_dma_target *target);

/*
 * Device writes len bytes of buf to host memory at bus address addr
 * (needs TCE W). Returns res->status (DMA_EP_OK = 0); res may be NULL.
 */
enum dma_ep_status dma_ep_write(struct dma_ep *ep, uint64_t addr,
				const void *buf, uint64_t len,
				struct dma_ep_result *res);
/* Device reads len bytes of host memory at addr into buf (needs TCE R). */
enum dma_ep_status dma_ep_read(struct dma_ep *ep, uint64_t addr, void *buf,
			       uint64_t len, struct dma_ep_result *res);

/* Byte i of the pattern for seed (the endpoint's data generator). */
uint8_t dma_ep_pattern_byte(uint64_t seed, uint64_t i);
/* Write len pattern bytes (byte i = dma_ep_pattern_byte(seed, i)). */
enum dma_ep_status dma_ep_write_pattern(struct dma_ep *ep, uint64_t addr,
					uint64_t len, uint64_t seed,
					struct dma_ep_result *res);
/* Read len bytes back and compare with the pattern: OK or MISMATCH. */
enum dma_ep_status dma_ep_check_pattern(struct dma_ep *ep, uint64_t addr,
					uint64_t len, uint64_t seed,
					struct dma_ep_result *res);

const char *dma_ep_status_name(enum dma_ep_status s);

#endif /* TCESIM_DMA_ENDPOINT_H */
