/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the traffic files only: the run object, the counted VFIO
 * map/unmap of the workload set-up (traffic_setup.c), the driver cost
 * probe used by the generators (traffic.c) and the worst latencies of a
 * result (traffic.c, also for sweep rows from traces).
 */
#ifndef TCESIM_TRAFFIC_INTERNAL_H
#define TCESIM_TRAFFIC_INTERNAL_H

#include "tcesim/machine.h"
#include "tcesim/traffic.h"

#define TRAFFIC_UA_BASE		0x10000000000ull	/* 1 TiB */
#define TRAFFIC_SCRATCH_UA	0x7fff00000000ull	/* ioctl arguments */
#define TRAFFIC_SCRATCH_SIZE	0x10000ull
#define TRAFFIC_SLOT_ALIGN	2048u	/* NIC buffers are 2 KiB apart */

struct traffic_devstate {
	unsigned phb;
	uint16_t rid;
	int group_fd;
	int cfd;		/* its container */
	uint64_t ua;		/* buffer in user memory */
	uint64_t iova;		/* bus address of the buffer's first byte */
	uint64_t bytes;		/* buffer bytes (a multiple of the IO page) */
	uint64_t mem_bytes;	/* user memory mapped (and v2-registered) at
				   ua: the buffer, or for NIC kinds the
				   larger of the ring and region ("guest
				   RAM" the ring lives in) */
	bool mapped;		/* whole buffer mapped (not nic-strict) */
	/* generator state */
	uint64_t pos;		/* stream: next offset; NIC: next slot */
	uint64_t rng;		/* scatter PRNG state */
	uint64_t pkt_off;	/* NIC: offset of the packet's next TLP */
	uint32_t pkt_left;	/* NIC: bytes of the packet still to send */
	uint64_t map_iova, map_len; /* nic-strict: the live mapping */
	double next;		/* nominal arrival of the next request */
	uint64_t cpu_free;	/* PHB cycle its driver CPU is free */
	struct traffic_dev_stats st;
};

struct traffic_run {
	struct traffic_opts o;
	struct machine *m;
	int pid;
	unsigned ndev;
	struct traffic_devstate dev[TRAFFIC_MAX_DEVS];
	int cfds[TRAFFIC_MAX_DEVS];
	unsigned ncfd;
	unsigned io_shift, levels;
	uint64_t window_bytes;
	uint64_t slot_bytes;	/* NIC ring slot stride */
	uint64_t nslots;
	double clock_mhz;
	double cyc_per_byte;	/* 0: back to back */
	double phb_per_cpu;	/* PHB cycles per CPU cycle */
	unsigned rr;		/* round-robin cursor */
	bool costed;
	/* driver accounting */
	uint64_t map_pages, unmap_pages, map_cycles, unmap_cycles;
	uint64_t map_ioctls, unmap_ioctls;
	uint64_t reg_pages, reg_cycles, setup_cycles;
	uint64_t ioctls_base;
	/* batches (traffic_step): up to batch requests per machine call,
	   each with its own buffer of tlp_bytes */
	unsigned batch;
	struct phb3_dma_op *ops;
	uint8_t *bbuf;
	unsigned *bdev;
	bool *blast;
	uint8_t buf[TRAFFIC_TLP_MAX];
};

/* Driver cost probe: CPU cycles charged so far, 0 without a cost model. */
uint64_t traffic_cost_now(void);
/* CPU clock of the cost model in MHz, 0 without one. */
unsigned traffic_cost_mhz(void);

/* MAP/UNMAP_DMA (tcesim/vfio_user.h), counted in r: ioctls, pages, cycles. */
long traffic_vfio_map(struct traffic_run *r, int cfd, uint64_t ua,
		      uint64_t iova, uint64_t size);
long traffic_vfio_unmap(struct traffic_run *r, int cfd, uint64_t iova,
			uint64_t size);

/* Raises x's walk and translation p50/p99 to t's where t's are worse
   (the worst fetch unit of a machine is the row's figure). */
struct fetch_timing;
void traffic_result_worst(struct traffic_result *x,
			  const struct fetch_timing *t);

/* Set-up and teardown (traffic_setup.c). */
int traffic_setup(struct traffic_run *r, char *err, size_t errlen);
void traffic_teardown(struct traffic_run *r);

#endif /* TCESIM_TRAFFIC_INTERNAL_H */
