/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES the OPAL call wrappers. Each one marshals its
 * arguments into u64s and calls the host's opal_call(ctx, token, args, n)
 * (struct kc_host). Pointer arguments are bounced through a scratch area
 * in simulated memory and passed as its physical address, as a real-mode
 * OPAL call would see them; results are copied back. A NULL pointer
 * argument is passed as 0.
 */
#ifndef _KC_ASM_OPAL_H
#define _KC_ASM_OPAL_H

#include <linux/types.h>
#include <asm/opal-api.h>

/*
 * The firmware model links into the same host binary and may use the same
 * names for its handlers, so the kernel-side wrappers are linked under a
 * kc_ prefix; driver code keeps calling the kernel names.
 */
#define opal_pci_set_hub_tce_memory			kc_opal_pci_set_hub_tce_memory
#define opal_pci_set_phb_tce_memory			kc_opal_pci_set_phb_tce_memory
#define opal_pci_eeh_freeze_status			kc_opal_pci_eeh_freeze_status
#define opal_pci_eeh_freeze_clear			kc_opal_pci_eeh_freeze_clear
#define opal_pci_eeh_freeze_set				kc_opal_pci_eeh_freeze_set
#define opal_pci_set_pe					kc_opal_pci_set_pe
#define opal_pci_set_peltv				kc_opal_pci_set_peltv
#define opal_pci_map_pe_dma_window			kc_opal_pci_map_pe_dma_window
#define opal_pci_map_pe_dma_window_real			kc_opal_pci_map_pe_dma_window_real
#define opal_pci_reset					kc_opal_pci_reset
#define opal_pci_err_inject				kc_opal_pci_err_inject
#define opal_pci_tce_kill				kc_opal_pci_tce_kill
#define opal_error_code					kc_opal_error_code

int64_t opal_pci_set_hub_tce_memory(uint64_t hub_id, uint64_t tce_mem_addr,
				    uint64_t tce_mem_size);
int64_t opal_pci_set_phb_tce_memory(uint64_t phb_id, uint64_t tce_mem_addr,
				    uint64_t tce_mem_size);
int64_t opal_pci_eeh_freeze_status(uint64_t phb_id, uint64_t pe_number,
				   uint8_t *freeze_state,
				   __be16 *pci_error_type,
				   __be64 *phb_status);
int64_t opal_pci_eeh_freeze_clear(uint64_t phb_id, uint64_t pe_number,
				  uint64_t eeh_action_token);
int64_t opal_pci_eeh_freeze_set(uint64_t phb_id, uint64_t pe_number,
				uint64_t eeh_action_token);
int64_t opal_pci_set_pe(uint64_t phb_id, uint64_t pe_number,
			uint64_t bus_dev_func, uint8_t bus_compare,
			uint8_t dev_compare, uint8_t func_compare,
			uint8_t pe_action);
int64_t opal_pci_set_peltv(uint64_t phb_id, uint32_t parent_pe,
			   uint32_t child_pe, uint8_t state);
int64_t opal_pci_map_pe_dma_window(uint64_t phb_id, uint16_t pe_number,
				   uint16_t window_id, uint16_t tce_levels,
				   uint64_t tce_table_addr,
				   uint64_t tce_table_size,
				   uint64_t tce_page_size);
int64_t opal_pci_map_pe_dma_window_real(uint64_t phb_id, uint16_t pe_number,
					uint16_t dma_window_number,
					uint64_t pci_start_addr,
					uint64_t pci_mem_size);
int64_t opal_pci_reset(uint64_t id, uint8_t reset_scope,
		       uint8_t assert_state);
int64_t opal_pci_err_inject(uint64_t phb_id, uint32_t pe_no, uint32_t type,
			    uint32_t func, uint64_t addr, uint64_t mask);
int64_t opal_pci_tce_kill(uint64_t phb_id, uint32_t kill_type,
			  uint32_t pe_num, uint32_t tce_size,
			  uint64_t dma_addr, uint32_t npages);

/* OPAL return code -> -errno (SUCCESS 0, PARAMETER -EINVAL, BUSY -EBUSY,
 * NO_MEM -ENOMEM, PERMISSION -EPERM, ASYNC -EINPROGRESS, others -EIO). */
int opal_error_code(int rc);

#endif /* _KC_ASM_OPAL_H */
