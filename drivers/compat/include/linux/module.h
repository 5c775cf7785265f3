/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS module metadata and refcounting (everything is built in). */
#ifndef _KC_LINUX_MODULE_H
#define _KC_LINUX_MODULE_H

#include <linux/types.h>
#include <linux/init.h>
#include <linux/export.h>

struct module;

#define THIS_MODULE			((struct module *)0)
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_ALIAS_MISCDEV(x)
#define MODULE_ALIAS_CHARDEV(x, y)
#define MODULE_SOFTDEP(x)
#define MODULE_IMPORT_NS(x)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define MODULE_PARM_DESC(name, desc)

static inline bool try_module_get(struct module *m)
{
	(void)m;
	return true;
}

static inline void module_put(struct module *m)
{
	(void)m;
}

static inline void __module_get(struct module *m)
{
	(void)m;
}

#endif /* _KC_LINUX_MODULE_H */
