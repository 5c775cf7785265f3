/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's insides, shared by machine.c (building, booting, DMA)
 * and machine_state.c (checkpoint state). Not exported: other folders
 * use tcesim/machine.h and tcesim/machine_state.h.
 */
#ifndef TCESIM_BOARD_MACHINE_INTERNAL_H
#define TCESIM_BOARD_MACHINE_INTERNAL_H

#include "tcesim/machine.h"
#include "tcesim/mmio.h"
#include "tcesim/p5ioc2.h"

/* Per-PHB MMIO shim in timing mode (brings the PHB's timing core to the
   machine clock before a register access is timed) and with a route (the
   processor's access goes to the embedder first). */
struct timed_port {
	struct machine *m;
	unsigned phb;
	uint64_t base;		/* physical base of the window */
};

struct machine {
	struct machine_config cfg;
	struct sim_mem *mem;		/* processor side */
	struct sim_mem *dev_mem;	/* host bridges (== mem, or its own) */
	struct sim_mmio_bus bus;
	struct opal *fw;
	struct phb3 *phb3[MACHINE_MAX_PHBS];
	struct p5ioc2 *hub;
	uint64_t regs[MACHINE_MAX_PHBS];	/* register block, physical */
	uint64_t opal_id[MACHINE_MAX_PHBS];
	unsigned hub_phb[MACHINE_MAX_PHBS];	/* P5IOC2: ca * 4 + index */
	char names[MACHINE_MAX_PHBS][24];
	struct phb3_timed *timed[MACHINE_MAX_PHBS];	/* timing mode */
	bool hooked[MACHINE_MAX_PHBS];	/* cfg.phb3_hooks->created called */
	struct p5ioc2_timed *hub_timed;			/* timing mode */
	struct timed_port ports[MACHINE_MAX_PHBS];
	struct timed_port route_ports[MACHINE_MAX_PHBS];
	struct sim_clock clock;
	struct sim_stats stats;
	struct kc_instance *kinst;	/* this machine's kernel */
	bool route_on;			/* created: MMIO takes the route */
	bool kernel;			/* the memory allows a driver stack */
	bool kc_up;
	bool booted;
};

#endif /* TCESIM_BOARD_MACHINE_INTERNAL_H */
