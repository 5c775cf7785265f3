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
 * Each machine has its own simulated kernel (a kernel instance, kc/host.h).
 * Several machines may exist at once, each used by one thread at a time;
 * the machine_* calls that run kernel code enter the machine's instance
 * themselves. Code that calls kc/host.h directly acts on the instance
 * installed: with one machine that is always its own; with several,
 * bracket the calls with machine_kernel_enter()/machine_kernel_leave().
 *
 * Memory: the built-in sparse RAM, or memory an embedder provides
 * (mem_backend / mem_regions): the firmware and the driver stack use it
 * through those, the PHBs too unless mem_phb_backend sends all their
 * accesses (table reads, DMA data) to the callbacks. The driver stack
 * needs host pointers for all RAM it allocates ([32 MiB, ram_bytes)):
 * without them the machine has hardware and firmware only and
 * machine_boot() refuses (-EOPNOTSUPP).
 */
#ifndef TCESIM_MACHINE_H
#define TCESIM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcesim/clock.h"
#include "tcesim/dma.h"
#include "tcesim/mem.h"
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

/*
 * Processor-side MMIO to the register windows of the host bridges
 * (firmware and driver accesses), handed to the embedder instead of the
 * model: pa is the physical address, size 1/2/4/8; a write passes *val,
 * a read fills it. The embedder routes it (e.g. through its interconnect)
 * and reaches the model with machine_phb_mmio_read/_write. 0 or -errno.
 * PHB3 machines only. The firmware's initialisation of the bridges
 * inside machine_create goes straight to the model (the embedder has no
 * machine yet); every later access takes the route.
 */
struct machine_mmio_route {
	int (*access)(void *ctx, uint64_t pa, unsigned size, bool write,
		      uint64_t *val);
	void *ctx;
};

struct kc_cost_params;

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
	 * Embedder memory (sim_mem_create_backed): used when mem_backend
	 * has a callback or mem_nregions > 0; default the built-in RAM.
	 * mem_phb_backend: the PHBs' accesses always go to the callbacks
	 * (so an embedder sees, and may time, every table read and DMA
	 * transfer) while the firmware and driver use the regions.
	 */
	struct sim_mem_backend mem_backend;
	struct sim_mem_region mem_regions[SIM_MEM_MAX_REGIONS];
	unsigned mem_nregions;
	bool mem_phb_backend;
	/* with mem_phb_backend: the PHB3s' DMA data uses the processor's
	   view (the regions) instead; only their table reads and PEST
	   writes go to the callbacks */
	bool mem_phb_data_direct;
	/* Processor-side MMIO through the embedder (access NULL: direct). */
	struct machine_mmio_route mmio_route;
	/* Driver cost parameters for this machine's kernel, or NULL (the
	   kernel's current ones). Read by machine_create only. */
	const struct kc_cost_params *cost;
	/*
	 * The PCIe link in front of each PHB3 in timing mode (link.enabled,
	 * docs/pcie-link.md): default true. The P5IOC2 has none (its PHBs
	 * are PCI-X and Gen1 PCIe; see docs/timing-model.md).
	 */
	bool link;
	struct pcie_link_params link_params;
	/*
	 * Optional (NULL: none): told of every PHB3 right after its model
	 * (and, in timing mode, its timing adapter pt, else NULL) exists,
	 * with the memory the PHBs read (machine_dev_mem) and the timing
	 * parameters,
	 * before the firmware touches it, so an observer attached then
	 * sees every register write; and again just before it is
	 * destroyed. A non-zero return from created fails machine_create
	 * (with "phb3 N: ..." as the error).
	 */
	const struct machine_phb3_hooks *phb3_hooks;
	void *phb3_hooks_ctx;
};

struct machine_phb3_hooks {
	int (*created)(void *ctx, unsigned phb, struct phb3 *p,
		       struct phb3_timed *pt, struct sim_mem *mem,
		       const struct timing_params *tp, char *err,
		       size_t errlen);
	void (*destroying)(void *ctx, unsigned phb, struct phb3 *p);
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
/* Memory as the processor (firmware, driver) sees it. */
struct sim_mem *machine_mem(struct machine *m);
/* Memory as the host bridges see it (machine_mem unless mem_phb_backend). */
struct sim_mem *machine_dev_mem(struct machine *m);
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
/* The timed PHB3 of PHB phb (timing mode, PHB3), or NULL. */
struct phb3_timed *machine_phb3_timed(struct machine *m, unsigned phb);

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

/*
 * A register access to PHB phb at offset off of its register block,
 * straight to the model (no route): what the embedder calls when a
 * routed access reaches the bridge. In timing mode a write sees the
 * machine clock (kills are timed). 0, -ENODEV, or the model's -errno.
 */
int machine_phb_mmio_read(struct machine *m, unsigned phb, uint64_t off,
			  unsigned size, uint64_t *val);
int machine_phb_mmio_write(struct machine *m, unsigned phb, uint64_t off,
			   unsigned size, uint64_t val);
/* Bytes of PHB phb's register block (0 for no such PHB). */
uint64_t machine_phb_regs_bytes(struct machine *m, unsigned phb);

/* True when the machine has a driver stack (memory allows it). */
bool machine_has_kernel(const struct machine *m);
/* True once machine_boot() succeeded. */
bool machine_booted(const struct machine *m);
/*
 * Install this machine's kernel for kc/host.h calls made by this thread
 * until machine_kernel_leave() (nests; holds the process-wide kernel
 * lock). 0, -EOPNOTSUPP (no driver stack), -EDEADLK (this thread is
 * inside another machine's kernel call).
 */
int machine_kernel_enter(struct machine *m);
void machine_kernel_leave(struct machine *m);

#endif /* TCESIM_MACHINE_H */
