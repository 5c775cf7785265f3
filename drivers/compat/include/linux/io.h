/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES <linux/io.h> as asm/io.h. */
#include <asm/io.h>
