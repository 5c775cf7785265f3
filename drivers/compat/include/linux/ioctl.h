/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES <linux/ioctl.h> (see asm/ioctl.h). */
#ifndef _KC_LINUX_IOCTL_H
#define _KC_LINUX_IOCTL_H

#include <asm/ioctl.h>

#endif /* _KC_LINUX_IOCTL_H */
