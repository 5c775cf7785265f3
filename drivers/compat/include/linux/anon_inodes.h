/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES anonymous-inode files (e.g. a VFIO device fd). */
#ifndef _KC_LINUX_ANON_INODES_H
#define _KC_LINUX_ANON_INODES_H

#include <linux/fs.h>

/* New file with fops/priv (no open call), or ERR_PTR(-ENOMEM). */
struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags);
/* Same, installed in current's fd table: the fd, or -errno. */
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags);

#endif /* _KC_LINUX_ANON_INODES_H */
