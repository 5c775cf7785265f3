// SPDX-License-Identifier: GPL-2.0
/*
 * compat OPAL wrappers: marshal each kernel OPAL call into the host's
 * opal_call(ctx, token, args, nargs), bouncing pointer arguments through
 * a scratch page in simulated memory (passed by physical address, as in
 * real mode), and opal_error_code().
 */
#include <string.h>
#include <linux/kernel.h>
#include <asm/opal.h>
#include <tcesim/mem.h>
#include "kc_internal.h"

#define KC_OPAL_SCRATCH_SIZE	4096ULL

static uint64_t kc_opal_scratch;	/* physical address, 0 = none */

int kc_opal_init(void)
{
	if (sim_mem_alloc(kc.host.mem, KC_OPAL_SCRATCH_SIZE, 0, &kc_opal_scratch))
		return -ENOMEM;
	return 0;
}

void kc_opal_teardown(void)
{
	if (kc_opal_scratch)
		sim_mem_free(kc.host.mem, kc_opal_scratch);
	kc_opal_scratch = 0;
}

static int64_t kc_opal(uint64_t token, const uint64_t *args, unsigned int n)
{
	kc.cnt.opal_calls++;
	kc_cost_charge(KC_COST_EV_OPAL, 1);
	if (!kc.host.opal_call)
		return OPAL_UNSUPPORTED;
	return kc.host.opal_call(kc.host.opal_ctx, token, args, n);
}

/* One OPAL call with its arguments widened to u64, in order. */
#define KC_OPAL(token, ...) ({						\
	const uint64_t kc_args_[] = { __VA_ARGS__ };			\
	kc_opal((token), kc_args_, ARRAY_SIZE(kc_args_));		\
})

int64_t opal_pci_set_hub_tce_memory(uint64_t hub_id, uint64_t tce_mem_addr,
				    uint64_t tce_mem_size)
{
	return KC_OPAL(OPAL_PCI_SET_HUB_TCE_MEMORY, hub_id, tce_mem_addr,
		       tce_mem_size);
}

int64_t opal_pci_set_phb_tce_memory(uint64_t phb_id, uint64_t tce_mem_addr,
				    uint64_t tce_mem_size)
{
	return KC_OPAL(OPAL_PCI_SET_PHB_TCE_MEMORY, phb_id, tce_mem_addr,
		       tce_mem_size);
}

/* Scratch layout for freeze status: u8 state, be16 type, be64 status. */
#define KC_SCR_STATE	0
#define KC_SCR_ERRTYPE	8
#define KC_SCR_PHBSTAT	16

int64_t opal_pci_eeh_freeze_status(uint64_t phb_id, uint64_t pe_number,
				   uint8_t *freeze_state,
				   __be16 *pci_error_type,
				   __be64 *phb_status)
{
	uint8_t *scr = sim_mem_host_ptr(kc.host.mem, kc_opal_scratch);
	uint64_t a[5];
	int64_t rc;

	memset(scr, 0, 24);
	a[0] = phb_id;
	a[1] = pe_number;
	a[2] = freeze_state ? kc_opal_scratch + KC_SCR_STATE : 0;
	a[3] = pci_error_type ? kc_opal_scratch + KC_SCR_ERRTYPE : 0;
	a[4] = phb_status ? kc_opal_scratch + KC_SCR_PHBSTAT : 0;
	rc = kc_opal(OPAL_PCI_EEH_FREEZE_STATUS, a, 5);
	if (freeze_state)
		*freeze_state = scr[KC_SCR_STATE];
	if (pci_error_type)
		memcpy(pci_error_type, scr + KC_SCR_ERRTYPE, sizeof(*pci_error_type));
	if (phb_status)
		memcpy(phb_status, scr + KC_SCR_PHBSTAT, sizeof(*phb_status));
	return rc;
}

int64_t opal_pci_eeh_freeze_clear(uint64_t phb_id, uint64_t pe_number,
				  uint64_t eeh_action_token)
{
	return KC_OPAL(OPAL_PCI_EEH_FREEZE_CLEAR, phb_id, pe_number,
		       eeh_action_token);
}

int64_t opal_pci_eeh_freeze_set(uint64_t phb_id, uint64_t pe_number,
				uint64_t eeh_action_token)
{
	return KC_OPAL(OPAL_PCI_EEH_FREEZE_SET, phb_id, pe_number,
		       eeh_action_token);
}

int64_t opal_pci_set_pe(uint64_t phb_id, uint64_t pe_number,
			uint64_t bus_dev_func, uint8_t bus_compare,
			uint8_t dev_compare, uint8_t func_compare,
			uint8_t pe_action)
{
	return KC_OPAL(OPAL_PCI_SET_PE, phb_id, pe_number, bus_dev_func,
		       bus_compare, dev_compare, func_compare, pe_action);
}

int64_t opal_pci_set_peltv(uint64_t phb_id, uint32_t parent_pe,
			   uint32_t child_pe, uint8_t state)
{
	return KC_OPAL(OPAL_PCI_SET_PELTV, phb_id, parent_pe, child_pe, state);
}

int64_t opal_pci_map_pe_dma_window(uint64_t phb_id, uint16_t pe_number,
				   uint16_t window_id, uint16_t tce_levels,
				   uint64_t tce_table_addr,
				   uint64_t tce_table_size,
				   uint64_t tce_page_size)
{
	return KC_OPAL(OPAL_PCI_MAP_PE_DMA_WINDOW, phb_id, pe_number, window_id,
		       tce_levels, tce_table_addr, tce_table_size,
		       tce_page_size);
}

int64_t opal_pci_map_pe_dma_window_real(uint64_t phb_id, uint16_t pe_number,
					uint16_t dma_window_number,
					uint64_t pci_start_addr,
					uint64_t pci_mem_size)
{
	return KC_OPAL(OPAL_PCI_MAP_PE_DMA_WINDOW_REAL, phb_id, pe_number,
		       dma_window_number, pci_start_addr, pci_mem_size);
}

int64_t opal_pci_reset(uint64_t id, uint8_t reset_scope, uint8_t assert_state)
{
	return KC_OPAL(OPAL_PCI_RESET, id, reset_scope, assert_state);
}

int64_t opal_pci_err_inject(uint64_t phb_id, uint32_t pe_no, uint32_t type,
			    uint32_t func, uint64_t addr, uint64_t mask)
{
	return KC_OPAL(OPAL_PCI_ERR_INJECT, phb_id, pe_no, type, func, addr,
		       mask);
}

int64_t opal_pci_tce_kill(uint64_t phb_id, uint32_t kill_type,
			  uint32_t pe_num, uint32_t tce_size,
			  uint64_t dma_addr, uint32_t npages)
{
	return KC_OPAL(OPAL_PCI_TCE_KILL, phb_id, kill_type, pe_num, tce_size,
		       dma_addr, npages);
}

int opal_error_code(int rc)
{
	switch (rc) {
	case OPAL_SUCCESS:
		return 0;
	case OPAL_PARAMETER:
		return -EINVAL;
	case OPAL_ASYNC_COMPLETION:
		return -EINPROGRESS;
	case OPAL_BUSY:
	case OPAL_BUSY_EVENT:
		return -EBUSY;
	case OPAL_NO_MEM:
		return -ENOMEM;
	case OPAL_PERMISSION:
		return -EPERM;
	default:
		return -EIO;
	}
}
