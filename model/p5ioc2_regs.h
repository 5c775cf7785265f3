/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P5IOC2 model register offsets (generated from p5ioc2_regs.def) and the
 * register fields the model decodes. IBM bit numbering: bit 0 is the MSB
 * of a 64-bit register, or of a 32-bit register for the CAP_PCFGRW bits.
 */
#ifndef TCESIM_MODEL_P5IOC2_REGS_H
#define TCESIM_MODEL_P5IOC2_REGS_H

#define P5_BIT64(n)	(1ull << (63 - (n)))
#define P5_BIT32(n)	(1u << (31 - (n)))

enum p5ioc2_reg_off {
#define P5IOC2_REG(space, name, off, width, desc) P5_##space##_##name = (off),
#include "p5ioc2_regs.def"
#undef P5IOC2_REG
};

/* GX TCE BAR / mask: a 26-bit field at bits 0..25 (address >> 20). */
#define P5_GX_FIELD_SHIFT	38
#define P5_GX_FIELD_MASK	0x3FFFFFFull
#define P5_GX_TCE_BAR_EN	P5_BIT64(26)

/* CA_TARn fields. */
#define P5_TAR_HUBID_SHIFT	58		/* bits 0..5 */
#define P5_TAR_ALTHUBID_SHIFT	52		/* bits 6..11 */
#define P5_TAR_ADDR_MASK	0x0000FFFFFFFF8000ull /* bits 16..48 */
#define P5_TAR_VALID		P5_BIT64(60)
#define P5_TAR_NUM_TCE_MASK	0x7ull		/* bits 61..63: log2(size)-16 */

/* CAP_PCFGRW (32-bit register). */
#define P5_PCFG_ERR_RECOV_EN	P5_BIT32(1)
#define P5_PCFG_TCE_EN		P5_BIT32(2)
#define P5_PCFG_FREEZE_EN	P5_BIT32(3)
#define P5_PCFG_MMIO_FROZEN	P5_BIT32(4)
#define P5_PCFG_DMA_FROZEN	P5_BIT32(5)
#define P5_PCFG_DAC_DISABLE	P5_BIT32(7)

/* CAP_DMACSR error log written by the model on a DMA fault (model-defined). */
#define P5_DMACSR_ERR_VALID	P5_BIT64(0)
#define P5_DMACSR_REASON_SHIFT	48		/* bits 8..15: enum sim_fault_reason */
#define P5_DMACSR_WRITE		P5_BIT64(16)	/* the faulting request was a write */
/* bits 48..63: requester ID */

#endif /* TCESIM_MODEL_P5IOC2_REGS_H */
