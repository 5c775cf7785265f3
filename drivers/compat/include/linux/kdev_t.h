/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the kernel-internal dev_t encoding (12:20). */
#ifndef _KC_LINUX_KDEV_T_H
#define _KC_LINUX_KDEV_T_H

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (dev_t)(mi))

#endif /* _KC_LINUX_KDEV_T_H */
