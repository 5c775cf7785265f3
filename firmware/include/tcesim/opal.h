/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OPAL-style firmware: the calls the powernv kernel makes to set up and
 * recover PCI DMA translation, implemented only with MMIO register
 * accesses (struct sim_mmio_bus) and writes to firmware-owned tables in
 * simulated memory. The firmware never calls into the hardware model.
 *
 * Calling convention (as real OPAL, which runs in real mode): every
 * argument is a 64-bit value; pointer arguments are PHYSICAL addresses in
 * simulated memory, written big-endian. opal_call() dispatches a token to
 * the typed entry points below. See docs/firmware.md.
 */
#ifndef TCESIM_OPAL_H
#define TCESIM_OPAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/mem.h"
#include "tcesim/mmio.h"

/* Tokens. */
#define OPAL_PCI_SET_HUB_TCE_MEMORY	11
#define OPAL_PCI_SET_PHB_TCE_MEMORY	12
#define OPAL_PCI_EEH_FREEZE_STATUS	23
#define OPAL_PCI_EEH_FREEZE_CLEAR	26
#define OPAL_PCI_SET_PE			31
#define OPAL_PCI_SET_PELTV		32
#define OPAL_PCI_MAP_PE_DMA_WINDOW	44
#define OPAL_PCI_MAP_PE_DMA_WINDOW_REAL	45
#define OPAL_PCI_RESET			49
#define OPAL_PCI_EEH_FREEZE_SET		97
#define OPAL_PCI_TCE_KILL		126

/* Return codes. */
#define OPAL_SUCCESS		0
#define OPAL_PARAMETER		-1
#define OPAL_BUSY		-2
#define OPAL_HARDWARE		-6
#define OPAL_UNSUPPORTED	-7

/* EEH freeze states (EEH_FREEZE_STATUS *state, a u8). */
#define OPAL_EEH_STOPPED_NOT_FROZEN	0
#define OPAL_EEH_STOPPED_MMIO_FREEZE	1
#define OPAL_EEH_STOPPED_DMA_FREEZE	2
#define OPAL_EEH_STOPPED_MMIO_DMA_FREEZE 3
#define OPAL_EEH_STOPPED_RESET		4
#define OPAL_EEH_STOPPED_TEMP_UNAVAIL	5
#define OPAL_EEH_STOPPED_PERM_UNAVAIL	6

/* EEH_FREEZE_CLEAR actions. */
#define OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO 1
#define OPAL_EEH_ACTION_CLEAR_FREEZE_DMA  2
#define OPAL_EEH_ACTION_CLEAR_FREEZE_ALL  3
/* EEH_FREEZE_SET actions. */
#define OPAL_EEH_ACTION_SET_FREEZE_MMIO	1
#define OPAL_EEH_ACTION_SET_FREEZE_DMA	2
#define OPAL_EEH_ACTION_SET_FREEZE_ALL	3

/* EEH error types (EEH_FREEZE_STATUS *err_type, a __be16). */
#define OPAL_EEH_NO_ERROR	0
#define OPAL_EEH_IOC_ERROR	1
#define OPAL_EEH_PHB_ERROR	2
#define OPAL_EEH_PE_ERROR	3
#define OPAL_EEH_PE_MMIO_ERROR	4
#define OPAL_EEH_PE_DMA_ERROR	5

/* SET_PE: bus compare (top bits of the bus number that must match). */
#define OPAL_PCI_BUS_ANY	0
#define OPAL_PCI_BUS_3BITS	2
#define OPAL_PCI_BUS_4BITS	3
#define OPAL_PCI_BUS_5BITS	4
#define OPAL_PCI_BUS_6BITS	5
#define OPAL_PCI_BUS_7BITS	6
#define OPAL_PCI_BUS_ALL	7
/* SET_PE: device and function compare. */
#define OPAL_IGNORE_RID_DEVICE_NUMBER	0
#define OPAL_COMPARE_RID_DEVICE_NUMBER	1
#define OPAL_IGNORE_RID_FUNCTION_NUMBER	0
#define OPAL_COMPARE_RID_FUNCTION_NUMBER 1
/* SET_PE actions. */
#define OPAL_UNMAP_PE	0
#define OPAL_MAP_PE	1

/* SET_PELTV states. */
#define OPAL_REMOVE_PE_FROM_DOMAIN	0
#define OPAL_ADD_PE_TO_DOMAIN		1

/* PCI_RESET scopes and states. */
#define OPAL_RESET_PHB_COMPLETE		1
#define OPAL_RESET_PCI_LINK		2
#define OPAL_RESET_PHB_ERROR		3
#define OPAL_RESET_PCI_HOT		4
#define OPAL_RESET_PCI_FUNDAMENTAL	5
#define OPAL_RESET_PCI_IODA_TABLE	6
#define OPAL_DEASSERT_RESET		0
#define OPAL_ASSERT_RESET		1

/* PCI_TCE_KILL types (PHB4 only; UNSUPPORTED on PHB3 and P5IOC2). */
#define OPAL_PCI_TCE_KILL_PAGES		0
#define OPAL_PCI_TCE_KILL_PE		1
#define OPAL_PCI_TCE_KILL_ALL		2

#define OPAL_PHB3_NUM_PES	256
#define OPAL_PHB3_RESERVED_PE	255
#define OPAL_PHB3_RTT_BYTES	(64 * 1024 * 2)
#define OPAL_PHB3_PELTV_BYTES	(256 * 256 / 8)
#define OPAL_PHB3_PEST_BYTES	(256 * 16)

struct opal;

enum opal_phb_type {
	OPAL_PHB_TYPE_PHB3 = 0,
	OPAL_PHB_TYPE_P5IOC2,
};

/* What the device tree says about a PHB (for the platform code). */
struct opal_phb_info {
	enum opal_phb_type type;
	uint64_t regs;		/* register block, physical */
	uint64_t tce_kill;	/* ibm,opal-tce-kill (PHB3), else 0 */
	uint64_t rtt, peltv, pest; /* PHB3 tables, 0 if missing */
	uint64_t hub_id;	/* P5IOC2 only */
	unsigned ca, index;	/* P5IOC2 only */
	unsigned num_pes;	/* ibm,opal-num-pes: 256 or 1 */
};

/* mem and bus are not owned. NULL when out of memory. */
struct opal *opal_create(struct sim_mem *mem, struct sim_mmio_bus *bus);
/* Frees the firmware tables it allocated in simulated memory. */
void opal_destroy(struct opal *fw);

/*
 * Firmware init of a PHB3 whose registers are at regs_pa: allocates the
 * RTT (filled with PE 255), PELT-V and PEST, programs their BARs,
 * PHB3_CONFIG, TCE speculation and tag enables, then does the IODA reset.
 * 0; -EINVAL (regs not mapped), -EEXIST (phb_id taken); -ENOMEM when a
 * table could not be allocated: the PHB is still registered and calls
 * needing that table return OPAL_HARDWARE.
 */
int opal_add_phb3(struct opal *fw, uint64_t phb_id, uint64_t regs_pa);
/* A P5IOC2 hub whose MMIO window is at hub_regs_pa. 0 or -errno. */
int opal_add_p5ioc2_hub(struct opal *fw, uint64_t hub_id, uint64_t hub_regs_pa);
/*
 * PHB phb_index (0..3) of Calgary ca_index (0..1) of a hub; its CAP
 * registers are at regs_pa. 0 or -errno (-ENOENT unknown hub).
 */
int opal_add_p5ioc2_phb(struct opal *fw, uint64_t hub_id, uint64_t phb_id,
			unsigned ca_index, unsigned phb_index,
			uint64_t regs_pa);
/* 0 and *info, or -ENOENT. */
int opal_phb_get_info(struct opal *fw, uint64_t phb_id,
		      struct opal_phb_info *info);
/* The PHB's "PCI error pending" event, as FREEZE_CLEAR recomputes it. */
bool opal_phb_err_pending(struct opal *fw, uint64_t phb_id);

/*
 * Checkpoint state (layout in docs/images.md, note FIRMWARE; big-endian
 * bytes, the firmware's own encoding): every PHB record (id, type,
 * registers, its RTT/PELT-V/PEST addresses, the error-pending event, hub
 * and Calgary position) and every hub's TCE memory. The firmware's
 * tables live in simulated memory and its allocations in the memory's
 * allocator: both are checkpointed with RAM. Restore needs the same PHBs
 * and hubs at the same places (the same machine); it changes nothing
 * unless the whole payload matches. save: 0 and a malloc'ed *buf, or
 * -ENOMEM. restore: 0 or -EINVAL with a message naming the mismatch.
 */
int opal_state_save(const struct opal *fw, uint8_t **buf, size_t *len);
int opal_state_restore(struct opal *fw, const void *buf, size_t len,
		       bool commit, char *err, size_t errlen);

/* Dispatch: unknown token -> OPAL_UNSUPPORTED; wrong nargs -> OPAL_PARAMETER. */
int64_t opal_call(struct opal *fw, uint64_t token, const uint64_t *args,
		  unsigned nargs);

/* Typed entry points (same checks and results as through opal_call). */
int64_t opal_pci_set_hub_tce_memory(struct opal *fw, uint64_t hub_id,
				    uint64_t addr, uint64_t size);
int64_t opal_pci_set_phb_tce_memory(struct opal *fw, uint64_t phb_id,
				    uint64_t addr, uint64_t size);
int64_t opal_pci_eeh_freeze_status(struct opal *fw, uint64_t phb_id,
				   uint64_t pe, uint64_t state_pa,
				   uint64_t err_type_pa,
				   uint64_t phb_status_pa);
int64_t opal_pci_eeh_freeze_clear(struct opal *fw, uint64_t phb_id,
				  uint64_t pe, uint64_t action);
int64_t opal_pci_eeh_freeze_set(struct opal *fw, uint64_t phb_id,
				uint64_t pe, uint64_t action);
int64_t opal_pci_set_pe(struct opal *fw, uint64_t phb_id, uint64_t pe,
			uint64_t bdfn, uint64_t bcmp, uint64_t dcmp,
			uint64_t fcmp, uint64_t action);
int64_t opal_pci_set_peltv(struct opal *fw, uint64_t phb_id, uint64_t parent,
			   uint64_t child, uint64_t state);
int64_t opal_pci_map_pe_dma_window(struct opal *fw, uint64_t phb_id,
				   uint64_t pe, uint64_t window_id,
				   uint64_t levels, uint64_t table_addr,
				   uint64_t table_size, uint64_t page_size);
int64_t opal_pci_map_pe_dma_window_real(struct opal *fw, uint64_t phb_id,
					uint64_t pe, uint64_t window_id,
					uint64_t pci_start, uint64_t size);
int64_t opal_pci_reset(struct opal *fw, uint64_t phb_id, uint64_t scope,
		       uint64_t assert_state);
int64_t opal_pci_tce_kill(struct opal *fw, uint64_t phb_id, uint64_t type,
			  uint64_t pe, uint64_t tce_size, uint64_t dma_addr,
			  uint64_t npages);

#endif /* TCESIM_OPAL_H */
