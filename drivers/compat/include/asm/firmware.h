/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS firmware features: the machine always runs OPAL. */
#ifndef _KC_ASM_FIRMWARE_H
#define _KC_ASM_FIRMWARE_H

#define FW_FEATURE_OPAL		0x1UL
#define firmware_has_feature(f)	(((f) & FW_FEATURE_OPAL) != 0)

#endif /* _KC_ASM_FIRMWARE_H */
