/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-internal VFIO API between the VFIO core (vfio/vfio_main.c: the
 * container and group character devices) and IOMMU backend drivers such
 * as the sPAPR TCE IOMMU (vfio/vfio_iommu_spapr_tce.c). The userspace ABI
 * (ioctl numbers, structures) comes from <uapi/linux/vfio.h>.
 */
#ifndef _LINUX_VFIO_H
#define _LINUX_VFIO_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/iommu.h>
#include <uapi/linux/vfio.h>

/*
 * An IOMMU backend. iommu_data is what open() returned; ioctl() is also
 * called with iommu_data == NULL for VFIO_CHECK_EXTENSION while the
 * container has no backend yet.
 */
struct vfio_iommu_driver_ops {
	const char *name;
	void *(*open)(unsigned long arg);	/* arg: extension id */
	void (*release)(void *iommu_data);
	long (*ioctl)(void *iommu_data, unsigned int cmd, unsigned long arg);
	int (*attach_group)(void *iommu_data, struct iommu_group *group);
	void (*detach_group)(void *iommu_data, struct iommu_group *group);
};

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops);
void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops);

/*
 * EEH for sPAPR IOMMU backends (vfio/vfio_spapr_eeh.c):
 * VFIO_CHECK_EXTENSION(VFIO_EEH) (group unused) and VFIO_EEH_PE_OP on
 * the PE of group; -ENOTTY for any other cmd.
 */
long vfio_spapr_iommu_eeh_ioctl(struct iommu_group *group, unsigned int cmd,
				unsigned long arg);

/*
 * VFIO ioctls are _IO(';', nr): 0x3B00 | nr with the generic encoding
 * and 0x20000000 | 0x3B00 | nr with powerpc's (_IOC_NONE = 1 at bit 29).
 * Both are accepted; the core folds them to the generic value before
 * anyone looks at the command.
 */
#define VFIO_IOCTL_PPC_NONE	0x20000000U

static inline unsigned int vfio_ioctl_canonical(unsigned int cmd)
{
	if ((cmd & 0xffff0000U) == VFIO_IOCTL_PPC_NONE &&
	    ((cmd >> 8) & 0xff) == VFIO_TYPE)
		return cmd & 0xffffU;
	return cmd;
}

#endif /* _LINUX_VFIO_H */
