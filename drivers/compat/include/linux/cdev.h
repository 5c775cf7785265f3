/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES character devices, cut down to the mainline pattern
 * VFIO uses for group nodes: cdev_init(&cdev, fops), dev_set_name(&dev,
 * "vfio/%d", id), cdev_device_add(&cdev, &dev) -> node /dev/<dev_name>.
 * Opening it sets inode->i_cdev (container_of gives the owner) and calls
 * fops->open. cdev_device_del removes the node; open files stay valid.
 */
#ifndef _KC_LINUX_CDEV_H
#define _KC_LINUX_CDEV_H

#include <linux/types.h>
#include <linux/fs.h>

struct device;
struct module;

struct cdev {
	const struct file_operations *ops;
	struct module *owner;
	dev_t dev;
	/* Test fields. */
	void *kc_node;			/* registered node, or NULL */
};

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
/* 0, -EBUSY (node name taken) or -ENOMEM. */
int cdev_device_add(struct cdev *cdev, struct device *dev);
void cdev_device_del(struct cdev *cdev, struct device *dev);

#endif /* _KC_LINUX_CDEV_H */
