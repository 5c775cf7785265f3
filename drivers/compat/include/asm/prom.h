/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES asm/prom.h as the OF API (see linux/of.h). */
#include <linux/of.h>
