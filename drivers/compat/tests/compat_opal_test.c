// SPDX-License-Identifier: GPL-2.0
/*
 * compat_opal: each OPAL wrapper passes its token and arguments in order
 * to the host's opal_call; pointer arguments arrive as simulated physical
 * addresses and results written there come back to the kernel.
 */
#include "check_auto.h"
#include <linux/kernel.h>
#include <asm/opal.h>
#include "kc_test_machine.h"

static void setup(void) { kt_setup(); }
static void teardown(void) { kt_teardown(); }

CK_TEST("compat_opal", set_pe_passes_token_and_seven_args)
{
	kt.opal_ret = OPAL_SUCCESS;
	ck_assert_int_eq(opal_pci_set_pe(3, 5, 0x0108, OpalPciBusAll,
					 OPAL_COMPARE_RID_DEVICE_NUMBER,
					 OPAL_COMPARE_RID_FUNCTION_NUMBER,
					 OPAL_MAP_PE), 0);
	ck_assert_uint_eq(kt.opal_token, 31);
	ck_assert_uint_eq(kt.opal_nargs, 7);
	ck_assert_uint_eq(kt.opal_args[0], 3);
	ck_assert_uint_eq(kt.opal_args[1], 5);
	ck_assert_uint_eq(kt.opal_args[2], 0x0108);
	ck_assert_uint_eq(kt.opal_args[3], 7);
	ck_assert_uint_eq(kt.opal_args[4], 1);
	ck_assert_uint_eq(kt.opal_args[5], 1);
	ck_assert_uint_eq(kt.opal_args[6], 1);
}
END_TEST

CK_TEST("compat_opal", map_pe_dma_window_passes_return_code_through)
{
	kt.opal_ret = OPAL_PARAMETER;
	ck_assert_int_eq(opal_pci_map_pe_dma_window(1, 2, 5, 1, 0x4000000,
						    0x400000, 0x1000),
			 OPAL_PARAMETER);
	ck_assert_uint_eq(kt.opal_token, 44);
	ck_assert_uint_eq(kt.opal_nargs, 7);
	ck_assert_uint_eq(kt.opal_args[2], 5);
	ck_assert_uint_eq(kt.opal_args[4], 0x4000000);
	ck_assert_uint_eq(kt.opal_args[6], 0x1000);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(1, 2, 5,
				0x0800000000000000ull, 1ull << 40), OPAL_PARAMETER);
	ck_assert_uint_eq(kt.opal_token, 45);
	ck_assert_uint_eq(kt.opal_args[3], 0x0800000000000000ull);
	opal_pci_tce_kill(1, OPAL_PCI_TCE_KILL_PE, 2, 12, 0, 0);
	ck_assert_uint_eq(kt.opal_token, 126);
	opal_pci_set_phb_tce_memory(4, 0x1000000, 0x800000);
	ck_assert_uint_eq(kt.opal_token, 12);
	opal_pci_set_hub_tce_memory(4, 0x1000000, 0x1000000);
	ck_assert_uint_eq(kt.opal_token, 11);
	opal_pci_eeh_freeze_clear(1, 2, OPAL_EEH_ACTION_CLEAR_FREEZE_ALL);
	ck_assert_uint_eq(kt.opal_token, 26);
	opal_pci_eeh_freeze_set(1, 2, OPAL_EEH_ACTION_SET_FREEZE_DMA);
	ck_assert_uint_eq(kt.opal_token, 97);
	opal_pci_set_peltv(1, 2, 3, OPAL_ADD_PE_TO_DOMAIN);
	ck_assert_uint_eq(kt.opal_token, 32);
}
END_TEST

/* Firmware side: write results through the physical addresses. */
static void freeze_hook(struct kt_machine *m)
{
	uint8_t state = OPAL_EEH_STOPPED_DMA_FREEZE;

	ck_assert(sim_mem_in_ram(m->mem, m->opal_args[2], 1));
	ck_assert(sim_mem_in_ram(m->mem, m->opal_args[3], 2));
	sim_mem_write(m->mem, m->opal_args[2], &state, 1);
	sim_mem_write_be16(m->mem, m->opal_args[3], OPAL_EEH_PE_ERROR);
	if (m->opal_args[4])
		sim_mem_write_be64(m->mem, m->opal_args[4], 0x1234);
}

CK_TEST("compat_opal", freeze_status_bounces_pointer_args_through_simulated_memory)
{
	uint8_t state = 0xff;
	__be16 type = 0;
	__be64 status = 0;

	kt.opal_hook = freeze_hook;
	ck_assert_int_eq(opal_pci_eeh_freeze_status(1, 7, &state, &type,
						    &status), 0);
	ck_assert_uint_eq(kt.opal_token, 23);
	ck_assert_uint_eq(kt.opal_args[1], 7);
	ck_assert_uint_ne(kt.opal_args[2], (uint64_t)(uintptr_t)&state);
	ck_assert_uint_eq(state, OPAL_EEH_STOPPED_DMA_FREEZE);
	ck_assert_uint_eq(be16_to_cpu(type), OPAL_EEH_PE_ERROR);
	ck_assert_uint_eq(be64_to_cpu(status), 0x1234);
	/* A NULL pointer travels as 0. */
	state = 0;
	ck_assert_int_eq(opal_pci_eeh_freeze_status(1, 7, &state, &type, NULL),
			 0);
	ck_assert_uint_eq(kt.opal_args[4], 0);
	ck_assert_uint_eq(state, OPAL_EEH_STOPPED_DMA_FREEZE);
}
END_TEST

CK_TEST("compat_opal", opal_error_code_maps_to_errno)
{
	ck_assert_int_eq(opal_error_code(OPAL_SUCCESS), 0);
	ck_assert_int_eq(opal_error_code(OPAL_PARAMETER), -EINVAL);
	ck_assert_int_eq(opal_error_code(OPAL_BUSY), -EBUSY);
	ck_assert_int_eq(opal_error_code(OPAL_NO_MEM), -ENOMEM);
	ck_assert_int_eq(opal_error_code(OPAL_HARDWARE), -EIO);
	ck_assert_int_eq(opal_error_code(OPAL_UNSUPPORTED), -EIO);
}
END_TEST

CK_TEST("compat_opal", calls_are_counted)
{
	struct kc_counters c;

	opal_pci_reset(1, OPAL_RESET_PCI_IODA_TABLE, OPAL_ASSERT_RESET);
	ck_assert_uint_eq(kt.opal_token, 49);
	kc_get_counters(&c);
	ck_assert_uint_eq(c.opal_calls, 1);
	ck_assert_uint_eq(kt.opal_ncalls, 1);
}
END_TEST

CK_CASE("compat_opal", 0, setup, teardown);
CK_SUITE("compat_opal");
