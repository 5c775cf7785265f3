/* SPDX-License-Identifier: GPL-2.0 */
/*
 * firmware_abi: what the firmware shares with its neighbours, each side
 * seen from its own headers in its own translation unit (their names
 * clash, so no unit includes two of them):
 *   firmware_abi_test.c    the firmware's view (phb3-regs.h, p5ioc2-regs.h,
 *                          tcesim/opal.h) and the checks;
 *   firmware_abi_model.c   the model's register fields (model/phb3_regs.h,
 *                          model/p5ioc2_regs.h);
 *   firmware_abi_kernel.c  the kernel's OPAL ABI (drivers/compat
 *                          asm/opal-api.h).
 * Each table is keyed by the firmware's name for the value.
 */
#ifndef FIRMWARE_ABI_TEST_H
#define FIRMWARE_ABI_TEST_H

#include <stddef.h>
#include <stdint.h>

struct abi_value {
	const char *name;
	uint64_t value;		/* signed values stored two's complement */
};

extern const struct abi_value abi_model_fields[];
extern const size_t abi_model_nfields;
extern const struct abi_value abi_kernel_opal[];
extern const size_t abi_kernel_nopal;

#endif /* FIRMWARE_ABI_TEST_H */
