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

#include "tcesim/clock.h"
#include "tcesim/dma.h"
#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/stats.h"
#include "tcesim/timing.h"

#define MACHINE_MAX_PHBS 16
/* Device entries of a configuration: each one RID or a range of RIDs, so
 * every RID of every PHB can be declared (16 entries suffice for that). */
#define MACHINE_MAX_DEVS 256

enum machine_platform {
	MACHINE_PHB3 = 0,	/* POWER8, PHB3 IODA2 */
	MACHINE_P5IOC2,		/* POWER7, P5IOC2 hub */
};

/*
 * PCI functions at RIDs bdfn..last of a PHB (one function per RID). A
 * declared RID is a function the kernel's PCI scan finds (a device-tree
 * node: PE, IOMMU group); the PHB model routes any RID, declared or not,
 * through its RID translation table, so RIDs that no entry declares cost
 * nothing.
 */
struct machine_dev {
	unsigned phb;		/* PHB index, 0..nr_phbs-1 */
	uint16_t bdfn;		/* bus << 8 | dev << 3 | fn: the first RID */
	uint16_t last;		/* the last RID; at or below bdfn: bdfn only */
};

/* The last RID of a device entry. */
static inline uint16_t machine_dev_last(const struct machine_dev *d)
{
	return d->last > d->bdfn ? d->last : d->bdfn;
}

struct machine_config {
	enum machine_platform platform;
	uint64_t ram_bytes;	/* installed RAM, bytes (default 64 GiB) */
	unsigned page_shift;	/* host kernel PAGE_SHIFT: 16 (default) or 12 */
	unsigned nr_phbs;	/* host bridges (default 1) */
	unsigned nr_devs;	/* entries in devs[]; they must not overlap */
	struct machine_dev devs[MACHINE_MAX_DEVS];
	uint64_t memlock_bytes;	/* RLIMIT_MEMLOCK of the first process */
	bool cap_ipc_lock;	/* first process has CAP_IPC_LOCK */
	/*
	 * Functional PHB3 model parameters (docs/hardware-model.md):
	 * phb3_params_default(), or tcesim_config_to_phb3() from an .ini.
	 * Every PHB3 of the machine gets the same.
	 */
	struct phb3_params phb3;
	/*
	 * Cycle-approximate timing (docs/timing-model.md). timing_params is
	 * always used for the clock frequency (clock_mhz); the rest only
	 * when timing is true.
	 */
	bool timing;		/* default false: functional mode */
	struct timing_params timing_params;
	/*
	 * The PCIe link in front of each PHB3 in timing mode (link.enabled,
	 * docs/pcie-link.md): default true. The P5IOC2 has none (its PHBs
	 * are PCI-X and Gen1 PCIe; see docs/timing-model.md).
	 */
	bool link;
	struct pcie_link_params link_params;
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

/*
 * Device DMA through PHB phb (bypasses the driver, as a device would).
 * Same as machine_dma_at(m, phb, TIMING_ASAP, req, buf, res, NULL).
 */
int machine_dma(struct machine *m, unsigned phb, const struct sim_dma_req *req,
		void *buf, struct sim_dma_result *res);

/*
 * Device DMA arriving at PHB cycle arrival, or TIMING_ASAP (as soon as
 * the PHB accepts it, back to back with its previous request, never
 * before the machine clock). An arrival before the machine clock is taken
 * as the clock. The machine clock is first advanced to arrival (epoch
 * callbacks fire then), the request is timed, and the clock is left at
 * the cycle the request was accepted (not its completion: requests
 * pipeline). *done (may be NULL) gets the completion cycle.
 * Functional mode: no latency; *done = the clock after the advance (so
 * the clock moves only with explicit arrivals).
 * The functional result is the same in both modes. 0, -ENODEV (no such
 * PHB) or the DMA target's -errno (len 0).
 */
int machine_dma_at(struct machine *m, unsigned phb, uint64_t arrival,
		   const struct sim_dma_req *req, void *buf,
		   struct sim_dma_result *res, uint64_t *done);
/*
 * n device DMAs through PHB phb, in order, each exactly as
 * machine_dma_at(m, phb, ops[i].arrival, &ops[i].req, ops[i].buf,
 * &ops[i].res, &done[i]) with ops[i].rc its return value: the same
 * results, statistics, cycles and clock (struct phb3_dma_op,
 * tcesim/phb3.h). A timed PHB3 takes the run as one batch
 * (phb3_timed_dma_batch: host memory of later requests read ahead);
 * epoch reports, the P5IOC2 and functional mode go one request at a
 * time. done may be NULL. 0, or -ENODEV (no such PHB: nothing done).
 */
int machine_dma_batch(struct machine *m, unsigned phb,
		      struct phb3_dma_op *ops, unsigned n, uint64_t *done);

/*
 * The timing model of PHB phb, or NULL (functional mode, no such PHB).
 * On the P5IOC2 every PHB of the hub shares the hub's one timing core.
 * Its statistics are registered as "phb3.<i>.timing.*" (PHB3) or
 * "p5ioc2.timing.*" in machine_stats().
 */
struct fetch_timing *machine_timing(struct machine *m, unsigned phb);

/*
 * The PCIe link of PHB phb, or NULL (functional mode, link off, P5IOC2,
 * no such PHB). Its statistics are "phb3.<i>.link.*" in machine_stats().
 */
struct pcie_link *machine_link(struct machine *m, unsigned phb);

/*
 * The machine's event clock (tcesim/clock.h), in PHB cycles at
 * timing_params.clock_mhz. Every timing core is advanced to it before it
 * times a DMA or a PHB register write (TCE kills, RTC invalidations), so
 * workload code moves time forward with sim_clock_advance_to() /
 * sim_clock_add_ns() / sim_clock_add_cpu() on this clock. Registered as
 * the statistic "clock.cycles".
 */
struct sim_clock *machine_clock(struct machine *m);

/* IOMMU group id of a device after boot (/dev/vfio/<id>), or -ENODEV. */
int machine_group_of(struct machine *m, unsigned phb, uint16_t bdfn);

#endif /* TCESIM_MACHINE_H */
