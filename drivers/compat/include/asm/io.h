/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES MMIO. ioremap() returns a cookie that encodes the
 * physical address (no host mapping: dereferencing it faults); every
 * accessor routes to sim_mmio_read/write on the bus given to kc_init().
 * An access outside every live ioremap() WARNs and reads all-ones.
 *
 * The bus carries register values (POWER PHBs are big-endian). The
 * simulated CPU is little-endian, so:
 *   in_be64/out_be64, __raw_{read,write}q_be, __raw_rm_writeq_be: value
 *   readq/writeq, readl/writel (little-endian): byte-swapped value
 *   __raw_readq/__raw_writeq (CPU order, no barrier): byte-swapped value,
 *   so __raw_writeq(cpu_to_be64(v)) writes v, as on hardware.
 */
#ifndef _KC_ASM_IO_H
#define _KC_ASM_IO_H

#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/page.h>

void __iomem *ioremap(phys_addr_t addr, unsigned long size);
void iounmap(volatile void __iomem *addr);

/* size is 1, 2, 4 or 8; the bus value (register order). */
u64 kc_mmio_read(const volatile void __iomem *addr, unsigned int size);
void kc_mmio_write(volatile void __iomem *addr, unsigned int size, u64 val);

static inline u64 in_be64(const volatile void __iomem *a)
{
	return kc_mmio_read(a, 8);
}

static inline void out_be64(volatile void __iomem *a, u64 v)
{
	kc_mmio_write(a, 8, v);
}

static inline u32 in_be32(const volatile void __iomem *a)
{
	return (u32)kc_mmio_read(a, 4);
}

static inline void out_be32(volatile void __iomem *a, u32 v)
{
	kc_mmio_write(a, 4, v);
}

static inline u64 readq(const volatile void __iomem *a)
{
	return __builtin_bswap64(kc_mmio_read(a, 8));
}

static inline void writeq(u64 v, volatile void __iomem *a)
{
	kc_mmio_write(a, 8, __builtin_bswap64(v));
}

static inline u32 readl(const volatile void __iomem *a)
{
	return __builtin_bswap32((u32)kc_mmio_read(a, 4));
}

static inline void writel(u32 v, volatile void __iomem *a)
{
	kc_mmio_write(a, 4, __builtin_bswap32(v));
}

static inline u16 readw(const volatile void __iomem *a)
{
	return __builtin_bswap16((u16)kc_mmio_read(a, 2));
}

static inline void writew(u16 v, volatile void __iomem *a)
{
	kc_mmio_write(a, 2, __builtin_bswap16(v));
}

static inline u8 readb(const volatile void __iomem *a)
{
	return (u8)kc_mmio_read(a, 1);
}

static inline void writeb(u8 v, volatile void __iomem *a)
{
	kc_mmio_write(a, 1, v);
}

#define __raw_readq(a)		readq(a)
#define __raw_writeq(v, a)	writeq((v), (a))
#define __raw_readl(a)		readl(a)
#define __raw_writel(v, a)	writel((v), (a))
#define __raw_readq_be(a)	in_be64(a)
#define __raw_writeq_be(v, a)	out_be64((a), (v))
#define __raw_rm_writeq_be(v, a) out_be64((a), (v))
#define __raw_rm_writeq(v, a)	writeq((v), (a))
#define readq_relaxed(a)	readq(a)
#define writeq_relaxed(v, a)	writeq((v), (a))

#define virt_to_phys(p)		__pa(p)
#define phys_to_virt(pa)	__va(pa)

#endif /* _KC_ASM_IO_H */
