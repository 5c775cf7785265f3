/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the powerpc PCI host bridge (struct pci_controller),
 * cut down to what the powernv DMA setup uses. Controllers are made by
 * the platform with pcibios_alloc_controller(); compat's PCI scan calls
 * controller_ops.dma_bus_setup for each bus and dma_dev_setup for each
 * device.
 */
#ifndef _KC_ASM_PCI_BRIDGE_H
#define _KC_ASM_PCI_BRIDGE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/pci.h>

struct device_node;

struct pci_controller_ops {
	void (*dma_dev_setup)(struct pci_dev *pdev);
	void (*dma_bus_setup)(struct pci_bus *bus);
	void (*release_device)(struct pci_dev *pdev);	/* at shutdown */
	void (*shutdown)(struct pci_controller *hose);	/* at shutdown */
};

struct pci_controller {
	struct pci_bus *bus;		/* root bus (made by the scan) */
	struct device_node *dn;
	struct list_head list_node;
	int first_busno;
	int last_busno;
	int self_busno;
	int node;			/* NUMA node */
	int global_number;		/* PCI domain */
	struct pci_controller_ops controller_ops;
	void *private_data;
};

/* New controller for PHB node dn (domain = next global number), or NULL. */
struct pci_controller *pcibios_alloc_controller(struct device_node *dn);
void pcibios_free_controller(struct pci_controller *hose);

static inline struct pci_controller *pci_bus_to_host(const struct pci_bus *bus)
{
	return (struct pci_controller *)bus->sysdata;
}

struct pci_controller *pci_find_hose_for_OF_device(struct device_node *node);

#endif /* _KC_ASM_PCI_BRIDGE_H */
