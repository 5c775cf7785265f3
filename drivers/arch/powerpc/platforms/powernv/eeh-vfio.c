// SPDX-License-Identifier: GPL-2.0
/*
 * powernv side of VFIO's EEH PE operations (<asm/spapr-eeh.h>): map a
 * table group back to its PE and ask the firmware for the PE's freeze
 * state (OPAL_PCI_EEH_FREEZE_STATUS) or thaw it
 * (OPAL_PCI_EEH_FREEZE_CLEAR). Works for IODA2 and P5IOC2 PEs alike.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/vfio.h>
#include <asm/opal.h>
#include <asm/opal-api.h>
#include <asm/iommu.h>
#include <asm/spapr-eeh.h>

#include "pci.h"

static struct pnv_ioda_pe *pnv_eeh_pe_of(struct iommu_table_group *tg)
{
	return container_of(tg, struct pnv_ioda_pe, table_group);
}

static int pnv_eeh_vfio_get_state(struct iommu_table_group *tg)
{
	struct pnv_ioda_pe *pe = pnv_eeh_pe_of(tg);
	__be16 err_type = 0;
	u8 state = 0;
	s64 rc;

	rc = opal_pci_eeh_freeze_status(pe->phb->opal_id, pe->pe_number,
					&state, &err_type, NULL);
	if (rc != OPAL_SUCCESS)
		return VFIO_EEH_PE_STATE_UNAVAIL;

	switch (state) {
	case OPAL_EEH_STOPPED_NOT_FROZEN:
		return VFIO_EEH_PE_STATE_NORMAL;
	case OPAL_EEH_STOPPED_DMA_FREEZE:
		return VFIO_EEH_PE_STATE_STOPPED_DMA;
	case OPAL_EEH_STOPPED_MMIO_FREEZE:
	case OPAL_EEH_STOPPED_MMIO_DMA_FREEZE:
		return VFIO_EEH_PE_STATE_STOPPED;
	case OPAL_EEH_STOPPED_RESET:
		return VFIO_EEH_PE_STATE_RESET;
	default:
		return VFIO_EEH_PE_STATE_UNAVAIL;
	}
}

static int pnv_eeh_vfio_unfreeze(struct iommu_table_group *tg,
				 unsigned int op)
{
	struct pnv_ioda_pe *pe = pnv_eeh_pe_of(tg);
	u64 token;
	s64 rc;

	if (op == VFIO_EEH_PE_UNFREEZE_IO)
		token = OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO;
	else if (op == VFIO_EEH_PE_UNFREEZE_DMA)
		token = OPAL_EEH_ACTION_CLEAR_FREEZE_DMA;
	else
		return -EINVAL;

	rc = opal_pci_eeh_freeze_clear(pe->phb->opal_id, pe->pe_number, token);
	return rc == OPAL_SUCCESS ? 0 : -EIO;
}

static const struct spapr_eeh_pe_ops pnv_eeh_vfio_ops = {
	.get_state	= pnv_eeh_vfio_get_state,
	.unfreeze	= pnv_eeh_vfio_unfreeze,
};

static int __init pnv_eeh_vfio_init(void)
{
	spapr_eeh_set_pe_ops(&pnv_eeh_vfio_ops);
	return 0;
}
subsys_initcall(pnv_eeh_vfio_init);
