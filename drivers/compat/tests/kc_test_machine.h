/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test fixture for the compat tests: simulated RAM, an MMIO bus with one
 * fake register region that records accesses, and a fake opal_call that
 * records its arguments. No driver code is involved.
 */
#ifndef KC_TEST_MACHINE_H
#define KC_TEST_MACHINE_H

#include <stdint.h>
#include <tcesim/mem.h>
#include <tcesim/mmio.h>
#include <kc/host.h>

#define KT_RAM_BYTES	(1ull << 30)
#define KT_MMIO_BASE	(1ull << 46)
#define KT_MMIO_SIZE	0x1000ull

struct kt_machine {
	struct sim_mem *mem;
	struct sim_mmio_bus bus;
	/* fake registers */
	uint64_t reg_read_value;	/* returned by every read */
	uint64_t last_off, last_val;
	unsigned last_size, nwrites, nreads;
	/* fake firmware */
	uint64_t opal_token, opal_args[8];
	unsigned opal_nargs, opal_ncalls;
	int64_t opal_ret;
	/* called with the machine after recording (may write memory) */
	void (*opal_hook)(struct kt_machine *m);
};

extern struct kt_machine kt;

/* Create the machine and kc_init it (page_shift 0 = default). */
void kt_setup_shift(unsigned page_shift);
void kt_setup(void);
/* kc_shutdown (counters into *at_exit if not NULL) and destroy. */
void kt_teardown_counters(struct kc_counters *at_exit);
void kt_teardown(void);

#endif /* KC_TEST_MACHINE_H */
