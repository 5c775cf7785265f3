// SPDX-License-Identifier: GPL-2.0
/*
 * powernv PCI platform core: probes the host bridges described in the
 * device tree (PHB3 IODA2 nodes and P5IOC2 hubs) at subsys_initcall time,
 * allocates struct pnv_phb with its PE array, and holds the helpers
 * shared by both bridge types: device-tree readers, iommu_table
 * allocation and geometry, and the table <-> table-group links. DMA
 * set-up of each device happens later, in the hose's dma_dev_setup hook
 * (pci-ioda.c, pci-p5ioc2.c), called by the PCI scan.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/bitmap.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/export.h>
#include <asm/io.h>
#include <asm/iommu.h>
#include <asm/pci-bridge.h>
#include <asm/pnv-pci.h>
#include <asm/tce.h>

#include "pci.h"

LIST_HEAD(pnv_phb_list);

/* A property of 1 or 2 big-endian cells as a number; def if absent. */
u64 pnv_dt_read_u64(const struct device_node *np, const char *name, u64 def)
{
	const __be32 *cells;
	int len = 0;

	cells = of_get_property(np, name, &len);
	if (!cells)
		return def;
	if (len >= 8)
		return ((u64)be32_to_cpu(cells[0]) << 32) |
		       be32_to_cpu(cells[1]);
	if (len >= 4)
		return be32_to_cpu(cells[0]);

	return def;
}

u32 pnv_dt_read_u32(const struct device_node *np, const char *name, u32 def)
{
	const __be32 *cells;
	int len = 0;

	cells = of_get_property(np, name, &len);
	if (!cells || len < 4)
		return def;

	return be32_to_cpu(cells[0]);
}

/* "ibm,supported-tce-sizes" (shifts) as a page-size bitmap, or 0. */
static u64 pnv_dt_tce_pgsizes(const struct device_node *np)
{
	const __be32 *cells;
	u64 mask = 0;
	int len = 0, i;

	cells = of_get_property(np, "ibm,supported-tce-sizes", &len);
	if (!cells)
		return 0;

	for (i = 0; i < len / 4; i++) {
		u32 shift = be32_to_cpu(cells[i]);

		if (shift >= 12 && shift < 64)
			mask |= 1ULL << shift;
	}
	return mask;
}

struct pnv_phb *pnv_phb_alloc(struct device_node *np, enum pnv_phb_type type,
			      unsigned int nr_pes)
{
	const __be32 *reg;
	struct pnv_phb *phb;
	unsigned int i;
	int len = 0;

	if (!nr_pes)
		return NULL;

	phb = kzalloc(sizeof(*phb), GFP_KERNEL);
	if (!phb)
		return NULL;

	phb->np = np;
	phb->type = type;
	phb->total_pe_num = nr_pes;
	phb->reserved_pe = nr_pes - 1;
	mutex_init(&phb->pe_lock);
	INIT_LIST_HEAD(&phb->list);

	phb->opal_id = pnv_dt_read_u64(np, "ibm,opal-phbid", ~0ULL);
	if (phb->opal_id == ~0ULL) {
		pr_err("powernv: PHB node without ibm,opal-phbid\n");
		goto err_free_phb;
	}

	reg = of_get_property(np, "reg", &len);
	if (!reg || len < 16) {
		pr_err("powernv: PHB %llx has no usable reg\n", phb->opal_id);
		goto err_free_phb;
	}
	phb->regs_phys = ((u64)be32_to_cpu(reg[0]) << 32) |
			 be32_to_cpu(reg[1]);
	phb->regs_size = ((u64)be32_to_cpu(reg[2]) << 32) |
			 be32_to_cpu(reg[3]);
	phb->regs = ioremap(phb->regs_phys, phb->regs_size);
	if (!phb->regs)
		goto err_free_phb;

	phb->tce_pgsizes = pnv_dt_tce_pgsizes(np);

	phb->pe_array = kcalloc(nr_pes, sizeof(*phb->pe_array), GFP_KERNEL);
	if (!phb->pe_array)
		goto err_unmap_regs;
	phb->pe_used = kcalloc(BITS_TO_LONGS(nr_pes), sizeof(unsigned long),
			       GFP_KERNEL);
	if (!phb->pe_used)
		goto err_free_pe_array;

	for (i = 0; i < nr_pes; i++) {
		phb->pe_array[i].phb = phb;
		phb->pe_array[i].pe_number = i;
	}

	return phb;

err_free_pe_array:
	kfree(phb->pe_array);
err_unmap_regs:
	iounmap(phb->regs);
err_free_phb:
	kfree(phb);
	return NULL;
}

void pnv_phb_free(struct pnv_phb *phb)
{
	if (!phb)
		return;

	if (phb->tce_kill)
		iounmap(phb->tce_kill);
	iounmap(phb->regs);
	kfree(phb->pe_used);
	kfree(phb->pe_array);
	kfree(phb);
}

struct iommu_table *pnv_pci_table_alloc(int nid)
{
	struct iommu_table *tbl;

	tbl = kzalloc(sizeof(*tbl), GFP_KERNEL);
	if (!tbl)
		return NULL;

	tbl->it_nid = nid;
	INIT_LIST_HEAD(&tbl->it_group_list);
	spin_lock_init(&tbl->it_lock);
	kref_init(&tbl->it_kref);

	return tbl;
}

/*
 * The geometry of a TCE table: its top level at tce_mem, tce_bytes of
 * entries (one TCE per IOMMU page of 1 << page_shift bytes) for a window
 * at bus address dma_offset, translated through levels levels of
 * level_bytes each (a one-level table is one level of tce_bytes).
 * The window is what the entries cover, it_size << page_shift: the
 * caller rounds a table up to what it allocates, so a window can be
 * larger than the one asked for.
 */
void pnv_pci_setup_iommu_table(struct iommu_table *tbl, void *tce_mem,
			       unsigned long tce_bytes, u64 dma_offset,
			       u32 page_shift, u32 levels,
			       unsigned long level_bytes)
{
	tbl->it_base = (unsigned long)tce_mem;
	tbl->it_page_shift = page_shift;
	tbl->it_offset = dma_offset >> page_shift;
	tbl->it_size = tce_bytes / TCE_ENTRY_SIZE;
	tbl->it_indirect_levels = levels - 1;
	tbl->it_level_size = level_bytes / TCE_ENTRY_SIZE;
}

int pnv_pci_link_table_and_group(int node, int num, struct iommu_table *tbl,
				 struct iommu_table_group *table_group)
{
	struct iommu_table_group_link *tgl;

	if (WARN_ON_ONCE(!tbl || !table_group))
		return -EINVAL;
	if (WARN_ON_ONCE(num < 0 || num >= IOMMU_TABLE_GROUP_MAX_TABLES))
		return -EINVAL;

	tgl = kzalloc(sizeof(*tgl), GFP_KERNEL);
	if (!tgl)
		return -ENOMEM;

	tgl->table_group = table_group;
	list_add_tail(&tgl->next, &tbl->it_group_list);
	table_group->tables[num] = tbl;

	return 0;
}

void pnv_pci_unlink_table_and_group(struct iommu_table *tbl,
				    struct iommu_table_group *table_group)
{
	struct iommu_table_group_link *tgl, *tmp;
	bool found = false;
	int i;

	if (!tbl || !table_group)
		return;

	list_for_each_entry_safe(tgl, tmp, &tbl->it_group_list, next) {
		if (tgl->table_group == table_group) {
			list_del(&tgl->next);
			kfree(tgl);
			found = true;
			break;
		}
	}
	WARN_ON_ONCE(!found);

	for (i = 0; i < IOMMU_TABLE_GROUP_MAX_TABLES; i++)
		if (table_group->tables[i] == tbl)
			table_group->tables[i] = NULL;
}

static struct pnv_phb *pnv_phb_by_opal_id(u64 opal_id)
{
	struct pnv_phb *phb;

	list_for_each_entry(phb, &pnv_phb_list, list)
		if (phb->opal_id == opal_id)
			return phb;

	return NULL;
}

static struct pnv_ioda_pe *pnv_pe_of_device(u64 opal_id, u16 bdfn)
{
	struct pnv_phb *phb = pnv_phb_by_opal_id(opal_id);
	unsigned int i;

	if (!phb)
		return NULL;

	for (i = 0; i < phb->total_pe_num; i++) {
		struct pnv_ioda_pe *pe = &phb->pe_array[i];

		if (!pe->in_use)
			continue;
		/* P5IOC2: the one PE covers the whole PHB. */
		if (phb->type == PNV_PHB_P5IOC2 || pe->rid == bdfn)
			return pe;
	}
	return NULL;
}

struct iommu_table_group *pnv_pci_get_table_group(u64 opal_id, u16 bdfn)
{
	struct pnv_ioda_pe *pe = pnv_pe_of_device(opal_id, bdfn);

	return pe ? &pe->table_group : NULL;
}
EXPORT_SYMBOL_GPL(pnv_pci_get_table_group);

int pnv_pci_get_pe_number(u64 opal_id, u16 bdfn)
{
	struct pnv_ioda_pe *pe = pnv_pe_of_device(opal_id, bdfn);

	return pe ? (int)pe->pe_number : -ENODEV;
}
EXPORT_SYMBOL_GPL(pnv_pci_get_pe_number);

static int __init pnv_pci_init(void)
{
	struct device_node *np;
	int found = 0;

	for_each_compatible_node(np, NULL, "ibm,ioda2-phb") {
		if (!pnv_pci_init_ioda2_phb(np))
			found++;
	}

	for_each_compatible_node(np, NULL, "ibm,p5ioc2") {
		if (!pnv_pci_init_p5ioc2_hub(np))
			found++;
	}

	if (!found)
		pr_info("powernv: no PCI host bridge found\n");

	return 0;
}
subsys_initcall(pnv_pci_init);
