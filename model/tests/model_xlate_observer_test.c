// SPDX-License-Identifier: GPL-2.0
/*
 * model_xlate_observer: the translation observer API (tcesim/xlate_observer.h)
 * as the PHB3 and the P5IOC2 report through it: event order, the RID
 * lookup, each page's geometry, lookup outcome and table reads (addresses
 * and values in walk order), faults, request ends, register writes with
 * the kills and RTC invalidations they cause; several observers at once,
 * attach/detach rules. Tables are built here; every expected address and
 * value is worked out here from that layout.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/mmio.h"
#include "tcesim/p5ioc2.h"
#include "phb3_rig.h"
#include "tcesim/phb3.h"
#include "tcesim/xlate_observer.h"

#define GiB (1ull << 30)

/* PHB3 layout */
#define RTT_BASE	0x60000000ull
#define ROOT		0x61000000ull	/* level 1 of PE 3's window 0 */
#define LEAF		0x61001000ull	/* level 2 for pages 0x200..0x3FF */
#define RID		0x0300
#define PE		3
#define RPN0		0x70000ull	/* page 0x205 -> 0x70000000 */
#define RPN1		0x70123ull	/* page 0x206 -> 0x70123000 */
#define A0		(0x205ull << 12 | 0xFF8) /* 16 bytes over 2 pages */

enum ev_kind { E_BEGIN, E_RTT, E_PAGE, E_END, E_MMIO, E_KILL, E_INVAL };

struct ev {
	int who;
	enum ev_kind kind;
	struct xlate_req_begin begin;
	struct xlate_rtt_lookup rtt;
	struct xlate_page page;
	struct xlate_table_read reads[8];
	struct sim_dma_result res;
	int rc;
	struct xlate_mmio_write mmio;
	struct xlate_tce_kill kill;
	struct xlate_rtt_invalidate inval;
};

static struct ev evs[64];
static unsigned nev;
static int ids[2] = { 1, 2 };

static struct ev *add(void *ctx, enum ev_kind k)
{
	struct ev *e;

	ck_assert_uint_lt(nev, 64);
	e = &evs[nev++];
	memset(e, 0, sizeof(*e));
	e->who = *(int *)ctx;
	e->kind = k;
	return e;
}

static void on_begin(void *ctx, const struct xlate_req_begin *ev)
{
	add(ctx, E_BEGIN)->begin = *ev;
}

static void on_rtt(void *ctx, const struct xlate_rtt_lookup *ev)
{
	add(ctx, E_RTT)->rtt = *ev;
}

static void on_page(void *ctx, const struct xlate_page *ev)
{
	struct ev *e = add(ctx, E_PAGE);

	ck_assert_uint_le(ev->nreads, 8);
	e->page = *ev;
	if (ev->nreads)
		memcpy(e->reads, ev->reads, ev->nreads * sizeof(ev->reads[0]));
	e->page.reads = NULL;
}

static void on_end(void *ctx, const struct xlate_req_end *ev)
{
	struct ev *e = add(ctx, E_END);

	e->rc = ev->rc;
	e->res = *ev->res;
}

static void on_mmio(void *ctx, const struct xlate_mmio_write *ev)
{
	add(ctx, E_MMIO)->mmio = *ev;
}

static void on_kill(void *ctx, const struct xlate_tce_kill *ev)
{
	add(ctx, E_KILL)->kill = *ev;
}

static void on_inval(void *ctx, const struct xlate_rtt_invalidate *ev)
{
	add(ctx, E_INVAL)->inval = *ev;
}

static const struct xlate_observer_ops rec_ops = {
	.req_begin = on_begin,
	.rtt_lookup = on_rtt,
	.page = on_page,
	.req_end = on_end,
	.mmio_write = on_mmio,
	.tce_kill = on_kill,
	.rtt_invalidate = on_inval,
};

static const struct xlate_observer rec1 = { &rec_ops, &ids[0] };
static const struct xlate_observer rec2 = { &rec_ops, &ids[1] };

static struct sim_mem *mem;
static struct phb3 *phb;

static void setup(void)
{
	mem = sim_mem_create(4 * GiB, 0);
	ck_assert_ptr_nonnull(mem);
	phb = phb3_create(mem, NULL, 0);
	ck_assert_ptr_nonnull(phb);
	ck_assert_int_eq(sim_mem_write_be16(mem, RTT_BASE + 2 * RID, PE), 0);
	mmio_wr(phb, R_RTT_BAR, BIT(0) | RTT_BASE);
	/* PE 3 window 0: 2 levels of 512 entries (tts 1), 4K pages (tps 1) */
	mmio_wr(phb, R_IODA_ADDR, (uint64_t)T_TVT << 48 | (PE * 2));
	mmio_wr(phb, R_IODA_DATA0, (ROOT >> 12) << 16 | 1ull << 13 | 1ull << 8 | 1);
	ck_assert_int_eq(sim_mem_write_be64(mem, ROOT + 1 * 8, LEAF | 3), 0);
	ck_assert_int_eq(sim_mem_write_be64(mem, LEAF + 5 * 8,
					    RPN0 << 12 | 1), 0);
	ck_assert_int_eq(sim_mem_write_be64(mem, LEAF + 6 * 8,
					    RPN1 << 12 | 3), 0);
	nev = 0;
}

static void teardown(void)
{
	phb3_destroy(phb);
	sim_mem_destroy(mem);
}

static struct sim_dma_result dma_at(uint64_t arrival, uint64_t addr,
				    uint32_t len)
{
	struct sim_dma_req q = { .rid = RID, .addr = addr, .len = len,
				 .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint8_t buf[64];

	ck_assert_int_eq(phb3_dma_at(phb, arrival, &q, buf, &res), 0);
	return res;
}

static void check_page(const struct ev *e, uint64_t addr, uint32_t bytes,
		       enum xlate_lookup lk)
{
	ck_assert_int_eq(e->kind, E_PAGE);
	ck_assert_uint_eq(e->page.pe, PE);
	ck_assert_uint_eq(e->page.window, 0);
	ck_assert_uint_eq(e->page.addr, addr);
	ck_assert_uint_eq(e->page.bytes, bytes);
	ck_assert(e->page.tve_valid);
	ck_assert(!e->page.bypass);
	ck_assert_uint_eq(e->page.levels, 2);
	ck_assert_uint_eq(e->page.ts, 9);
	ck_assert_uint_eq(e->page.ps, 12);
	ck_assert_uint_eq(e->page.win_shift, 9 * 2 + 12);
	ck_assert_uint_eq(e->page.offset, addr);
	ck_assert_uint_eq(e->page.io_page, addr >> 12);
	ck_assert_int_eq(e->page.lookup, lk);
}

CK_TEST("core", phb3_request_events_in_order)
{
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	ck_assert_int_eq(dma_at(777, A0, 16).status, SIM_DMA_OK);
	ck_assert_uint_eq(nev, 5);

	ck_assert_int_eq(evs[0].kind, E_BEGIN);
	ck_assert_uint_eq(evs[0].begin.unit, 0);
	ck_assert_uint_eq(evs[0].begin.rid, RID);
	ck_assert_uint_eq(evs[0].begin.addr, A0);
	ck_assert_uint_eq(evs[0].begin.len, 16);
	ck_assert_int_eq(evs[0].begin.dir, SIM_DMA_READ);
	ck_assert_uint_eq(evs[0].begin.arrival, 777);

	ck_assert_int_eq(evs[1].kind, E_RTT);
	ck_assert_uint_eq(evs[1].rtt.rid, RID);
	ck_assert_int_eq(evs[1].rtt.status, XLATE_RTT_OK);
	ck_assert(!evs[1].rtt.hit);
	ck_assert_uint_eq(evs[1].rtt.read_addr, RTT_BASE + 2 * RID);
	ck_assert_uint_eq(evs[1].rtt.rte, PE);

	/* first page: 8 bytes, root entry 1 then leaf entry 5 */
	check_page(&evs[2], A0, 8, XLATE_LOOKUP_MISS);
	ck_assert_uint_eq(evs[2].page.nreads, 2);
	ck_assert_uint_eq(evs[2].reads[0].addr, ROOT + 1 * 8);
	ck_assert_uint_eq(evs[2].reads[0].value, LEAF | 3);
	ck_assert(evs[2].reads[0].ok);
	ck_assert_uint_eq(evs[2].reads[1].addr, LEAF + 5 * 8);
	ck_assert_uint_eq(evs[2].reads[1].value, RPN0 << 12 | 1);
	ck_assert_int_eq(evs[2].page.fault, SIM_FAULT_NONE);
	ck_assert_uint_eq(evs[2].page.pa, RPN0 << 12 | 0xFF8);

	/* second page: its first 8 bytes, leaf entry 6 */
	check_page(&evs[3], 0x206ull << 12, 8, XLATE_LOOKUP_MISS);
	ck_assert_uint_eq(evs[3].page.nreads, 2);
	ck_assert_uint_eq(evs[3].reads[0].addr, ROOT + 1 * 8);
	ck_assert_uint_eq(evs[3].reads[1].addr, LEAF + 6 * 8);
	ck_assert_uint_eq(evs[3].reads[1].value, RPN1 << 12 | 3);
	ck_assert_uint_eq(evs[3].page.pa, RPN1 << 12);

	ck_assert_int_eq(evs[4].kind, E_END);
	ck_assert_int_eq(evs[4].rc, 0);
	ck_assert_int_eq(evs[4].res.status, SIM_DMA_OK);
	ck_assert_uint_eq(evs[4].res.bytes_done, 16);

	/* again, through the plain target: RTT cache and TCE cache hits */
	nev = 0;
	{
		struct sim_dma_target t = phb3_dma_target(phb);
		struct sim_dma_req q = { .rid = RID, .addr = A0, .len = 16 };
		struct sim_dma_result res;
		uint8_t buf[16];

		ck_assert_int_eq(t.dma(t.opaque, &q, buf, &res), 0);
	}
	ck_assert_uint_eq(nev, 5);
	ck_assert_uint_eq(evs[0].begin.arrival, XLATE_ASAP);
	ck_assert(evs[1].rtt.hit);
	ck_assert_uint_eq(evs[1].rtt.read_addr, 0);
	check_page(&evs[2], A0, 8, XLATE_LOOKUP_HIT);
	ck_assert_uint_eq(evs[2].page.nreads, 0);
	ck_assert_uint_eq(evs[2].page.pa, RPN0 << 12 | 0xFF8);
	check_page(&evs[3], 0x206ull << 12, 8, XLATE_LOOKUP_HIT);
}
END_TEST

CK_TEST("core", phb3_fault_ends_the_pages)
{
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	/* page 0x206 is mapped read/write, 0x207 is not mapped */
	ck_assert_int_eq(dma_at(XLATE_ASAP, 0x206ull << 12 | 0xFF0, 32).reason,
			 SIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(nev, 5);
	ck_assert_int_eq(evs[2].page.fault, SIM_FAULT_NONE);
	check_page(&evs[3], 0x207ull << 12, 16, XLATE_LOOKUP_MISS);
	ck_assert_uint_eq(evs[3].page.nreads, 2);
	ck_assert_uint_eq(evs[3].reads[1].addr, LEAF + 7 * 8);
	ck_assert_uint_eq(evs[3].reads[1].value, 0);
	ck_assert(evs[3].reads[1].ok);
	ck_assert_int_eq(evs[3].page.fault, SIM_FAULT_INVALID_LEAF);
	ck_assert_int_eq(evs[4].kind, E_END);
	ck_assert_int_eq(evs[4].res.status, SIM_DMA_FAULT);
	ck_assert_uint_eq(evs[4].res.fault_addr, 0x207ull << 12);

	/* the PE is frozen now: begin, RID lookup, end; no page */
	nev = 0;
	ck_assert_int_eq(dma_at(XLATE_ASAP, A0, 8).status, SIM_DMA_FROZEN);
	ck_assert_uint_eq(nev, 3);
	ck_assert_int_eq(evs[1].kind, E_RTT);
	ck_assert_int_eq(evs[2].kind, E_END);

	/* a window whose TVE is invalid: one page event, no geometry */
	ck_assert_int_eq(phb3_observer_remove(phb, &rec1), 0);
	teardown();
	setup();
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	ck_assert_int_eq(dma_at(XLATE_ASAP, 1ull << 59, 8).reason,
			 SIM_FAULT_INVALID_TVE);
	ck_assert_uint_eq(nev, 4);
	ck_assert_int_eq(evs[2].kind, E_PAGE);
	ck_assert(!evs[2].page.tve_valid);
	ck_assert_uint_eq(evs[2].page.window, 1);
	ck_assert_int_eq(evs[2].page.lookup, XLATE_LOOKUP_NONE);
	ck_assert_int_eq(evs[2].page.fault, SIM_FAULT_INVALID_TVE);
}
END_TEST

CK_TEST("core", phb3_rtt_disabled_and_unsupported_address)
{
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	/* bits 63:60 = 2: address decode fails before the RID lookup */
	ck_assert_int_eq(dma_at(XLATE_ASAP, 2ull << 60, 8).reason,
			 SIM_FAULT_UNSUPPORTED_ADDR);
	ck_assert_uint_eq(nev, 2);
	ck_assert_int_eq(evs[0].kind, E_BEGIN);
	ck_assert_int_eq(evs[1].kind, E_END);

	nev = 0;
	mmio_wr(phb, R_RTT_BAR, 0);
	ck_assert_int_eq(dma_at(XLATE_ASAP, A0, 8).reason,
			 SIM_FAULT_INVALID_PE);
	ck_assert_uint_eq(nev, 4);	/* the BAR write, then the request */
	ck_assert_int_eq(evs[0].kind, E_MMIO);
	ck_assert_int_eq(evs[2].kind, E_RTT);
	ck_assert_int_eq(evs[2].rtt.status, XLATE_RTT_DISABLED);
	ck_assert_uint_eq(evs[2].rtt.read_addr, 0);
	ck_assert_int_eq(evs[3].kind, E_END);
}
END_TEST

CK_TEST("core", phb3_register_writes_and_their_actions)
{
	uint64_t kill = BIT(2) | 0x205ull << 12 | PE;

	dma_at(XLATE_ASAP, A0, 16);	/* fills two TCEs */
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	mmio_wr(phb, R_TCE_KILL, kill);
	ck_assert_uint_eq(nev, 2);
	ck_assert_int_eq(evs[0].kind, E_KILL);
	ck_assert_int_eq(evs[0].kill.kind, XLATE_KILL_ONE);
	ck_assert_uint_eq(evs[0].kill.pe, PE);
	ck_assert_uint_eq(evs[0].kill.window, 0);
	ck_assert_uint_eq(evs[0].kill.offset, 0x205ull << 12);
	ck_assert_uint_eq(evs[0].kill.removed, 1);
	ck_assert_int_eq(evs[1].kind, E_MMIO);
	ck_assert_uint_eq(evs[1].mmio.offset, R_TCE_KILL);
	ck_assert_uint_eq(evs[1].mmio.size, 8);
	ck_assert_uint_eq(evs[1].mmio.value, kill);

	nev = 0;
	mmio_wr(phb, R_TCE_KILL, BIT(1) | PE);	/* kill-PE: the other TCE */
	ck_assert_int_eq(evs[0].kill.kind, XLATE_KILL_PE);
	ck_assert_uint_eq(evs[0].kill.removed, 1);
	nev = 0;
	mmio_wr(phb, R_TCE_KILL, BIT(0));
	ck_assert_int_eq(evs[0].kill.kind, XLATE_KILL_ALL);
	ck_assert_uint_eq(evs[0].kill.removed, 0);
	nev = 0;
	mmio_wr(phb, R_TCE_KILL, PE);	/* no operation bit: the write only */
	ck_assert_uint_eq(nev, 1);
	ck_assert_int_eq(evs[0].kind, E_MMIO);

	nev = 0;
	mmio_wr(phb, R_RTC_INVAL, (uint64_t)RID << 32);	/* one RID: bits 16..31 */
	ck_assert_uint_eq(nev, 2);
	ck_assert_int_eq(evs[0].kind, E_INVAL);
	ck_assert(!evs[0].inval.all);
	ck_assert_uint_eq(evs[0].inval.rid, RID);
	ck_assert_int_eq(evs[1].kind, E_MMIO);
	nev = 0;
	mmio_wr(phb, R_RTC_INVAL, BIT(0));
	ck_assert(evs[0].inval.all);

	/* writes the PHB does not accept are not reported */
	nev = 0;
	ck_assert_int_eq(phb3_mmio_ops.write(phb, 0x300, 8, 1), 0);
	ck_assert_int_eq(phb3_mmio_ops.write(phb, R_TCE_KILL, 4, 1), 0);
	ck_assert_uint_eq(nev, 0);
}
END_TEST

CK_TEST("core", observers_attach_rules_and_order)
{
	static int more_ids[3] = { 3, 4, 5 };
	struct xlate_observer none = { NULL, &ids[0] };
	struct xlate_observer more[3] = {
		{ &rec_ops, &more_ids[0] }, { &rec_ops, &more_ids[1] },
		{ &rec_ops, &more_ids[2] },
	};

	ck_assert_int_eq(phb3_observer_add(phb, &none), -EINVAL);
	ck_assert_int_eq(phb3_observer_add(phb, NULL), -EINVAL);
	ck_assert_int_eq(phb3_observer_remove(phb, &rec1), -ENOENT);
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), 0);
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), -EEXIST);
	ck_assert_int_eq(phb3_observer_add(phb, &rec2), 0);

	/* both see every event, in the order they were added */
	dma_at(XLATE_ASAP, A0, 8);
	ck_assert_uint_eq(nev, 8);
	ck_assert_int_eq(evs[0].who, 1);
	ck_assert_int_eq(evs[1].who, 2);
	ck_assert_int_eq(evs[0].kind, E_BEGIN);
	ck_assert_int_eq(evs[1].kind, E_BEGIN);
	ck_assert_int_eq(evs[6].who, 1);
	ck_assert_int_eq(evs[7].kind, E_END);

	ck_assert_int_eq(phb3_observer_remove(phb, &rec1), 0);
	nev = 0;
	dma_at(XLATE_ASAP, A0, 8);
	ck_assert_uint_eq(nev, 4);
	ck_assert_int_eq(evs[0].who, 2);

	/* XLATE_MAX_OBSERVERS (4) at most */
	ck_assert_int_eq(phb3_observer_add(phb, &more[0]), 0);
	ck_assert_int_eq(phb3_observer_add(phb, &more[1]), 0);
	ck_assert_int_eq(phb3_observer_add(phb, &more[2]), 0);
	ck_assert_int_eq(phb3_observer_add(phb, &rec1), -ENOSPC);
	ck_assert_int_eq(phb3_observer_remove(phb, &rec2), 0);
	ck_assert_int_eq(phb3_observer_remove(phb, &more[0]), 0);
	ck_assert_int_eq(phb3_observer_remove(phb, &more[1]), 0);
	ck_assert_int_eq(phb3_observer_remove(phb, &more[2]), 0);

	/* none attached: nothing reported */
	nev = 0;
	dma_at(XLATE_ASAP, A0, 8);
	ck_assert_uint_eq(nev, 0);
}
END_TEST

/* ---- P5IOC2 (layout as in model_p5ioc2_test.c) ---- */

#define HUB_CA1		0x110000ull
#define HUB_PCFGRW(n)	(HUB_CA1 + 0x8000 + 0x1000 * (n) + 0x160)
#define TAR_8M		0x104000004100000Full	/* table 8 MB at 0x41000000 */
#define P5_TABLE	0x41000000ull
#define P5_SLOT		5			/* CA1, PHB 1 */
#define PCFG_ON		0x20000000u		/* TCE_EN */

CK_TEST("core", p5ioc2_request_and_register_events)
{
	struct sim_dma_req q = { .rid = 0x0100, .addr = 0x2010, .len = 8,
				 .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	struct p5ioc2 *hub;
	uint8_t buf[8];

	hub = p5ioc2_create(mem, NULL, 0);
	ck_assert_ptr_nonnull(hub);
	ck_assert_int_eq(p5ioc2_mmio_ops.write(hub, HUB_CA1 + 0x588, 8,
					       TAR_8M), 0);
	ck_assert_int_eq(sim_mem_write_be64(mem, P5_TABLE + 2 * 8,
					    0x5000ull << 12 | 1), 0);
	ck_assert_int_eq(p5ioc2_observer_add(hub, &rec1), 0);
	ck_assert_int_eq(p5ioc2_mmio_ops.write(hub, HUB_PCFGRW(1), 4,
					       PCFG_ON), 0);
	ck_assert_uint_eq(nev, 1);
	ck_assert_int_eq(evs[0].kind, E_MMIO);
	ck_assert_uint_eq(evs[0].mmio.offset, HUB_PCFGRW(1));
	ck_assert_uint_eq(evs[0].mmio.size, 4);
	ck_assert_uint_eq(evs[0].mmio.value, PCFG_ON);

	nev = 0;
	ck_assert_int_eq(p5ioc2_dma_at(hub, P5_SLOT, 42, &q, buf, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(nev, 3);	/* no RTT on the P5IOC2 */
	ck_assert_int_eq(evs[0].kind, E_BEGIN);
	ck_assert_uint_eq(evs[0].begin.unit, P5_SLOT);
	ck_assert_uint_eq(evs[0].begin.arrival, 42);
	ck_assert_int_eq(evs[1].kind, E_PAGE);
	ck_assert_uint_eq(evs[1].page.pe, 0);
	ck_assert_uint_eq(evs[1].page.addr, 0x2010);
	ck_assert_uint_eq(evs[1].page.bytes, 8);
	ck_assert_uint_eq(evs[1].page.levels, 1);
	ck_assert_uint_eq(evs[1].page.ps, 12);
	ck_assert_uint_eq(evs[1].page.ts, 20);	/* 8 MB / 8 = 2^20 TCEs */
	ck_assert_uint_eq(evs[1].page.win_shift, 32);
	ck_assert_uint_eq(evs[1].page.io_page, 2);
	ck_assert_int_eq(evs[1].page.lookup, XLATE_LOOKUP_MISS);
	ck_assert_uint_eq(evs[1].page.nreads, 1);
	ck_assert_uint_eq(evs[1].reads[0].addr, P5_TABLE + 2 * 8);
	ck_assert_uint_eq(evs[1].reads[0].value, 0x5000ull << 12 | 1);
	ck_assert_uint_eq(evs[1].page.pa, 0x5000ull << 12 | 0x10);
	ck_assert_int_eq(evs[2].kind, E_END);
	ck_assert_uint_eq(evs[2].res.bytes_done, 8);

	ck_assert_int_eq(p5ioc2_observer_remove(hub, &rec1), 0);
	ck_assert_int_eq(p5ioc2_dma_at(hub, 8, XLATE_ASAP, &q, buf, &res),
			 -EINVAL);
	p5ioc2_destroy(hub);
}
END_TEST

CK_CASE("core", 0, setup, teardown);
CK_SUITE("model_xlate_observer");
