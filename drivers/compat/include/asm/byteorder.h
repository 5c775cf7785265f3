/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES asm/byteorder.h (see linux/byteorder.h). */
#include <linux/byteorder.h>
