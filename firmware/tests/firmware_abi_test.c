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
 * value, and the two tables must list the same names (the OPAL rows of
 * both sides come from one list, firmware_abi_opal.def, so a name that
 * either header lacks does not even compile).
 */
#include "check_auto.h"
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

#define OPAL_ABI(name) { #name, (uint64_t)(name) },
#define OPAL_ABI_ENUM(name, kname) { #name, (uint64_t)(name) },
static const struct abi_value fw_opal[] = {
#include "firmware_abi_opal.def"
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

CK_TEST("core", firmware_register_fields_match_model)
{
	agree(fw_fields, N(fw_fields), abi_model_fields, abi_model_nfields,
	      "model");
}
END_TEST

CK_TEST("core", firmware_opal_abi_matches_kernel)
{
	agree(fw_opal, N(fw_opal), abi_kernel_opal, abi_kernel_nopal,
	      "kernel");
}
END_TEST

CK_CASE("core", 0, NULL, NULL);
CK_SUITE("firmware_abi");
