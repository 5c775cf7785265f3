/* SPDX-License-Identifier: GPL-2.0 */
/*
 * powernv PCI platform: the few entry points and tunables that code
 * outside platforms/powernv (tests, the simulator's scenarios) may use.
 * The platform itself probes from a subsys_initcall and needs no call.
 */
#ifndef _ASM_POWERPC_PNV_PCI_H
#define _ASM_POWERPC_PNV_PCI_H

#include <linux/types.h>
#include <asm/iommu.h>

/*
 * IODA2 table geometry limit: a table is refused (-EINVAL) when
 * (level_shift - 3) * levels + page_shift >= this. Mainline uses 55,
 * v4.2 used 60. Default PNV_TCE_INDEX_BITS_MAINLINE; see docs/driver.md.
 */
#define PNV_TCE_INDEX_BITS_MAINLINE	55
#define PNV_TCE_INDEX_BITS_V4_2		60
extern unsigned int pnv_tce_index_bits_limit;

/* P5IOC2: TCE memory per hub and the largest slice one PHB gets. */
#define PNV_P5IOC2_HUB_TCE_MEMORY	(16UL << 20)
#define PNV_P5IOC2_PHB_TCE_MIN		(64UL << 10)
#define PNV_P5IOC2_PHB_TCE_MAX		(4UL << 20)

/*
 * The IOMMU table group of the PE that owns device bdfn under the PHB
 * with this OPAL id, or NULL. Same object VFIO gets through
 * iommu_group_get_iommudata().
 */
struct iommu_table_group *pnv_pci_get_table_group(u64 opal_id, u16 bdfn);

/* PE number of device bdfn (IODA2), or -ENODEV. */
int pnv_pci_get_pe_number(u64 opal_id, u16 bdfn);

#endif /* _ASM_POWERPC_PNV_PCI_H */
