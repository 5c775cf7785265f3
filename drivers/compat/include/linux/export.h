/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS symbol export (one static library, no modules). */
#ifndef _KC_LINUX_EXPORT_H
#define _KC_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)

#endif /* _KC_LINUX_EXPORT_H */
