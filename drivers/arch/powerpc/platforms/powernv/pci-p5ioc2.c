// SPDX-License-Identifier: GPL-2.0
/*
 * powernv P5IOC2 (POWER7 GX I/O hub): 16 MiB of TCE memory per hub,
 * registered with firmware and split between the hub's PHBs; each PHB
 * gets one single-level 4 KiB-page TCE table at bus address 0, one PE
 * and one IOMMU group. There is no kill register (the hub snoops its TCE
 * memory) and no dynamic windows, so VFIO can only use it through v1.
 *
 * Deliberate difference from v4.2: the table group reports the window in
 * tce32_start/tce32_size so VFIO v1 ENABLE works (v4.2 left them 0 and
 * ENABLE failed with EPERM). See docs/driver.md.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/log2.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/iommu.h>
#include <asm/io.h>
#include <asm/opal.h>
#include <asm/iommu.h>
#include <asm/pci-bridge.h>
#include <asm/pnv-pci.h>

#include "pci.h"

/* The table memory belongs to the hub and stays registered: keep it. */
static void pnv_p5ioc2_table_free(struct iommu_table *tbl)
{
	tbl->it_base = 0;
}

static struct iommu_table_ops pnv_p5ioc2_iommu_ops = {
	.set = pnv_tce_build,
	.exchange = pnv_tce_xchg,
	.useraddrptr = pnv_tce_useraddrptr,	/* no view: always NULL */
	.clear = pnv_tce_free,
	.get = pnv_tce_get,
	.free = pnv_p5ioc2_table_free,
};

static void pnv_p5ioc2_dma_dev_setup(struct pci_dev *pdev)
{
	struct pci_controller *hose = pci_bus_to_host(pdev->bus);
	struct pnv_phb *phb = hose ? hose->private_data : NULL;
	int ret;

	if (!phb)
		return;
	ret = iommu_add_device(&phb->pe_array[0].table_group, &pdev->dev);
	if (ret)
		dev_err(&pdev->dev, "cannot join the PHB's IOMMU group (%d)\n",
			ret);
}

static void pnv_p5ioc2_release_device(struct pci_dev *pdev)
{
	iommu_del_device(&pdev->dev);
}

static void pnv_p5ioc2_hub_put(struct pnv_p5ioc2_hub *hub)
{
	if (!hub || --hub->users)
		return;
	free_pages((unsigned long)hub->tce_mem, hub->order);
	kfree(hub);
}

static void pnv_p5ioc2_shutdown(struct pci_controller *hose)
{
	struct pnv_phb *phb = hose->private_data;
	struct iommu_table_group *tg;

	if (!phb)
		return;
	hose->private_data = NULL;
	tg = &phb->pe_array[0].table_group;
	iommu_unregister_group(tg);
	if (phb->p5_table) {
		pnv_pci_unlink_table_and_group(phb->p5_table, tg);
		iommu_tce_table_put(phb->p5_table);
	}
	list_del(&phb->list);
	pnv_p5ioc2_hub_put(phb->p5_hub);
	pnv_phb_free(phb);
}

static const struct pci_controller_ops pnv_p5ioc2_controller_ops = {
	.dma_dev_setup = pnv_p5ioc2_dma_dev_setup,
	.release_device = pnv_p5ioc2_release_device,
	.shutdown = pnv_p5ioc2_shutdown,
};

/* The PHB's single TCE table over its slice of hub memory. */
static int pnv_p5ioc2_setup_table(struct pnv_phb *phb)
{
	struct pnv_ioda_pe *pe = &phb->pe_array[0];
	struct iommu_table_group *tg = &pe->table_group;
	struct iommu_table *tbl;
	int ret;

	tbl = pnv_pci_table_alloc(0);
	if (!tbl)
		return -ENOMEM;

	/* One level holding every entry of a window at bus address 0. */
	pnv_pci_setup_iommu_table(tbl, phb->p5_tce_mem, phb->p5_tce_size, 0,
				  IOMMU_PAGE_SHIFT_4K, 1, phb->p5_tce_size);
	tbl->it_busno = 0;
	/* LIOBN: PCI domain, PE 0, TVE 0 (unique machine-wide). */
	tbl->it_index = (unsigned long)phb->hose->global_number << 16;
	tbl->it_allocated_size = phb->p5_tce_size;
	tbl->it_ops = &pnv_p5ioc2_iommu_ops;
	if (!iommu_init_table(tbl, 0, 0, 0)) {
		ret = -ENOMEM;
		goto err_put_table;
	}

	memset(tg, 0, sizeof(*tg));
	tg->tce32_start = 0;
	tg->tce32_size = tbl->it_size << tbl->it_page_shift;
	tg->pgsizes = IOMMU_PAGE_SIZE_4K;
	tg->max_dynamic_windows_supported = 0;
	tg->max_levels = 1;
	tg->ops = NULL;

	ret = pnv_pci_link_table_and_group(0, 0, tbl, tg);
	if (ret)
		goto err_put_table;

	ret = iommu_register_group(tg, phb->hose->global_number, 0);
	if (ret)
		goto err_unlink;

	pe->in_use = true;
	set_bit(0, phb->pe_used);
	phb->p5_table = tbl;
	return 0;

err_unlink:
	pnv_pci_unlink_table_and_group(tbl, tg);
err_put_table:
	iommu_tce_table_put(tbl);
	return ret;
}

static int pnv_pci_init_p5ioc2_phb(struct device_node *np,
				   struct pnv_p5ioc2_hub *hub,
				   void *tce_mem, u64 tce_size)
{
	struct pci_controller *hose;
	struct pnv_phb *phb;
	s64 rc;
	int ret;

	phb = pnv_phb_alloc(np, PNV_PHB_P5IOC2, 1);
	if (!phb)
		return -ENOMEM;

	phb->hub_id = hub->hub_id;
	phb->p5_tce_mem = tce_mem;
	phb->p5_tce_size = tce_size;
	phb->tce_pgsizes = IOMMU_PAGE_SIZE_4K;

	rc = opal_pci_set_phb_tce_memory(phb->opal_id, __pa(tce_mem),
					 tce_size);
	if (rc) {
		pr_err("powernv: P5IOC2 PHB %llx: TCE memory refused (%lld)\n",
		       phb->opal_id, rc);
		ret = -EIO;
		goto err_free_phb;
	}

	hose = pcibios_alloc_controller(np);
	if (!hose) {
		ret = -ENOMEM;
		goto err_free_phb;
	}
	hose->private_data = phb;
	hose->controller_ops = pnv_p5ioc2_controller_ops;
	phb->hose = hose;

	ret = pnv_p5ioc2_setup_table(phb);
	if (ret)
		goto err_free_phb;

	hub->users++;
	phb->p5_hub = hub;
	list_add_tail(&phb->list, &pnv_phb_list);
	return 0;

err_free_phb:
	/* The controller, if any, stays: compat has no way to free one. */
	if (phb->hose)
		phb->hose->private_data = NULL;
	pnv_phb_free(phb);
	return ret;
}

/*
 * Size of each PHB's slice: the hub memory split evenly (rounded down to
 * a power of two, as v4.2), capped so the window fits the u32 tce32_size
 * (PNV_P5IOC2_PHB_TCE_MAX, a 2 GiB window) and at least the 64 KiB the
 * hardware needs.
 */
static u64 pnv_p5ioc2_phb_tce_size(unsigned int nr_phbs)
{
	u64 size = rounddown_pow_of_two(PNV_P5IOC2_HUB_TCE_MEMORY / nr_phbs);

	return min_t(u64, size, PNV_P5IOC2_PHB_TCE_MAX);
}

int pnv_pci_init_p5ioc2_hub(struct device_node *np)
{
	unsigned int nr_phbs = 0, i = 0;
	struct pnv_p5ioc2_hub *hub;
	struct device_node *phbn;
	struct page *page;
	u64 hub_id, slice;
	s64 rc;

	hub_id = pnv_dt_read_u64(np, "ibm,opal-hubid", ~0ULL);
	if (hub_id == ~0ULL) {
		pr_err("powernv: P5IOC2 hub without ibm,opal-hubid\n");
		return -EINVAL;
	}

	for_each_child_of_node(np, phbn)
		if (of_device_is_compatible(phbn, "ibm,p5ioc2-pciex"))
			nr_phbs++;
	if (!nr_phbs)
		return -ENODEV;
	/* Each slice must be at least what a CA_TAR can describe. */
	if (PNV_P5IOC2_HUB_TCE_MEMORY / nr_phbs < PNV_P5IOC2_PHB_TCE_MIN)
		nr_phbs = PNV_P5IOC2_HUB_TCE_MEMORY / PNV_P5IOC2_PHB_TCE_MIN;

	hub = kzalloc(sizeof(*hub), GFP_KERNEL);
	if (!hub)
		return -ENOMEM;
	hub->hub_id = hub_id;

	/* 16 MiB, naturally aligned: the buddy allocator guarantees it. */
	hub->order = ilog2(PNV_P5IOC2_HUB_TCE_MEMORY) - PAGE_SHIFT;
	page = alloc_pages_node(0, GFP_KERNEL | __GFP_ZERO, hub->order);
	if (!page)
		goto err_free_hub;
	hub->tce_mem = page_address(page);
	if (WARN_ON_ONCE(__pa(hub->tce_mem) &
			 (PNV_P5IOC2_HUB_TCE_MEMORY - 1)))
		goto err_free_mem;

	rc = opal_pci_set_hub_tce_memory(hub_id, __pa(hub->tce_mem),
					 PNV_P5IOC2_HUB_TCE_MEMORY);
	if (rc) {
		pr_err("powernv: P5IOC2 hub %llx: TCE memory refused (%lld)\n",
		       hub_id, rc);
		goto err_free_mem;
	}

	/* Hold the hub while its PHBs come up. */
	hub->users = 1;
	slice = pnv_p5ioc2_phb_tce_size(nr_phbs);
	for_each_child_of_node(np, phbn) {
		if (!of_device_is_compatible(phbn, "ibm,p5ioc2-pciex"))
			continue;
		if (i >= nr_phbs) {
			of_node_put(phbn);
			break;
		}
		pnv_pci_init_p5ioc2_phb(phbn, hub,
					(char *)hub->tce_mem + i * slice,
					slice);
		i++;
	}

	if (hub->users == 1) {
		pnv_p5ioc2_hub_put(hub);
		return -ENODEV;
	}
	pnv_p5ioc2_hub_put(hub);
	return 0;

err_free_mem:
	free_pages((unsigned long)hub->tce_mem, hub->order);
err_free_hub:
	kfree(hub);
	return -EIO;
}
