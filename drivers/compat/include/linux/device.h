/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES struct device: a name, a parent, an OF node, the
 * IOMMU group, driver data, arch data and a kref with a release callback.
 * No driver core, no sysfs: kc_sysfs_iommu_group() (kc/host.h) stands in
 * for reading /sys/bus/pci/devices/.../iommu_group.
 */
#ifndef _KC_LINUX_DEVICE_H
#define _KC_LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/printk.h>
#include <asm/device.h>

struct device_node;
struct iommu_group;

struct device {
	struct device *parent;
	struct device_node *of_node;
	struct iommu_group *iommu_group;
	void *driver_data;
	struct dev_archdata archdata;
	int numa_node;
	dev_t devt;
	struct kref kref;
	void (*release)(struct device *dev);
	char kc_name[64];
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->kc_name;
}

__printf(2, 3) int dev_set_name(struct device *dev, const char *fmt, ...);

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline int dev_to_node(const struct device *dev)
{
	return dev->numa_node;
}

/* Reference counting; the last put_device() calls dev->release. */
void device_initialize(struct device *dev);
struct device *get_device(struct device *dev);
void put_device(struct device *dev);

__printf(3, 4) void kc_dev_printk(const char *level, const struct device *dev,
				  const char *fmt, ...);

#define dev_emerg(dev, fmt, ...)  kc_dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)   kc_dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)    kc_dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)   kc_dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) kc_dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)   kc_dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)    kc_dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__)
#define dev_err_once		dev_err
#define dev_warn_once		dev_warn
#define dev_err_ratelimited	dev_err
#define dev_warn_ratelimited	dev_warn

#endif /* _KC_LINUX_DEVICE_H */
