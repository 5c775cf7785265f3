// SPDX-License-Identifier: GPL-2.0
/*
 * The twin's memory in lockstep: per request, a snapshot of the table
 * lines it may read, taken from simulated memory when the C model
 * translated that request; the twin's table reads are recorded and served
 * from it. A read outside the snapshot is a mismatch (except pages at or
 * past a fault, which the C model never looked up); the test-only
 * corruption of the n-th read is applied here.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lockstep_internal.h"

/* ---- snapshots: the table lines a request may read ---- */

struct snap_line *ls_snap_find(struct pending *p, uint64_t line)
{
	unsigned i;

	for (i = p->nlines; i-- > 0;)
		if (p->lines[i].addr == line)
			return &p->lines[i];
	return NULL;
}

/* The line of pa, from memory as it is now (the C model's moment). */
struct snap_line *ls_snap_add(struct rtl_lockstep *ls, struct pending *p,
			      uint64_t pa)
{
	uint64_t line = pa & ~63ull;
	struct snap_line *l = ls_snap_find(p, line), *n;

	if (l)
		return l;
	n = ls_grow(p->lines, &p->lcap, p->nlines, sizeof(*n));
	if (!n)
		return NULL;
	p->lines = n;
	l = &p->lines[p->nlines++];
	l->addr = line;
	l->ok = sim_mem_read(ls->mem, line, l->data, sizeof(l->data)) == 0;
	if (!l->ok)
		memset(l->data, 0, sizeof(l->data));
	return l;
}

/* ---- the twin's reads ---- */

/* The twin's memory: the request's snapshot. */
int ls_serve(void *ctx, const struct tce_rtl_read *rd, void *buf)
{
	struct rtl_lockstep *ls = ctx;
	struct pending *p = &ls->ring[rd->src % RING];
	struct snap_line *l = NULL;
	int rc = 0;

	if (p->live) {
		struct rd *n = ls_grow(p->got, &p->gcap, p->ngot, sizeof(*n));

		if (n) {
			p->got = n;
			p->got[p->ngot++] = (struct rd){
				.pa = rd->pa, .size = (uint8_t)rd->size,
				.page = rd->page, .rtt = rd->rtt,
				.prefetch = rd->prefetch };
		}
		l = ls_snap_find(p, rd->pa & ~63ull);
	}
	if (l && (rd->pa & 63) + rd->size <= 64) {
		if (!l->ok)
			return -EFAULT;
		memcpy(buf, l->data + (rd->pa & 63), rd->size);
	} else if (p->live && !rd->rtt && rd->page >= ls_pages_compared(p)) {
		/* a page at or past the request's fault, which the C model
		   did not look up: memory as it is now (not compared) */
		rc = sim_mem_read(ls->mem, rd->pa, buf, rd->size) ? -EFAULT : 0;
	} else {
		ls_mismatch(ls, "req #%" PRIu64 " (twin cycle %" PRIu64 "): twin read %u bytes at %#" PRIx64
			    " (page %u, level %u), outside the request's table lines",
			    p->live ? p->seq : 0, rd->cycle - LAG, rd->size, rd->pa,
			    rd->page, rd->level);
		rc = sim_mem_read(ls->mem, rd->pa, buf, rd->size);
	}
	if (ls->corrupt_in && !--ls->corrupt_in) {
		/* flip R and W of every entry (valid <-> invalid), or bits 0
		   and 4 of an RTE (another PE) */
		unsigned i;

		for (i = 0; i < rd->size; i++)
			if (rd->size == 2 ? i == 1 : i % 8 == 7)
				((uint8_t *)buf)[i] ^= rd->size == 2 ? 0x11 : 0x03;
	}
	return rc;
}
