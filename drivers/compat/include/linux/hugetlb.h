/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the hugetlb predicates (see linux/mm.h). */
#ifndef _KC_LINUX_HUGETLB_H
#define _KC_LINUX_HUGETLB_H

#include <linux/mm.h>

#endif /* _KC_LINUX_HUGETLB_H */
