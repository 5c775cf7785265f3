// SPDX-License-Identifier: GPL-2.0
/*
 * compat MMIO: ioremap cookies that encode the physical address, checked
 * against the live mappings, and the accessors' route to the simulated
 * MMIO bus.
 */
#include <string.h>
#include <linux/kernel.h>
#include <asm/io.h>
#include <tcesim/mmio.h>
#include "kc_internal.h"

/* Non-canonical on x86-64: dereferencing a cookie faults at once. */
#define KC_IOMEM_TAG	0xC000000000000000ULL
#define KC_IOMEM_MASK	((1ULL << 56) - 1)

struct kc_ioremap {
	struct list_head node;
	u64 pa, size;
};

static LIST_HEAD(kc_ioremaps);

void __iomem *ioremap(phys_addr_t addr, unsigned long size)
{
	struct kc_ioremap *m;

	if (!size || addr > KC_IOMEM_MASK || addr + size < addr)
		return NULL;
	if (kc_should_fail(KC_FAIL_KMALLOC))
		return NULL;
	m = kc_zalloc(sizeof(*m));
	m->pa = addr;
	m->size = size;
	list_add_tail(&m->node, &kc_ioremaps);
	kc.cnt.ioremaps_live++;
	return (void __iomem *)(uintptr_t)(KC_IOMEM_TAG | addr);
}

void iounmap(volatile void __iomem *addr)
{
	u64 pa = (u64)(uintptr_t)addr & KC_IOMEM_MASK;
	struct kc_ioremap *m;

	if (!addr)
		return;
	list_for_each_entry(m, &kc_ioremaps, node)
		if (m->pa == pa) {
			list_del(&m->node);
			kc_free(m);
			kc.cnt.ioremaps_live--;
			return;
		}
	WARN_ON(1);	/* not an ioremap() cookie */
}

/* Physical address of an access, or ~0 when it is outside every mapping. */
static u64 kc_iomem_pa(const volatile void __iomem *addr, unsigned int size)
{
	u64 a = (u64)(uintptr_t)addr, pa = a & KC_IOMEM_MASK;
	struct kc_ioremap *m;

	if ((a & ~KC_IOMEM_MASK) != KC_IOMEM_TAG)
		return ~0ULL;
	list_for_each_entry(m, &kc_ioremaps, node)
		if (pa >= m->pa && pa + size <= m->pa + m->size)
			return pa;
	return ~0ULL;
}

u64 kc_mmio_read(const volatile void __iomem *addr, unsigned int size)
{
	u64 pa = kc_iomem_pa(addr, size);
	uint64_t val = ~0ULL;

	if (WARN_ON(pa == ~0ULL))
		return ~0ULL;
	kc.cnt.mmio_reads++;
	if (sim_mmio_read(kc.host.bus, pa, size, &val))
		val = ~0ULL;
	return size == 8 ? val : val & ((1ULL << (size * 8)) - 1);
}

void kc_mmio_write(volatile void __iomem *addr, unsigned int size, u64 val)
{
	u64 pa = kc_iomem_pa(addr, size);

	if (WARN_ON(pa == ~0ULL))
		return;
	kc.cnt.mmio_writes++;
	sim_mmio_write(kc.host.bus, pa, size, val);
}

void kc_io_teardown(void)
{
	while (!list_empty(&kc_ioremaps)) {
		struct kc_ioremap *m = list_first_entry(&kc_ioremaps,
							struct kc_ioremap, node);

		list_del(&m->node);
		kc_free(m);
	}
}
