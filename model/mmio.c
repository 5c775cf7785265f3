// SPDX-License-Identifier: GPL-2.0
/* The MMIO bus: routes physical register accesses to device register files. */
#include <errno.h>
#include <string.h>

#include "tcesim/mmio.h"

void sim_mmio_init(struct sim_mmio_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

int sim_mmio_map(struct sim_mmio_bus *bus, uint64_t base, uint64_t size,
		 const struct sim_mmio_ops *ops, void *opaque, const char *name)
{
	int i;

	if (!size || base + size < base)
		return -EINVAL;
	if (bus->n == SIM_MMIO_MAX_REGIONS)
		return -ENOSPC;
	for (i = 0; i < bus->n; i++) {
		const struct sim_mmio_region *r = &bus->r[i];

		if (base < r->base + r->size && r->base < base + size)
			return -EBUSY;
	}
	bus->r[bus->n++] = (struct sim_mmio_region){
		.base = base, .size = size, .ops = ops, .opaque = opaque,
		.name = name,
	};
	return 0;
}

const struct sim_mmio_region *sim_mmio_find(const struct sim_mmio_bus *bus,
					    uint64_t pa)
{
	int i;

	for (i = 0; i < bus->n; i++)
		if (pa - bus->r[i].base < bus->r[i].size)
			return &bus->r[i];
	return NULL;
}

int sim_mmio_read(struct sim_mmio_bus *bus, uint64_t pa, unsigned size,
		  uint64_t *val)
{
	const struct sim_mmio_region *r = sim_mmio_find(bus, pa);

	if (!r) {
		bus->unmapped++;
		*val = ~0ull;
		return -ENXIO;
	}
	return r->ops->read(r->opaque, pa - r->base, size, val);
}

int sim_mmio_write(struct sim_mmio_bus *bus, uint64_t pa, unsigned size,
		   uint64_t val)
{
	const struct sim_mmio_region *r = sim_mmio_find(bus, pa);

	if (!r) {
		bus->unmapped++;
		return -ENXIO;
	}
	return r->ops->write(r->opaque, pa - r->base, size, val);
}
