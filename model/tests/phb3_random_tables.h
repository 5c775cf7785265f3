/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random IODA2 translation tables, for the model tests that feed two
 * PHB3s the same random stream and compare them (model_phb3_batch: batched
 * against one at a time; model_timing: timed against functional). The
 * tables are set up through MMIO (RTT BAR, TVEs) and simulated memory
 * (RTT, TCE levels), as firmware would; register offsets and TVE fields
 * are written out from the PHB3 reference, not taken from the model.
 *
 * rng/rnd(): the splitmix64 stream both the builder and the tests draw
 * from (set rng to seed it). Header only (static inline).
 */
#ifndef MODEL_TESTS_PHB3_RANDOM_TABLES_H
#define MODEL_TESTS_PHB3_RANDOM_TABLES_H

#include <stdint.h>

#include "check_main.h"
#include "tcesim/mem.h"
#include "tcesim/phb3.h"

static uint64_t rng;

static inline uint64_t rnd(void)	/* splitmix64 */
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline void rt_wr(struct phb3 *phb, uint64_t off, uint64_t v)
{
	ck_assert_int_eq(phb3_mmio_ops.write(phb, off, 8, v), 0);
}

/* Thaw PE pe: its PEST A and B entries (IODA tables 7, 8) cleared. */
static inline void rt_thaw(struct phb3 *phb, unsigned pe)
{
	rt_wr(phb, 0x220, 7ull << 48 | pe);
	rt_wr(phb, 0x228, 0);
	rt_wr(phb, 0x220, 8ull << 48 | pe);
	rt_wr(phb, 0x228, 0);
}

/* One 512-entry (4 KiB) table level from *pool. */
static inline uint64_t rt_level_alloc(uint64_t *pool)
{
	uint64_t pa = *pool;

	*pool += 8ull << 9;
	return pa;
}

/*
 * RTT at rtt: RIDs 0..15 -> PE rid % 4. PE p: window 0 (TVE 2p) a
 * (1 + p % 3)-level table of 4 KiB IO pages, levels from *pool; npages
 * pages drawn below 512 (one level) or span, each recorded in
 * mapped[p * npages + i], its TCE drawn by leaf() (address and
 * permission bits). Draws from rnd() in a fixed order, so that two PHBs
 * built from the same seed get the same tables.
 */
static inline void rt_build(struct phb3 *phb, struct sim_mem *mem,
			    uint64_t rtt, uint64_t *pool, unsigned npages,
			    uint64_t span, uint64_t *mapped,
			    uint64_t (*leaf)(void))
{
	unsigned pe, i, l;

	rt_wr(phb, 0x168, 1ull << 63 | rtt);		/* RTT BAR */
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(sim_mem_write_be16(mem, rtt + 2 * i, i % 4),
				 0);
	for (pe = 0; pe < 4; pe++) {
		unsigned levels = 1 + pe % 3;
		uint64_t root = rt_level_alloc(pool);

		rt_wr(phb, 0x220, 9ull << 48 | (pe * 2));	/* TVT entry */
		/* table 4K levels (9 + 8 - 8), IO page 4K (12 - 11) */
		rt_wr(phb, 0x228, (root >> 12) << 16 |
				  (uint64_t)(levels - 1) << 13 | 1ull << 8 | 1);
		for (i = 0; i < npages; i++) {
			uint64_t page = rnd() % (levels == 1 ? 512 : span);
			uint64_t base = root, ent;

			mapped[pe * npages + i] = page;
			for (l = 0; l + 1 < levels; l++) {
				unsigned sh = 9 * (levels - 1 - l);
				uint64_t slot = base + 8 * ((page >> sh) & 511);

				ck_assert_int_eq(sim_mem_read_be64(mem, slot,
								   &ent), 0);
				if (!ent) {
					ent = rt_level_alloc(pool) | 3;
					sim_mem_write_be64(mem, slot, ent);
				}
				base = ent & ~0xFFFull;
			}
			sim_mem_write_be64(mem, base + 8 * (page & 511),
					   leaf());
		}
	}
}

#endif /* MODEL_TESTS_PHB3_RANDOM_TABLES_H */
