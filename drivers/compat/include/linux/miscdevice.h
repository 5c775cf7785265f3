/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES misc devices. The node is /dev/<nodename> when
 * nodename is set (e.g. "vfio/vfio"), else /dev/<name>. As in the
 * kernel, open sets file->private_data to the struct miscdevice before
 * calling fops->open.
 */
#ifndef _KC_LINUX_MISCDEVICE_H
#define _KC_LINUX_MISCDEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/fs.h>

#define MISC_DYNAMIC_MINOR	255
#define VFIO_MINOR		196

struct device;

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const char *nodename;
	umode_t mode;
};

/* 0, -EBUSY (node name taken) or -ENOMEM. */
int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);

#endif /* _KC_LINUX_MISCDEVICE_H */
