/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PHB3 register constants and field layouts (IBM bit numbering: bit 0 is
 * the most significant bit of a 64-bit word), plus the extract/deposit
 * helpers every PHB3 file uses to touch a field.
 *
 * A field is written as "first, last" IBM bit numbers, e.g.
 *   #define PHB_IODA_AD_TSEL 11, 15
 *   tsel = IBM_EX(reg, PHB_IODA_AD_TSEL);
 *   reg = IBM_DP(reg, PHB_IODA_AD_TSEL, 9);
 * IBM_DP asserts that the value fits the field (an over-wide value is a
 * model bug); ibm_dp_checked() returns -ERANGE instead, for values that
 * come from outside the model.
 */
#ifndef TCESIM_MODEL_PHB3_REGS_H
#define TCESIM_MODEL_PHB3_REGS_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#define PPC_BIT(n) (1ull << (63 - (n)))

/* Mask of IBM bits first..last (first <= last <= 63). */
static inline uint64_t ibm_mask(unsigned first, unsigned last)
{
	unsigned width = last - first + 1;

	assert(first <= last && last <= 63);
	return (width == 64 ? ~0ull : ((1ull << width) - 1)) << (63 - last);
}

static inline uint64_t ibm_ex(uint64_t reg, unsigned first, unsigned last)
{
	return (reg & ibm_mask(first, last)) >> (63 - last);
}

static inline bool ibm_fits(uint64_t val, unsigned first, unsigned last)
{
	unsigned width = last - first + 1;

	return width == 64 || (val >> width) == 0;
}

static inline uint64_t ibm_dp(uint64_t reg, unsigned first, unsigned last,
			      uint64_t val)
{
	assert(ibm_fits(val, first, last));
	return (reg & ~ibm_mask(first, last)) | (val << (63 - last));
}

/* 0 and *reg updated, or -ERANGE (val wider than the field; *reg kept). */
static inline int ibm_dp_checked(uint64_t *reg, unsigned first,
				 unsigned last, uint64_t val)
{
	if (!ibm_fits(val, first, last))
		return -ERANGE;
	*reg = ibm_dp(*reg, first, last, val);
	return 0;
}

#define IBM_MASK(F) IBM_MASK_(F)
#define IBM_MASK_(a, b) ibm_mask((a), (b))
#define IBM_EX(reg, F) IBM_EX_(reg, F)
#define IBM_EX_(reg, a, b) ibm_ex((reg), (a), (b))
#define IBM_DP(reg, F, val) IBM_DP_(reg, F, val)
#define IBM_DP_(reg, a, b, val) ibm_dp((reg), (a), (b), (val))

/* Register offsets, generated from phb3_regs.def: PHB_<name>. */
enum phb3_reg_offset {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) PHB_##name = (off),
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

#define PHB3_REGS_SIZE 0x1000 /* bytes of register space */

/* How a register behaves (the kind column of phb3_regs.def). */
enum phb3_reg_kind {
	PHB3_RK_RW,	/* stores the wmask bits */
	PHB3_RK_RO,	/* reads the reset value, ignores writes */
	PHB3_RK_W1C,	/* a 1 bit written clears that bit */
	PHB3_RK_ACT,	/* write-only action port, reads 0 */
	PHB3_RK_SE,	/* side effect or computed read (phb3_regs.c) */
};

/* One row of phb3_regs.def, for the register file and its tests. */
struct phb3_reg_desc {
	const char *name;
	unsigned offset;
	uint64_t reset;
	uint64_t wmask;
	enum phb3_reg_kind kind;
	const char *src;
	const char *desc;
};

extern const struct phb3_reg_desc phb3_reg_table[];
extern const unsigned phb3_reg_count;
/* The row for a register offset, or NULL for an unmodelled offset. */
const struct phb3_reg_desc *phb3_reg_find(uint64_t offset);
/* "RW", "RO", "W1C", "ACT" or "SE". */
const char *phb3_reg_kind_name(enum phb3_reg_kind k);

/* How an IODA table behaves (the kind column of phb3_ioda.def). */
enum phb3_ioda_kind {
	PHB3_IK_STATE,	/* the model acts on it */
	PHB3_IK_STORE,	/* read-as-written */
	PHB3_IK_RAZ,	/* cache array: reads 0, writes ignored */
};

/* One row of phb3_ioda.def. */
struct phb3_ioda_desc {
	const char *name;
	unsigned tsel;
	unsigned entries;
	uint64_t wmask;
	enum phb3_ioda_kind kind;
	const char *src;
	const char *desc;
};

extern const struct phb3_ioda_desc phb3_ioda_table[];
extern const unsigned phb3_ioda_count;
/* The row for a table selector, or NULL for an unassigned selector. */
const struct phb3_ioda_desc *phb3_ioda_find(unsigned tsel);
/* "STATE", "STORE" or "RAZ". */
const char *phb3_ioda_kind_name(enum phb3_ioda_kind k);

/* PHB_PHB3_CONFIG */
#define PHB_PHB3_CONFIG_64B_TCE_EN	2, 2
#define PHB_PHB3_CONFIG_MSI32_EN	8, 8
#define PHB_PHB3_CONFIG_MSI64_EN	14, 14
#define PHB_PHB3_CONFIG_M32_EN		16, 16
/* PHB_RTT_BAR, PHB_PELTV_BAR, PHB_PEST_BAR (base kept in place) */
#define PHB_BAR_ENABLE			0, 0
#define PHB_RTT_BAR_ADDR		14, 46
#define PHB_PELTV_BAR_ADDR		14, 50
#define PHB_PEST_BAR_ADDR		14, 51
/* PHB_DMARD_SYNC */
#define PHB_DMARD_SYNC_START		0, 0
#define PHB_DMARD_SYNC_COMPLETE		1, 1
/* PHB_RTC_INVALIDATE */
#define PHB_RTC_INVALIDATE_ALL		0, 0
#define PHB_RTC_INVALIDATE_RID		16, 31
/* PHB_TCE_KILL */
#define PHB_TCE_KILL_ALL		0, 0
#define PHB_TCE_KILL_PE			1, 1
#define PHB_TCE_KILL_ONE		2, 2
#define PHB_TCE_KILL_ADDR		4, 51	/* bus address bits 59..12, in place */
#define PHB_TCE_KILL_PENUM		56, 63
/* PHB_IODA_ADDR */
#define PHB_IODA_AD_AUTOINC		0, 0
#define PHB_IODA_AD_TSEL		11, 15
#define PHB_IODA_AD_TADR		55, 63
/* PHB_Q_DMA_R */
#define PHB_Q_DMA_R_QUIESCE		0, 0
#define PHB_Q_DMA_R_AUTORESET		1, 1
#define PHB_Q_DMA_R_TCE_RESP_STATUS	6, 6
/* PHB_FFI_LOCK */
#define PHB_FFI_LOCK_STATE		0, 0
/* PHB_RESET */
#define PHB_RESET_PERST_RELEASED	2, 2	/* 0: PERST asserted */
/* PHB_PCIE_LINK_MANAGEMENT */
#define PHB_PCIE_LM_LINK_ACTIVE		8, 8
/* PHB_PCIE_DLP_TRAIN_CTL */
#define PHB_PCIE_DLP_INBAND_PRESENCE	19, 19
#define PHB_PCIE_DLP_TC_DL_LINKACT	23, 23
/* PHB_CONFIG_DATA: the window's bytes */
#define PHB3_CONFIG_DATA_BYTES		8

/* IODA table selectors (PHB_IODA_ADDR.TSEL), from phb3_ioda.def */
enum phb3_ioda_tsel {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) IODA2_TBL_##name = (tsel),
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

/* TVE, translated mode (IO_PSIZE != 0) */
#define IODA2_TVT_TABLE_ADDR		0, 47	/* root table address >> 12 */
#define IODA2_TVT_NUM_LEVELS		48, 50	/* levels - 1 */
#define IODA2_TVT_TCE_TABLE_SIZE	51, 55	/* log2(bytes per level) - 11 */
#define IODA2_TVT_IO_PSIZE		59, 63	/* log2(IO page) - 11; 0 = bypass */
/* TVE, bypass ("real") mode (IO_PSIZE == 0), addresses in 16 MB units */
#define IODA2_TVT_BYP_START_LO		0, 23	/* start bits 47..24 */
#define IODA2_TVT_BYP_END_LO		24, 47	/* end bits 47..24 */
#define IODA2_TVT_BYP_VALID		51, 51
#define IODA2_TVT_BYP_START_HI		52, 53	/* start bits 49..48 */
#define IODA2_TVT_BYP_END_HI		54, 55	/* end bits 49..48 */

/* PESTA / PESTB (on-chip) */
#define IODA2_PESTA_MMIO_FROZEN		0, 0
#define IODA2_PESTB_DMA_STOPPED		0, 0

/* PEST0 / PEST1 (in memory, 16 bytes per PE at PHB_PEST_BAR) */
#define PHB3_PEST0_TTYPE		5, 7
#define PHB3_PEST0_IODA2_ERROR		16, 16	/* MMIO xlate / IODA2 error */
#define PHB3_PEST0_TCE_PAGE_FAULT	18, 18
#define PHB3_PEST0_TCE_ACCESS_FAULT	19, 19
#define PHB3_PEST0_RID			32, 47
#define PHB3_PEST1_FAIL_ADDR		3, 63
#define PHB3_TTYPE_DMA_WRITE		0
#define PHB3_TTYPE_DMA_READ		2

#endif /* TCESIM_MODEL_PHB3_REGS_H */
