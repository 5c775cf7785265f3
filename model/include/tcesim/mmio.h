/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The processor-side MMIO bus: physical address ranges that belong to
 * device register files (PHB3 and P5IOC2 register spaces). Firmware and
 * the driver's MMIO accessors reach hardware only through this bus.
 *
 * Register values travel as the register's value (the bus is big-endian,
 * as POWER's PHBs are): out_be64(addr, v) is a write of v; a little-endian
 * writeq(v) is a write of the byte-swapped value. size is 1, 2, 4 or 8.
 */
#ifndef TCESIM_MMIO_H
#define TCESIM_MMIO_H

#include <stdint.h>

struct sim_mmio_ops {
	/* off is relative to the region base; return 0 or -errno. */
	int (*read)(void *opaque, uint64_t off, unsigned size, uint64_t *val);
	int (*write)(void *opaque, uint64_t off, unsigned size, uint64_t val);
};

#define SIM_MMIO_MAX_REGIONS 64

struct sim_mmio_region {
	uint64_t base, size;
	const struct sim_mmio_ops *ops;
	void *opaque;
	const char *name;
};

struct sim_mmio_bus {
	struct sim_mmio_region r[SIM_MMIO_MAX_REGIONS];
	int n;
	uint64_t unmapped; /* accesses that hit no region */
};

void sim_mmio_init(struct sim_mmio_bus *bus);
/* 0, -EBUSY on overlap, -ENOSPC when full, -EINVAL on size 0. */
int sim_mmio_map(struct sim_mmio_bus *bus, uint64_t base, uint64_t size,
		 const struct sim_mmio_ops *ops, void *opaque,
		 const char *name);
/* Region containing pa, or NULL. */
const struct sim_mmio_region *sim_mmio_find(const struct sim_mmio_bus *bus,
					    uint64_t pa);
/* 0 or -ENXIO (no region; a read then gives all-ones) or the region's -errno. */
int sim_mmio_read(struct sim_mmio_bus *bus, uint64_t pa, unsigned size,
		  uint64_t *val);
int sim_mmio_write(struct sim_mmio_bus *bus, uint64_t pa, unsigned size,
		   uint64_t val);

#endif /* TCESIM_MMIO_H */
