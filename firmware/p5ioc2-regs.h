/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P5IOC2 register offsets and fields as the firmware knows them. The
 * CA/CAP offsets and bits are the published ones; the hub window layout
 * (where the Calgary blocks and the GX TCE BAR/mask sit) is this
 * platform's, as a device tree would describe it (docs/firmware.md).
 */
#ifndef TCESIM_FW_P5IOC2_REGS_H
#define TCESIM_FW_P5IOC2_REGS_H

#define P5_FW_BIT64(n)		(1ull << (63 - (n)))
#define P5_FW_BIT32(n)		(1u << (31 - (n)))

/* Hub window layout. */
#define P5IOC2_HUB_GX_TCE_BAR	0x00800	/* stands in for XSCOM 0x02011845 */
#define P5IOC2_HUB_GX_TCE_MASK	0x00808	/* stands in for XSCOM 0x0201184B */
#define   GX_TCE_FIELD_SHIFT	38	/* bits 0..25: value >> 20 */
#define   GX_TCE_FIELD_MASK	0x3FFFFFFull
#define   GX_TCE_BAR_ENABLE	P5_FW_BIT64(26)
#define P5IOC2_XIXO		0xF0030
#define   P5IOC2_XIXO_ENH_TCE	P5_FW_BIT64(0)
#define P5IOC2_CA_BLOCK(ca)	(0x100000ull + (uint64_t)(ca) * 0x10000ull)

/* Calgary registers (offsets in a CA block). */
#define CA_TARn(n)		(0x580 + ((n) << 3))
#define   CA_TAR_HUBID_SHIFT	58	/* bits 0..5 */
#define   CA_TAR_ALTHUBID_SHIFT	52	/* bits 6..11 */
#define   CA_TAR_VALID		P5_FW_BIT64(60)
#define   CA_TAR_NUM_TCE_MASK	0x7ull	/* bits 61..63: log2(size) - 16 */
#define CA_ALTHUBID(ca)		((ca) ? 4u : 1u)

/* PHB (CAP) registers. */
#define CAP_DMACSR		0x110
#define CAP_PLSSR		0x120
#define CAP_PCFGRW		0x160	/* 32-bit */
#define   CAP_PCFGRW_ERR_RECOV_EN P5_FW_BIT32(1)
#define   CAP_PCFGRW_TCE_EN	P5_FW_BIT32(2)
#define   CAP_PCFGRW_FREEZE_EN	P5_FW_BIT32(3)
#define   CAP_PCFGRW_MMIO_FROZEN P5_FW_BIT32(4)
#define   CAP_PCFGRW_DMA_FROZEN	P5_FW_BIT32(5)
#define   CAP_PCFGRW_DAC_DISABLE P5_FW_BIT32(7)

/* PHB TCE table limits (SET_PHB_TCE_MEMORY). */
#define P5IOC2_TCE_MIN		(64ull << 10)
#define P5IOC2_TCE_MAX		(8ull << 20)

#endif /* TCESIM_FW_P5IOC2_REGS_H */
