// SPDX-License-Identifier: GPL-2.0
/*
 * firmware_phb3_calls: the OPAL calls on a real PHB3 model, checked by
 * reading the PHB's registers over the MMIO bus (IODA tables through
 * IODA_ADDR/IODA_DATA0) and the firmware tables in memory, with the
 * values of the hardware reference's test cases. The end-to-end tcase
 * drives device DMA through the DMA test endpoint.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/dma_endpoint.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"
#include "tcesim/phb3.h"

#include "fw_calls_test.h"

#define GiB (1ull << 30)
#define REGS0 0x3FE000000000ull
#define REGS1 0x3FE000100000ull
#define PHB 7 /* OPAL phb_id */
/* Register offsets (reference §2.2), written out independently. */
#define R_CONFIG 0x160
#define R_RTT_BAR 0x168
#define R_PELTV_BAR 0x188
#define R_PEST_BAR 0x1A8
#define R_SPEC 0x218
#define R_IODA_ADDR 0x220
#define R_IODA_DATA0 0x228
#define R_TAG_EN 0x868
#define TSEL_PESTA 7
#define TSEL_PESTB 8
#define TSEL_TVT 9
#define TSEL_PEEV 20
#define BIT0 0x8000000000000000ull

static struct sim_mem *mem;
static struct sim_mmio_bus bus;
static struct phb3 *hw;
static struct opal *fw;
static struct opal_phb_info info;
/* Out-parameter area for EEH_FREEZE_STATUS (a physical address). */
#define OUT_PA 0x1000ull

static void setup(void)
{
	mem = sim_mem_create(8 * GiB, 4 * GiB); /* fw tables above 4 GB */
	ck_assert_ptr_nonnull(mem);
	hw = phb3_create(mem, NULL, 0);
	fw = fw_on_bus(mem, &bus, hw, &phb3_mmio_ops, REGS0, PHB3_REGS_BYTES,
		       "phb3.0");
	ck_assert_int_eq(opal_add_phb3(fw, PHB, REGS0), 0);
	ck_assert_int_eq(opal_phb_get_info(fw, PHB, &info), 0);
}

static void teardown(void)
{
	opal_destroy(fw);
	phb3_destroy(hw);
	sim_mem_destroy(mem);
}

static uint64_t reg(uint64_t off)
{
	uint64_t v;

	ck_assert_int_eq(sim_mmio_read(&bus, REGS0 + off, 8, &v), 0);
	return v;
}

static uint64_t ioda(unsigned tsel, unsigned idx)
{
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_ADDR, 8,
					((uint64_t)tsel << 48) | idx), 0);
	return reg(R_IODA_DATA0);
}

static void ioda_set(unsigned tsel, unsigned idx, uint64_t v)
{
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_ADDR, 8,
					((uint64_t)tsel << 48) | idx), 0);
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_DATA0, 8, v), 0);
}

/*
 * Refused calls must leave the TVT alone. Every entry gets a mark no call
 * writes (a pattern in the top bits, plus the index), and after a refused
 * call every entry is read back through IODA and compared with it.
 */
#define TVT_ENTRIES 512 /* 2 per PE, 256 PEs */

static uint64_t tvt_mark(unsigned idx)
{
	return 0xA5A5000000000000ull | idx;
}

static void tvt_mark_all(void)
{
	unsigned i;

	for (i = 0; i < TVT_ENTRIES; i++)
		ioda_set(TSEL_TVT, i, tvt_mark(i));
	ck_assert_uint_eq(ioda(TSEL_TVT, 0), tvt_mark(0));
	ck_assert_uint_eq(ioda(TSEL_TVT, TVT_ENTRIES - 1),
			  tvt_mark(TVT_ENTRIES - 1));
}

static void tvt_assert_unwritten(void)
{
	unsigned i;

	for (i = 0; i < TVT_ENTRIES; i++)
		ck_assert_msg(ioda(TSEL_TVT, i) == tvt_mark(i),
			      "TVT[%u] written: %#llx", i,
			      (unsigned long long)ioda(TSEL_TVT, i));
}

static uint16_t rte(unsigned rid)
{
	uint16_t v;

	ck_assert_int_eq(sim_mem_read_be16(mem, info.rtt + 2 * rid, &v), 0);
	return v;
}

static uint8_t status(uint64_t pe, int64_t *rc, uint16_t *err)
{
	return fw_freeze_status(fw, mem, OUT_PA, PHB, pe, rc, err);
}

/* A freeze call refused as a parameter for each (pe, action) of bad[],
 * the TVT left unwritten. */
static void freeze_call_refused(int64_t (*call)(struct opal *, uint64_t,
						 uint64_t, uint64_t),
				const uint64_t (*bad)[2], size_t n)
{
	tvt_mark_all();
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(call(fw, PHB, bad[i][0], bad[i][1]),
				 OPAL_PARAMETER);
	tvt_assert_unwritten();
}

/* ---- init ---- */

CK_TEST("init", add_phb3_programs_tables_and_config)
{
	ck_assert_uint_ne(info.rtt, 0);
	ck_assert_uint_eq(reg(R_RTT_BAR), info.rtt | BIT0);
	ck_assert_uint_eq(reg(R_PELTV_BAR), info.peltv | BIT0);
	ck_assert_uint_eq(reg(R_PEST_BAR), info.pest | BIT0);
	ck_assert_uint_eq(info.rtt & 0x1FFFF, 0);
	/* MSI32 (bit 8) | MSI64 (bit 14) | M32 (bit 16). */
	ck_assert_uint_eq(reg(R_CONFIG), 0x0082800000000000ull);
	ck_assert_uint_eq(reg(R_SPEC), 0xF000000000000000ull);
	ck_assert_uint_eq(reg(R_TAG_EN), 0xFFFFFFFF00000000ull);
	ck_assert_uint_eq(rte(0), 255);
	ck_assert_uint_eq(rte(0x1234), 255);
	ck_assert_uint_eq(rte(0xFFFF), 255);
	ck_assert_uint_eq(info.tce_kill, REGS0 + 0x210);
	ck_assert_uint_eq(info.num_pes, 256);
}
END_TEST

CK_TEST("init", add_phb3_duplicate_or_unmapped_rejected)
{
	ck_assert_int_eq(opal_add_phb3(fw, PHB, REGS0), -EEXIST);
	ck_assert_int_eq(opal_add_phb3(fw, 8, 0x3FF000000000ull), -EINVAL);
	ck_assert_int_eq(opal_phb_get_info(fw, 99, &info), -ENOENT);
}
END_TEST

CK_TEST("init", set_pe_without_rtt_hardware)
{
	struct phb3 *hw1 = phb3_create(mem, NULL, 1);

	ck_assert_int_eq(sim_mmio_map(&bus, REGS1, PHB3_REGS_BYTES,
				      &phb3_mmio_ops, hw1, "phb3.1"), 0);
	sim_mem_fail_nth(mem, 1); /* the RTT allocation */
	ck_assert_int_eq(opal_add_phb3(fw, 8, REGS1), -ENOMEM);
	ck_assert_int_eq(opal_pci_set_pe(fw, 8, 1, 0x100, 7, 1, 1, OPAL_MAP_PE),
			 OPAL_HARDWARE);
	/* Argument checks still come first. */
	ck_assert_int_eq(opal_pci_set_pe(fw, 8, 256, 0x100, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	opal_destroy(fw);
	fw = NULL;
	phb3_destroy(hw1);
}
END_TEST

/* ---- MAP_PE_DMA_WINDOW ---- */

CK_TEST("windows", map_window_case1_writes_tvt2)
{
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1,
						    0x20000000, 0x1000, 0x1000),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 2), 0x0000000200000101ull);
}
END_TEST

CK_TEST("windows", map_window_two_level_and_64k_encodings)
{
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 2,
						    0x30000000, 0x1000, 0x1000),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 2), 0x0000000300002101ull);
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 5, 11, 1,
						    0x10000000, 0x10000,
						    0x10000), OPAL_SUCCESS);
	/* Case 24: TVT[11] read through IODA_ADDR = 0x000900000000000B. */
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_ADDR, 8,
					0x000900000000000Bull), 0);
	ck_assert_uint_eq(reg(R_IODA_DATA0), 0x0000000100000505ull);
}
END_TEST

CK_TEST("windows", map_window_size0_disables)
{
	opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1, 0x20000000, 0x1000,
				   0x1000);
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 0, 0, 0, 0),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 2), 0);
}
END_TEST

CK_TEST("windows", map_window_wrong_window_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 4, 1,
						    0x20000000, 0x1000, 0x1000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_window_pe_too_big_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 256, 512, 1,
						    0x20000000, 0x1000, 0x1000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_window_size_not_pow2_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1,
						    0x20000000, 0x1800, 0x1000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_window_size_below_4k_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1,
						    0x20000000, 0x800, 0x1000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_window_tts_above_31_param)
{
	tvt_mark_all();
	/* 2^43 bytes -> tts 32. */
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1,
						    0x20000000, 1ull << 43,
						    0x1000), OPAL_PARAMETER);
	tvt_assert_unwritten();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1, 0,
						    1ull << 42, 0x1000),
			 OPAL_SUCCESS);
}
END_TEST

CK_TEST("windows", map_window_levels_0_or_6_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 0,
						    0x20000000, 0x1000, 0x1000),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 6,
						    0x20000000, 0x1000, 0x1000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_window_page_8k_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1,
						    0x20000000, 0x1000, 0x2000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

/* ---- MAP_PE_DMA_WINDOW_REAL ---- */

CK_TEST("windows", map_real_case13_writes_bypass_tve)
{
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 11,
							 1ull << 59, 64 * GiB),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 11), 0x0000000010001000ull);
}
END_TEST

CK_TEST("windows", map_real_start_uses_full_field)
{
	/* start 16 MB, size 16 MB: full-field encoding (skiboot: 0x21000). */
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 10,
							 16ull << 20,
							 16ull << 20),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 10), 0x10000021000ull);
	/* Start/end bits 49:48 go to TVE[52:53] / TVE[54:55]. */
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 10,
							 1ull << 48,
							 1ull << 48),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 10), 0x1000ull | (1 << 10) | (2 << 8));
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 10, 0, 0),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 10), 0);
}
END_TEST

CK_TEST("windows", map_real_start_bit59_mismatch_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 11, 0,
							 64 * GiB),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 10,
							 1ull << 59, 64 * GiB),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_real_not_16m_aligned_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 11,
							 (1ull << 59) | 0x800000,
							 64 * GiB),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 11,
							 1ull << 59, 0x800000),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("windows", map_real_end_above_2_50_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 5, 11,
							 1ull << 59, 1ull << 50),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 256, 512,
							 0, 1ull << 24),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

/* ---- SET_PE ---- */

CK_TEST("set_pe", set_pe_case19_bus_range)
{
	unsigned rid;

	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 3, 0x1000, 5, 0, 0,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	for (rid = 0x1000; rid <= 0x13FF; rid += 0x55)
		ck_assert_uint_eq(rte(rid), 3);
	ck_assert_uint_eq(rte(0x13FF), 3);
	ck_assert_uint_eq(rte(0x0FFF), 255);
	ck_assert_uint_eq(rte(0x1400), 255);
	ck_assert_uint_eq(rte(0x0000), 255);
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 3, 0x1000, 5, 0, 0,
					 OPAL_UNMAP_PE), OPAL_SUCCESS);
	ck_assert_uint_eq(rte(0x1000), 255);
	ck_assert_uint_eq(rte(0x13FF), 255);
}
END_TEST

CK_TEST("set_pe", set_pe_device_and_function_compare)
{
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 9, 0x0210, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_uint_eq(rte(0x0210), 9);
	ck_assert_uint_eq(rte(0x0211), 255);
	ck_assert_uint_eq(rte(0x0310), 255);
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 10, 0x0210, 7, 1, 0,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_uint_eq(rte(0x0210), 10);
	ck_assert_uint_eq(rte(0x0217), 10);
	ck_assert_uint_eq(rte(0x0218), 255);
	/* bcmp 2: top 3 bus bits -> 0x2000..0x3FFF. */
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 11, 0x2000, 2, 0, 0,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_uint_eq(rte(0x3FFF), 11);
	ck_assert_uint_eq(rte(0x4000), 255);
}
END_TEST

CK_TEST("set_pe", set_pe_pe_256_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 256, 0x100, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("set_pe", set_pe_bcmp_8_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x100, 8, 1, 1,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("set_pe", set_pe_bdfn_above_ffff_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x10000, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("set_pe", set_pe_dcmp_or_fcmp_2_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x100, 7, 2, 1,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x100, 7, 1, 2,
					 OPAL_MAP_PE), OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

CK_TEST("set_pe", set_pe_bad_action_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x100, 7, 1, 1, 2),
			 OPAL_PARAMETER);
	ck_assert_uint_eq(rte(0x100), 255);
	tvt_assert_unwritten();
}
END_TEST

/* ---- SET_PELTV ---- */

CK_TEST("set_pe", set_peltv_case28_sets_bit)
{
	uint8_t b;

	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 2, 7, 1), OPAL_SUCCESS);
	sim_mem_read(mem, info.peltv + 64, &b, 1);
	ck_assert_uint_eq(b, 0x01);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 2, 0, 1), OPAL_SUCCESS);
	sim_mem_read(mem, info.peltv + 64, &b, 1);
	ck_assert_uint_eq(b, 0x81);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 2, 7, 0), OPAL_SUCCESS);
	sim_mem_read(mem, info.peltv + 64, &b, 1);
	ck_assert_uint_eq(b, 0x80);
}
END_TEST

CK_TEST("set_pe", set_peltv_bad_args_param)
{
	tvt_mark_all();
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 256, 7, 1),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 2, 256, 1),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 2, 7, 2), OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

/* ---- EEH ---- */

CK_TEST("eeh", freeze_set_case26_then_status)
{
	int64_t rc;
	uint16_t err;

	ck_assert_int_eq(opal_pci_eeh_freeze_set(fw, PHB, 5,
						 OPAL_EEH_ACTION_SET_FREEZE_DMA),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_PESTB, 5) >> 63, 1);
	ck_assert_uint_eq(ioda(TSEL_PESTA, 5) >> 63, 0);
	/* PEEV bit clear: not frozen, as far as status goes. */
	ck_assert_uint_eq(status(5, &rc, &err), OPAL_EEH_STOPPED_NOT_FROZEN);
	ck_assert_int_eq(rc, OPAL_SUCCESS);
	ck_assert_uint_eq(err, OPAL_EEH_NO_ERROR);
	ioda_set(TSEL_PEEV, 0, 1ull << (63 - 5));
	ck_assert_uint_eq(status(5, &rc, &err), OPAL_EEH_STOPPED_DMA_FREEZE);
	ck_assert_uint_eq(err, OPAL_EEH_PE_ERROR);
}
END_TEST

CK_TEST("eeh", freeze_set_peev_word_case25)
{
	int64_t rc;
	uint16_t err;

	ck_assert_int_eq(opal_pci_eeh_freeze_set(fw, PHB, 0x85,
						 OPAL_EEH_ACTION_SET_FREEZE_ALL),
			 OPAL_SUCCESS);
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_ADDR, 8,
					0x0007000000000085ull), 0);
	ck_assert_uint_eq(reg(R_IODA_DATA0) >> 63, 1);
	/* PEEV for PE 0x85: IODA_ADDR 0x0014000000000002, bit 0x04000...0. */
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_ADDR, 8,
					0x0014000000000002ull), 0);
	ck_assert_int_eq(sim_mmio_write(&bus, REGS0 + R_IODA_DATA0, 8,
					0x0400000000000000ull), 0);
	ck_assert_uint_eq(status(0x85, &rc, &err),
			  OPAL_EEH_STOPPED_MMIO_DMA_FREEZE);
	ck_assert_uint_eq(status(0x84, &rc, &err), OPAL_EEH_STOPPED_NOT_FROZEN);
}
END_TEST

CK_TEST("eeh", freeze_clear_case27_all)
{
	int64_t rc;
	uint16_t err;

	opal_pci_eeh_freeze_set(fw, PHB, 5, OPAL_EEH_ACTION_SET_FREEZE_ALL);
	ioda_set(TSEL_PEEV, 0, 1ull << (63 - 5) | 1ull << (63 - 6));
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB, 5,
			 OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO), OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_PESTA, 5), 0);
	ck_assert_uint_eq(ioda(TSEL_PESTB, 5) >> 63, 1);
	ck_assert_uint_eq(status(5, &rc, &err), OPAL_EEH_STOPPED_DMA_FREEZE);
	ck_assert(opal_phb_err_pending(fw, PHB));
	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB, 5,
			 OPAL_EEH_ACTION_CLEAR_FREEZE_ALL), OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_PESTA, 5), 0);
	ck_assert_uint_eq(ioda(TSEL_PESTB, 5), 0);
	ck_assert_uint_eq(ioda(TSEL_PEEV, 0), 1ull << (63 - 6));
	ck_assert(opal_phb_err_pending(fw, PHB)); /* PE 6 still pending */
	ck_assert_uint_eq(status(5, &rc, &err), OPAL_EEH_STOPPED_NOT_FROZEN);
	ioda_set(TSEL_PEEV, 0, 0);
	opal_pci_eeh_freeze_clear(fw, PHB, 5, OPAL_EEH_ACTION_CLEAR_FREEZE_ALL);
	ck_assert(!opal_phb_err_pending(fw, PHB));
}
END_TEST

CK_TEST("eeh", freeze_set_bad_pe_or_action_param)
{
	static const uint64_t bad[][2] = { { 256, 1 }, { 5, 0 }, { 5, 4 } };

	freeze_call_refused(opal_pci_eeh_freeze_set, bad, 3);
}
END_TEST

CK_TEST("eeh", freeze_clear_bad_pe_or_action_param)
{
	static const uint64_t bad[][2] = { { 256, 3 }, { 5, 0 }, { 5, 4 } };

	freeze_call_refused(opal_pci_eeh_freeze_clear, bad, 3);
}
END_TEST

CK_TEST("eeh", freeze_status_bad_pe_or_pointer_param)
{
	int64_t rc;
	uint16_t err;

	tvt_mark_all();
	status(256, &rc, &err);
	ck_assert_int_eq(rc, OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_eeh_freeze_status(fw, PHB, 5, 0, OUT_PA, 0),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_eeh_freeze_status(fw, PHB, 5, OUT_PA, 0, 0),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_pci_eeh_freeze_status(fw, PHB, 5, 8 * GiB,
						    OUT_PA, 0),
			 OPAL_PARAMETER);
	tvt_assert_unwritten();
}
END_TEST

/* ---- reset, kill, dispatch ---- */

CK_TEST("misc", pci_reset_ioda_table_clears_everything)
{
	opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 1, 0x20000000, 0x1000, 0x1000);
	opal_pci_set_pe(fw, PHB, 1, 0x100, 7, 1, 1, OPAL_MAP_PE);
	opal_pci_set_peltv(fw, PHB, 2, 7, 1);
	opal_pci_eeh_freeze_set(fw, PHB, 5, OPAL_EEH_ACTION_SET_FREEZE_ALL);
	ioda_set(TSEL_PEEV, 3, 1);
	ck_assert_int_eq(opal_pci_reset(fw, PHB, OPAL_RESET_PCI_IODA_TABLE,
					OPAL_ASSERT_RESET), OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 2), 0);
	ck_assert_uint_eq(ioda(TSEL_PESTA, 5), 0);
	ck_assert_uint_eq(ioda(TSEL_PESTB, 5), 0);
	ck_assert_uint_eq(ioda(TSEL_PEEV, 3), 0);
	ck_assert_uint_eq(rte(0x100), 255);
	{
		uint8_t b;

		sim_mem_read(mem, info.peltv + 64, &b, 1);
		ck_assert_uint_eq(b, 0);
	}
	ck_assert_int_eq(opal_pci_reset(fw, PHB, OPAL_RESET_PCI_IODA_TABLE,
					OPAL_DEASSERT_RESET), OPAL_SUCCESS);
}
END_TEST

CK_TEST("misc", pci_reset_other_scope_unsupported)
{
	ck_assert_int_eq(opal_pci_reset(fw, PHB, OPAL_RESET_PHB_COMPLETE,
					OPAL_ASSERT_RESET), OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_reset(fw, PHB, OPAL_RESET_PCI_IODA_TABLE, 2),
			 OPAL_PARAMETER);
}
END_TEST

CK_TEST("misc", tce_kill_unsupported_on_phb3)
{
	ck_assert_int_eq(opal_pci_tce_kill(fw, PHB, OPAL_PCI_TCE_KILL_ALL, 0,
					   0, 0, 0), OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_pci_tce_kill(fw, 99, OPAL_PCI_TCE_KILL_ALL, 0,
					   0, 0, 0), OPAL_PARAMETER);
}
END_TEST

CK_TEST("misc", p5ioc2_calls_unsupported_on_phb3)
{
	ck_assert_int_eq(opal_pci_set_phb_tce_memory(fw, PHB, 0x41000000,
						     0x800000),
			 OPAL_UNSUPPORTED);
	/* A PHB id is not a hub id. */
	ck_assert_int_eq(opal_pci_set_hub_tce_memory(fw, PHB, 0x41000000,
						     16ull << 20),
			 OPAL_PARAMETER);
}
END_TEST

CK_TEST("misc", opal_call_dispatches_and_checks)
{
	uint64_t a[7] = { PHB, 1, 2, 1, 0x20000000, 0x1000, 0x1000 };
	uint64_t b[7] = { 99, 1, 2, 1, 0x20000000, 0x1000, 0x1000 };
	uint64_t s[5] = { PHB, 5, OUT_PA, OUT_PA + 8, 0 };
	uint8_t st = 0xAA;

	ck_assert_int_eq(opal_call(fw, OPAL_PCI_MAP_PE_DMA_WINDOW, a, 7),
			 OPAL_SUCCESS);
	ck_assert_uint_eq(ioda(TSEL_TVT, 2), 0x0000000200000101ull);
	ck_assert_int_eq(opal_call(fw, OPAL_PCI_MAP_PE_DMA_WINDOW, a, 6),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_call(fw, OPAL_PCI_MAP_PE_DMA_WINDOW, NULL, 7),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_call(fw, OPAL_PCI_MAP_PE_DMA_WINDOW, b, 7),
			 OPAL_PARAMETER);
	ck_assert_int_eq(opal_call(fw, 9999, a, 7), OPAL_UNSUPPORTED);
	ck_assert_int_eq(opal_call(fw, 0, a, 0), OPAL_UNSUPPORTED);
	sim_mem_write(mem, OUT_PA, &st, 1);
	ck_assert_int_eq(opal_call(fw, OPAL_PCI_EEH_FREEZE_STATUS, s, 5),
			 OPAL_SUCCESS);
	sim_mem_read(mem, OUT_PA, &st, 1);
	ck_assert_uint_eq(st, 0);
}
END_TEST

/* ---- end to end: firmware + PHB3 model + DMA endpoint ---- */

CK_TEST("e2e", e2e_two_level_dma_fault_freeze_and_clear)
{
	struct sim_dma_target t = phb3_dma_target(hw);
	struct dma_ep ep, ep7;
	struct dma_ep_result r;
	uint8_t data[8] = "tcesim!", back[8];
	uint64_t pest0;
	int64_t rc;
	uint16_t err;

	dma_ep_init(&ep, 0x0100, &t);
	dma_ep_init(&ep7, 0x0700, &t);
	/* No PE yet: RTE 255, the reserved PE, has no window. */
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345678, data, 8, &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_uint_eq(r.dma.pe, 255);
	ck_assert_int_eq(r.dma.reason, SIM_FAULT_INVALID_TVE);

	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 1, 0x0100, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_set_pe(fw, PHB, 7, 0x0700, 7, 1, 1,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_set_peltv(fw, PHB, 1, 7, 1), OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, PHB, 1, 2, 2,
						    0x30000000, 0x1000, 0x1000),
			 OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, PHB, 7, 15,
							 1ull << 59, 4 * GiB),
			 OPAL_SUCCESS);
	/* Case 9 tables. */
	sim_mem_write_be64(mem, 0x30000488, 0x40000003);
	sim_mem_write_be64(mem, 0x40000A28, 0x05555003);

	ck_assert_int_eq(dma_ep_write(&ep, 0x12345678, data, 8, &r), DMA_EP_OK);
	ck_assert_uint_eq(r.dma.pe, 1);	/* RTC was invalidated by SET_PE */
	ck_assert_uint_eq(r.dma.pa, 0x05555678);
	sim_mem_read(mem, 0x05555678, back, 8);
	ck_assert_mem_eq(back, data, 8);
	ck_assert_int_eq(dma_ep_read(&ep7, (1ull << 59) | 0x05555678, back, 8,
				     &r), DMA_EP_OK);
	ck_assert_mem_eq(back, data, 8);

	/* Next page has no leaf TCE: fault, PE 1 (and PE 7 by PELT-V) frozen. */
	ck_assert_int_eq(dma_ep_write(&ep, 0x12346678, data, 8, &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_int_eq(r.dma.reason, SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(status(1, &rc, &err), OPAL_EEH_STOPPED_MMIO_DMA_FREEZE);
	ck_assert_int_eq(rc, OPAL_SUCCESS);
	ck_assert_uint_eq(err, OPAL_EEH_PE_ERROR);
	ck_assert_uint_eq(status(7, &rc, &err), OPAL_EEH_STOPPED_MMIO_DMA_FREEZE);
	ck_assert_int_eq(sim_mem_read_be64(mem, info.pest + 16, &pest0), 0);
	ck_assert_uint_eq((pest0 >> 16) & 0xFFFF, 0x0100); /* RID, bits 32..47 */
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345678, data, 8, &r),
			 DMA_EP_ERR_FROZEN);

	ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, PHB, 1,
			 OPAL_EEH_ACTION_CLEAR_FREEZE_ALL), OPAL_SUCCESS);
	ck_assert_uint_eq(status(1, &rc, &err), OPAL_EEH_STOPPED_NOT_FROZEN);
	ck_assert_int_eq(dma_ep_write(&ep, 0x12345678, data, 8, &r), DMA_EP_OK);
	ck_assert_int_eq(dma_ep_read(&ep7, (1ull << 59) | 0x05555678, back, 8,
				     &r), DMA_EP_ERR_FROZEN);
}
END_TEST

CK_CASE("init", 0, setup, teardown);
CK_CASE("windows", 0, setup, teardown);
CK_CASE("set_pe", 0, setup, teardown);
CK_CASE("eeh", 0, setup, teardown);
CK_CASE("misc", 0, setup, teardown);
CK_CASE("e2e", 0, setup, teardown);
CK_SUITE("firmware_phb3_calls");
