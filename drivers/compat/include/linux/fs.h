/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES files. struct file carries f_op and private_data and
 * is reference counted (fget/fput); the last fput calls f_op->release.
 * Device nodes are registered by misc_register() (linux/miscdevice.h) or
 * cdev_device_add() (linux/cdev.h) and opened from userspace with
 * kc_open("/dev/...") (kc/host.h). No VFS, no read/write/mmap paths.
 */
#ifndef _KC_LINUX_FS_H
#define _KC_LINUX_FS_H

#include <linux/types.h>
#include <linux/kdev_t.h>

struct module;
struct file;
struct cdev;

struct inode {
	dev_t i_rdev;
	struct cdev *i_cdev;		/* set for cdev nodes */
	void *i_private;
};

struct kc_debugfs_attr;

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	ssize_t (*read)(struct file *f, char __user *buf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const char __user *buf, size_t n,
			 loff_t *pos);
	long (*unlocked_ioctl)(struct file *f, unsigned int cmd,
			       unsigned long arg);
	long (*compat_ioctl)(struct file *f, unsigned int cmd,
			     unsigned long arg);
	int (*open)(struct inode *inode, struct file *f);
	int (*release)(struct inode *inode, struct file *f);
	/* compat: the getter of a DEFINE_DEBUGFS_ATTRIBUTE file. */
	const struct kc_debugfs_attr *kc_attr;
};

struct file {
	const struct file_operations *f_op;
	void *private_data;
	struct inode *f_inode;
	fmode_t f_mode;
	unsigned int f_flags;
	/* Test fields. */
	long kc_count;			/* references (fget/fput) */
	const char *kc_name;		/* node or anon-inode name */
};

#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

struct file *get_file(struct file *f);
loff_t noop_llseek(struct file *f, loff_t off, int whence);
int nonseekable_open(struct inode *inode, struct file *f);
int stream_open(struct inode *inode, struct file *f);

static inline unsigned int iminor(const struct inode *inode)
{
	return MINOR(inode->i_rdev);
}

static inline unsigned int imajor(const struct inode *inode)
{
	return MAJOR(inode->i_rdev);
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
			unsigned int count, const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);

#endif /* _KC_LINUX_FS_H */
