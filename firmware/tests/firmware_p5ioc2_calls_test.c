// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_p5ioc2_calls: the OPAL calls on a real P5IOC2 hub model,
 * checked through the hub's registers on the MMIO bus (case 29-30 values
 * of the hardware reference), plus DMA through the DMA test endpoint.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/dma_endpoint.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"
#include "tcesim/p5ioc2.h"

#include "fw_calls_test.h"

#define GiB (1ull << 30)
#define HUB_PA 0x3FF000000000ull
#define HUB_ID 3
#define PHB_CA1 20	/* CA1 PHB 1 */
#define PHB_CA0 21	/* CA0 PHB 2 */
/* Register addresses, written out from the documented layout. */
#define GX_TCE_BAR	(HUB_PA + 0x800)
#define GX_TCE_MASK	(HUB_PA + 0x808)
#define XIXO		(HUB_PA + 0xF0030)
#define CA_TAR(ca, n)	(HUB_PA + 0x100000 + (ca) * 0x10000 + 0x580 + 8 * (n))
#define PHB_REGS(ca, n)	(HUB_PA + 0x100000 + (ca) * 0x10000 + 0x8000 + \
			 0x1000 * (n))
#define PCFGRW(ca, n)	(PHB_REGS(ca, n) + 0x160)
#define DMACSR(ca, n)	(PHB_REGS(ca, n) + 0x110)
#define TCE_EN		0x20000000u
#define INIT_PCFG	0x51000000u /* ERR_RECOV_EN | FREEZE_EN | DAC_DISABLE */
#define OUT_PA		0x1000ull

static struct sim_mem *mem;
static struct sim_mmio_bus bus;
static struct p5ioc2 *hw;
static struct opal *fw;

static void setup(void)
{
	mem = sim_mem_create(4 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	hw = p5ioc2_create(mem, NULL, 0);
	fw = fw_on_bus(mem, &bus, hw, &p5ioc2_mmio_ops, HUB_PA,
		       P5IOC2_MMIO_SIZE, "p5ioc2");
	ck_assert_int_eq(opal_add_p5ioc2_hub(fw, HUB_ID, HUB_PA), 0);
	ck_assert_int_eq(opal_add_p5ioc2_phb(fw, HUB_ID, PHB_CA1, 1, 1,
					     PHB_REGS(1, 1)), 0);
	ck_assert_int_eq(opal_add_p5ioc2_phb(fw, HUB_ID, PHB_CA0, 0, 2,
					     PHB_REGS(0, 2)), 0);
}

static void setup_region(void)
{
	setup();
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0x41000000,
						     16ull << 20),
			 OPAL_SUCCESS);
}

static void teardown(void)
{
	opal_destroy(fw);
	p5ioc2_destroy(hw);
	sim_mem_destroy(mem);
}

static uint64_t rd64(uint64_t pa)
{
	uint64_t v;

	ck_assert_int_eq(sim_mmio_read(&bus, pa, 8, &v), 0);
	return v;
}

static uint32_t rd32(uint64_t pa)
{
	uint64_t v;

	ck_assert_int_eq(sim_mmio_read(&bus, pa, 4, &v), 0);
	return (uint32_t)v;
}

static uint8_t status(uint64_t phb, uint64_t pe, int64_t *rc, uint16_t *err)
{
	return fw_freeze_status(fw, mem, OUT_PA, phb, pe, rc, err);
}

/* OPAL_PCI_SET_PHB_TCE_MEMORY(phb, addr, size) refused as a parameter. */
static void tce_memory_refused(uint64_t phb, uint64_t addr, uint64_t size)
{
	ck_assert_int_eq(opal_pci_set_phb_tce_memory(fw, phb, addr, size),
			 OPAL_PARAMETER);
}

CK_TEST("init", add_hub_and_phb_program_init_state)
{
	struct opal_phb_info info;

	ck_assert_uint_eq(rd64(XIXO) >> 63, 1);
	ck_assert_uint_eq(rd32(PCFGRW(1, 1)), INIT_PCFG);
	ck_assert_uint_eq(rd64(CA_TAR(1, 1)), 0);
	ck_assert_int_eq(opal_phb_get_info(fw, PHB_CA1, &info), 0);
	ck_assert_int_eq(info.type, OPAL_PHB_TYPE_P5IOC2);
	ck_assert_uint_eq(info.num_pes, 1);
	ck_assert_uint_eq(info.ca, 1);
	ck_assert_uint_eq(info.index, 1);
	ck_assert_uint_eq(info.tce_kill, 0);
	ck_assert_int_eq(opal_add_p5ioc2_hub(fw, HUB_ID, HUB_PA), -EEXIST);
	ck_assert_int_eq(opal_add_p5ioc2_phb(fw, 9, 30, 0, 0, PHB_REGS(0, 0)),
			 -ENOENT);
	ck_assert_int_eq(opal_add_p5ioc2_phb(fw, HUB_ID, 30, 2, 0,
					     PHB_REGS(0, 0)), -EINVAL);
	ck_assert_int_eq(opal_add_p5ioc2_phb(fw, HUB_ID, PHB_CA1, 0, 0,
					     PHB_REGS(0, 0)), -EEXIST);
}
END_TEST

CK_TEST("init", set_hub_tce_memory_programs_gx_bar_and_mask)
{
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0x41000000,
						     16ull << 20),
			 OPAL_SUCCESS);
	/* BAR bits 0..25 = addr >> 20, bit 26 enable; mask ~((size-1)>>20). */
	ck_assert_uint_eq(rd64(GX_TCE_BAR), (0x410ull << 38) | (1ull << 37));
	ck_assert_uint_eq(rd64(GX_TCE_MASK), 0x3FFFFF0ull << 38);
}
END_TEST

CK_TEST("init", set_hub_tce_memory_bad_args_param)
{
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0x41000000,
						     24ull << 20),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0x41800000,
						     16ull << 20),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0x41000000,
						     0x80000), OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, HUB_ID, 0, 0),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, 99, 0x41000000,
						     16ull << 20),
			 OPAL_PARAMETER);
	ck_assert_uint_eq(rd64(GX_TCE_BAR), 0);
}
END_TEST

CK_TEST("tce_memory", set_phb_tce_memory_case29)
{
	ck_assert_int_eq(opal_pci_set_phb_tce_memory(fw, PHB_CA1, 0x41000000,
						     8ull << 20),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(rd64(CA_TAR(1, 1)), 0x104000004100000Full);
	ck_assert_uint_eq(rd32(PCFGRW(1, 1)), INIT_PCFG | TCE_EN);
	/* CA0: HUBID = ALTHUBID = 1; 64 KB -> NUM_TCE 0. */
	ck_assert_int_eq(opal_pci_set_phb_tce_memory(fw, PHB_CA0, 0x41800000,
						     0x10000), OPAL_SUCCESS);
	ck_assert_uint_eq(rd64(CA_TAR(0, 2)), 0x0410000041800008ull);
}
END_TEST

CK_TEST("tce_memory", set_phb_tce_memory_32k_param)
{
	tce_memory_refused(PHB_CA1, 0x41000000, 0x8000);
}
END_TEST

CK_TEST("tce_memory", set_phb_tce_memory_16m_param)
{
	tce_memory_refused(PHB_CA1, 0x41000000, 16ull << 20);
}
END_TEST

CK_TEST("tce_memory", set_phb_tce_memory_outside_hub_param)
{
	tce_memory_refused(PHB_CA1, 0x42000000, 8ull << 20);
	tce_memory_refused(PHB_CA1, 0x40800000, 8ull << 20);
}
END_TEST

CK_TEST("tce_memory", set_phb_tce_memory_misaligned_param)
{
	tce_memory_refused(PHB_CA1, 0x41400000, 8ull << 20);
	tce_memory_refused(PHB_CA1, 0x41000000, 0x30000);
	ck_assert_uint_eq(rd64(CA_TAR(1, 1)), 0);
}
END_TEST

CK_TEST("init", set_phb_tce_memory_without_hub_region_param)
{
	tce_memory_refused(PHB_CA1, 0x41000000, 8ull << 20);
	tce_memory_refused(99, 0x41000000, 8ull << 20);
}
END_TEST

CK_TEST("eeh", freeze_status_pe1_param_case30)
{
	int64_t rc;
	uint16_t err;

	status(PHB_CA1, 1, &rc, &err);
	ck_assert_int_eq(rc, OPAL_PARAMETER);
	ck_assert_uint_eq(status(PHB_CA1, 0, &rc, &err),
			  OPAL_EEH_STOPPED_NOT_FROZEN);
	ck_assert_int_eq(rc, OPAL_SUCCESS);
	ck_assert_uint_eq(err, OPAL_EEH_NO_ERROR);
}
END_TEST

CK_TEST("eeh", freeze_clear_pe1_or_bad_action_param)
{
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB_CA1, 1, 3),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB_CA1, 0, 0),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB_CA1, 0, 4),
			 OPAL_PARAMETER);
}
END_TEST

CK_TEST("init", ioda_calls_unsupported_on_p5ioc2)
{
	uint64_t a[3] = { HUB_ID, 0x41000000, 16ull << 20 };

	ck_assert_int_eq(opal_pci_set_pe(fw, PHB_CA1, 0, 0x100, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB_CA1, 0, 0, 1,
						    0x41000000, 0x1000, 0x1000),
			 OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB_CA1, 0, 1,
							 1ull << 59, 1ull << 24),
			 OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB_CA1, 0, 0, 1),
			 OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_eeh_freeze_set(fw, PHB_CA1, 0, 3),
			 OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_reset(fw, PHB_CA1, OPAL_RESET_PCI_IODA_TABLE,
					OPAL_ASSERT_RESET), OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_tce_kill(fw, PHB_CA1, 2, 0, 0, 0, 0),
			 OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_call(fw, OPAL_PCI_SET_HUB_TCE_MEMORY, a, 3),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(rd64(GX_TCE_BAR), (0x410ull << 38) | (1ull << 37));
}
END_TEST

CK_TEST("eeh", e2e_dma_dac_reject_freeze_and_clear)
{
	struct sim_dma_target t = p5ioc2_dma_target(hw, 5); /* CA1 PHB 1 */
	struct dma_ep ep;
	struct dma_ep_result r;
	uint8_t b[4] = { 9, 8, 7, 6 }, c[4];
	int64_t rc;
	uint16_t err;

	dma_ep_init(&ep, 0x0200, &t);
	ck_assert_int_eq(opal_pci_set_phb_tce_memory(fw, PHB_CA1, 0x41000000,
						     8ull << 20),
			 OPAL_SUCCESS);
	sim_mem_write_be64(mem, 0x41000000 + 0x90, 0x76543003);
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345, b, 4, &r), DMA_EP_OK);
	ck_assert_uint_eq(r.dma.pa, 0x76543345);
	sim_mem_read(mem, 0x76543345, c, 4);
	ck_assert_mem_eq(c, b, 4);

	/* Case 30: 64-bit DMA is rejected and freezes the PE. */
	ck_assert_int_eq(dma_ep_read(&ep, 0x100000000ull, c, 4, &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_int_eq(r.dma.reason, SIM_FAULT_UNSUPPORTED_ADDR);
	ck_assert_uint_eq(status(PHB_CA1, 0, &rc, &err),
			  OPAL_EEH_STOPPED_MMIO_DMA_FREEZE);
	ck_assert_uint_eq(err, OPAL_EEH_PE_ERROR);
	ck_assert_uint_ne(rd64(DMACSR(1, 1)), 0);
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345, b, 4, &r),
			 DMA_EP_ERR_FROZEN);

	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB_CA1, 0,
			 OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO), OPAL_SUCCESS);
	ck_assert_uint_eq(status(PHB_CA1, 0, &rc, &err),
			  OPAL_EEH_STOPPED_DMA_FREEZE);
	ck_assert_uint_eq(rd64(DMACSR(1, 1)), 0);
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB_CA1, 0,
			 OPAL_EEH_ACTION_CLEAR_FREEZE_ALL), OPAL_SUCCESS);
	ck_assert_uint_eq(status(PHB_CA1, 0, &rc, &err),
			  OPAL_EEH_STOPPED_NOT_FROZEN);
	ck_assert_uint_eq(rd32(PCFGRW(1, 1)), INIT_PCFG | TCE_EN);
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345, b, 4, &r), DMA_EP_OK);
}
END_TEST

CK_CASE("init", 0, setup, teardown);
CK_CASE("tce_memory", 0, setup_region, teardown);
CK_CASE("eeh", 0, setup_region, teardown);
CK_SUITE("firmware_p5ioc2_calls");
