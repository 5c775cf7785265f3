// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_phb3_regs: the firmware keeps its own PHB3 register offsets
 * (firmware/phb3-regs.h); every one must match the model's register
 * table (model/phb3_regs.def), by name and offset.
 */
#include "check_auto.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phb3-regs.h"

struct reg {
	const char *name;
	uint64_t off;
};

static const struct reg model_regs[] = {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) { #name, off },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

static const struct reg fw_regs[] = {
	{ "PHB3_CONFIG", PHB_PHB3_CONFIG },
	{ "RTT_BAR", PHB_RTT_BAR },
	{ "PELTV_BAR", PHB_PELTV_BAR },
	{ "PEST_BAR", PHB_PEST_BAR },
	{ "RTC_INVALIDATE", PHB_RTC_INVALIDATE },
	{ "TCE_KILL", PHB_TCE_KILL },
	{ "TCE_SPEC_CTL", PHB_TCE_SPEC_CTL },
	{ "IODA_ADDR", PHB_IODA_ADDR },
	{ "IODA_DATA0", PHB_IODA_DATA0 },
	{ "TCE_TAG_ENABLE", PHB_TCE_TAG_ENABLE },
};

CK_TEST("core", firmware_offsets_match_model_table)
{
	size_t i, j;

	for (i = 0; i < sizeof(fw_regs) / sizeof(fw_regs[0]); i++) {
		for (j = 0; j < sizeof(model_regs) / sizeof(model_regs[0]); j++)
			if (!strcmp(fw_regs[i].name, model_regs[j].name))
				break;
		ck_assert_msg(j < sizeof(model_regs) / sizeof(model_regs[0]),
			      "%s missing from the model table", fw_regs[i].name);
		ck_assert_msg(fw_regs[i].off == model_regs[j].off,
			      "%s: firmware 0x%llx, model 0x%llx",
			      fw_regs[i].name,
			      (unsigned long long)fw_regs[i].off,
			      (unsigned long long)model_regs[j].off);
	}
}
END_TEST

CK_TEST("core", model_table_in_offset_order)
{
	size_t j;

	for (j = 1; j < sizeof(model_regs) / sizeof(model_regs[0]); j++)
		ck_assert_uint_lt(model_regs[j - 1].off, model_regs[j].off);
}
END_TEST

CK_CASE("core", 0, NULL, NULL);
CK_SUITE("firmware_phb3_regs");
