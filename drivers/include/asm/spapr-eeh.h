/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The small EEH hook between VFIO (vfio/vfio_spapr_eeh.c validates the
 * VFIO_EEH_PE_OP requests of sPAPR TCE containers) and the platform
 * (powernv/eeh-vfio.c, which knows which firmware
 * PHB and PE a table group is and asks OPAL for freeze state / thaw).
 * The platform registers its ops at init; without them VFIO reports
 * EEH as unsupported (CHECK_EXTENSION(VFIO_EEH) = 0) and PE operations
 * give -ENODEV.
 */
#ifndef _ASM_POWERPC_SPAPR_EEH_H
#define _ASM_POWERPC_SPAPR_EEH_H

struct iommu_table_group;

struct spapr_eeh_pe_ops {
	/*
	 * Freeze state of the PE behind table_group as a VFIO value
	 * (VFIO_EEH_PE_STATE_NORMAL, _STOPPED, _STOPPED_DMA, _UNAVAIL ...),
	 * e.g. from opal_pci_eeh_freeze_status(); or -ENODEV.
	 */
	int (*get_state)(struct iommu_table_group *table_group);
	/*
	 * Thaw the PE: op is VFIO_EEH_PE_UNFREEZE_IO (MMIO) or
	 * VFIO_EEH_PE_UNFREEZE_DMA, e.g. via opal_pci_eeh_freeze_clear().
	 * 0 or -errno.
	 */
	int (*unfreeze)(struct iommu_table_group *table_group, unsigned int op);
};

/* Install (or, with NULL, remove) the platform's PE operations. */
void spapr_eeh_set_pe_ops(const struct spapr_eeh_pe_ops *ops);

#endif /* _ASM_POWERPC_SPAPR_EEH_H */
