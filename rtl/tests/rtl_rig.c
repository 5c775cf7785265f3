// SPDX-License-Identifier: GPL-2.0
/*
 * The twin-only test rig (see rtl_rig.h).
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "rtl_rig.h"

#define RESP_MAX 64

static struct tce_rtl_resp pend[RESP_MAX];
static unsigned npend;

static int serve(void *ctx, const struct tce_rtl_read *rd, void *buf)
{
	struct rig *g = ctx;

	if (g->nreads < RIG_MAX_READS)
		g->reads[g->nreads++] = *rd;
	return sim_mem_read(g->mem, rd->pa, buf, rd->size);
}

void rig_init(struct rig *g, const struct phb3_params *pp,
	      const struct timing_params *tp, uint64_t latency)
{
	struct timing_params d;
	char err[200];

	memset(g, 0, sizeof(*g));
	npend = 0;
	g->mem = sim_mem_create(RIG_RAM, 0);
	ck_assert_ptr_nonnull(g->mem);
	g->r = tce_rtl_new(pp, tp, RIG_RAM, err, sizeof(err));
	ck_assert_msg(g->r != NULL, "%s", err);
	if (!tp) {
		timing_params_default(&d);
		tp = &d;
	}
	tce_rtl_serve_memory(g->r, serve, g, latency ? latency : tp->lat_mem_read);
	g->pool = RIG_TABLES;
	rig_write(g, 0x168, 1ull << 63 | RIG_RTT);	/* RTT enabled */
}

void rig_fini(struct rig *g)
{
	tce_rtl_free(g->r);
	sim_mem_destroy(g->mem);
}

static void keep(struct rig *g)
{
	struct tce_rtl_resp o;

	while (tce_rtl_pop(g->r, &o)) {
		ck_assert_uint_lt(npend, RESP_MAX);
		pend[npend++] = o;
	}
}

void rig_write(struct rig *g, uint32_t off, uint64_t val)
{
	while (tce_rtl_write_reg(g->r, off, val) == -EAGAIN) {
		tce_rtl_step(g->r, 1);
		keep(g);
	}
	tce_rtl_step(g->r, 1);
	keep(g);
}

void rig_rte(struct rig *g, uint16_t rid, uint16_t rte)
{
	ck_assert_int_eq(sim_mem_write_be16(g->mem, RIG_RTT + 2ull * rid, rte), 0);
}

static uint64_t alloc(struct rig *g, unsigned ts)
{
	uint64_t size = 8ull << ts, pa = (g->pool + size - 1) & ~(size - 1);

	g->pool = pa + size;
	return pa;
}

static void tvt(struct rig *g, unsigned idx, uint64_t tve)
{
	rig_write(g, 0x220, 9ull << 48 | idx);
	rig_write(g, 0x228, tve);
}

uint64_t rig_window(struct rig *g, unsigned pe, unsigned win, unsigned levels,
		    unsigned ts, unsigned ps)
{
	uint64_t root = alloc(g, ts);

	tvt(g, pe * 2 + win, (root >> 12) << 16 | (uint64_t)(levels - 1) << 13 |
			      (uint64_t)(ts - 8) << 8 | (ps - 11));
	return root;
}

int rig_map(struct rig *g, uint64_t root, unsigned levels, unsigned ts,
	    uint64_t page, uint64_t tce)
{
	uint64_t base = root, ent, slot;
	unsigned l, sh;

	for (l = 0; l + 1 < levels; l++) {
		sh = ts * (levels - 1 - l);
		slot = base + 8 * ((page >> sh) & ((1ull << ts) - 1));
		ck_assert_int_eq(sim_mem_read_be64(g->mem, slot, &ent), 0);
		if (!ent) {
			ent = alloc(g, ts) | 3;
			ck_assert_int_eq(sim_mem_write_be64(g->mem, slot, ent), 0);
		}
		if (!(ent & 3) || (ent & ~0xFFFull) >= RIG_RAM)
			return -1;
		base = ent & ~0xFFFull;
	}
	return sim_mem_write_be64(g->mem, base + 8 * (page & ((1ull << ts) - 1)), tce);
}

void rig_bypass(struct rig *g, unsigned pe, unsigned win, uint64_t start,
		uint64_t end)
{
	tvt(g, pe * 2 + win, (start >> 24) << 40 | (end >> 24) << 16 |
			      (uint64_t)((start >> 48) & 3) << 10 |
			      (uint64_t)((end >> 48) & 3) << 8 | 1ull << 12);
}

uint64_t rig_send(struct rig *g, uint16_t rid, uint64_t addr, uint32_t len,
		  bool write)
{
	struct tce_rtl_req q = {
		.tag = g->tag++, .rid = rid, .addr = addr, .len = len,
		.write = write,
	};
	uint64_t at;

	while (tce_rtl_push(g->r, &q) == -EAGAIN) {
		tce_rtl_step(g->r, 1);
		keep(g);
	}
	at = tce_rtl_cycle(g->r) + 1;
	tce_rtl_step(g->r, 1);
	keep(g);
	return at;
}

struct tce_rtl_resp rig_wait(struct rig *g, uint16_t tag)
{
	struct tce_rtl_resp o;
	unsigned i, guard;

	for (guard = 0; guard < 1000000; guard++) {
		for (i = 0; i < npend; i++) {
			if (pend[i].tag != tag)
				continue;
			o = pend[i];
			pend[i] = pend[--npend];
			return o;
		}
		tce_rtl_step(g->r, 1);
		keep(g);
	}
	ck_abort_msg("no response for tag %u", tag);
	return o;
}

struct tce_rtl_resp rig_dma(struct rig *g, uint16_t rid, uint64_t addr,
			    uint32_t len, bool write)
{
	uint16_t tag = g->tag;

	rig_send(g, rid, addr, len, write);
	return rig_wait(g, tag);
}

void rig_drain(struct rig *g)
{
	unsigned guard;

	for (guard = 0; guard < 1000000 && !tce_rtl_idle(g->r); guard++) {
		tce_rtl_step(g->r, 1);
		keep(g);
	}
	ck_assert(tce_rtl_idle(g->r));
}
