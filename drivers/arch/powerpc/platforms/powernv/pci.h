/* SPDX-License-Identifier: GPL-2.0 */
/*
 * powernv PCI platform internals: one struct pnv_phb per host bridge
 * (PHB3 IODA2 or P5IOC2), its PEs, and the helpers shared by pci.c,
 * pci-ioda.c, pci-ioda-tce.c and pci-p5ioc2.c. Nothing outside
 * platforms/powernv includes this file; see <asm/pnv-pci.h> for the
 * few entry points other code may use.
 */
#ifndef __POWERNV_PCI_H
#define __POWERNV_PCI_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/dma-direction.h>
#include <asm/iommu.h>
#include <asm/pnv-pci.h>

enum pnv_phb_type {
	PNV_PHB_IODA2,
	PNV_PHB_P5IOC2,
};

/* IODA2 (PHB3) constants, hw reference sections 1.3, 2.1 and 2.3. */
#define PNV_IODA2_DEFAULT_PES	256
#define PNV_IODA2_TVE_PER_PE	2
#define PNV_IODA2_WIN1_START	(1ULL << 59)	/* bus address of window 1 */
#define PNV_IODA2_M32_PCI_BASE	0x80000000U	/* 32-bit window limit */
#define PNV_IODA2_MAX_LEVELS	5
#define PNV_PHB3_TCE_KILL_OFF	0x210

/* Kill register values (IBM bit 0 = most significant). */
#define PNV_PHB3_KILL_ALL	(1ULL << 63)
#define PNV_PHB3_KILL_PE	(1ULL << 62)
#define PNV_PHB3_KILL_ONE	(1ULL << 61)
#define PNV_PHB3_KILL_PE_MASK	0xffULL

/* Supported IODA2 IOMMU page sizes when the device tree says nothing. */
#define PNV_IODA2_DEFAULT_PGSIZES \
	((1ULL << 12) | (1ULL << 16) | (1ULL << 24) | (1ULL << 28))

struct pnv_phb;

/* A P5IOC2 hub's TCE memory, freed when its last PHB shuts down. */
struct pnv_p5ioc2_hub {
	u64			hub_id;
	void			*tce_mem;
	unsigned int		order;
	unsigned int		users;
};

/* One partitionable endpoint: the unit of DMA isolation. */
struct pnv_ioda_pe {
	struct pnv_phb		*phb;
	unsigned int		pe_number;
	u16			rid;		/* bus << 8 | devfn */
	struct pci_dev		*pdev;		/* device PE: its device */
	struct iommu_table_group table_group;
	bool			tce_bypass_enabled;
	bool			owned;		/* taken by VFIO */
	bool			in_use;
};

struct pnv_phb {
	struct pci_controller	*hose;
	struct device_node	*np;
	enum pnv_phb_type	type;
	u64			opal_id;
	u64			regs_phys;
	u64			regs_size;
	void __iomem		*regs;
	void __iomem		*tce_kill;	/* NULL: no invalidation */
	unsigned int		total_pe_num;
	unsigned int		reserved_pe;	/* never given to a device */
	struct pnv_ioda_pe	*pe_array;	/* total_pe_num entries */
	unsigned long		*pe_used;	/* bitmap, total_pe_num bits */
	struct mutex		pe_lock;	/* protects pe_used */
	u32			m32_pci_base;
	u64			tce_pgsizes;
	struct list_head	list;		/* on pnv_phb_list */

	/* P5IOC2 only */
	u64			hub_id;
	struct pnv_p5ioc2_hub	*p5_hub;	/* shared by the hub's PHBs */
	void			*p5_tce_mem;	/* this PHB's slice of the hub */
	u64			p5_tce_size;
	struct iommu_table	*p5_table;
};

extern struct list_head pnv_phb_list;

/* pci.c */
struct pnv_phb *pnv_phb_alloc(struct device_node *np, enum pnv_phb_type type,
			      unsigned int nr_pes);
void pnv_phb_free(struct pnv_phb *phb);
u64 pnv_dt_read_u64(const struct device_node *np, const char *name,
		    u64 def);
u32 pnv_dt_read_u32(const struct device_node *np, const char *name, u32 def);
struct iommu_table *pnv_pci_table_alloc(int nid);
void pnv_pci_setup_iommu_table(struct iommu_table *tbl, void *tce_mem,
			       unsigned long tce_bytes, u64 dma_offset,
			       u32 page_shift, u32 levels,
			       unsigned long level_bytes);
int pnv_pci_link_table_and_group(int node, int num, struct iommu_table *tbl,
				 struct iommu_table_group *table_group);
void pnv_pci_unlink_table_and_group(struct iommu_table *tbl,
				    struct iommu_table_group *table_group);
int pnv_pci_init_ioda2_phb(struct device_node *np);
int pnv_pci_init_p5ioc2_hub(struct device_node *np);

/* pci-ioda-tce.c: tables shared by IODA2 (any levels) and P5IOC2 (one) */
long pnv_tce_geometry(u32 page_shift, u64 window_size, u32 levels,
		      unsigned int *level_shift);
unsigned int pnv_tce_table_shift(u32 page_shift, u64 window_size);
unsigned long pnv_pci_ioda2_get_table_size(__u32 page_shift,
					   __u64 window_size, __u32 levels);
long pnv_pci_ioda2_table_alloc_pages(int nid, u64 bus_offset,
				     u32 page_shift, u64 window_size,
				     u32 levels, bool alloc_userspace_copy,
				     struct iommu_table *tbl);
void pnv_pci_ioda2_table_free_pages(struct iommu_table *tbl);
int pnv_tce_build(struct iommu_table *tbl, long index, long npages,
		  unsigned long uaddr, enum dma_data_direction direction,
		  unsigned long attrs);
int pnv_tce_xchg(struct iommu_table *tbl, long index, unsigned long *hpa,
		 enum dma_data_direction *direction);
__be64 *pnv_tce_useraddrptr(struct iommu_table *tbl, long index, bool alloc);
void pnv_tce_free(struct iommu_table *tbl, long index, long npages);
unsigned long pnv_tce_get(struct iommu_table *tbl, long index);

/* pci-ioda.c */
void pnv_pci_phb3_tce_kill_all(struct pnv_phb *phb);
void pnv_pci_phb3_tce_kill_pe(struct pnv_phb *phb, unsigned int pe_number);

#endif /* __POWERNV_PCI_H */
