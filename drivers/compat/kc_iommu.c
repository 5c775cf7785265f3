// SPDX-License-Identifier: GPL-2.0
/*
 * compat IOMMU-group core: reference-counted groups with ids, a name,
 * iommudata and member devices (<linux/iommu.h>).
 */
#include <string.h>
#include <linux/iommu.h>
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/kref.h>
#include "kc_internal.h"

struct iommu_group {
	struct kref kref;
	int id;
	char *name;
	void *iommu_data;
	void (*iommu_data_release)(void *iommu_data);
	struct list_head devices;	/* struct kc_group_dev */
	struct list_head node;		/* kc_groups */
};

struct kc_group_dev {
	struct list_head node;
	struct device *dev;
};

static LIST_HEAD(kc_groups);
static DEFINE_IDA(kc_group_ida);

struct iommu_group *iommu_group_alloc(void)
{
	struct iommu_group *group = kzalloc(sizeof(*group), GFP_KERNEL);
	int id;

	if (!group)
		return ERR_PTR(-ENOMEM);
	id = ida_alloc(&kc_group_ida, GFP_KERNEL);
	if (id < 0) {
		kfree(group);
		return ERR_PTR(id);
	}
	group->id = id;
	kref_init(&group->kref);
	INIT_LIST_HEAD(&group->devices);
	list_add_tail(&group->node, &kc_groups);
	kc.cnt.iommu_groups_live++;
	return group;
}

static void kc_group_release(struct kref *kref)
{
	struct iommu_group *group = container_of(kref, struct iommu_group, kref);

	WARN_ON(!list_empty(&group->devices));
	if (group->iommu_data_release)
		group->iommu_data_release(group->iommu_data);
	ida_free(&kc_group_ida, (unsigned int)group->id);
	list_del(&group->node);
	kfree(group->name);
	kfree(group);
	kc.cnt.iommu_groups_live--;
}

struct iommu_group *iommu_group_ref_get(struct iommu_group *group)
{
	kref_get(&group->kref);
	return group;
}

struct iommu_group *iommu_group_get(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	if (group)
		kref_get(&group->kref);
	return group;
}

void iommu_group_put(struct iommu_group *group)
{
	if (group)
		kref_put(&group->kref, kc_group_release);
}

int iommu_group_add_device(struct iommu_group *group, struct device *dev)
{
	struct kc_group_dev *gd;

	if (dev->iommu_group)
		return -EBUSY;
	gd = kzalloc(sizeof(*gd), GFP_KERNEL);
	if (!gd)
		return -ENOMEM;
	gd->dev = dev;
	list_add_tail(&gd->node, &group->devices);
	dev->iommu_group = group;
	kref_get(&group->kref);
	return 0;
}

void iommu_group_remove_device(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;
	struct kc_group_dev *gd;

	if (!group)
		return;
	list_for_each_entry(gd, &group->devices, node)
		if (gd->dev == dev) {
			list_del(&gd->node);
			kfree(gd);
			break;
		}
	dev->iommu_group = NULL;
	iommu_group_put(group);
}

int iommu_group_id(struct iommu_group *group)
{
	return group->id;
}

int iommu_group_set_name(struct iommu_group *group, const char *name)
{
	char *n = NULL;

	if (name) {
		n = kstrdup(name, GFP_KERNEL);
		if (!n)
			return -ENOMEM;
	}
	kfree(group->name);
	group->name = n;
	return 0;
}

const char *kc_iommu_group_name(struct iommu_group *group)
{
	return group->name;
}

void iommu_group_set_iommudata(struct iommu_group *group, void *iommu_data,
			       void (*release)(void *iommu_data))
{
	group->iommu_data = iommu_data;
	group->iommu_data_release = release;
}

void *iommu_group_get_iommudata(struct iommu_group *group)
{
	return group->iommu_data;
}

int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data))
{
	struct kc_group_dev *gd, *n;
	int rc = 0;

	list_for_each_entry_safe(gd, n, &group->devices, node) {
		rc = fn(gd->dev, data);
		if (rc)
			break;
	}
	return rc;
}

struct iommu_group *iommu_group_get_by_id(int id)
{
	struct iommu_group *group;

	list_for_each_entry(group, &kc_groups, node)
		if (group->id == id)
			return iommu_group_ref_get(group);
	return NULL;
}

/* After the kernel heap sweep has freed any leaked groups. */
void kc_iommu_teardown(void)
{
	INIT_LIST_HEAD(&kc_groups);
	ida_init(&kc_group_ida);
}
