// SPDX-License-Identifier: GPL-2.0
/*
 * EEH for VFIO on sPAPR: the platform installs its PE operations here
 * (<asm/spapr-eeh.h>), and the sPAPR TCE IOMMU passes the VFIO_EEH
 * extension query and every VFIO_EEH_PE_OP request, one IOMMU group at
 * a time, to vfio_spapr_iommu_eeh_ioctl(). It checks the request and
 * asks the platform about the PE behind the group. PE reset, configure
 * and error injection are not modelled: they give -ENODEV, as does any
 * operation while no platform ops are installed.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <linux/iommu.h>
#include <linux/export.h>
#include <linux/vfio.h>
#include <asm/spapr-eeh.h>

static const struct spapr_eeh_pe_ops *spapr_eeh_ops;

void spapr_eeh_set_pe_ops(const struct spapr_eeh_pe_ops *ops)
{
	spapr_eeh_ops = ops;
}
EXPORT_SYMBOL_GPL(spapr_eeh_set_pe_ops);

/* Run one checked PE operation on the PE behind table_group. */
static long vfio_spapr_eeh_pe_op(struct iommu_table_group *table_group,
				 unsigned int op)
{
	if (!spapr_eeh_ops || !table_group)
		return -ENODEV;

	switch (op) {
	case VFIO_EEH_PE_DISABLE:
	case VFIO_EEH_PE_ENABLE:
		return 0;
	case VFIO_EEH_PE_UNFREEZE_IO:
	case VFIO_EEH_PE_UNFREEZE_DMA:
		if (!spapr_eeh_ops->unfreeze)
			return -ENODEV;
		return spapr_eeh_ops->unfreeze(table_group, op);
	case VFIO_EEH_PE_GET_STATE:
		if (!spapr_eeh_ops->get_state)
			return -ENODEV;
		return spapr_eeh_ops->get_state(table_group);
	default:
		/* Reset, configure and injection: not modelled. */
		return -ENODEV;
	}
}

/*
 * VFIO_CHECK_EXTENSION(VFIO_EEH): 1 while the platform supports EEH.
 * VFIO_EEH_PE_OP: arg is the user's struct vfio_eeh_pe_op, applied to
 * the PE of group; the operation's result or -errno.
 */
long vfio_spapr_iommu_eeh_ioctl(struct iommu_group *group, unsigned int cmd,
				unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_eeh_pe_op, op);
	struct vfio_eeh_pe_op op;

	switch (cmd) {
	case VFIO_CHECK_EXTENSION:
		return arg == VFIO_EEH && spapr_eeh_ops ? 1 : 0;
	case VFIO_EEH_PE_OP:
		if (copy_from_user(&op, (void __user *)arg, minsz))
			return -EFAULT;
		if (op.argsz < minsz || op.flags)
			return -EINVAL;
		if (op.op > VFIO_EEH_PE_INJECT_ERR)
			return -EINVAL;
		if (op.op == VFIO_EEH_PE_INJECT_ERR &&
		    op.argsz < offsetofend(struct vfio_eeh_pe_op, err.mask))
			return -EINVAL;
		return vfio_spapr_eeh_pe_op(iommu_group_get_iommudata(group),
					    op.op);
	default:
		return -ENOTTY;
	}
}
EXPORT_SYMBOL_GPL(vfio_spapr_iommu_eeh_ioctl);
