/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One PHB3 as the model tests drive it: through its MMIO registers only,
 * as firmware would (phb3_mmio_ops), each access asserted to succeed.
 * Register offsets and IODA table selectors are written out here, by
 * hand from the PHB3 reference (§2.1, §2.2), not taken from the model.
 *
 * The register-file fixture (model_phb3_regs, model_phb3_regfile): one
 * PHB3 on 1 GiB of memory, its counters registered under "p"; rf_stat()
 * reads one ("p.<counter>"), rf_rd()/rf_wr() are its 8-byte MMIO.
 *
 * Header only (static inline), so that every test program in this folder
 * can include it without linking anything more.
 */
#ifndef MODEL_TESTS_PHB3_RIG_H
#define MODEL_TESTS_PHB3_RIG_H

#include <stdint.h>

#include "check_main.h"
#include "tcesim/phb3.h"
#include "tcesim/stats.h"

#define BIT(n) (1ull << (63 - (n)))	/* IBM bit n */

/* register offsets (§2.2) */
#define R_CONFIG	0x160
#define R_RTT_BAR	0x168
#define R_PELTV_BAR	0x188
#define R_PEST_BAR	0x1A8
#define R_RTC_INVAL	0x208
#define R_TCE_KILL	0x210
#define R_IODA_ADDR	0x220
#define R_IODA_DATA0	0x228
/* IODA table selectors (§2.1) */
#define T_PESTA 7
#define T_PESTB 8
#define T_TVT 9
#define T_TCAM 10
#define T_PEEV 20

/* 8-byte MMIO accessors; mmio_rdn() reads SIZE bytes (1, 2, 4 or 8) */
static inline void mmio_wr(struct phb3 *p, uint64_t off, uint64_t v)
{
	ck_assert_int_eq(phb3_mmio_ops.write(p, off, 8, v), 0);
}

static inline uint64_t mmio_rdn(struct phb3 *p, uint64_t off, unsigned size)
{
	uint64_t v;

	ck_assert_int_eq(phb3_mmio_ops.read(p, off, size, &v), 0);
	return v;
}

static inline uint64_t mmio_rd(struct phb3 *p, uint64_t off)
{
	return mmio_rdn(p, off, 8);
}

static inline void ioda_wr(struct phb3 *p, unsigned tsel, unsigned idx, uint64_t v)
{
	mmio_wr(p, R_IODA_ADDR, (uint64_t)tsel << 48 | idx);
	mmio_wr(p, R_IODA_DATA0, v);
}

static inline uint64_t ioda_rd(struct phb3 *p, unsigned tsel, unsigned idx)
{
	mmio_wr(p, R_IODA_ADDR, (uint64_t)tsel << 48 | idx);
	return mmio_rd(p, R_IODA_DATA0);
}

/* The register-file fixture */
static struct sim_mem *rf_mem;
static struct phb3 *rf_phb;
static struct sim_stats rf_stats;

static inline void rf_setup(void)
{
	rf_mem = sim_mem_create(1ull << 30, 0);
	rf_phb = phb3_create(rf_mem, NULL, 0);
	ck_assert_ptr_nonnull(rf_phb);
	sim_stats_init(&rf_stats);
	ck_assert_int_eq(phb3_register_stats(rf_phb, &rf_stats, "p"), 0);
}

static inline void rf_teardown(void)
{
	sim_stats_free(&rf_stats);
	phb3_destroy(rf_phb);
	sim_mem_destroy(rf_mem);
}

static inline uint64_t rf_stat(const char *name)
{
	return *sim_stats_find(&rf_stats, name)->u64;
}

static inline uint64_t rf_rd(uint64_t off)
{
	return mmio_rd(rf_phb, off);
}

static inline void rf_wr(uint64_t off, uint64_t v)
{
	mmio_wr(rf_phb, off, v);
}

#endif /* MODEL_TESTS_PHB3_RIG_H */
