/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware internals shared by the OPAL core (opal.c) and the PHB
 * back ends (phb3.c, p5ioc2.c): the PHB and hub records, the per-PHB-type
 * ops table (NULL op = OPAL_UNSUPPORTED) and the MMIO helpers.
 */
#ifndef TCESIM_FW_OPAL_INTERNAL_H
#define TCESIM_FW_OPAL_INTERNAL_H

#include "tcesim/opal.h"

struct opal_phb;

struct opal_phb_ops {
	int64_t (*set_pe)(struct opal_phb *p, uint64_t pe, uint64_t bdfn,
			  uint64_t bcmp, uint64_t dcmp, uint64_t fcmp,
			  uint64_t action);
	int64_t (*set_peltv)(struct opal_phb *p, uint64_t parent,
			     uint64_t child, uint64_t state);
	int64_t (*map_pe_dma_window)(struct opal_phb *p, uint64_t pe,
				     uint64_t window_id, uint64_t levels,
				     uint64_t table_addr, uint64_t table_size,
				     uint64_t page_size);
	int64_t (*map_pe_dma_window_real)(struct opal_phb *p, uint64_t pe,
					  uint64_t window_id,
					  uint64_t pci_start, uint64_t size);
	/* *state and *err_type out; the core writes them to memory. */
	int64_t (*eeh_freeze_status)(struct opal_phb *p, uint64_t pe,
				     uint8_t *state, uint16_t *err_type);
	int64_t (*eeh_freeze_clear)(struct opal_phb *p, uint64_t pe,
				    uint64_t action);
	int64_t (*eeh_freeze_set)(struct opal_phb *p, uint64_t pe,
				  uint64_t action);
	int64_t (*reset)(struct opal_phb *p, uint64_t scope,
			 uint64_t assert_state);
	int64_t (*set_tce_memory)(struct opal_phb *p, uint64_t addr,
				  uint64_t size);
};

struct opal_hub {
	struct opal_hub *next;
	uint64_t id;
	uint64_t regs;		/* hub MMIO window */
	uint64_t tce_base;	/* SET_HUB_TCE_MEMORY region, size 0 = none */
	uint64_t tce_size;
};

struct opal_phb {
	struct opal_phb *next;
	struct opal *fw;
	uint64_t id;
	enum opal_phb_type type;
	const struct opal_phb_ops *ops;
	uint64_t regs;
	/* PHB3 */
	uint64_t rtt, peltv, pest;	/* firmware tables, 0 = missing */
	bool err_pending;
	/* P5IOC2 */
	struct opal_hub *hub;
	unsigned ca, index;
};

struct opal {
	struct sim_mem *mem;
	struct sim_mmio_bus *bus;
	struct opal_phb *phbs;
	struct opal_hub *hubs;
};

extern const struct opal_phb_ops opal_phb3_ops;
extern const struct opal_phb_ops opal_p5ioc2_phb_ops;

struct opal_phb *opal_find_phb(struct opal *fw, uint64_t id);
struct opal_hub *opal_find_hub(struct opal *fw, uint64_t id);
struct opal_phb *opal_new_phb(struct opal *fw, uint64_t id,
			      enum opal_phb_type type, uint64_t regs);

/* MMIO: 0 or -errno (a failed read gives all-ones). */
int fw_in64(struct opal *fw, uint64_t pa, uint64_t *v);
int fw_out64(struct opal *fw, uint64_t pa, uint64_t v);
int fw_in32(struct opal *fw, uint64_t pa, uint32_t *v);
int fw_out32(struct opal *fw, uint64_t pa, uint32_t v);

static inline bool fw_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

unsigned fw_ilog2(uint64_t v);

#endif /* TCESIM_FW_OPAL_INTERNAL_H */
