/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole simulated POWER machine: simulated RAM, the MMIO bus, host
 * bridges (PHB3 or P5IOC2 models), the OPAL-style firmware, and the
 * kernel-style driver stack booted on the compat layer. Used by the CLI,
 * trace replay, scenarios and every test that needs more than one layer.
 *
 * Life cycle: machine_config_default() -> edit -> machine_create() (builds
 * hardware, firmware and the device tree) -> machine_boot() (runs the
 * kernel initcalls: PHB probe, PCI scan, PE setup, VFIO) -> workload via
 * kc/host.h (processes, mmap, open/ioctl/close) and machine_dma() ->
 * machine_destroy() (shuts the kernel down; leaks are reported).
 *
 * Only one machine may exist at a time (the simulated kernel is global).
 */
#ifndef TCESIM_MACHINE_H
#define TCESIM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcesim/dma.h"
#include "tcesim/stats.h"
#include "tcesim/timing.h"

#define MACHINE_MAX_PHBS 8
#define MACHINE_MAX_DEVS 64

enum machine_platform {
	MACHINE_PHB3 = 0,	/* POWER8, PHB3 IODA2 */
	MACHINE_P5IOC2,		/* POWER7, P5IOC2 hub */
};

struct machine_dev {
	unsigned phb;		/* PHB index, 0..nr_phbs-1 */
	uint16_t bdfn;		/* bus << 8 | dev << 3 | fn */
};

struct machine_config {
	enum machine_platform platform;
	uint64_t ram_bytes;	/* installed RAM, bytes (default 64 GiB) */
	unsigned page_shift;	/* host kernel PAGE_SHIFT: 16 (default) or 12 */
	unsigned nr_phbs;	/* host bridges (default 1) */
	unsigned nr_devs;
	struct machine_dev devs[MACHINE_MAX_DEVS];
	uint64_t memlock_bytes;	/* RLIMIT_MEMLOCK of the first process */
	bool cap_ipc_lock;	/* first process has CAP_IPC_LOCK */
	/* hardware model parameters: see docs/hardware-model.md */
	char oow_policy[8];	/* "fault" (default) or "alias" */
	bool bypass_bounds_check; /* default true */
	unsigned tce_cache_entries; /* default 64 */
	unsigned tce_cache_ways;    /* 0 = fully associative (default) */
	/* cycle-approximate timing (docs/timing-model.md) */
	bool timing;		/* default false: functional mode */
	struct timing_params timing_params; /* used when timing is true */
};

struct machine;

void machine_config_default(struct machine_config *cfg);
/* NULL on error, with a message in err. */
struct machine *machine_create(const struct machine_config *cfg,
			       char *err, size_t errlen);
/* Boot the simulated kernel; 0 or -errno (message in err). */
int machine_boot(struct machine *m, char *err, size_t errlen);
void machine_destroy(struct machine *m);

const struct machine_config *machine_config(const struct machine *m);
struct sim_mem *machine_mem(struct machine *m);
struct sim_mmio_bus *machine_bus(struct machine *m);
struct opal *machine_firmware(struct machine *m);
struct phb3 *machine_phb3(struct machine *m, unsigned phb);	/* or NULL */
struct p5ioc2 *machine_p5ioc2(struct machine *m, unsigned phb); /* or NULL */
uint64_t machine_phb_regs(struct machine *m, unsigned phb);	/* MMIO base */
uint64_t machine_phb_opal_id(struct machine *m, unsigned phb);
struct sim_stats *machine_stats(struct machine *m);

/* Device DMA through PHB phb (bypasses the driver, as a device would). */
int machine_dma(struct machine *m, unsigned phb, const struct sim_dma_req *req,
		void *buf, struct sim_dma_result *res);

/*
 * Device DMA arriving at PHB cycle arrival (TIMING_ASAP: back to back with
 * the previous one). *done (may be NULL) gets the completion cycle; in
 * functional mode the clock does not advance and *done = arrival (0 for
 * TIMING_ASAP). The functional result is the same in both modes.
 */
int machine_dma_at(struct machine *m, unsigned phb, uint64_t arrival,
		   const struct sim_dma_req *req, void *buf,
		   struct sim_dma_result *res, uint64_t *done);
/* The timing model of PHB phb, or NULL (functional mode, no such PHB). */
struct timing *machine_timing(struct machine *m, unsigned phb);

/* IOMMU group id of a device after boot (/dev/vfio/<id>), or -ENODEV. */
int machine_group_of(struct machine *m, unsigned phb, uint16_t bdfn);

#endif /* TCESIM_MACHINE_H */
