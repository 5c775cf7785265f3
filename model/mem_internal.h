/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated memory internals shared by mem.c (access, life cycle),
 * mem_alloc.c (the buddy allocator and its block records) and
 * mem_state.c (the allocator's checkpoint state). Not a public header:
 * see tcesim/mem.h.
 */
#ifndef TCESIM_MODEL_MEM_INTERNAL_H
#define TCESIM_MODEL_MEM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcesim/mem.h"

#define MIN_ORDER SIM_FRAME_SHIFT
#define MAX_ORDER SIM_PHYS_BITS

struct blk {
	uint64_t pa;
	uint8_t order;
	uint8_t is_free;
	struct blk *hnext;          /* hash chain */
	struct blk *prev, *next;    /* free list of its order (free only) */
};

struct sim_mem {
	uint64_t ram_bytes;
	/* the fast region: [flo, flo + flen) is at host address base */
	uint8_t *base;
	uint64_t flo, flen;
	uint8_t *map;               /* built-in RAM (mmap), or NULL */
	bool backed;                /* embedder memory */
	struct sim_mem_backend be;
	struct sim_mem_region regs[SIM_MEM_MAX_REGIONS]; /* other host regions */
	unsigned nregs;

	struct blk **htab;          /* block records by address */
	size_t hsize;               /* buckets, a power of two */
	size_t hcount;
	struct blk *free_list[MAX_ORDER + 1];
	uint64_t fail_countdown;    /* fail the nth allocation; 0 = off */

	struct sim_mem_stats st;
};

/* mem.c: embedder memory written with a byte value / cleared after a
   free (see there). */
int mem_backed_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len);
void mem_backed_clear(struct sim_mem *m, uint64_t pa, uint64_t len);

/* mem_alloc.c: the allocator over [reserved_low, ram_bytes); a block
   record in m's table (NULL: out of host memory); every record of a
   table freed, and the table. */
int mem_alloc_init(struct sim_mem *m, uint64_t reserved_low);
struct blk *mem_blk_add(struct sim_mem *m, uint64_t pa, unsigned order);
void mem_blk_free_all(struct blk **htab, size_t hsize);

#endif
