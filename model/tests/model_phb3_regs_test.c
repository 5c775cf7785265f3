// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_regs: the register file's mechanics: the lists are in
 * offset/selector order and found by offset/selector, writable masks,
 * RAZ/WI for unmodelled offsets, bad access sizes counted and ignored,
 * action registers, IODA selector handling, and the IBM-bit field helpers.
 * Every register and table with its reset value and behaviour:
 * model_phb3_regfile.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../phb3_regs.h"
#include "phb3_rig.h"
#include "tcesim/phb3.h"

CK_TEST("core", table_in_offset_order_and_found_by_offset)
{
	unsigned i;

	ck_assert_uint_gt(phb3_reg_count, 0);
	for (i = 0; i < phb3_reg_count; i++) {
		const struct phb3_reg_desc *r = &phb3_reg_table[i];

		if (i)
			ck_assert_uint_lt(phb3_reg_table[i - 1].offset,
					  r->offset);
		ck_assert_uint_lt(r->offset, PHB3_REGS_SIZE);
		ck_assert_uint_eq(r->offset & 7, 0);
		ck_assert_ptr_eq(phb3_reg_find(r->offset), r);
		ck_assert(r->desc[0] != '\0' && r->src[0] != '\0');
		ck_assert_str_ne(phb3_reg_kind_name(r->kind), "?");
	}
	ck_assert_ptr_null(phb3_reg_find(0x300));
	ck_assert_ptr_null(phb3_reg_find(0x104));
	ck_assert_ptr_null(phb3_reg_find(0x1000));
	for (i = 0; i < phb3_ioda_count; i++) {
		if (i)
			ck_assert_uint_lt(phb3_ioda_table[i - 1].tsel,
					  phb3_ioda_table[i].tsel);
		ck_assert_ptr_eq(phb3_ioda_find(phb3_ioda_table[i].tsel),
				 &phb3_ioda_table[i]);
	}
	ck_assert_ptr_null(phb3_ioda_find(12));
	ck_assert_ptr_null(phb3_ioda_find(32));
}
END_TEST

CK_TEST("core", bar_write_keeps_only_writable_bits)
{
	rf_wr(0x168, ~0ull);	/* RTT: enable 0, base 14..46 */
	ck_assert_uint_eq(rf_rd(0x168), 0x8003FFFFFFFE0000ull);
	rf_wr(0x188, ~0ull);	/* PELT-V: base 14..50 */
	ck_assert_uint_eq(rf_rd(0x188), 0x8003FFFFFFFFE000ull);
	rf_wr(0x1A8, ~0ull);	/* PEST: base 14..51 */
	ck_assert_uint_eq(rf_rd(0x1A8), 0x8003FFFFFFFFF000ull);
	rf_wr(0x220, ~0ull);	/* IODA_ADDR: 0, 11..15, 55..63 */
	ck_assert_uint_eq(rf_rd(0x220), 0x801F0000000001FFull);
}
END_TEST

CK_TEST("core", reset_values_and_action_registers_read)
{
	ck_assert_uint_eq(rf_rd(0x160), 0);
	ck_assert_uint_eq(rf_rd(0x200), 1ull << 62); /* DMARD_SYNC complete */
	rf_wr(0x210, 1ull << 63);
	ck_assert_uint_eq(rf_rd(0x210), 0);		/* TCE_KILL reads 0 */
	rf_wr(0x208, 1ull << 63);
	ck_assert_uint_eq(rf_rd(0x208), 0);
	rf_wr(0x218, 0xF000000000000000ull);		/* stored */
	ck_assert_uint_eq(rf_rd(0x218), 0xF000000000000000ull);
}
END_TEST

CK_TEST("core", unknown_offset_reads_zero_ignores_writes)
{
	rf_wr(0x300, 0x1234);
	ck_assert_uint_eq(rf_rd(0x300), 0);
	ck_assert_uint_eq(rf_stat("p.mmio.unknown"), 2);
}
END_TEST

CK_TEST("core", bad_access_size_is_counted_and_ignored)
{
	uint64_t v = 0;

	rf_wr(0x218, 0x55);
	ck_assert_int_eq(phb3_mmio_ops.write(rf_phb, 0x218, 4, 0x77), 0);
	ck_assert_int_eq(phb3_mmio_ops.read(rf_phb, 0x218, 4, &v), 0);
	ck_assert_uint_eq(v, ~0ull);
	ck_assert_int_eq(phb3_mmio_ops.read(rf_phb, 0x21c, 8, &v), 0); /* misaligned */
	ck_assert_int_eq(phb3_mmio_ops.read(rf_phb, 0x1000, 8, &v), 0); /* outside */
	ck_assert_uint_eq(rf_rd(0x218), 0x55);
	ck_assert_uint_eq(rf_stat("p.mmio.bad"), 4);
}
END_TEST

CK_TEST("core", ioda_unassigned_selector_reads_zero)
{
	rf_wr(0x220, 12ull << 48 | 3);	/* selector 12: none */
	rf_wr(0x228, 99);
	ck_assert_uint_eq(rf_rd(0x228), 0);
	rf_wr(0x220, 20ull << 48 | 4);	/* PEEV has 4 words: index 4 is past */
	rf_wr(0x228, 99);
	ck_assert_uint_eq(rf_rd(0x228), 0);
	ck_assert_uint_eq(rf_stat("p.ioda_unmodelled"), 4);
}
END_TEST

CK_TEST("core", ioda_autoinc_on_reads_wraps_at_table_size)
{
	unsigned i;

	rf_wr(0x220, 1ull << 63 | 20ull << 48);	/* PEEV, 4 words */
	for (i = 0; i < 5; i++)
		rf_rd(0x228);
	ck_assert_uint_eq(rf_rd(0x220), 1ull << 63 | 20ull << 48 | 1);
}
END_TEST

CK_TEST("core", field_helpers_use_ibm_numbering_and_reject_wide_values)
{
	uint64_t r = 0;

	ck_assert_uint_eq(PPC_BIT(0), 0x8000000000000000ull);
	ck_assert_uint_eq(PPC_BIT(63), 1);
	ck_assert_uint_eq(ibm_mask(11, 15), 0x001F000000000000ull);
	ck_assert_uint_eq(IBM_EX(0x000900000000000Bull, PHB_IODA_AD_TSEL), 9);
	ck_assert_uint_eq(IBM_EX(0x000900000000000Bull, PHB_IODA_AD_TADR), 11);
	ck_assert_uint_eq(IBM_DP(0, PHB_IODA_AD_TSEL, 20), 0x0014000000000000ull);
	ck_assert_int_eq(ibm_dp_checked(&r, 11, 15, 32), -ERANGE);
	ck_assert_uint_eq(r, 0);
	ck_assert_int_eq(ibm_dp_checked(&r, 11, 15, 31), 0);
	ck_assert_uint_eq(r, 0x001F000000000000ull);
	ck_assert_int_eq(ibm_dp_checked(&r, 0, 63, ~0ull), 0);
}
END_TEST

CK_TEST("core", create_rejects_bad_params)
{
	struct phb3_params pp;
	enum phb3_oow_policy o;

	phb3_params_default(&pp);
	ck_assert_int_eq(pp.oow_policy, PHB3_OOW_FAULT);
	ck_assert(pp.bypass_bounds_check);
	ck_assert_uint_eq(pp.rtc_entries, 64);
	ck_assert_uint_eq(pp.num_pes, 256);
	ck_assert_uint_eq(pp.tce_cache.entries, 64);
	pp.num_pes = 257;
	ck_assert_ptr_null(phb3_create(rf_mem, &pp, 1));
	phb3_params_default(&pp);
	pp.rtc_entries = 0;
	ck_assert_ptr_null(phb3_create(rf_mem, &pp, 1));
	phb3_params_default(&pp);
	pp.tce_cache.ways = 3;
	ck_assert_ptr_null(phb3_create(rf_mem, &pp, 1));
	ck_assert_ptr_null(phb3_create(NULL, NULL, 1));
	ck_assert_int_eq(phb3_oow_policy_parse("alias", &o), 0);
	ck_assert_int_eq(o, PHB3_OOW_ALIAS);
	ck_assert_int_eq(phb3_oow_policy_parse("wrap", &o), -EINVAL);
	ck_assert_str_eq(phb3_oow_policy_name(PHB3_OOW_FAULT), "fault");
	ck_assert_str_eq(sim_fault_reason_name(SIM_FAULT_PERMISSION),
			 "permission");
	ck_assert_str_eq(sim_fault_reason_name(SIM_FAULT_MAX), "unknown");
	ck_assert_str_eq(sim_dma_status_name(SIM_DMA_FROZEN), "frozen");
}
END_TEST

CK_CASE("core", 0, rf_setup, rf_teardown);
CK_SUITE("model_phb3_regs");
