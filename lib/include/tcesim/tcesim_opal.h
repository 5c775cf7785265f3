/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware call constants for tcesim_opal_call() (tcesim/tcesim.h): the
 * OPAL tokens the machine's firmware implements, their return codes and
 * argument values. Every argument is a 64-bit value; pointer arguments
 * are physical addresses in the machine's memory, written big-endian by
 * the firmware. The calls and their arguments: docs/firmware.md.
 */
#ifndef TCESIM_TCESIM_OPAL_H
#define TCESIM_TCESIM_OPAL_H

/* Tokens, and the arguments each takes. */
#define TCESIM_OPAL_PCI_SET_HUB_TCE_MEMORY	11  /* hub, addr, size */
#define TCESIM_OPAL_PCI_SET_PHB_TCE_MEMORY	12  /* phb, addr, size */
#define TCESIM_OPAL_PCI_EEH_FREEZE_STATUS	23  /* phb, pe, &u8 state,
						       &be16 err_type,
						       &be16 phb_status (0) */
#define TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR	26  /* phb, pe, action */
#define TCESIM_OPAL_PCI_SET_PE			31  /* phb, pe, bdfn, bcmp,
						       dcmp, fcmp, action */
#define TCESIM_OPAL_PCI_SET_PELTV		32  /* phb, parent, child,
						       state */
#define TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW	44  /* phb, pe, window_id
						       (pe * 2 + n), levels,
						       table, table_size,
						       page_size */
#define TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW_REAL	45  /* phb, pe, window_id,
						       pci_start, size */
#define TCESIM_OPAL_PCI_RESET			49  /* phb, scope, state */
#define TCESIM_OPAL_PCI_EEH_FREEZE_SET		97  /* phb, pe, action */
#define TCESIM_OPAL_PCI_TCE_KILL		126 /* (PHB4: unsupported) */

/* Return codes. */
#define TCESIM_OPAL_SUCCESS		0
#define TCESIM_OPAL_PARAMETER		(-1)
#define TCESIM_OPAL_BUSY		(-2)
#define TCESIM_OPAL_HARDWARE		(-6)
#define TCESIM_OPAL_UNSUPPORTED		(-7)

/* EEH_FREEZE_STATUS: *state. */
#define TCESIM_OPAL_EEH_STOPPED_NOT_FROZEN	0
#define TCESIM_OPAL_EEH_STOPPED_MMIO_FREEZE	1
#define TCESIM_OPAL_EEH_STOPPED_DMA_FREEZE	2
#define TCESIM_OPAL_EEH_STOPPED_MMIO_DMA_FREEZE	3
/* EEH_FREEZE_CLEAR and EEH_FREEZE_SET: action. */
#define TCESIM_OPAL_EEH_ACTION_FREEZE_MMIO	1
#define TCESIM_OPAL_EEH_ACTION_FREEZE_DMA	2
#define TCESIM_OPAL_EEH_ACTION_FREEZE_ALL	3

/* SET_PE: bus compare, device/function compare, action. */
#define TCESIM_OPAL_PCI_BUS_ANY		0
#define TCESIM_OPAL_PCI_BUS_ALL		7
#define TCESIM_OPAL_IGNORE_RID_DEVICE	0
#define TCESIM_OPAL_COMPARE_RID_DEVICE	1
#define TCESIM_OPAL_IGNORE_RID_FUNCTION	0
#define TCESIM_OPAL_COMPARE_RID_FUNCTION 1
#define TCESIM_OPAL_UNMAP_PE		0
#define TCESIM_OPAL_MAP_PE		1

/* SET_PELTV: state. */
#define TCESIM_OPAL_REMOVE_PE_FROM_DOMAIN 0
#define TCESIM_OPAL_ADD_PE_TO_DOMAIN	1

/* PCI_RESET: scope and state. */
#define TCESIM_OPAL_RESET_PCI_IODA_TABLE 6
#define TCESIM_OPAL_DEASSERT_RESET	0
#define TCESIM_OPAL_ASSERT_RESET	1

/* A TCE as the PHB3 reads it from a table (big-endian in memory): the
 * page's physical address with the low bits as permissions. */
#define TCESIM_TCE_READ		0x1ull	/* the device may read */
#define TCESIM_TCE_WRITE	0x2ull	/* the device may write */

#endif /* TCESIM_TCESIM_OPAL_H */
