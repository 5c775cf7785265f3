// SPDX-License-Identifier: GPL-2.0
/* Names of the generic DMA outcomes (tcesim/dma.h), for logs and stats. */
#include "tcesim/dma.h"

const char *sim_fault_reason_name(enum sim_fault_reason r)
{
#define NAME(R, NAME_, name) [SIM_FAULT_##NAME_] = #name,
	static const char *const names[SIM_FAULT_MAX] = {
		[SIM_FAULT_NONE] = "none",
		SIM_FAULT_REASON_LIST(NAME, _)
	};
#undef NAME

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
