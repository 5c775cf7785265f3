/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device DMA as the host bridge sees it: a requester ID, a PCI bus address,
 * a length and a direction. Every host bridge model (PHB3, P5IOC2) accepts
 * requests through struct sim_dma_target, so a device model (the DMA test
 * endpoint, traffic generators) works with either.
 *
 * Direction is from the device's side, as in PCIe: a DMA READ is the device
 * reading host memory (needs TCE R), a DMA WRITE is the device writing host
 * memory (needs TCE W).
 */
#ifndef TCESIM_DMA_H
#define TCESIM_DMA_H

#include <stdbool.h>
#include <stdint.h>

enum sim_dma_dir {
	SIM_DMA_READ = 0,   /* device reads host memory */
	SIM_DMA_WRITE = 1,  /* device writes host memory */
};

enum sim_dma_status {
	SIM_DMA_OK = 0,     /* translated, data transferred */
	SIM_DMA_MSI,        /* decoded as an MSI, not a memory access */
	SIM_DMA_FAULT,      /* translation fault: nothing transferred */
	SIM_DMA_FROZEN,     /* PE frozen (before or by this request) */
};

/*
 * Why a request faulted; spec-style wording, one reason per fault. The
 * list, once, in enum order: M(R, NAME, name), name being what logs and
 * statistics call it (sim_fault_reason_name).
 */
#define SIM_FAULT_REASON_LIST(M, R) \
	/* address region not DMA (bits 63:60 >= 2, DAC on P5IOC2) */ \
	M(R, UNSUPPORTED_ADDR, unsupported_addr) \
	/* RTT disabled or RTE >= number of PEs */ \
	M(R, INVALID_PE, invalid_pe) \
	/* TVE disabled or malformed (levels > 5, tts 0) */ \
	M(R, INVALID_TVE, invalid_tve) \
	/* beyond the window (oow_policy=fault) or bypass bounds */ \
	M(R, OUT_OF_WINDOW, out_of_window) \
	/* indirect TCE with neither R nor W */ \
	M(R, INVALID_INDIRECT, invalid_indirect) \
	/* leaf TCE with neither R nor W (page fault) */ \
	M(R, INVALID_LEAF, invalid_leaf) \
	/* leaf lacks R for a read or W for a write (access fault) */ \
	M(R, PERMISSION, permission) \
	/* a table read fell outside RAM */ \
	M(R, TABLE_MEMORY, table_memory) \
	/* the translated address is outside RAM */ \
	M(R, TARGET_MEMORY, target_memory)

#define SIM_FAULT_ENUM_(R, NAME, name) SIM_FAULT_##NAME,
enum sim_fault_reason {
	SIM_FAULT_NONE = 0,
	SIM_FAULT_REASON_LIST(SIM_FAULT_ENUM_, _)
	SIM_FAULT_MAX               /* guard */
};
#undef SIM_FAULT_ENUM_

const char *sim_fault_reason_name(enum sim_fault_reason r);
const char *sim_dma_status_name(enum sim_dma_status s);

struct sim_dma_req {
	uint16_t rid;          /* bus << 8 | dev << 3 | fn */
	uint64_t addr;         /* PCI bus address */
	uint32_t len;          /* bytes, >= 1 */
	enum sim_dma_dir dir;
};

struct sim_dma_result {
	enum sim_dma_status status;
	enum sim_fault_reason reason;  /* SIM_FAULT_NONE unless status FAULT */
	uint16_t pe;                   /* PE resolved, or 0xFFFF if none */
	uint64_t pa;                   /* host physical address of the first byte */
	uint64_t fault_addr;           /* bus address that faulted */
	uint32_t bytes_done;           /* bytes transferred (0 on fault: a
	                                  fault transfers nothing) */
	uint8_t walk_levels;           /* table levels read for the first page */
	bool cache_hit;                /* first page hit the TCE cache */
};

struct sim_dma_target {
	/*
	 * Perform the request. For SIM_DMA_WRITE, buf holds len bytes to
	 * write; for SIM_DMA_READ, buf receives len bytes. Returns 0 when the
	 * request was processed (its outcome, fault included, is in *res),
	 * -errno only for a malformed request (len 0).
	 */
	int (*dma)(void *opaque, const struct sim_dma_req *req, void *buf,
		   struct sim_dma_result *res);
	void *opaque;
};

#endif /* TCESIM_DMA_H */
