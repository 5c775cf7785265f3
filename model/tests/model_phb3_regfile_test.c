// SPDX-License-Identifier: GPL-2.0
/*
 * model_phb3_regfile: the complete PHB3 register file and every IODA2
 * table, checked through MMIO against values typed here from skiboot's
 * PHB3 register header (offsets, field positions), QEMU's pnv_phb3 (reset
 * values, access behaviour) and the captured powernv8 boot
 * (scenarios/qemu/captured): every register's reset value, writable mask
 * and kind (RW, RO, W1C, ACT, SE), the side effects one by one, every
 * unknown offset read-as-zero/write-ignored and counted, every table's
 * size, writable mask, auto-increment wrap and kind.
 */
#include "check_auto.h"
#include <stdlib.h>
#include <string.h>

#include "../phb3_internal.h"
#include "phb3_rig.h"

#define ALL 0xFFFFFFFFFFFFFFFFull

enum { RW, RO, W1C, ACT, SE };

/* Every register of the PHB3 register space, in offset order. */
static const struct want_reg {
	const char *name;
	unsigned off;
	uint64_t reset;
	uint64_t wmask;
	int kind;
} want_regs[] = {
	{ "LSI_SOURCE_ID", 0x100, 0, 0x07F8000000000000ull, RW },
	{ "DMA_CHAN_STATUS", 0x110, 0, 0, RO },
	{ "CPU_LOADSTORE_STATUS", 0x120, 0, 0, RO },
	{ "DMA_MSI_NODE_ID", 0x128, 0, 0x800000FF00000000ull, RW },
	{ "CONFIG_DATA", 0x130, 0, 0, SE },
	{ "LOCK0", 0x138, 0, ALL, RW },
	{ "CONFIG_ADDRESS", 0x140, 0, 0x8FFFFFFF00FF0000ull, RW },
	{ "LOCK1", 0x148, 0, ALL, RW },
	{ "IVT_BAR", 0x150, 0, 0x8003FFFFFFFF8FFFull, RW },
	{ "RBA_BAR", 0x158, 0, 0x8003FFFFFFFFFF00ull, RW },
	{ "PHB3_CONFIG", 0x160, 0, ALL, RW },
	{ "RTT_BAR", 0x168, 0, 0x8003FFFFFFFE0000ull, RW },
	{ "PELTV_BAR", 0x188, 0, 0x8003FFFFFFFFE000ull, RW },
	{ "M32_BASE_ADDR", 0x190, 0, ALL, RW },
	{ "M32_BASE_MASK", 0x198, 0, ALL, RW },
	{ "M32_START_ADDR", 0x1A0, 0, ALL, RW },
	{ "PEST_BAR", 0x1A8, 0, 0x8003FFFFFFFFF000ull, RW },
	{ "M64_UPPER_BITS", 0x1F0, 0, 0xFFFC000000000000ull, RW },
	{ "INTREP_TIMER", 0x1F8, 0, ALL, RW },
	{ "DMARD_SYNC", 0x200, 0, 0, SE },
	{ "RTC_INVALIDATE", 0x208, 0, 0, ACT },
	{ "TCE_KILL", 0x210, 0, 0, ACT },
	{ "TCE_SPEC_CTL", 0x218, 0, ALL, RW },
	{ "IODA_ADDR", 0x220, 0, 0x801F0000000001FFull, RW },
	{ "IODA_DATA0", 0x228, 0, 0, SE },
	{ "FFI_REQUEST", 0x238, 0, 0, ACT },
	{ "FFI_LOCK", 0x240, 0, ALL, SE },
	{ "XIVE_UPDATE", 0x248, 0, ALL, RW },
	{ "PHB3_GEN_CAP", 0x250, 0, 0, RO },
	{ "PHB3_TCE_CAP", 0x258, 0, 0, RO },
	{ "PHB3_IRQ_CAP", 0x260, 0, 0, RO },
	{ "PHB3_EEH_CAP", 0x268, 0, 0, RO },
	{ "IVC_INVALIDATE", 0x2A0, 0, 0, ACT },
	{ "IVC_UPDATE", 0x2A8, 0, ALL, RW },
	{ "PAPR_ERR_INJ_CTL", 0x2B0, 0, ALL, RW },
	{ "PAPR_ERR_INJ_ADDR", 0x2B8, 0, ALL, RW },
	{ "PAPR_ERR_INJ_MASK", 0x2C0, 0, ALL, RW },
	{ "ETU_ERR_SUMMARY", 0x2C8, 0, 0, RO },
	{ "UTL_SYS_BUS_CONTROL", 0x400, 0, ALL, RW },
	{ "UTL_STATUS", 0x408, 0, ALL, W1C },
	{ "UTL_SYS_BUS_AGENT_STATUS", 0x410, 0, ALL, W1C },
	{ "UTL_SYS_BUS_AGENT_ERR_SEVERITY", 0x418, 0, ALL, RW },
	{ "UTL_SYS_BUS_AGENT_IRQ_EN", 0x420, 0, ALL, RW },
	{ "UTL_SYS_BUS_BURST_SZ_CONF", 0x440, 0, ALL, RW },
	{ "UTL_REVISION_ID", 0x448, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG1", 0x460, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG2", 0x468, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG3", 0x470, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG4", 0x478, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG5", 0x480, 0, 0, RO },
	{ "UTL_BCLK_DOMAIN_DBG6", 0x488, 0, 0, RO },
	{ "UTL_OUT_POST_HDR_BUF_ALLOC", 0x4C0, 0, ALL, RW },
	{ "UTL_OUT_POST_DAT_BUF_ALLOC", 0x4D0, 0, ALL, RW },
	{ "UTL_IN_POST_HDR_BUF_ALLOC", 0x4E0, 0, ALL, RW },
	{ "UTL_IN_POST_DAT_BUF_ALLOC", 0x4F0, 0, ALL, RW },
	{ "UTL_OUT_NP_BUF_ALLOC", 0x500, 0, ALL, RW },
	{ "UTL_IN_NP_BUF_ALLOC", 0x510, 0, ALL, RW },
	{ "UTL_PCIE_TAGS_ALLOC", 0x520, 0, ALL, RW },
	{ "UTL_GBIF_READ_TAGS_ALLOC", 0x530, 0, ALL, RW },
	{ "UTL_PCIE_PORT_CONTROL", 0x540, 0, ALL, RW },
	{ "UTL_PCIE_PORT_STATUS", 0x548, 0, ALL, W1C },
	{ "UTL_PCIE_PORT_ERROR_SEV", 0x550, 0, ALL, RW },
	{ "UTL_PCIE_PORT_IRQ_EN", 0x558, 0, ALL, RW },
	{ "UTL_RC_STATUS", 0x560, 0, ALL, W1C },
	{ "UTL_RC_ERR_SEVERITY", 0x568, 0, ALL, RW },
	{ "UTL_RC_IRQ_EN", 0x570, 0, ALL, RW },
	{ "UTL_EP_STATUS", 0x578, 0, ALL, W1C },
	{ "UTL_EP_ERR_SEVERITY", 0x580, 0, ALL, RW },
	{ "UTL_EP_ERR_IRQ_EN", 0x588, 0, ALL, RW },
	{ "UTL_PCI_PM_CTRL1", 0x590, 0, ALL, RW },
	{ "UTL_PCI_PM_CTRL2", 0x598, 0, ALL, RW },
	{ "UTL_GP_CTL1", 0x5A0, 0, ALL, RW },
	{ "UTL_GP_CTL2", 0x5A8, 0, ALL, RW },
	{ "UTL_PCLK_DOMAIN_DBG1", 0x5B0, 0, 0, RO },
	{ "UTL_PCLK_DOMAIN_DBG2", 0x5B8, 0, 0, RO },
	{ "UTL_PCLK_DOMAIN_DBG3", 0x5C0, 0, 0, RO },
	{ "UTL_PCLK_DOMAIN_DBG4", 0x5C8, 0, 0, RO },
	{ "PCIE_SYSTEM_CONFIG", 0x600, 0x441100FC30000000ull, 0, RO },
	{ "PCIE_BUS_NUMBER", 0x608, 0, ALL, RW },
	{ "PCIE_SYSTEM_TEST", 0x618, 0, ALL, RW },
	{ "PCIE_LINK_MANAGEMENT", 0x630, 0, 0xFF7FFFFFFFFFFFFFull, SE },
	{ "PCIE_DLP_TRAIN_CTL", 0x640, 0, 0, SE },
	{ "PCIE_SLOP_LOOPBACK_STATUS", 0x648, 0, 0, RO },
	{ "PCIE_SYS_LINK_INIT", 0x668, 0, ALL, RW },
	{ "PCIE_UTL_CONFIG", 0x670, 0, ALL, RW },
	{ "PCIE_DLP_CONTROL", 0x678, 0, ALL, RW },
	{ "PCIE_UTL_ERRLOG1", 0x680, 0, ALL, W1C },
	{ "PCIE_UTL_ERRLOG2", 0x688, 0, ALL, W1C },
	{ "PCIE_UTL_ERRLOG3", 0x690, 0, ALL, W1C },
	{ "PCIE_UTL_ERRLOG4", 0x698, 0, ALL, W1C },
	{ "PCIE_DLP_ERRLOG1", 0x6A0, 0, ALL, W1C },
	{ "PCIE_DLP_ERRLOG2", 0x6A8, 0, ALL, W1C },
	{ "PCIE_DLP_ERR_STATUS", 0x6B0, 0, ALL, W1C },
	{ "PCIE_DLP_ERR_COUNTERS", 0x6B8, 0, ALL, RW },
	{ "PCIE_UTL_ERR_INJECT", 0x6C0, 0, ALL, RW },
	{ "PCIE_TLDLP_ERR_INJECT", 0x6C8, 0, ALL, RW },
	{ "PCIE_LANE_EQ_CNTL0", 0x6D0, 0, ALL, RW },
	{ "PCIE_LANE_EQ_CNTL1", 0x6D8, 0, ALL, RW },
	{ "PCIE_LANE_EQ_CNTL2", 0x6E0, 0, ALL, RW },
	{ "PCIE_LANE_EQ_CNTL3", 0x6E8, 0, ALL, RW },
	{ "PCIE_STRAPPING", 0x700, 0, 0, RO },
	{ "VERSION", 0x800, 0x000000A300000005ull, 0, RO },
	{ "RESET", 0x808, 0, ALL, SE },
	{ "CONTROL", 0x810, 0, ALL, RW },
	{ "AIB_RX_CRED_INIT_TIMER", 0x818, 0, ALL, RW },
	{ "AIB_RX_CMD_CRED", 0x820, 0, ALL, RW },
	{ "AIB_RX_DATA_CRED", 0x828, 0, ALL, RW },
	{ "AIB_TX_CMD_CRED", 0x830, 0, ALL, RW },
	{ "AIB_TX_DATA_CRED", 0x838, 0, ALL, RW },
	{ "AIB_TX_CHAN_MAPPING", 0x840, 0, ALL, RW },
	{ "AIB_TAG_ENABLE", 0x858, 0, ALL, RW },
	{ "AIB_FENCE_CTRL", 0x860, 0, ALL, RW },
	{ "TCE_TAG_ENABLE", 0x868, 0, ALL, RW },
	{ "TCE_WATERMARK", 0x870, 0, ALL, RW },
	{ "TIMEOUT_CTRL1", 0x878, 0, ALL, RW },
	{ "TIMEOUT_CTRL2", 0x880, 0, ALL, RW },
	{ "Q_DMA_R", 0x888, 0, 0x8000000000000000ull, SE },
	{ "AIB_TAG_STATUS", 0x900, 0, 0, RO },
	{ "TCE_TAG_STATUS", 0x908, 0, 0, RO },
	{ "LEM_FIR_ACCUM", 0xC00, 0, ALL, RW },
	{ "LEM_FIR_AND_MASK", 0xC08, 0, 0, ACT },
	{ "LEM_FIR_OR_MASK", 0xC10, 0, 0, ACT },
	{ "LEM_ERROR_MASK", 0xC18, 0, ALL, RW },
	{ "LEM_ERROR_AND_MASK", 0xC20, 0, 0, ACT },
	{ "LEM_ERROR_OR_MASK", 0xC28, 0, 0, ACT },
	{ "LEM_ACTION0", 0xC30, 0, ALL, RW },
	{ "LEM_ACTION1", 0xC38, 0, ALL, RW },
	{ "LEM_WOF", 0xC40, 0, 0, SE },
	{ "ERR_STATUS", 0xC80, 0, ALL, W1C },
	{ "ERR1_STATUS", 0xC88, 0, ALL, RW },
	{ "ERR_INJECT", 0xC90, 0, ALL, RW },
	{ "ERR_LEM_ENABLE", 0xC98, 0, ALL, RW },
	{ "ERR_IRQ_ENABLE", 0xCA0, 0, ALL, RW },
	{ "ERR_FREEZE_ENABLE", 0xCA8, 0, ALL, RW },
	{ "ERR_AIB_FENCE_ENABLE", 0xCB0, 0, ALL, RW },
	{ "ERR_LOG_0", 0xCC0, 0, ALL, RW },
	{ "ERR_LOG_1", 0xCC8, 0, ALL, RW },
	{ "ERR_STATUS_MASK", 0xCD0, 0, ALL, RW },
	{ "ERR1_STATUS_MASK", 0xCD8, 0, ALL, RW },
	{ "OUT_ERR_STATUS", 0xD00, 0, ALL, W1C },
	{ "OUT_ERR1_STATUS", 0xD08, 0, ALL, RW },
	{ "OUT_ERR_INJECT", 0xD10, 0, ALL, RW },
	{ "OUT_ERR_LEM_ENABLE", 0xD18, 0, ALL, RW },
	{ "OUT_ERR_IRQ_ENABLE", 0xD20, 0, ALL, RW },
	{ "OUT_ERR_FREEZE_ENABLE", 0xD28, 0, ALL, RW },
	{ "OUT_ERR_AIB_FENCE_ENABLE", 0xD30, 0, ALL, RW },
	{ "OUT_ERR_LOG_0", 0xD40, 0, ALL, RW },
	{ "OUT_ERR_LOG_1", 0xD48, 0, ALL, RW },
	{ "OUT_ERR_STATUS_MASK", 0xD50, 0, ALL, RW },
	{ "OUT_ERR1_STATUS_MASK", 0xD58, 0, ALL, RW },
	{ "INA_ERR_STATUS", 0xD80, 0, ALL, W1C },
	{ "INA_ERR1_STATUS", 0xD88, 0, ALL, RW },
	{ "INA_ERR_INJECT", 0xD90, 0, ALL, RW },
	{ "INA_ERR_LEM_ENABLE", 0xD98, 0, ALL, RW },
	{ "INA_ERR_IRQ_ENABLE", 0xDA0, 0, ALL, RW },
	{ "INA_ERR_FREEZE_ENABLE", 0xDA8, 0, ALL, RW },
	{ "INA_ERR_AIB_FENCE_ENABLE", 0xDB0, 0, ALL, RW },
	{ "INA_ERR_LOG_0", 0xDC0, 0, ALL, RW },
	{ "INA_ERR_LOG_1", 0xDC8, 0, ALL, RW },
	{ "INA_ERR_STATUS_MASK", 0xDD0, 0, ALL, RW },
	{ "INA_ERR1_STATUS_MASK", 0xDD8, 0, ALL, RW },
	{ "INB_ERR_STATUS", 0xE00, 0, ALL, W1C },
	{ "INB_ERR1_STATUS", 0xE08, 0, ALL, RW },
	{ "INB_ERR_INJECT", 0xE10, 0, ALL, RW },
	{ "INB_ERR_LEM_ENABLE", 0xE18, 0, ALL, RW },
	{ "INB_ERR_IRQ_ENABLE", 0xE20, 0, ALL, RW },
	{ "INB_ERR_FREEZE_ENABLE", 0xE28, 0, ALL, RW },
	{ "INB_ERR_AIB_FENCE_ENABLE", 0xE30, 0, ALL, RW },
	{ "INB_ERR_LOG_0", 0xE40, 0, ALL, RW },
	{ "INB_ERR_LOG_1", 0xE48, 0, ALL, RW },
	{ "INB_ERR_STATUS_MASK", 0xE50, 0, ALL, RW },
	{ "INB_ERR1_STATUS_MASK", 0xE58, 0, ALL, RW },
	{ "TRACE_CONTROL", 0xF80, 0, ALL, RW },
	{ "PERFMON_CONFIG", 0xF88, 0, ALL, RW },
	{ "PERFMON_CTR0", 0xF90, 0, ALL, RW },
	{ "PERFMON_CTR1", 0xF98, 0, ALL, RW },
	{ "PERFMON_CTR2", 0xFA0, 0, ALL, RW },
	{ "PERFMON_CTR3", 0xFA8, 0, ALL, RW },
	{ "HOTPLUG_OVERRIDE", 0xFB0, 0, ALL, RW },
};
#define NREGS (sizeof(want_regs) / sizeof(want_regs[0]))

enum { STATE, STORE, RAZ };

/* Every IODA2 table, in selector order. */
static const struct want_table {
	const char *name;
	unsigned tsel, entries;
	uint64_t wmask;
	int kind;
} want_tables[] = {
	{ "LIST", 1, 8, ALL, STORE },
	{ "LXIVT", 2, 8, 0x00FFFFFF000000FFull, STORE },
	{ "IVC_CAM", 3, 32, 0, RAZ },
	{ "RBA", 4, 32, ALL, STORE },
	{ "RCAM", 5, 64, 0, RAZ },
	{ "MRT", 6, 8, ALL, STORE },
	{ "PESTA", 7, 256, ALL, STATE },
	{ "PESTB", 8, 256, ALL, STATE },
	{ "TVT", 9, 512, ALL, STATE },
	{ "TCAM", 10, 64, 0, RAZ },
	{ "TDR", 11, 64, 0, RAZ },
	{ "M64BT", 16, 16, ALL, STORE },
	{ "M32DT", 17, 256, ALL, STORE },
	{ "PEEV", 20, 4, ALL, STATE },
};
#define NTABLES (sizeof(want_tables) / sizeof(want_tables[0]))

static const struct want_reg *want_at(unsigned off)
{
	unsigned i;

	for (i = 0; i < NREGS; i++)
		if (want_regs[i].off == off)
			return &want_regs[i];
	return NULL;
}

/* The model's list is exactly the expected one: names, offsets, order. */
CK_TEST("core", list_is_every_register_in_offset_order)
{
	static const char *const kinds[] = { "RW", "RO", "W1C", "ACT", "SE" };
	unsigned i;

	ck_assert_uint_eq(phb3_reg_count, NREGS);
	for (i = 0; i < NREGS; i++) {
		const struct phb3_reg_desc *r = &phb3_reg_table[i];

		ck_assert_msg(!strcmp(r->name, want_regs[i].name) &&
			      r->offset == want_regs[i].off,
			      "row %u: model %s at 0x%x, expected %s at 0x%x",
			      i, r->name, r->offset, want_regs[i].name,
			      want_regs[i].off);
		ck_assert_str_eq(phb3_reg_kind_name(r->kind),
				 kinds[want_regs[i].kind]);
		if (i)
			ck_assert_uint_lt(want_regs[i - 1].off,
					  want_regs[i].off);
	}
}
END_TEST

/* After reset every register reads its reset value. */
CK_TEST("core", every_register_reads_its_reset_value)
{
	unsigned i;

	for (i = 0; i < NREGS; i++) {
		const struct want_reg *w = &want_regs[i];

		if (w->kind == SE && w->off == 0x200)
			continue;	/* DMARD_SYNC: its own test */
		if (w->off == 0x130)
			continue;	/* CONFIG_DATA: its own test */
		ck_assert_msg(rf_rd(w->off) == w->reset,
			      "%s: reset 0x%llx, read 0x%llx", w->name,
			      (unsigned long long)w->reset,
			      (unsigned long long)rf_rd(w->off));
	}
}
END_TEST

/* RW stores its mask, RO keeps its value, W1C and ACT never read back
   what was written. */
CK_TEST("core", every_plain_register_masks_writes_by_kind)
{
	unsigned i;

	for (i = 0; i < NREGS; i++) {
		const struct want_reg *w = &want_regs[i];
		uint64_t ones, zero;

		if (w->kind == SE)
			continue;	/* one test each below */
		switch (w->kind) {
		case RW:
			ones = (w->reset & ~w->wmask) | w->wmask;
			zero = w->reset & ~w->wmask;
			break;
		case RO:
			ones = zero = w->reset;
			break;
		default:	/* W1C (resets to 0: nothing to clear), ACT */
			ones = zero = 0;
			break;
		}
		rf_wr(w->off, ALL);
		ck_assert_msg(rf_rd(w->off) == ones, "%s after ~0: 0x%llx",
			      w->name, (unsigned long long)rf_rd(w->off));
		rf_wr(w->off, 0);
		ck_assert_msg(rf_rd(w->off) == zero, "%s after 0: 0x%llx",
			      w->name, (unsigned long long)rf_rd(w->off));
	}
	ck_assert_uint_eq(rf_stat("p.mmio.unknown"), 0);
	ck_assert_uint_eq(rf_stat("p.mmio.bad"), 0);
}
END_TEST

/* Status bits set by hardware clear only where software writes a 1. */
CK_TEST("core", w1c_registers_clear_only_written_ones)
{
	unsigned i, n = 0;

	for (i = 0; i < NREGS; i++) {
		const struct want_reg *w = &want_regs[i];

		if (w->kind != W1C)
			continue;
		rf_phb->regs[w->off / 8] = 0xF0F0F0F00000FFFFull; /* "errors" */
		rf_wr(w->off, 0x00F000F00000000Full);
		ck_assert_uint_eq(rf_rd(w->off), 0xF000F0000000FFF0ull);
		rf_wr(w->off, 0);
		ck_assert_uint_eq(rf_rd(w->off), 0xF000F0000000FFF0ull);
		rf_wr(w->off, ALL);
		ck_assert_uint_eq(rf_rd(w->off), 0);
		n++;
	}
	ck_assert_uint_eq(n, 16); /* 4 error traps, 5 UTL, 6 logs, DLP status */
}
END_TEST

/* Offsets outside the list read 0, ignore writes and are counted. */
CK_TEST("core", every_unknown_offset_is_raz_wi_and_counted)
{
	unsigned off, unknown = 0;

	for (off = 0; off < PHB3_REGS_SIZE; off += 8) {
		if (want_at(off))
			continue;
		ck_assert_uint_eq(rf_rd(off), 0);
		rf_wr(off, ALL);
		ck_assert_uint_eq(rf_rd(off), 0);
		unknown++;
	}
	ck_assert_uint_eq(unknown, PHB3_REGS_SIZE / 8 - NREGS);
	ck_assert_uint_eq(rf_stat("p.mmio.unknown"), 3 * unknown);
	ck_assert_uint_eq(rf_stat("p.mmio.bad"), 0);
}
END_TEST

CK_TEST("core", dmard_sync_always_reads_complete)
{
	ck_assert_uint_eq(rf_rd(0x200), 0x4000000000000000ull);
	rf_wr(0x200, 0x8000000000000000ull);	/* start a sync */
	ck_assert_uint_eq(rf_rd(0x200), 0x4000000000000000ull);
}
END_TEST

/* No PCI config space: every naturally aligned access reads all-ones of
   its size and is neither bad nor unknown; a misaligned one is bad. */
CK_TEST("core", config_data_window_reads_all_ones)
{
	uint64_t v;

	rf_wr(0x140, 0x8010000000000000ull);	/* bus 1 dev 0 reg 0 */
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x130, 4), 0xFFFFFFFFull);
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x134, 4), 0xFFFFFFFFull);
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x132, 2), 0xFFFFull);
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x137, 1), 0xFFull);
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x130, 8), ALL);
	ck_assert_int_eq(phb3_mmio_ops.write(rf_phb, 0x130, 4, 0x12345678), 0);
	ck_assert_uint_eq(mmio_rdn(rf_phb, 0x130, 4), 0xFFFFFFFFull);
	ck_assert_uint_eq(rf_stat("p.mmio.bad"), 0);
	ck_assert_uint_eq(rf_stat("p.mmio.unknown"), 0);
	ck_assert_int_eq(phb3_mmio_ops.read(rf_phb, 0x131, 2, &v), 0);
	ck_assert_uint_eq(v, ALL);
	ck_assert_int_eq(phb3_mmio_ops.read(rf_phb, 0x138, 4, &v), 0);
	ck_assert_uint_eq(rf_stat("p.mmio.bad"), 2);
}
END_TEST

CK_TEST("core", ffi_lock_taken_by_read_released_by_request)
{
	ck_assert_uint_eq(rf_rd(0x240), 0);		/* free: taken now */
	ck_assert_uint_eq(rf_rd(0x240), 0x8000000000000000ull);
	rf_wr(0x238, 0x1000000000000000ull | 0x10);	/* FFI request */
	ck_assert_uint_eq(rf_rd(0x238), 0);
	ck_assert_uint_eq(rf_rd(0x240), 0);		/* released */
	rf_wr(0x240, 0x1234);
	ck_assert_uint_eq(rf_rd(0x240), 0x1234);
	ck_assert_uint_eq(rf_rd(0x240), 0x8000000000001234ull);
}
END_TEST

/* The link trains with a partner once PERST is released (RESET bit 2):
   the values the captured boot read (0, then 0x110000000000). */
CK_TEST("core", dlp_link_needs_partner_and_perst_release)
{
	ck_assert_uint_eq(rf_rd(0x640), 0);
	rf_wr(0x808, 0xF000000000000000ull);	/* no partner */
	ck_assert_uint_eq(rf_rd(0x640), 0);
	ck_assert_uint_eq(rf_rd(0x630), 0);
	phb3_set_link_partner(rf_phb, true);
	ck_assert_uint_eq(rf_rd(0x640), 0x0000110000000000ull);
	ck_assert_uint_eq(rf_rd(0x630), 0x0080000000000000ull);
	rf_wr(0x808, 0xD000000000000000ull);	/* PERST asserted */
	ck_assert_uint_eq(rf_rd(0x808), 0xD000000000000000ull);
	ck_assert_uint_eq(rf_rd(0x640), 0);
	ck_assert_uint_eq(rf_rd(0x630), 0);
	rf_wr(0x630, ALL);				/* bit 8 is status */
	ck_assert_uint_eq(rf_rd(0x630), 0xFF7FFFFFFFFFFFFFull);
	rf_wr(0x808, 0x2000000000000000ull);	/* PERST released */
	ck_assert_uint_eq(rf_rd(0x630), ALL);
	rf_wr(0x640, ALL);				/* status: not stored */
	ck_assert_uint_eq(rf_rd(0x640), 0x0000110000000000ull);
	phb3_set_link_partner(rf_phb, false);
	ck_assert_uint_eq(rf_rd(0x640), 0);
}
END_TEST

CK_TEST("core", q_dma_r_autoreset_zeroes_quiesce_is_kept)
{
	rf_wr(0x888, 0x8000000000000000ull);
	ck_assert_uint_eq(rf_rd(0x888), 0x8000000000000000ull);
	rf_wr(0x888, 0x8200000000000000ull);	/* bit 6: status, not stored */
	ck_assert_uint_eq(rf_rd(0x888), 0x8000000000000000ull);
	rf_wr(0x888, 0xC000000000000000ull);	/* autoreset */
	ck_assert_uint_eq(rf_rd(0x888), 0);
	rf_wr(0x888, 0x8000000000000000ull);
	rf_wr(0x888, 0x4000000000000000ull);
	ck_assert_uint_eq(rf_rd(0x888), 0);
}
END_TEST

/* LEM: AND/OR ports act on the FIR and the error mask; WOF is cleared by
   any write. */
CK_TEST("core", lem_and_or_ports_and_wof)
{
	rf_wr(0xC00, 0x00000000000000F0ull);
	rf_wr(0xC08, 0x0000000000000030ull);	/* FIR &= */
	ck_assert_uint_eq(rf_rd(0xC00), 0x30);
	rf_wr(0xC10, 0x0F00000000000000ull);	/* FIR |= */
	ck_assert_uint_eq(rf_rd(0xC00), 0x0F00000000000030ull);
	ck_assert_uint_eq(rf_rd(0xC08), 0);
	ck_assert_uint_eq(rf_rd(0xC10), 0);
	rf_wr(0xC18, ALL);				/* skiboot Init_88 */
	rf_wr(0xC20, 0x42498E367F502EAEull);	/* mask &= */
	ck_assert_uint_eq(rf_rd(0xC18), 0x42498E367F502EAEull);
	rf_wr(0xC28, 0x0000000000000001ull);	/* mask |= */
	ck_assert_uint_eq(rf_rd(0xC18), 0x42498E367F502EAFull);
	ck_assert_uint_eq(rf_rd(0xC20), 0);
	ck_assert_uint_eq(rf_rd(0xC28), 0);
	rf_phb->regs[0xC40 / 8] = 0x0000100000000000ull; /* first error */
	ck_assert_uint_eq(rf_rd(0xC40), 0x0000100000000000ull);
	rf_wr(0xC40, ALL);
	ck_assert_uint_eq(rf_rd(0xC40), 0);
}
END_TEST

/* The IODA auto-increment, sizes, masks and kinds of every table. */
CK_TEST("core", every_ioda_table_size_mask_autoinc_and_kind)
{
	unsigned t, i;
	uint64_t raz = 0;

	ck_assert_uint_eq(phb3_ioda_count, NTABLES);
	for (t = 0; t < NTABLES; t++) {
		const struct want_table *w = &want_tables[t];
		uint64_t sel = 1ull << 63 | (uint64_t)w->tsel << 48;

		ck_assert_str_eq(phb3_ioda_table[t].name, w->name);
		ck_assert_uint_eq(phb3_ioda_table[t].tsel, w->tsel);
		rf_wr(0x220, sel);
		for (i = 0; i < w->entries; i++)
			rf_wr(0x228, ALL - i);
		/* wrapped to 0 after the last entry */
		ck_assert_msg(rf_rd(0x220) == sel, "%s: IODA_ADDR 0x%llx",
			      w->name, (unsigned long long)rf_rd(0x220));
		for (i = 0; i < w->entries; i++) {
			uint64_t want = w->kind == RAZ ? 0 :
					(ALL - i) & w->wmask;

			ck_assert_msg(rf_rd(0x228) == want, "%s[%u]", w->name, i);
		}
		ck_assert_uint_eq(rf_rd(0x220), sel);
		/* the last entry, directly; then one past the end */
		rf_wr(0x220, (uint64_t)w->tsel << 48 | (w->entries - 1));
		ck_assert_uint_eq(rf_rd(0x228), w->kind == RAZ ? 0 :
			(ALL - (w->entries - 1)) & w->wmask);
		ck_assert_uint_eq(rf_rd(0x220),
				  (uint64_t)w->tsel << 48 | (w->entries - 1));
		if (w->kind == RAZ)
			raz += 2 * w->entries + 1;
		if (w->entries < 512) {
			rf_wr(0x220, (uint64_t)w->tsel << 48 | w->entries);
			ck_assert_uint_eq(rf_rd(0x228), 0);
			raz++;
		}
	}
	ck_assert_uint_eq(rf_stat("p.ioda_unmodelled"), raz);
}
END_TEST

/* Unassigned selectors read 0, ignore writes and do not advance. */
CK_TEST("core", ioda_unassigned_selectors_do_not_advance)
{
	static const unsigned none[] = { 0, 12, 13, 14, 15, 18, 19, 21, 31 };
	unsigned i;

	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		uint64_t sel = 1ull << 63 | (uint64_t)none[i] << 48 | 5;

		rf_wr(0x220, sel);
		rf_wr(0x228, ALL);
		ck_assert_uint_eq(rf_rd(0x228), 0);
		ck_assert_uint_eq(rf_rd(0x220), sel);
	}
	ck_assert_uint_eq(rf_stat("p.ioda_unmodelled"), 2 * i);
}
END_TEST

/* A TVT write reaches the DMA path's decoded view; PESTB bit 0 is the
   freeze the DMA path checks (the STATE tables are live). */
CK_TEST("core", state_tables_drive_the_model)
{
	rf_wr(0x220, 9ull << 48 | 7);
	rf_wr(0x228, 0x0000000012345000ull | 1ull << 8 | 1);
	ck_assert_uint_eq(rf_phb->ioda.TVT[7], 0x0000000012345101ull);
	ck_assert(rf_phb->tve[7].valid && !rf_phb->tve[7].bypass);
	ck_assert_uint_eq(rf_phb->tve[7].ps, 12);	/* IO_PSIZE 1: 4K */
	ck_assert(!rf_phb->tve[6].valid);
	rf_phb->ioda.PESTB[3] = 0x8000000000000000ull;	/* frozen by a fault */
	rf_wr(0x220, 8ull << 48 | 3);
	ck_assert_uint_eq(rf_rd(0x228), 0x8000000000000000ull);
	rf_wr(0x228, 0);				/* freeze clear */
	ck_assert_uint_eq(rf_phb->ioda.PESTB[3], 0);
}
END_TEST

/* The captured powernv8 boot (PHB 0), read for read. */
CK_TEST("core", captured_boot_reads)
{
	phb3_set_link_partner(rf_phb, true);
	ck_assert_uint_eq(rf_rd(0x600), 0x441100FC30000000ull);
	rf_wr(0x600, 0x441000FC30000000ull);
	ck_assert_uint_eq(rf_rd(0x600), 0x441100FC30000000ull);
	ck_assert_uint_eq(rf_rd(0x808), 0);
	rf_wr(0x808, 0xD000000000000000ull);
	rf_wr(0x220, 0x8002000000000000ull);		/* LXIVT, autoinc */
	for (int i = 0; i < 8; i++)
		rf_wr(0x228, 0xFF00000000ull);
	ck_assert_uint_eq(rf_rd(0x640), 0);		/* DLP PG reset wait */
	rf_wr(0xC80, ALL);
	ck_assert_uint_eq(rf_rd(0x2C8), 0);		/* ETU error summary */
	ck_assert_uint_eq(rf_rd(0x808), 0xD000000000000000ull);
	rf_wr(0x808, 0xF000000000000000ull);		/* PERST released */
	ck_assert_uint_eq(rf_rd(0x640), 0x110000000000ull);
	rf_wr(0x220, 0x0002000000000006ull);		/* LXIVT[6] */
	ck_assert_uint_eq(rf_rd(0x228), 0xFF00000000ull);
	rf_wr(0x228, 0x200500000000ull);
	ck_assert_uint_eq(rf_rd(0x228), 0x200500000000ull);
	rf_wr(0x2A8, 0x3000200500000000ull);		/* IVC update */
	ck_assert_uint_eq(rf_rd(0x2A8), 0x3000200500000000ull);
	ck_assert_uint_eq(rf_rd(0x800), 0xA300000005ull);	/* VERSION */
	ck_assert_uint_eq(rf_stat("p.mmio.unknown"), 0);
	ck_assert_uint_eq(rf_stat("p.ioda_unmodelled"), 0);
}
END_TEST

/* A register-file reset restores every register and table entry. */
CK_TEST("core", reset_restores_everything)
{
	unsigned i;

	for (i = 0; i < NREGS; i++)
		rf_wr(want_regs[i].off, ALL);
	rf_wr(0x220, 1ull << 63 | 17ull << 48);
	for (i = 0; i < 256; i++)
		rf_wr(0x228, i + 1);
	phb3_regs_reset(rf_phb);
	for (i = 0; i < NREGS; i++)
		if (want_regs[i].off != 0x200 && want_regs[i].off != 0x130)
			ck_assert_uint_eq(rf_rd(want_regs[i].off),
					  want_regs[i].reset);
	for (i = 0; i < 256; i++)
		ck_assert_uint_eq(rf_phb->ioda.M32DT[i], 0);
}
END_TEST

CK_CASE("core", 0, rf_setup, rf_teardown);
CK_SUITE("model_phb3_regfile");
