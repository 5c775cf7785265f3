/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PHB3 register offsets and fields as the firmware knows them (its own
 * copy of the published layout, like any firmware; checked against the
 * model's table by firmware/tests/firmware_phb3_regs_test.c).
 * IBM bit numbering: FW_BIT(0) is the MSB.
 */
#ifndef TCESIM_FW_PHB3_REGS_H
#define TCESIM_FW_PHB3_REGS_H

#define FW_BIT(n)		(1ull << (63 - (n)))

/* Register offsets in the 4 KiB PHB register space, in offset order. */
#define PHB_PHB3_CONFIG		0x160
#define   PHB_PHB3C_64B_TCE_EN	FW_BIT(2)
#define   PHB_PHB3C_32BIT_MSI_EN FW_BIT(8)
#define   PHB_PHB3C_64BIT_MSI_EN FW_BIT(14)
#define   PHB_PHB3C_M32_EN	FW_BIT(16)
#define PHB_RTT_BAR		0x168
#define PHB_PELTV_BAR		0x188
#define PHB_PEST_BAR		0x1A8
#define   PHB_BAR_ENABLE	FW_BIT(0)
#define PHB_RTC_INVALIDATE	0x208
#define   PHB_RTC_INVALIDATE_ALL FW_BIT(0)
#define PHB_TCE_KILL		0x210
#define   PHB_TCE_KILL_ALL	FW_BIT(0)
#define PHB_TCE_SPEC_CTL	0x218
#define PHB_IODA_ADDR		0x220
#define   PHB_IODA_AD_AUTOINC	FW_BIT(0)
#define   PHB_IODA_AD_TSEL_SHIFT 48	/* bits 11..15 */
#define   PHB_IODA_AD_TADR_MASK	0x1FFull /* bits 55..63 */
#define PHB_IODA_DATA0		0x228
#define PHB_TCE_TAG_ENABLE	0x868

/* Init values (skiboot's, from the hardware reference). */
#define PHB3_TCE_SPEC_CTL_INIT	0xF000000000000000ull
#define PHB3_TCE_TAG_ENABLE_INIT 0xFFFFFFFF00000000ull

/* IODA table selectors. */
#define IODA2_TBL_PESTA		7
#define IODA2_TBL_PESTB		8
#define IODA2_TBL_TVT		9
#define IODA2_TBL_PEEV		20
#define IODA2_TVT_ENTRIES	512
#define IODA2_PEEV_WORDS	4

/* PESTA/PESTB bit 0: MMIO frozen / DMA stopped. */
#define IODA2_PESTA_MMIO_FROZEN	FW_BIT(0)
#define IODA2_PESTB_DMA_STOPPED	FW_BIT(0)

/* TVE fields (LSB-0 shifts of the IBM fields). */
#define IODA2_TVT_TABLE_ADDR_SHIFT 16	/* bits 0..47: table address >> 12 */
#define IODA2_TVT_TABLE_ADDR_MASK 0xFFFFFFFFFFFF0000ull
#define IODA2_TVT_NUM_LEVELS_SHIFT 13	/* bits 48..50: levels - 1 */
#define IODA2_TVT_TCE_TABLE_SIZE_SHIFT 8 /* bits 51..55: log2(bytes) - 11 */
#define IODA2_TVT_IO_PSIZE_SHIFT 0	/* bits 59..63: log2(page) - 11 */
/* Bypass ("real") TVE. */
#define IODA2_TVT_BYPASS_VALID	FW_BIT(51)
#define IODA2_TVT_START_LO_SHIFT 40	/* bits 0..23: start bits 47:24 */
#define IODA2_TVT_END_LO_SHIFT	16	/* bits 24..47: end bits 47:24 */
#define IODA2_TVT_START_HI_SHIFT 10	/* bits 52..53: start bits 49:48 */
#define IODA2_TVT_END_HI_SHIFT	8	/* bits 54..55: end bits 49:48 */

#endif /* TCESIM_FW_PHB3_REGS_H */
