/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the OPAL call tests (firmware_phb3_calls, firmware_p5ioc2_calls)
 * share: the firmware on a bus holding one piece of hardware, and
 * OPAL_PCI_EEH_FREEZE_STATUS with both out pointers in RAM.
 */
#ifndef FW_CALLS_TEST_H
#define FW_CALLS_TEST_H

#include <stdint.h>

#include "check_main.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"

/*
 * bus made to hold only hw (its MMIO ops, size bytes at pa, named name),
 * and the firmware on mem and that bus (asserted created).
 */
static inline struct opal *fw_on_bus(struct sim_mem *mem,
				     struct sim_mmio_bus *bus, void *hw,
				     const struct sim_mmio_ops *ops,
				     uint64_t pa, uint64_t size,
				     const char *name)
{
	struct opal *fw;

	ck_assert_ptr_nonnull(hw);
	sim_mmio_init(bus);
	ck_assert_int_eq(sim_mmio_map(bus, pa, size, ops, hw, name), 0);
	fw = opal_create(mem, bus);
	ck_assert_ptr_nonnull(fw);
	return fw;
}

/*
 * Freeze status of PE pe of PHB phb, the state byte at out_pa and the
 * error type (be16) at out_pa + 8, both filled with 0xAA before the call:
 * returns the state byte the call left; *rc the call's return code, *err
 * the error type it left.
 */
static inline uint8_t fw_freeze_status(struct opal *fw, struct sim_mem *mem,
				       uint64_t out_pa, uint64_t phb,
				       uint64_t pe, int64_t *rc,
				       uint16_t *err)
{
	uint8_t st;

	sim_mem_fill(mem, out_pa, 0xAA, 16);
	*rc = opal_pci_eeh_freeze_status(fw, phb, pe, out_pa, out_pa + 8, 0);
	sim_mem_read(mem, out_pa, &st, 1);
	sim_mem_read_be16(mem, out_pa + 8, err);
	return st;
}

#endif /* FW_CALLS_TEST_H */
