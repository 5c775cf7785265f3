/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory an embedder provides, as the tests play the embedder: a plain
 * array behind the read/write callbacks (struct sim_mem_backend,
 * struct tcesim_memory: the same signature), every call counted and the
 * last one remembered, and accesses touching [refuse_lo, refuse_hi)
 * failing with -EIO. Used by model_mem, sim_machines and lib_api.
 * Header-only (static functions).
 */
#ifndef TCESIM_TESTS_EMB_MEM_H
#define TCESIM_TESTS_EMB_MEM_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct emb {
	uint8_t *bytes;			/* the memory, from physical address 0 */
	unsigned long reads, writes;	/* callbacks made */
	uint64_t last_pa;		/* the last callback's access */
	size_t last_len;
	uint64_t refuse_lo, refuse_hi;	/* accesses touching it fail */
};

static inline int emb_access(struct emb *e, uint64_t pa, size_t len)
{
	e->last_pa = pa;
	e->last_len = len;
	return pa < e->refuse_hi && pa + len > e->refuse_lo ? -EIO : 0;
}

static inline int emb_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct emb *e = ctx;

	e->reads++;
	if (emb_access(e, pa, len))
		return -EIO;
	memcpy(buf, e->bytes + pa, len);
	return 0;
}

static inline int emb_write(void *ctx, uint64_t pa, const void *buf,
			    size_t len)
{
	struct emb *e = ctx;

	e->writes++;
	if (emb_access(e, pa, len))
		return -EIO;
	memcpy(e->bytes + pa, buf, len);
	return 0;
}

#endif /* TCESIM_TESTS_EMB_MEM_H */
