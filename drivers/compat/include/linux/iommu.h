/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the IOMMU-group core: groups with ids, names,
 * iommudata and a device list, reference counted (iommu_group_alloc gives
 * one reference; each device holds one; iommu_group_get takes one). The
 * last iommu_group_put calls the iommudata release and frees the group.
 */
#ifndef _KC_LINUX_IOMMU_H
#define _KC_LINUX_IOMMU_H

#include <linux/types.h>
#include <linux/err.h>
#include <linux/device.h>

#define IOMMU_READ	(1 << 0)
#define IOMMU_WRITE	(1 << 1)

struct iommu_group;

/* New group with a fresh id, or ERR_PTR(-ENOMEM). */
struct iommu_group *iommu_group_alloc(void);
struct iommu_group *iommu_group_get(struct device *dev);
struct iommu_group *iommu_group_ref_get(struct iommu_group *group);
void iommu_group_put(struct iommu_group *group);
/* 0, -EBUSY (dev already in a group) or -ENOMEM. */
int iommu_group_add_device(struct iommu_group *group, struct device *dev);
void iommu_group_remove_device(struct device *dev);
int iommu_group_id(struct iommu_group *group);
int iommu_group_set_name(struct iommu_group *group, const char *name);
const char *kc_iommu_group_name(struct iommu_group *group);
void iommu_group_set_iommudata(struct iommu_group *group, void *iommu_data,
			       void (*release)(void *iommu_data));
void *iommu_group_get_iommudata(struct iommu_group *group);
/* Calls fn for each device until it returns nonzero; returns that value. */
int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data));
/* Reference to the live group with this id, or NULL. */
struct iommu_group *iommu_group_get_by_id(int id);

#endif /* _KC_LINUX_IOMMU_H */
