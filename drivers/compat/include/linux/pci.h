/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES a minimal PCI core. compat scans the device tree after
 * the subsys initcall level: for each controller made by
 * pcibios_alloc_controller() it creates a pci_dev per child node of the
 * PHB node (first "reg" cell = bus << 16 | devfn << 8) and calls
 * hose->controller_ops.dma_dev_setup(pdev). No config space, BARs, IRQs
 * or hotplug. pci_register_driver() probes every device at once.
 */
#ifndef _KC_LINUX_PCI_H
#define _KC_LINUX_PCI_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/device.h>
#include <linux/container_of.h>

#define PCI_ANY_ID		(~0U)
#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)
#define PCI_DEVID(bus, devfn)	((((u16)(bus)) << 8) | (devfn))
#define PCI_BUS_NUM(x)		(((x) >> 8) & 0xff)

struct pci_controller;

struct pci_bus {
	struct pci_bus *parent;
	struct list_head devices;	/* pci_dev.bus_list */
	void *sysdata;			/* powerpc: struct pci_controller */
	unsigned char number;
	unsigned char primary;
	int domain_nr;
	/* Test fields. */
	struct list_head kc_node;	/* all buses */
};

struct pci_dev {
	struct list_head bus_list;
	struct pci_bus *bus;
	unsigned int devfn;
	unsigned short vendor;
	unsigned short device;
	struct device dev;
	/* Test fields. */
	struct list_head kc_node;	/* all devices */
	void *kc_driver;		/* bound struct pci_driver */
};

struct pci_device_id {
	u32 vendor, device;
	u32 subvendor, subdevice;
	u32 class, class_mask;
	unsigned long driver_data;
};

#define PCI_DEVICE(vend, dev) \
	.vendor = (vend), .device = (dev), \
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* NULL: every device */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
};

#define to_pci_dev(d)	container_of(d, struct pci_dev, dev)

static inline u16 pci_dev_id(const struct pci_dev *pdev)
{
	return PCI_DEVID(pdev->bus->number, pdev->devfn);
}

static inline int pci_domain_nr(const struct pci_bus *bus)
{
	return bus->domain_nr;
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

bool dev_is_pci(const struct device *dev);
struct pci_dev *pci_dev_get(struct pci_dev *pdev);
void pci_dev_put(struct pci_dev *pdev);
/* Next device after from matching vendor/device (PCI_ANY_ID = any);
 * drops the reference on from, takes one on the result. */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);
struct pci_dev *pci_get_domain_bus_and_slot(int domain, unsigned int bus,
					    unsigned int devfn);
#define for_each_pci_dev(d) \
	while (((d) = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, (d))) != NULL)

int pci_register_driver(struct pci_driver *drv);
void pci_unregister_driver(struct pci_driver *drv);

static inline struct device_node *pci_device_to_OF_node(const struct pci_dev *pdev)
{
	return pdev->dev.of_node;
}

#endif /* _KC_LINUX_PCI_H */
