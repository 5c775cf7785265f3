// SPDX-License-Identifier: GPL-2.0
/* Names of the generic DMA outcomes (tcesim/dma.h), for logs and stats. */
#include "tcesim/dma.h"

const char *sim_fault_reason_name(enum sim_fault_reason r)
{
	static const char *const names[SIM_FAULT_MAX] = {
		[SIM_FAULT_NONE] = "none",
		[SIM_FAULT_UNSUPPORTED_ADDR] = "unsupported_addr",
		[SIM_FAULT_INVALID_PE] = "invalid_pe",
		[SIM_FAULT_INVALID_TVE] = "invalid_tve",
		[SIM_FAULT_OUT_OF_WINDOW] = "out_of_window",
		[SIM_FAULT_INVALID_INDIRECT] = "invalid_indirect",
		[SIM_FAULT_INVALID_LEAF] = "invalid_leaf",
		[SIM_FAULT_PERMISSION] = "permission",
		[SIM_FAULT_TABLE_MEMORY] = "table_memory",
		[SIM_FAULT_TARGET_MEMORY] = "target_memory",
	};

	if ((unsigned)r >= SIM_FAULT_MAX || !names[r])
		return "unknown";
	return names[r];
}

const char *sim_dma_status_name(enum sim_dma_status s)
{
	switch (s) {
	case SIM_DMA_OK:
		return "ok";
	case SIM_DMA_MSI:
		return "msi";
	case SIM_DMA_FAULT:
		return "fault";
	case SIM_DMA_FROZEN:
		return "frozen";
	}
	return "unknown";
}
