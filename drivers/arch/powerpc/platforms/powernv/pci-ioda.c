// SPDX-License-Identifier: GPL-2.0
/*
 * powernv IODA2 (POWER8 PHB3): one PE per PCI device, the PE's IOMMU
 * table group with its dynamic-window ops for VFIO, the host default
 * DMA set-up (a 32-bit TCE window plus the 64-bit bypass window), and
 * TCE invalidation through the PHB3 kill register. Firmware (OPAL) is
 * reached only through the opal_* calls, the PHB only through MMIO.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/iommu.h>
#include <linux/export.h>
#include <asm/io.h>
#include <asm/opal.h>
#include <asm/iommu.h>
#include <asm/pci-bridge.h>
#include <asm/pnv-pci.h>
#include <asm/trace.h>

#include "pci.h"

/* Host default 32-bit window: IOMMU page size and table levels. */
#define PNV_IODA2_DEFAULT_PAGE_SHIFT	IOMMU_PAGE_SHIFT_4K
#define PNV_IODA2_DEFAULT_LEVELS	1

static struct pnv_ioda_pe *pnv_ioda_pe_of(struct iommu_table_group *tg)
{
	return container_of(tg, struct pnv_ioda_pe, table_group);
}

/* --- TCE kill --------------------------------------------------------- */

static void pnv_phb3_kill_write(struct pnv_phb *phb, u64 val)
{
	if (!phb->tce_kill)
		return;

	/* Table updates must reach memory before the PHB refetches. */
	mb();
	out_be64(phb->tce_kill, val);
	trace_tce_kill(val);
}

void pnv_pci_phb3_tce_kill_all(struct pnv_phb *phb)
{
	pnv_phb3_kill_write(phb, PNV_PHB3_KILL_ALL);
}

void pnv_pci_phb3_tce_kill_pe(struct pnv_phb *phb, unsigned int pe_number)
{
	pnv_phb3_kill_write(phb, PNV_PHB3_KILL_PE |
			    (pe_number & PNV_PHB3_KILL_PE_MASK));
}

/* One write per IOMMU page; index is absolute, so bit 59 is carried. */
static void pnv_pci_phb3_tce_kill_pages(struct pnv_phb *phb,
					unsigned int pe_number,
					unsigned int page_shift,
					unsigned long index,
					unsigned long npages)
{
	u64 base = PNV_PHB3_KILL_ONE | (pe_number & PNV_PHB3_KILL_PE_MASK);
	unsigned long i;

	for (i = 0; i < npages; i++)
		pnv_phb3_kill_write(phb, base |
				    ((u64)(index + i) << page_shift));
}

/* Invalidate entries of tbl in every PE that uses it. */
static void pnv_pci_ioda2_tce_invalidate(struct iommu_table *tbl,
					 unsigned long index,
					 unsigned long npages)
{
	struct iommu_table_group_link *tgl;

	list_for_each_entry(tgl, &tbl->it_group_list, next) {
		struct pnv_ioda_pe *pe = pnv_ioda_pe_of(tgl->table_group);

		pnv_pci_phb3_tce_kill_pages(pe->phb, pe->pe_number,
					    tbl->it_page_shift, index, npages);
	}
}

/* --- iommu_table_ops ------------------------------------------------- */

static int pnv_ioda2_tce_build(struct iommu_table *tbl, long index,
			       long npages, unsigned long uaddr,
			       enum dma_data_direction direction,
			       unsigned long attrs)
{
	int ret = pnv_tce_build(tbl, index, npages, uaddr, direction, attrs);

	if (!ret)
		pnv_pci_ioda2_tce_invalidate(tbl, index, npages);

	return ret;
}

static int pnv_ioda2_tce_xchg(struct iommu_table *tbl, long index,
			      unsigned long *hpa,
			      enum dma_data_direction *direction)
{
	int ret = pnv_tce_xchg(tbl, index, hpa, direction);

	if (!ret)
		pnv_pci_ioda2_tce_invalidate(tbl, index, 1);

	return ret;
}

static void pnv_ioda2_tce_free(struct iommu_table *tbl, long index,
			       long npages)
{
	pnv_tce_free(tbl, index, npages);
	pnv_pci_ioda2_tce_invalidate(tbl, index, npages);
}

static struct iommu_table_ops pnv_ioda2_iommu_ops = {
	.set = pnv_ioda2_tce_build,
	.exchange = pnv_ioda2_tce_xchg,
	.useraddrptr = pnv_tce_useraddrptr,
	.clear = pnv_ioda2_tce_free,
	.get = pnv_tce_get,
	.free = pnv_pci_ioda2_table_free_pages,
};

/* --- windows ---------------------------------------------------------- */

static long pnv_pci_ioda2_set_window(struct iommu_table_group *table_group,
				     int num, struct iommu_table *tbl)
{
	struct pnv_ioda_pe *pe = pnv_ioda_pe_of(table_group);
	struct pnv_phb *phb = pe->phb;
	unsigned long entries;
	s64 rc;
	long ret;

	if (num < 0 || num >= IOMMU_TABLE_GROUP_MAX_TABLES)
		return -EINVAL;
	if (table_group->tables[num])
		return -EBUSY;

	/* The top level: one level block, or the whole one-level table. */
	entries = tbl->it_indirect_levels ? tbl->it_level_size : tbl->it_size;

	rc = opal_pci_map_pe_dma_window(phb->opal_id, pe->pe_number,
					pe->pe_number * PNV_IODA2_TVE_PER_PE +
					num,
					tbl->it_indirect_levels + 1,
					__pa((void *)tbl->it_base),
					entries * TCE_ENTRY_SIZE,
					IOMMU_PAGE_SIZE(tbl));
	if (rc) {
		pr_err("powernv: PHB %llx PE %u: map window %d failed (%lld)\n",
		       phb->opal_id, pe->pe_number, num, rc);
		return rc;
	}

	ret = pnv_pci_link_table_and_group(0, num, tbl, table_group);
	if (ret)
		goto err_unmap;

	pnv_pci_phb3_tce_kill_pe(phb, pe->pe_number);
	return 0;

err_unmap:
	opal_pci_map_pe_dma_window(phb->opal_id, pe->pe_number,
				   pe->pe_number * PNV_IODA2_TVE_PER_PE + num,
				   0, 0, 0, 0);
	pnv_pci_phb3_tce_kill_pe(phb, pe->pe_number);
	return ret;
}

static long pnv_pci_ioda2_unset_window(struct iommu_table_group *table_group,
				       int num)
{
	struct pnv_ioda_pe *pe = pnv_ioda_pe_of(table_group);
	struct pnv_phb *phb = pe->phb;
	s64 rc;

	if (num < 0 || num >= IOMMU_TABLE_GROUP_MAX_TABLES)
		return -EINVAL;

	rc = opal_pci_map_pe_dma_window(phb->opal_id, pe->pe_number,
					pe->pe_number * PNV_IODA2_TVE_PER_PE +
					num, 0, 0, 0, 0);
	if (rc)
		pr_warn("powernv: PHB %llx PE %u: unmap window %d failed (%lld)\n",
			phb->opal_id, pe->pe_number, num, rc);

	pnv_pci_phb3_tce_kill_pe(phb, pe->pe_number);

	if (table_group->tables[num])
		pnv_pci_unlink_table_and_group(table_group->tables[num],
					       table_group);
	return rc;
}

static long pnv_ioda2_table_create(struct iommu_table_group *table_group,
				   int num, __u32 page_shift,
				   __u64 window_size, __u32 levels,
				   bool with_view, struct iommu_table **ptbl)
{
	struct pnv_ioda_pe *pe = pnv_ioda_pe_of(table_group);
	int nid = 0;
	struct iommu_table *tbl;
	u64 bus_offset;
	long ret;

	if (num < 0 || num >= IOMMU_TABLE_GROUP_MAX_TABLES)
		return -EINVAL;
	if (page_shift >= 64 || !(table_group->pgsizes & (1ULL << page_shift)))
		return -EINVAL;
	if (levels > table_group->max_levels)
		return -EINVAL;

	/* The slot fixes the bus address: window 1 sits at bit 59. */
	bus_offset = num ? PNV_IODA2_WIN1_START : table_group->tce32_start;
	if (window_size > PNV_IODA2_WIN1_START)
		return -EINVAL;

	tbl = pnv_pci_table_alloc(nid);
	if (!tbl)
		return -ENOMEM;

	ret = pnv_pci_ioda2_table_alloc_pages(nid, bus_offset, page_shift,
					      window_size, levels, with_view,
					      tbl);
	if (ret)
		goto err_free_tbl;

	tbl->it_ops = &pnv_ioda2_iommu_ops;
	/* LIOBN: PCI domain, then the TVE number (unique machine-wide). */
	tbl->it_index = ((unsigned long)pe->phb->hose->global_number << 16) |
			(pe->pe_number * PNV_IODA2_TVE_PER_PE + num);
	tbl->it_busno = pe->rid >> 8;
	*ptbl = tbl;
	return 0;

err_free_tbl:
	/* it_ops is still NULL, so the put frees only the struct. */
	iommu_tce_table_put(tbl);
	return ret;
}

/* VFIO's tables come with the userspace view. */
static long pnv_pci_ioda2_create_table(struct iommu_table_group *table_group,
				       int num, __u32 page_shift,
				       __u64 window_size, __u32 levels,
				       struct iommu_table **ptbl)
{
	return pnv_ioda2_table_create(table_group, num, page_shift,
				      window_size, levels, true, ptbl);
}

/* --- bypass and host default window ---------------------------------- */

/*
 * Bypass covers all of RAM: the kernel uses the end of DRAM from
 * memblock; compat has no memblock, and RAM starts at 0 with no holes
 * here, so the RAM size rounded up to a power of two is the same value.
 */
static u64 pnv_ioda2_bypass_size(void)
{
	return roundup_pow_of_two((u64)totalram_pages() << PAGE_SHIFT);
}

static s64 pnv_pci_ioda2_set_bypass(struct pnv_ioda_pe *pe, bool enable)
{
	struct pnv_phb *phb = pe->phb;
	u16 tve = pe->pe_number * PNV_IODA2_TVE_PER_PE + 1;
	s64 rc;

	if (enable)
		rc = opal_pci_map_pe_dma_window_real(phb->opal_id,
						     pe->pe_number, tve,
						     PNV_IODA2_WIN1_START,
						     pnv_ioda2_bypass_size());
	else
		rc = opal_pci_map_pe_dma_window_real(phb->opal_id,
						     pe->pe_number, tve,
						     0, 0);
	if (rc) {
		pr_err("powernv: PHB %llx PE %u: bypass %s failed (%lld)\n",
		       phb->opal_id, pe->pe_number, enable ? "on" : "off", rc);
		return rc;
	}

	pe->tce_bypass_enabled = enable;
	pnv_pci_phb3_tce_kill_pe(phb, pe->pe_number);
	return 0;
}

/* Create and program the host's 32-bit window, then turn bypass on. */
static long pnv_pci_ioda2_setup_default_config(struct pnv_ioda_pe *pe)
{
	struct iommu_table_group *tg = &pe->table_group;
	struct pnv_phb *phb = pe->phb;
	struct iommu_table *tbl = NULL;
	long ret;

	/* The host's own window needs no userspace view. */
	ret = pnv_ioda2_table_create(tg, 0, PNV_IODA2_DEFAULT_PAGE_SHIFT,
				     tg->tce32_size, PNV_IODA2_DEFAULT_LEVELS,
				     false, &tbl);
	if (ret)
		return ret;

	if (!iommu_init_table(tbl, 0,
			      phb->m32_pci_base >> tbl->it_page_shift,
			      (1UL << 32) >> tbl->it_page_shift)) {
		ret = -ENOMEM;
		goto err_put_table;
	}

	ret = pnv_pci_ioda2_set_window(tg, 0, tbl);
	if (ret)
		goto err_put_table;

	ret = pnv_pci_ioda2_set_bypass(pe, true);
	if (ret)
		goto err_unset_window;

	return 0;

err_unset_window:
	pnv_pci_ioda2_unset_window(tg, 0);
err_put_table:
	iommu_tce_table_put(tbl);
	return ret;
}

/* --- ownership ---------------------------------------------------------- */

static long pnv_ioda2_take_ownership(struct iommu_table_group *table_group)
{
	struct pnv_ioda_pe *pe = pnv_ioda_pe_of(table_group);
	struct iommu_table *tbl = table_group->tables[0];
	long ret;

	if (pe->owned)
		return -EBUSY;

	if (tbl) {
		/* The host must not have DMA mappings in its window. */
		ret = iommu_take_ownership(tbl);
		if (ret)
			return ret;
		pnv_pci_ioda2_unset_window(table_group, 0);
		iommu_release_ownership(tbl);
		iommu_tce_table_put(tbl);
	}
	if (table_group->tables[1]) {
		WARN_ON_ONCE(1);
		pnv_pci_ioda2_unset_window(table_group, 1);
	}
	pnv_pci_ioda2_set_bypass(pe, false);

	pe->owned = true;
	return 0;
}

static void pnv_ioda2_release_ownership(struct iommu_table_group *table_group)
{
	struct pnv_ioda_pe *pe = pnv_ioda_pe_of(table_group);

	if (WARN_ON_ONCE(!pe->owned))
		return;

	pe->owned = false;
	/* VFIO unsets its windows before giving the PE back. */
	if (WARN_ON_ONCE(table_group->tables[0] || table_group->tables[1]))
		return;

	if (pnv_pci_ioda2_setup_default_config(pe))
		pr_err("powernv: PHB %llx PE %u: host DMA not restored\n",
		       pe->phb->opal_id, pe->pe_number);
}

static struct iommu_table_group_ops pnv_pci_ioda2_ops = {
	.get_table_size = pnv_pci_ioda2_get_table_size,
	.create_table = pnv_pci_ioda2_create_table,
	.set_window = pnv_pci_ioda2_set_window,
	.unset_window = pnv_pci_ioda2_unset_window,
	.take_ownership = pnv_ioda2_take_ownership,
	.release_ownership = pnv_ioda2_release_ownership,
};

/* --- PEs ------------------------------------------------------------------ */

static struct pnv_ioda_pe *pnv_ioda_alloc_pe(struct pnv_phb *phb)
{
	struct pnv_ioda_pe *pe = NULL;
	unsigned long n;

	mutex_lock(&phb->pe_lock);
	n = find_first_zero_bit(phb->pe_used, phb->total_pe_num);
	if (n < phb->total_pe_num) {
		set_bit(n, phb->pe_used);
		pe = &phb->pe_array[n];
		pe->in_use = true;
	}
	mutex_unlock(&phb->pe_lock);

	return pe;
}

static void pnv_ioda_free_pe(struct pnv_ioda_pe *pe)
{
	struct pnv_phb *phb = pe->phb;

	mutex_lock(&phb->pe_lock);
	pe->in_use = false;
	pe->pdev = NULL;
	clear_bit(pe->pe_number, phb->pe_used);
	mutex_unlock(&phb->pe_lock);
}

/* Route the device's RID to the PE and make the PE freeze alone. */
static int pnv_ioda_configure_pe(struct pnv_phb *phb, struct pnv_ioda_pe *pe)
{
	s64 rc;

	rc = opal_pci_set_pe(phb->opal_id, pe->pe_number, pe->rid,
			     OpalPciBusAll, OPAL_COMPARE_RID_DEVICE_NUMBER,
			     OPAL_COMPARE_RID_FUNCTION_NUMBER, OPAL_MAP_PE);
	if (rc) {
		pr_err("powernv: PHB %llx: SET_PE %u for %04x failed (%lld)\n",
		       phb->opal_id, pe->pe_number, pe->rid, rc);
		return -ENXIO;
	}

	rc = opal_pci_set_peltv(phb->opal_id, pe->pe_number, pe->pe_number,
				OPAL_ADD_PE_TO_DOMAIN);
	if (rc) {
		pr_warn("powernv: PHB %llx: SET_PELTV %u failed (%lld)\n",
			phb->opal_id, pe->pe_number, rc);
		goto err_unmap_rid;
	}

	return 0;

err_unmap_rid:
	opal_pci_set_pe(phb->opal_id, pe->pe_number, pe->rid, OpalPciBusAll,
			OPAL_COMPARE_RID_DEVICE_NUMBER,
			OPAL_COMPARE_RID_FUNCTION_NUMBER, OPAL_UNMAP_PE);
	return -ENXIO;
}

static void pnv_pci_ioda2_setup_table_group(struct pnv_phb *phb,
					    struct pnv_ioda_pe *pe)
{
	struct iommu_table_group *tg = &pe->table_group;

	memset(tg, 0, sizeof(*tg));
	tg->tce32_start = 0;
	tg->tce32_size = phb->m32_pci_base;
	tg->pgsizes = phb->tce_pgsizes;
	tg->max_dynamic_windows_supported = IOMMU_TABLE_GROUP_MAX_TABLES;
	tg->max_levels = PNV_IODA2_MAX_LEVELS;
	tg->ops = &pnv_pci_ioda2_ops;
}

static void pnv_pci_ioda_dma_dev_setup(struct pci_dev *pdev)
{
	struct pci_controller *hose = pci_bus_to_host(pdev->bus);
	struct pnv_phb *phb = hose ? hose->private_data : NULL;
	struct pnv_ioda_pe *pe;
	int ret;

	if (!phb)
		return;
	pe = pnv_ioda_alloc_pe(phb);
	if (!pe) {
		dev_err(&pdev->dev, "no free PE on PHB %llx\n", phb->opal_id);
		return;
	}
	pe->pdev = pdev;
	pe->rid = pci_dev_id(pdev);
	pe->owned = false;
	pe->tce_bypass_enabled = false;

	ret = pnv_ioda_configure_pe(phb, pe);
	if (ret)
		goto err_free_pe;

	pnv_pci_ioda2_setup_table_group(phb, pe);

	ret = pnv_pci_ioda2_setup_default_config(pe);
	if (ret)
		goto err_unmap_rid;

	ret = iommu_register_group(&pe->table_group, pci_domain_nr(pdev->bus),
				   pe->pe_number);
	if (ret)
		goto err_drop_dma;

	ret = iommu_add_device(&pe->table_group, &pdev->dev);
	if (ret)
		goto err_unregister_group;

	return;

err_unregister_group:
	iommu_unregister_group(&pe->table_group);
err_drop_dma:
	pnv_pci_ioda2_set_bypass(pe, false);
	if (pe->table_group.tables[0]) {
		struct iommu_table *tbl = pe->table_group.tables[0];

		pnv_pci_ioda2_unset_window(&pe->table_group, 0);
		iommu_tce_table_put(tbl);
	}
err_unmap_rid:
	opal_pci_set_pe(phb->opal_id, pe->pe_number, pe->rid, OpalPciBusAll,
			OPAL_COMPARE_RID_DEVICE_NUMBER,
			OPAL_COMPARE_RID_FUNCTION_NUMBER, OPAL_UNMAP_PE);
err_free_pe:
	pnv_ioda_free_pe(pe);
	dev_err(&pdev->dev, "DMA set-up failed (%d)\n", ret);
}

/* Undo dma_dev_setup for one device (compat calls this at shutdown). */
static void pnv_pci_ioda_release_device(struct pci_dev *pdev)
{
	struct pci_controller *hose = pci_bus_to_host(pdev->bus);
	struct pnv_phb *phb = hose ? hose->private_data : NULL;
	struct pnv_ioda_pe *pe = NULL;
	unsigned int i;
	int num;

	if (!phb)
		return;
	for (i = 0; i < phb->total_pe_num; i++)
		if (phb->pe_array[i].in_use && phb->pe_array[i].pdev == pdev)
			pe = &phb->pe_array[i];
	if (!pe)
		return;

	iommu_del_device(&pdev->dev);
	for (num = 0; num < IOMMU_TABLE_GROUP_MAX_TABLES; num++) {
		struct iommu_table *tbl = pe->table_group.tables[num];

		if (!tbl)
			continue;
		pnv_pci_ioda2_unset_window(&pe->table_group, num);
		/* Only the host's own window is ours to free. */
		if (!pe->owned)
			iommu_tce_table_put(tbl);
	}
	if (pe->tce_bypass_enabled)
		pnv_pci_ioda2_set_bypass(pe, false);
	opal_pci_set_pe(phb->opal_id, pe->pe_number, pe->rid, OpalPciBusAll,
			OPAL_COMPARE_RID_DEVICE_NUMBER,
			OPAL_COMPARE_RID_FUNCTION_NUMBER, OPAL_UNMAP_PE);
	iommu_unregister_group(&pe->table_group);
	pnv_ioda_free_pe(pe);
}

static void pnv_pci_ioda_shutdown(struct pci_controller *hose)
{
	struct pnv_phb *phb = hose->private_data;

	if (!phb)
		return;
	hose->private_data = NULL;
	list_del(&phb->list);
	pnv_phb_free(phb);
}

/* --- PHB probe ------------------------------------------------------------ */

static const struct pci_controller_ops pnv_pci_ioda_controller_ops = {
	.dma_dev_setup = pnv_pci_ioda_dma_dev_setup,
	.release_device = pnv_pci_ioda_release_device,
	.shutdown = pnv_pci_ioda_shutdown,
};

int pnv_pci_init_ioda2_phb(struct device_node *np)
{
	struct pci_controller *hose;
	struct pnv_phb *phb;
	u32 nr_pes;
	u64 kill;

	nr_pes = pnv_dt_read_u32(np, "ibm,opal-num-pes",
				 PNV_IODA2_DEFAULT_PES);
	if (!nr_pes || nr_pes > PNV_IODA2_DEFAULT_PES) {
		pr_err("powernv: bad ibm,opal-num-pes %u\n", nr_pes);
		return -EINVAL;
	}

	phb = pnv_phb_alloc(np, PNV_PHB_IODA2, nr_pes);
	if (!phb)
		return -ENOMEM;

	phb->m32_pci_base = PNV_IODA2_M32_PCI_BASE;
	if (!phb->tce_pgsizes)
		phb->tce_pgsizes = PNV_IODA2_DEFAULT_PGSIZES;
	/* The reserved PE is never given to a device. */
	set_bit(phb->reserved_pe, phb->pe_used);

	/* v4.2 took the kill register from the DT; mainline uses regs+0x210. */
	kill = pnv_dt_read_u64(np, "ibm,opal-tce-kill", 0);
	if (kill)
		phb->tce_kill = ioremap(kill, 8);
	else
		phb->tce_kill = ioremap(phb->regs_phys + PNV_PHB3_TCE_KILL_OFF,
					8);

	hose = pcibios_alloc_controller(np);
	if (!hose)
		goto err_free_phb;

	hose->private_data = phb;
	hose->controller_ops = pnv_pci_ioda_controller_ops;
	phb->hose = hose;

	/* Nothing stale from before the kernel. */
	pnv_pci_phb3_tce_kill_all(phb);

	list_add_tail(&phb->list, &pnv_phb_list);
	return 0;

err_free_phb:
	pnv_phb_free(phb);
	return -ENOMEM;
}
