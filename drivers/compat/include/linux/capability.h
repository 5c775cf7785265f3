/* SPDX-License-Identifier: GPL-2.0 */
/* compat: CUSTOMISES capabilities: a per-process bit set (kc/host.h). */
#ifndef _KC_LINUX_CAPABILITY_H
#define _KC_LINUX_CAPABILITY_H

#include <linux/types.h>

#define CAP_IPC_LOCK		14
#define CAP_SYS_RAWIO		17
#define CAP_SYS_RESOURCE	24
#define CAP_SYS_ADMIN		21

struct task_struct;

bool capable(int cap);
bool has_capability(struct task_struct *t, int cap);

#endif /* _KC_LINUX_CAPABILITY_H */
