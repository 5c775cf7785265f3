// SPDX-License-Identifier: GPL-2.0
/*
 * compat PCI core: PCI host bridges (pcibios_alloc_controller), the
 * device-tree scan that creates pci_devs and calls the platform's DMA
 * setup hooks, device lookup, pci_register_driver, and the sysfs-like
 * kc_sysfs_iommu_group() query.
 */
#include <string.h>
#include <linux/pci.h>
#include <linux/of.h>
#include <linux/iommu.h>
#include <asm/pci-bridge.h>
#include "kc_internal.h"

static LIST_HEAD(kc_hoses);
static LIST_HEAD(kc_buses);
static LIST_HEAD(kc_pdevs);
static int kc_next_domain;

struct kc_pci_drv {
	struct list_head node;
	struct pci_driver *drv;
};

static LIST_HEAD(kc_pci_drivers);

struct pci_controller *pcibios_alloc_controller(struct device_node *dn)
{
	struct pci_controller *hose;

	if (kc_should_fail(KC_FAIL_KMALLOC))
		return NULL;
	hose = kc_zalloc(sizeof(*hose));
	hose->dn = of_node_get(dn);
	hose->global_number = kc_next_domain++;
	hose->first_busno = 0;
	hose->last_busno = 0xff;
	list_add_tail(&hose->list_node, &kc_hoses);
	return hose;
}

void pcibios_free_controller(struct pci_controller *hose)
{
	if (!hose)
		return;
	list_del(&hose->list_node);
	of_node_put(hose->dn);
	kc_free(hose);
}

struct pci_controller *pci_find_hose_for_OF_device(struct device_node *node)
{
	struct pci_controller *hose;

	for (; node; node = node->parent)
		list_for_each_entry(hose, &kc_hoses, list_node)
			if (hose->dn == node)
				return hose;
	return NULL;
}

static struct pci_bus *kc_pci_bus(struct pci_controller *hose,
				  unsigned int number)
{
	struct pci_bus *bus;

	list_for_each_entry(bus, &kc_buses, kc_node)
		if (bus->sysdata == hose && bus->number == number)
			return bus;
	bus = kc_zalloc(sizeof(*bus));
	INIT_LIST_HEAD(&bus->devices);
	bus->sysdata = hose;
	bus->number = (unsigned char)number;
	bus->domain_nr = hose->global_number;
	bus->parent = hose->bus;
	list_add_tail(&bus->kc_node, &kc_buses);
	if (!hose->bus)
		hose->bus = bus;
	return bus;
}

static void kc_pci_add_dev(struct pci_controller *hose, struct device_node *dn,
			   u32 reg)
{
	unsigned int busno = (reg >> 16) & 0xff, devfn = (reg >> 8) & 0xff;
	struct pci_bus *bus = kc_pci_bus(hose, busno);
	struct pci_dev *pdev = kc_zalloc(sizeof(*pdev));
	u32 v;

	pdev->bus = bus;
	pdev->devfn = devfn;
	pdev->vendor = of_property_read_u32(dn, "vendor-id", &v) ? 0x1014 : (unsigned short)v;
	pdev->device = of_property_read_u32(dn, "device-id", &v) ? 0 : (unsigned short)v;
	device_initialize(&pdev->dev);
	pdev->dev.of_node = of_node_get(dn);
	pdev->dev.numa_node = hose->node;
	dev_set_name(&pdev->dev, "%04x:%02x:%02x.%u", hose->global_number,
		     busno, PCI_SLOT(devfn), PCI_FUNC(devfn));
	list_add_tail(&pdev->bus_list, &bus->devices);
	list_add_tail(&pdev->kc_node, &kc_pdevs);
}

/* Runs after the subsys initcalls: the platform has made its hoses. */
void kc_pci_scan(void)
{
	struct pci_controller *hose;
	struct pci_bus *bus;
	struct pci_dev *pdev;

	list_for_each_entry(hose, &kc_hoses, list_node) {
		struct device_node *child;

		kc_pci_bus(hose, (unsigned int)hose->first_busno);
		for_each_child_of_node(hose->dn, child) {
			u32 reg;

			if (of_property_read_u32(child, "reg", &reg))
				continue;
			kc_pci_add_dev(hose, child, reg);
		}
	}
	list_for_each_entry(bus, &kc_buses, kc_node) {
		hose = pci_bus_to_host(bus);
		if (hose->controller_ops.dma_bus_setup)
			hose->controller_ops.dma_bus_setup(bus);
	}
	list_for_each_entry(pdev, &kc_pdevs, kc_node) {
		hose = pci_bus_to_host(pdev->bus);
		if (hose->controller_ops.dma_dev_setup)
			hose->controller_ops.dma_dev_setup(pdev);
	}
}

void kc_pci_teardown(void)
{
	struct pci_dev *pdev, *pn;
	struct pci_bus *bus, *bn;
	struct pci_controller *hose, *hn;
	struct kc_pci_drv *d, *dn;

	list_for_each_entry_safe(pdev, pn, &kc_pdevs, kc_node) {
		struct pci_driver *drv = pdev->kc_driver;

		hose = pci_bus_to_host(pdev->bus);
		if (drv && drv->remove)
			drv->remove(pdev);
		if (hose->controller_ops.release_device)
			hose->controller_ops.release_device(pdev);
		iommu_group_remove_device(&pdev->dev);
		of_node_put(pdev->dev.of_node);
		list_del(&pdev->kc_node);
		kc_free(pdev);
	}
	list_for_each_entry_safe(hose, hn, &kc_hoses, list_node)
		if (hose->controller_ops.shutdown)
			hose->controller_ops.shutdown(hose);
	list_for_each_entry_safe(bus, bn, &kc_buses, kc_node) {
		list_del(&bus->kc_node);
		kc_free(bus);
	}
	list_for_each_entry_safe(hose, hn, &kc_hoses, list_node)
		pcibios_free_controller(hose);
	list_for_each_entry_safe(d, dn, &kc_pci_drivers, node) {
		list_del(&d->node);
		kc_free(d);
	}
	kc_next_domain = 0;
}

bool dev_is_pci(const struct device *dev)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &kc_pdevs, kc_node)
		if (&pdev->dev == dev)
			return true;
	return false;
}

struct pci_dev *pci_dev_get(struct pci_dev *pdev)
{
	if (pdev)
		get_device(&pdev->dev);
	return pdev;
}

void pci_dev_put(struct pci_dev *pdev)
{
	if (pdev)
		put_device(&pdev->dev);
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	struct pci_dev *pdev;
	struct list_head *pos = from ? from->kc_node.next : kc_pdevs.next;

	for (; pos != &kc_pdevs; pos = pos->next) {
		pdev = list_entry(pos, struct pci_dev, kc_node);
		if ((vendor == PCI_ANY_ID || pdev->vendor == vendor) &&
		    (device == PCI_ANY_ID || pdev->device == device))
			break;
	}
	pdev = pos == &kc_pdevs ? NULL : list_entry(pos, struct pci_dev, kc_node);
	pci_dev_put(from);
	return pci_dev_get(pdev);
}

struct pci_dev *pci_get_domain_bus_and_slot(int domain, unsigned int bus,
					    unsigned int devfn)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &kc_pdevs, kc_node)
		if (pdev->bus->domain_nr == domain &&
		    pdev->bus->number == bus && pdev->devfn == devfn)
			return pci_dev_get(pdev);
	return NULL;
}

static const struct pci_device_id *kc_pci_match(const struct pci_driver *drv,
						const struct pci_dev *pdev)
{
	static const struct pci_device_id any = {
		PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 0
	};
	const struct pci_device_id *id = drv->id_table;

	if (!id)
		return &any;
	for (; id->vendor || id->device; id++)
		if ((id->vendor == PCI_ANY_ID || id->vendor == pdev->vendor) &&
		    (id->device == PCI_ANY_ID || id->device == pdev->device))
			return id;
	return NULL;
}

int pci_register_driver(struct pci_driver *drv)
{
	struct kc_pci_drv *d;
	struct pci_dev *pdev;

	if (!drv || !drv->probe)
		return -EINVAL;
	d = kc_zalloc(sizeof(*d));
	d->drv = drv;
	list_add_tail(&d->node, &kc_pci_drivers);
	list_for_each_entry(pdev, &kc_pdevs, kc_node) {
		const struct pci_device_id *id;

		if (pdev->kc_driver)
			continue;
		id = kc_pci_match(drv, pdev);
		if (id && drv->probe(pdev, id) == 0)
			pdev->kc_driver = drv;
	}
	return 0;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	struct kc_pci_drv *d, *n;
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &kc_pdevs, kc_node) {
		if (pdev->kc_driver != drv)
			continue;
		if (drv->remove)
			drv->remove(pdev);
		pdev->kc_driver = NULL;
	}
	list_for_each_entry_safe(d, n, &kc_pci_drivers, node)
		if (d->drv == drv) {
			list_del(&d->node);
			kc_free(d);
		}
}

int kc_sysfs_iommu_group(uint64_t phb_id, uint16_t bdfn)
{
	struct pci_dev *pdev;

	list_for_each_entry(pdev, &kc_pdevs, kc_node) {
		struct pci_controller *hose = pci_bus_to_host(pdev->bus);
		u64 id;

		if (of_property_read_u64(hose->dn, "ibm,opal-phbid", &id) ||
		    id != phb_id || pci_dev_id(pdev) != bdfn)
			continue;
		if (!pdev->dev.iommu_group)
			return -ENODEV;
		return iommu_group_id(pdev->dev.iommu_group);
	}
	return -ENODEV;
}
