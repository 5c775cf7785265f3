/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES swab16/32/64 (see byteorder.h). */
#include <linux/byteorder.h>
