// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_abi: the firmware's own copies of shared numbers agree with
 * their other holders (see firmware_abi.h):
 *  - its PHB3 and P5IOC2 register fields, TVE layout and IODA table
 *    selectors (firmware/phb3-regs.h, firmware/p5ioc2-regs.h) with the
 *    model's (model/phb3_regs.h, model/p5ioc2_regs.h);
 *  - its OPAL tokens, return codes and argument constants
 *    (tcesim/opal.h) with the kernel's (drivers/compat asm/opal-api.h).
 * Every firmware value must be present on the other side, with the same
 * value, and the two tables must list the same names.
 */
#include "check_main.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firmware_abi.h"
#include "p5ioc2-regs.h"
#include "phb3-regs.h"
#include "tcesim/opal.h"

static const struct abi_value fw_fields[] = {
	/* PHB3 registers */
	{ "PHB_PHB3C_64B_TCE_EN", PHB_PHB3C_64B_TCE_EN },
	{ "PHB_PHB3C_32BIT_MSI_EN", PHB_PHB3C_32BIT_MSI_EN },
	{ "PHB_PHB3C_64BIT_MSI_EN", PHB_PHB3C_64BIT_MSI_EN },
	{ "PHB_PHB3C_M32_EN", PHB_PHB3C_M32_EN },
	{ "PHB_BAR_ENABLE", PHB_BAR_ENABLE },
	{ "PHB_RTC_INVALIDATE_ALL", PHB_RTC_INVALIDATE_ALL },
	{ "PHB_TCE_KILL_ALL", PHB_TCE_KILL_ALL },
	{ "PHB_IODA_AD_AUTOINC", PHB_IODA_AD_AUTOINC },
	{ "PHB_IODA_AD_TSEL_SHIFT", PHB_IODA_AD_TSEL_SHIFT },
	{ "PHB_IODA_AD_TADR_MASK", PHB_IODA_AD_TADR_MASK },
	/* IODA tables */
	{ "IODA2_TBL_PESTA", IODA2_TBL_PESTA },
	{ "IODA2_TBL_PESTB", IODA2_TBL_PESTB },
	{ "IODA2_TBL_TVT", IODA2_TBL_TVT },
	{ "IODA2_TBL_PEEV", IODA2_TBL_PEEV },
	{ "IODA2_TVT_ENTRIES", IODA2_TVT_ENTRIES },
	{ "IODA2_PEEV_WORDS", IODA2_PEEV_WORDS },
	{ "IODA2_PESTA_MMIO_FROZEN", IODA2_PESTA_MMIO_FROZEN },
	{ "IODA2_PESTB_DMA_STOPPED", IODA2_PESTB_DMA_STOPPED },
	{ "OPAL_PHB3_NUM_PES", OPAL_PHB3_NUM_PES },
	/* TVE, translated and bypass */
	{ "IODA2_TVT_TABLE_ADDR_SHIFT", IODA2_TVT_TABLE_ADDR_SHIFT },
	{ "IODA2_TVT_TABLE_ADDR_MASK", IODA2_TVT_TABLE_ADDR_MASK },
	{ "IODA2_TVT_NUM_LEVELS_SHIFT", IODA2_TVT_NUM_LEVELS_SHIFT },
	{ "IODA2_TVT_TCE_TABLE_SIZE_SHIFT", IODA2_TVT_TCE_TABLE_SIZE_SHIFT },
	{ "IODA2_TVT_IO_PSIZE_SHIFT", IODA2_TVT_IO_PSIZE_SHIFT },
	{ "IODA2_TVT_BYPASS_VALID", IODA2_TVT_BYPASS_VALID },
	{ "IODA2_TVT_START_LO_SHIFT", IODA2_TVT_START_LO_SHIFT },
	{ "IODA2_TVT_END_LO_SHIFT", IODA2_TVT_END_LO_SHIFT },
	{ "IODA2_TVT_START_HI_SHIFT", IODA2_TVT_START_HI_SHIFT },
	{ "IODA2_TVT_END_HI_SHIFT", IODA2_TVT_END_HI_SHIFT },
	/* P5IOC2 hub */
	{ "P5IOC2_HUB_GX_TCE_BAR", P5IOC2_HUB_GX_TCE_BAR },
	{ "P5IOC2_HUB_GX_TCE_MASK", P5IOC2_HUB_GX_TCE_MASK },
	{ "GX_TCE_FIELD_SHIFT", GX_TCE_FIELD_SHIFT },
	{ "GX_TCE_FIELD_MASK", GX_TCE_FIELD_MASK },
	{ "GX_TCE_BAR_ENABLE", GX_TCE_BAR_ENABLE },
	{ "P5IOC2_XIXO", P5IOC2_XIXO },
	{ "P5IOC2_CA_BLOCK(0)", P5IOC2_CA_BLOCK(0) },
	{ "P5IOC2_CA_BLOCK(1)", P5IOC2_CA_BLOCK(1) },
	/* Calgary */
	{ "CA_TARn(0)", CA_TARn(0) },
	{ "CA_TARn(1)", CA_TARn(1) },
	{ "CA_TARn(2)", CA_TARn(2) },
	{ "CA_TARn(3)", CA_TARn(3) },
	{ "CA_TAR_HUBID_SHIFT", CA_TAR_HUBID_SHIFT },
	{ "CA_TAR_ALTHUBID_SHIFT", CA_TAR_ALTHUBID_SHIFT },
	{ "CA_TAR_VALID", CA_TAR_VALID },
	{ "CA_TAR_NUM_TCE_MASK", CA_TAR_NUM_TCE_MASK },
	/* PHB (CAP) */
	{ "CAP_DMACSR", CAP_DMACSR },
	{ "CAP_PLSSR", CAP_PLSSR },
	{ "CAP_PCFGRW", CAP_PCFGRW },
	{ "CAP_PCFGRW_ERR_RECOV_EN", CAP_PCFGRW_ERR_RECOV_EN },
	{ "CAP_PCFGRW_TCE_EN", CAP_PCFGRW_TCE_EN },
	{ "CAP_PCFGRW_FREEZE_EN", CAP_PCFGRW_FREEZE_EN },
	{ "CAP_PCFGRW_MMIO_FROZEN", CAP_PCFGRW_MMIO_FROZEN },
	{ "CAP_PCFGRW_DMA_FROZEN", CAP_PCFGRW_DMA_FROZEN },
	{ "CAP_PCFGRW_DAC_DISABLE", CAP_PCFGRW_DAC_DISABLE },
};

static const struct abi_value fw_opal[] = {
	{ "OPAL_SUCCESS", (uint64_t)(OPAL_SUCCESS) },
	{ "OPAL_PARAMETER", (uint64_t)(OPAL_PARAMETER) },
	{ "OPAL_BUSY", (uint64_t)(OPAL_BUSY) },
	{ "OPAL_HARDWARE", (uint64_t)(OPAL_HARDWARE) },
	{ "OPAL_UNSUPPORTED", (uint64_t)(OPAL_UNSUPPORTED) },
	{ "OPAL_PCI_SET_HUB_TCE_MEMORY", (uint64_t)(OPAL_PCI_SET_HUB_TCE_MEMORY) },
	{ "OPAL_PCI_SET_PHB_TCE_MEMORY", (uint64_t)(OPAL_PCI_SET_PHB_TCE_MEMORY) },
	{ "OPAL_PCI_EEH_FREEZE_STATUS", (uint64_t)(OPAL_PCI_EEH_FREEZE_STATUS) },
	{ "OPAL_PCI_EEH_FREEZE_CLEAR", (uint64_t)(OPAL_PCI_EEH_FREEZE_CLEAR) },
	{ "OPAL_PCI_SET_PE", (uint64_t)(OPAL_PCI_SET_PE) },
	{ "OPAL_PCI_SET_PELTV", (uint64_t)(OPAL_PCI_SET_PELTV) },
	{ "OPAL_PCI_MAP_PE_DMA_WINDOW", (uint64_t)(OPAL_PCI_MAP_PE_DMA_WINDOW) },
	{ "OPAL_PCI_MAP_PE_DMA_WINDOW_REAL", (uint64_t)(OPAL_PCI_MAP_PE_DMA_WINDOW_REAL) },
	{ "OPAL_PCI_RESET", (uint64_t)(OPAL_PCI_RESET) },
	{ "OPAL_PCI_EEH_FREEZE_SET", (uint64_t)(OPAL_PCI_EEH_FREEZE_SET) },
	{ "OPAL_PCI_TCE_KILL", (uint64_t)(OPAL_PCI_TCE_KILL) },
	{ "OPAL_EEH_STOPPED_NOT_FROZEN", (uint64_t)(OPAL_EEH_STOPPED_NOT_FROZEN) },
	{ "OPAL_EEH_STOPPED_MMIO_FREEZE", (uint64_t)(OPAL_EEH_STOPPED_MMIO_FREEZE) },
	{ "OPAL_EEH_STOPPED_DMA_FREEZE", (uint64_t)(OPAL_EEH_STOPPED_DMA_FREEZE) },
	{ "OPAL_EEH_STOPPED_MMIO_DMA_FREEZE", (uint64_t)(OPAL_EEH_STOPPED_MMIO_DMA_FREEZE) },
	{ "OPAL_EEH_STOPPED_RESET", (uint64_t)(OPAL_EEH_STOPPED_RESET) },
	{ "OPAL_EEH_STOPPED_TEMP_UNAVAIL", (uint64_t)(OPAL_EEH_STOPPED_TEMP_UNAVAIL) },
	{ "OPAL_EEH_STOPPED_PERM_UNAVAIL", (uint64_t)(OPAL_EEH_STOPPED_PERM_UNAVAIL) },
	{ "OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO", (uint64_t)(OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO) },
	{ "OPAL_EEH_ACTION_CLEAR_FREEZE_DMA", (uint64_t)(OPAL_EEH_ACTION_CLEAR_FREEZE_DMA) },
	{ "OPAL_EEH_ACTION_CLEAR_FREEZE_ALL", (uint64_t)(OPAL_EEH_ACTION_CLEAR_FREEZE_ALL) },
	{ "OPAL_EEH_ACTION_SET_FREEZE_MMIO", (uint64_t)(OPAL_EEH_ACTION_SET_FREEZE_MMIO) },
	{ "OPAL_EEH_ACTION_SET_FREEZE_DMA", (uint64_t)(OPAL_EEH_ACTION_SET_FREEZE_DMA) },
	{ "OPAL_EEH_ACTION_SET_FREEZE_ALL", (uint64_t)(OPAL_EEH_ACTION_SET_FREEZE_ALL) },
	{ "OPAL_EEH_NO_ERROR", (uint64_t)(OPAL_EEH_NO_ERROR) },
	{ "OPAL_EEH_IOC_ERROR", (uint64_t)(OPAL_EEH_IOC_ERROR) },
	{ "OPAL_EEH_PHB_ERROR", (uint64_t)(OPAL_EEH_PHB_ERROR) },
	{ "OPAL_EEH_PE_ERROR", (uint64_t)(OPAL_EEH_PE_ERROR) },
	{ "OPAL_EEH_PE_MMIO_ERROR", (uint64_t)(OPAL_EEH_PE_MMIO_ERROR) },
	{ "OPAL_EEH_PE_DMA_ERROR", (uint64_t)(OPAL_EEH_PE_DMA_ERROR) },
	{ "OPAL_IGNORE_RID_DEVICE_NUMBER", (uint64_t)(OPAL_IGNORE_RID_DEVICE_NUMBER) },
	{ "OPAL_COMPARE_RID_DEVICE_NUMBER", (uint64_t)(OPAL_COMPARE_RID_DEVICE_NUMBER) },
	{ "OPAL_IGNORE_RID_FUNCTION_NUMBER", (uint64_t)(OPAL_IGNORE_RID_FUNCTION_NUMBER) },
	{ "OPAL_COMPARE_RID_FUNCTION_NUMBER", (uint64_t)(OPAL_COMPARE_RID_FUNCTION_NUMBER) },
	{ "OPAL_UNMAP_PE", (uint64_t)(OPAL_UNMAP_PE) },
	{ "OPAL_MAP_PE", (uint64_t)(OPAL_MAP_PE) },
	{ "OPAL_REMOVE_PE_FROM_DOMAIN", (uint64_t)(OPAL_REMOVE_PE_FROM_DOMAIN) },
	{ "OPAL_ADD_PE_TO_DOMAIN", (uint64_t)(OPAL_ADD_PE_TO_DOMAIN) },
	{ "OPAL_RESET_PHB_COMPLETE", (uint64_t)(OPAL_RESET_PHB_COMPLETE) },
	{ "OPAL_RESET_PCI_LINK", (uint64_t)(OPAL_RESET_PCI_LINK) },
	{ "OPAL_RESET_PHB_ERROR", (uint64_t)(OPAL_RESET_PHB_ERROR) },
	{ "OPAL_RESET_PCI_HOT", (uint64_t)(OPAL_RESET_PCI_HOT) },
	{ "OPAL_RESET_PCI_FUNDAMENTAL", (uint64_t)(OPAL_RESET_PCI_FUNDAMENTAL) },
	{ "OPAL_RESET_PCI_IODA_TABLE", (uint64_t)(OPAL_RESET_PCI_IODA_TABLE) },
	{ "OPAL_DEASSERT_RESET", (uint64_t)(OPAL_DEASSERT_RESET) },
	{ "OPAL_ASSERT_RESET", (uint64_t)(OPAL_ASSERT_RESET) },
	{ "OPAL_PCI_TCE_KILL_PAGES", (uint64_t)(OPAL_PCI_TCE_KILL_PAGES) },
	{ "OPAL_PCI_TCE_KILL_PE", (uint64_t)(OPAL_PCI_TCE_KILL_PE) },
	{ "OPAL_PCI_TCE_KILL_ALL", (uint64_t)(OPAL_PCI_TCE_KILL_ALL) },
	{ "OPAL_PCI_BUS_ANY", (uint64_t)(OPAL_PCI_BUS_ANY) },
	{ "OPAL_PCI_BUS_3BITS", (uint64_t)(OPAL_PCI_BUS_3BITS) },
	{ "OPAL_PCI_BUS_4BITS", (uint64_t)(OPAL_PCI_BUS_4BITS) },
	{ "OPAL_PCI_BUS_5BITS", (uint64_t)(OPAL_PCI_BUS_5BITS) },
	{ "OPAL_PCI_BUS_6BITS", (uint64_t)(OPAL_PCI_BUS_6BITS) },
	{ "OPAL_PCI_BUS_7BITS", (uint64_t)(OPAL_PCI_BUS_7BITS) },
	{ "OPAL_PCI_BUS_ALL", (uint64_t)(OPAL_PCI_BUS_ALL) },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Every row of mine is in theirs with the same value; same row count. */
static void agree(const struct abi_value *mine, size_t n,
		  const struct abi_value *theirs, size_t m, const char *who)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m && strcmp(mine[i].name, theirs[j].name); j++)
			;
		ck_assert_msg(j < m, "%s: %s missing", who, mine[i].name);
		ck_assert_msg(mine[i].value == theirs[j].value,
			      "%s: firmware 0x%llx, %s 0x%llx", mine[i].name,
			      (unsigned long long)mine[i].value, who,
			      (unsigned long long)theirs[j].value);
	}
	ck_assert_uint_eq(n, m);
}

START_TEST(firmware_register_fields_match_model)
{
	agree(fw_fields, N(fw_fields), abi_model_fields, abi_model_nfields,
	      "model");
}
END_TEST

START_TEST(firmware_opal_abi_matches_kernel)
{
	agree(fw_opal, N(fw_opal), abi_kernel_opal, abi_kernel_nopal,
	      "kernel");
}
END_TEST

Suite *check_suite(void)
{
	Suite *s = suite_create("firmware_abi");
	TCase *c = tcase_create("core");

	tcase_add_test(c, firmware_register_fields_match_model);
	tcase_add_test(c, firmware_opal_abi_matches_kernel);
	suite_add_tcase(s, c);
	return s;
}
