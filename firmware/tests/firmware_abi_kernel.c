// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_abi, the kernel's side: the OPAL ABI numbers the driver stack
 * is built with (drivers/compat asm/opal-api.h), keyed by the firmware's
 * names (firmware_abi.h), rows from firmware_abi_opal.def; the
 * bus-compare values are an enum there.
 */
#include <asm/opal-api.h>

#include "firmware_abi.h"

#define OPAL_ABI(name) { #name, (uint64_t)(name) },
#define OPAL_ABI_ENUM(name, kname) { #name, (uint64_t)(kname) },
const struct abi_value abi_kernel_opal[] = {
#include "firmware_abi_opal.def"
};

const size_t abi_kernel_nopal =
	sizeof(abi_kernel_opal) / sizeof(abi_kernel_opal[0]);
