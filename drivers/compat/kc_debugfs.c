// SPDX-License-Identifier: GPL-2.0
/*
 * compat debugfs (linux/debugfs.h): an in-memory tree of directories and
 * read-only value files, and the host side that reads it like userspace
 * reads /sys/kernel/debug (kc_debugfs_read, kc_debugfs_list in
 * kc/host.h). Nodes are on the libc heap, not the tracked kernel heap.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_internal.h"
#include <linux/debugfs.h>

#define KC_DEBUGFS_NAME_MAX 64

enum kc_dnode_kind { KC_D_DIR, KC_D_ULONG, KC_D_X64, KC_D_ATTR };

struct dentry {
	char name[KC_DEBUGFS_NAME_MAX];
	enum kc_dnode_kind kind;
	struct dentry *parent;
	struct dentry *child;		/* first child (directories) */
	struct dentry *next;		/* next sibling */
	void *data;			/* value pointer or attribute data */
	const struct kc_debugfs_attr *attr;
};

/* The root stands for /sys/kernel/debug itself. */
static struct dentry kc_debugfs_root = { .name = "", .kind = KC_D_DIR };
static bool kc_debugfs_failing;

void kc_debugfs_fail(bool on)
{
	kc_debugfs_failing = on;
}

static struct dentry *kc_dchild(struct dentry *dir, const char *name,
				size_t len)
{
	struct dentry *d;

	for (d = dir->child; d; d = d->next)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d;
	return NULL;
}

static struct dentry *kc_dcreate(const char *name, struct dentry *parent,
				 enum kc_dnode_kind kind)
{
	struct dentry *d, **pp;

	if (IS_ERR(parent))
		return ERR_CAST(parent);
	if (!parent)
		parent = &kc_debugfs_root;
	if (parent->kind != KC_D_DIR || !name || !*name || strchr(name, '/') ||
	    strlen(name) >= KC_DEBUGFS_NAME_MAX)
		return ERR_PTR(-EINVAL);
	if (kc_dchild(parent, name, strlen(name)))
		return ERR_PTR(-EEXIST);
	if (kc_debugfs_failing)
		return ERR_PTR(-ENOMEM);
	d = calloc(1, sizeof(*d));
	if (!d)
		return ERR_PTR(-ENOMEM);
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->kind = kind;
	d->parent = parent;
	/* Keep creation order, as a directory listing would show it. */
	for (pp = &parent->child; *pp; pp = &(*pp)->next)
		;
	*pp = d;
	return d;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return kc_dcreate(name, parent, KC_D_DIR);
}

struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode,
					  struct dentry *parent, void *data,
					  const struct file_operations *fops)
{
	struct dentry *d;

	(void)mode;
	if (!fops || !fops->kc_attr || !fops->kc_attr->get)
		return ERR_PTR(-EINVAL);
	d = kc_dcreate(name, parent, KC_D_ATTR);
	if (!IS_ERR(d)) {
		d->data = data;
		d->attr = fops->kc_attr;
	}
	return d;
}

struct dentry *debugfs_create_file(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	return debugfs_create_file_unsafe(name, mode, parent, data, fops);
}

void debugfs_create_ulong(const char *name, umode_t mode,
			  struct dentry *parent, unsigned long *value)
{
	struct dentry *d = kc_dcreate(name, parent, KC_D_ULONG);

	(void)mode;
	if (!IS_ERR(d))
		d->data = value;
}

void debugfs_create_x64(const char *name, umode_t mode,
			struct dentry *parent, u64 *value)
{
	struct dentry *d = kc_dcreate(name, parent, KC_D_X64);

	(void)mode;
	if (!IS_ERR(d))
		d->data = value;
}

struct dentry *debugfs_lookup(const char *name, struct dentry *parent)
{
	if (IS_ERR(parent) || !name)
		return NULL;
	if (!parent)
		parent = &kc_debugfs_root;
	return kc_dchild(parent, name, strlen(name));
}

static void kc_dfree(struct dentry *d)
{
	while (d->child) {
		struct dentry *c = d->child;

		d->child = c->next;
		kc_dfree(c);
	}
	if (d != &kc_debugfs_root)
		free(d);
}

void debugfs_remove(struct dentry *dentry)
{
	struct dentry **pp;

	if (IS_ERR_OR_NULL(dentry) || dentry == &kc_debugfs_root)
		return;
	for (pp = &dentry->parent->child; *pp && *pp != dentry;
	     pp = &(*pp)->next)
		;
	if (*pp)
		*pp = dentry->next;
	kc_dfree(dentry);
}

void debugfs_remove_recursive(struct dentry *dentry)
{
	debugfs_remove(dentry);
}

void debugfs_lookup_and_remove(const char *name, struct dentry *parent)
{
	debugfs_remove(debugfs_lookup(name, parent));
}

void kc_debugfs_teardown(void)
{
	kc_dfree(&kc_debugfs_root);
	kc_debugfs_failing = false;
}

/* --- host side ------------------------------------------------------- */

static struct dentry *kc_dwalk(const char *path)
{
	struct dentry *d = &kc_debugfs_root;

	if (!path)
		return NULL;
	while (*path) {
		size_t len;

		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (!len)
			break;
		if (d->kind != KC_D_DIR)
			return NULL;
		d = kc_dchild(d, path, len);
		if (!d)
			return NULL;
		path += len;
	}
	return d;
}

int kc_debugfs_read(const char *path, char *buf, size_t len)
{
	struct dentry *d = kc_dwalk(path);
	char tmp[64];
	u64 val = 0;
	int n, rc;

	if (!buf || !len)
		return -EINVAL;
	if (!d)
		return -ENOENT;
	switch (d->kind) {
	case KC_D_DIR:
		return -EISDIR;
	case KC_D_ULONG:
		n = snprintf(tmp, sizeof(tmp), "%lu\n",
			     *(unsigned long *)d->data);
		break;
	case KC_D_X64:
		n = snprintf(tmp, sizeof(tmp), "0x%016" PRIx64 "\n",
			     (uint64_t)*(u64 *)d->data);
		break;
	default:
		rc = d->attr->get(d->data, &val);
		if (rc)
			return rc < 0 ? rc : -EIO;
		/* The kernel formats with the attribute's format string;
		 * every format the drivers use prints one u64 in decimal
		 * or hex, which this covers without a runtime format. */
		if (d->attr->fmt && strstr(d->attr->fmt, "x"))
			n = snprintf(tmp, sizeof(tmp), "0x%" PRIx64 "\n",
				     (uint64_t)val);
		else
			n = snprintf(tmp, sizeof(tmp), "%" PRIu64 "\n",
				     (uint64_t)val);
		break;
	}
	if ((size_t)n >= len)
		return -EOVERFLOW;
	memcpy(buf, tmp, (size_t)n + 1);
	return n;
}

int kc_debugfs_read_u64(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int n = kc_debugfs_read(path, buf, sizeof(buf));

	if (n < 0)
		return n;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || (*end != '\n' && *end))
		return -EINVAL;
	return 0;
}

int kc_debugfs_list(const char *dir, char *buf, size_t len)
{
	struct dentry *d = kc_dwalk(dir), *c;
	size_t used = 0;
	int count = 0;

	if (!buf || !len)
		return -EINVAL;
	if (!d)
		return -ENOENT;
	if (d->kind != KC_D_DIR)
		return -ENOTDIR;
	buf[0] = '\0';
	for (c = d->child; c; c = c->next) {
		size_t n = strlen(c->name);

		if (used + n + 2 > len)
			return -EOVERFLOW;
		memcpy(buf + used, c->name, n);
		used += n;
		buf[used++] = '\n';
		buf[used] = '\0';
		count++;
	}
	return count;
}
