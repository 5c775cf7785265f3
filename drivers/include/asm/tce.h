/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCE entry format shared by the powerpc IOMMU tables (IODA2, P5IOC2):
 * one big-endian 64-bit word, real page number in place, permission bits
 * at the bottom. Indirect (non-leaf) entries of multi-level IODA2 tables
 * use the same permission bits to mean "present".
 */
#ifndef _ASM_POWERPC_TCE_H
#define _ASM_POWERPC_TCE_H

#define TCE_SHIFT		12
#define TCE_PAGE_SIZE		(1UL << TCE_SHIFT)

#define TCE_ENTRY_SIZE		8	/* bytes per TCE */

#define TCE_PCI_READ		0x1UL	/* the device may read memory */
#define TCE_PCI_WRITE		0x2UL	/* the device may write memory */
#define TCE_PCI_PERM		(TCE_PCI_READ | TCE_PCI_WRITE)

#endif /* _ASM_POWERPC_TCE_H */
