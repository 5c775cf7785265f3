/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES debugfs as an in-memory tree that the host reads
 * like userspace reads /sys/kernel/debug (kc_debugfs_read/_list in
 * <kc/host.h>). Only what the drivers use: directories, read-only
 * unsigned long / x64 files, and u64 attribute files with a getter
 * (DEFINE_DEBUGFS_ATTRIBUTE + debugfs_create_file_unsafe); lookup and
 * removal. Differences from the kernel:
 *   - nodes live on the untracked libc heap: they are not kernel
 *     allocations for the counters, leak checks or fail-nth (a host test
 *     hook, kc_debugfs_fail(), makes every creation fail instead);
 *   - file_operations made by DEFINE_DEBUGFS_ATTRIBUTE carry the getter
 *     in kc_attr; the real simple_attr open/read are not modelled (a read
 *     prints the u64 in decimal, or in 0x hex if the format has an 'x');
 *   - writes are not supported (every file is read-only);
 *   - debugfs_lookup takes no reference (there is nothing to dput).
 * As in the kernel, failures return ERR_PTR values that callers ignore;
 * an ERR_PTR parent makes creation fail quietly, a NULL parent means the
 * root; removing an ERR_PTR or NULL dentry does nothing.
 */
#ifndef _KC_LINUX_DEBUGFS_H
#define _KC_LINUX_DEBUGFS_H

#include <linux/types.h>
#include <linux/err.h>
#include <linux/fs.h>

struct dentry;

/* The getter/setter pair a DEFINE_DEBUGFS_ATTRIBUTE records. */
struct kc_debugfs_attr {
	int (*get)(void *data, u64 *val);
	int (*set)(void *data, u64 val);
	const char *fmt;
};

#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt)		\
	static const struct kc_debugfs_attr __fops##_kc_attr = {	\
		.get = (__get), .set = (__set), .fmt = (__fmt) };	\
	static const struct file_operations __fops = {			\
		.kc_attr = &__fops##_kc_attr,				\
	}

#define DEFINE_SIMPLE_ATTRIBUTE(__fops, __get, __set, __fmt)		\
	DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt)

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
/* fops must come from DEFINE_DEBUGFS_ATTRIBUTE; else ERR_PTR(-EINVAL). */
struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode,
					  struct dentry *parent, void *data,
					  const struct file_operations *fops);
struct dentry *debugfs_create_file(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops);
/* Reads print *value in decimal ("%lu\n"). */
void debugfs_create_ulong(const char *name, umode_t mode,
			  struct dentry *parent, unsigned long *value);
/* Reads print *value as 0x%016llx, as the kernel's x64 files do. */
void debugfs_create_x64(const char *name, umode_t mode,
			struct dentry *parent, u64 *value);
/* NULL when absent. */
struct dentry *debugfs_lookup(const char *name, struct dentry *parent);
void debugfs_lookup_and_remove(const char *name, struct dentry *parent);
void debugfs_remove(struct dentry *dentry);	/* recursive, as today */
void debugfs_remove_recursive(struct dentry *dentry);

#endif /* _KC_LINUX_DEBUGFS_H */
