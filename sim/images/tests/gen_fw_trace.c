// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a random firmware-level trace (boot kernel=0) for the
 * checkpoint round trips (sim_ckpt_roundtrip.sh):
 *   gen_fw_trace phb3|p5ioc2 SEED OPS > T.trace
 * PHB3: two PHBs, a small set-associative TCE cache, PEs mapped with
 * SET_PE, random windows (MAP_PE_DMA_WINDOW with 1..3 levels and 4K/64K
 * pages, bypass windows, raw TVEs through IODA_ADDR/IODA_DATA0), TCE
 * tables and their indirect levels written with pwrite (valid, read-only,
 * invalid and stale entries), kills of every kind, RTC invalidations,
 * freezes and their clearing, register reads, stored registers and
 * storage-only IODA tables written and read back, and DMAs inside, across
 * and outside windows. P5IOC2: hub and PHB TCE memory, tables, DMAs.
 * Every operation is well formed; what it does (ok, fault, frozen) is
 * whatever the machine decides. Same SEED, same trace.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

#define NPES 4
#define TABLES UINT64_C(0x10000000)	/* TCE tables live from here */
#define TABLE_STRIDE UINT64_C(0x100000)
#define TARGETS UINT64_C(0x20000000)	/* DMA targets from here */

struct win {
	unsigned phb, pe, tve, levels, ps;	/* ps: log2 IO page */
	uint64_t table, size;		/* root table and its bytes */
	uint64_t bus;			/* bus address of the window start */
	uint64_t span;			/* window bytes */
	bool bypass, set;
};

static struct win wins[2][NPES][2];
static unsigned pe_rid[NPES] = { 0x0100, 0x0200, 0x0308, 0x0601 };

/* A TCE pointing at a random target page: mostly read-write, sometimes
   read-only, write-only or invalid. */
static uint64_t leaf_tce(unsigned ps)
{
	uint64_t pa = (TARGETS + pick(0x1000) * (UINT64_C(1) << ps)) & ~((UINT64_C(1) << ps) - 1);
	unsigned r = (unsigned)pick(20);

	return pa | (r < 16 ? 3 : r < 18 ? 1 : r < 19 ? 2 : 0);
}

#define HOT_PAGES 12	/* IO pages of a window the trace uses */

/* Writes the table entry for IO page idx of w (and the indirect levels on
   the way, each level a 4 KiB table of 512 entries). */
static void write_tce(const struct win *w, uint64_t idx)
{
	uint64_t table = w->table;
	unsigned lvl;

	for (lvl = w->levels; lvl > 1; lvl--) {
		unsigned shift = 9 * (lvl - 1);
		uint64_t slot = (idx >> shift) & 511;
		/* the next level: a fixed table per (window, slot) */
		uint64_t next = (table + 0x1000 + ((slot & 15) << 12)) & ~UINT64_C(0xfff);

		printf("pwrite pa=%#" PRIx64 " be64=%#" PRIx64 "\n", table + 8 * slot,
		       next | 3);
		table = next;
	}
	printf("pwrite pa=%#" PRIx64 " be64=%#" PRIx64 "\n",
	       table + 8 * (idx & 511), leaf_tce(w->ps));
}

static void map_window(unsigned phb, unsigned pe, unsigned t)
{
	struct win *w = &wins[phb][pe][t];
	static const unsigned pss[] = { 12, 16 };

	memset(w, 0, sizeof(*w));
	w->phb = phb;
	w->pe = pe;
	w->tve = pe * 2 + t;
	w->bus = t ? UINT64_C(0x0800000000000000) : 0;
	if (!pick(6)) {
		w->bypass = true;
		w->span = UINT64_C(1) << 30;
		printf("opal map_pe_dma_window_real phb=%u pe=%u window=%u start=%#" PRIx64
		       " size=%#" PRIx64 "\n", phb, pe, w->tve,
		       (uint64_t)(t ? UINT64_C(0x0800000000000000) : 0), w->span);
		w->set = true;
		return;
	}
	w->levels = 1 + (unsigned)pick(3);
	w->ps = pss[pick(2)];
	w->size = 0x1000;	/* 512 entries per level */
	w->table = TABLES + (phb * NPES * 2 + w->tve) * TABLE_STRIDE;
	w->span = UINT64_C(1) << (w->ps + 9 * w->levels);
	w->set = true;
	printf("opal map_pe_dma_window phb=%u pe=%u window=%u levels=%u table=%#" PRIx64
	       " table_size=0x1000 page_size=%u\n", phb, pe, w->tve, w->levels,
	       w->table, 1u << w->ps);
	for (unsigned i = 0; i < HOT_PAGES; i++)
		write_tce(w, i);
}

static void dma(unsigned phb)
{
	/* skewed to a few PEs and pages: the cache hits, and evicts */
	unsigned pe = (unsigned)pick(pick(3) ? 2 : NPES), t = (unsigned)pick(2);
	const struct win *w = &wins[phb][pe][t];
	uint64_t addr, len = 1 + pick(pick(4) ? 64 : 9000);
	bool wr = pick(2);

	if (!pick(3))	/* a fault earlier may have frozen the PE */
		printf("opal eeh_freeze_clear phb=%u pe=%u token=all\n", phb, pe);
	if (w->set && pick(16)) {
		uint64_t pg = w->bypass ? UINT64_C(1) << 16 : UINT64_C(1) << w->ps;

		uint64_t in = pick(pg);

		addr = w->bus + pick(pick(3) ? 4 : HOT_PAGES) * pg + in;
		if (len > pg - in && pick(4))
			len = pg - in;	/* mostly inside the page */
		if (!pick(20))
			addr = w->bus + w->span - 4 + pick(8);	/* past the end */
		if (w->bypass)
			addr = w->bus + TARGETS + pick(1 << 20);
	} else {
		addr = (t ? UINT64_C(0x0800000000000000) : 0) + pick(UINT64_C(1) << 32);
	}
	printf("dma dev=%u:%#06x addr=%#" PRIx64 " len=%" PRIu64 " dir=%s",
	       phb, pe_rid[pe], addr, len, wr ? "write" : "read");
	if (wr)
		printf(" fill=%#x", (unsigned)pick(256));
	printf("\n");
}

static void kill(unsigned phb)
{
	unsigned pe = (unsigned)pick(NPES), t = (unsigned)pick(2);
	const struct win *w = &wins[phb][pe][t];
	uint64_t v;

	switch (pick(4)) {
	case 0:
		v = UINT64_C(0x8000000000000000);
		break;
	case 1:
		v = UINT64_C(0x4000000000000000) | pe;
		break;
	default: {
		uint64_t off = w->set && !w->bypass ?
			pick(HOT_PAGES) << w->ps : pick(1 << 20) << 12;

		/* bus address bits 59..12 in place, the PE in the low byte */
		v = UINT64_C(0x2000000000000000) |
		    ((((uint64_t)t << 59) | off) & UINT64_C(0x0ffffffffffff000)) | pe;
		break;
	}
	}
	printf("reg_write phb=%u reg=TCE_KILL value=%#" PRIx64 "\n", phb, v);
}

/* The register file beyond translation: stored registers and entries of
   the storage-only IODA tables written, and read back later (by then
   perhaps from a checkpoint). */
static void regfile(unsigned phb)
{
	static const char *const regs[] = {
		"LOCK0", "LOCK1", "LSI_SOURCE_ID", "DMA_MSI_NODE_ID",
		"IVC_UPDATE", "LEM_FIR_OR_MASK", "LEM_ERROR_MASK",
	};
	static const char *const reads[] = {
		"LOCK0", "LOCK1", "LSI_SOURCE_ID", "DMA_MSI_NODE_ID",
		"IVC_UPDATE", "LEM_FIR_ACCUM", "LEM_ERROR_MASK",
	};
	/* selector and entries of LIST, LXIVT, RBA, MRT, M64BT, M32DT */
	static const unsigned tsel[][2] = {
		{ 1, 8 }, { 2, 8 }, { 4, 32 }, { 6, 8 }, { 16, 16 }, { 17, 256 },
	};
	unsigned k = (unsigned)pick(6);
	const unsigned *t = tsel[pick(6)];

	if (k < 2) {
		printf("reg_write phb=%u reg=%s value=%#" PRIx64 "\n", phb,
		       regs[pick(7)], rnd());
	} else if (k < 4) {
		printf("reg_read phb=%u reg=%s\n", phb, reads[pick(7)]);
	} else {
		/* AUTOINC off: TSEL bits 11..15, TADR bits 55..63 */
		printf("reg_write phb=%u reg=IODA_ADDR value=%#" PRIx64 "\n",
		       phb, ((uint64_t)t[0] << 48) | pick(t[1]));
		if (k == 4)
			printf("reg_write phb=%u reg=IODA_DATA0 value=%#" PRIx64 "\n",
			       phb, rnd());
		else
			printf("reg_read phb=%u reg=IODA_DATA0\n", phb);
	}
}

static void gen_phb3(unsigned ops)
{
	unsigned i, phb, pe;

	printf("tcesim-trace 1\n# random firmware-level trace (gen_fw_trace phb3)\n");
	printf("machine platform=phb3 phbs=2 ram=1G\n");
	printf("model tce_cache_entries=16 tce_cache_ways=%s\n",
	       pick(2) ? "4" : "16");
	printf("boot kernel=0\n");
	for (phb = 0; phb < 2; phb++)
		for (pe = 0; pe < NPES; pe++) {
			printf("opal set_pe phb=%u pe=%u bdfn=%#x bcmp=7 dcmp=1 fcmp=1 action=map\n",
			       phb, pe, pe_rid[pe]);
			map_window(phb, pe, 0);
			map_window(phb, pe, 1);
		}
	for (i = 0; i < ops; i++) {
		unsigned r = (unsigned)pick(100);

		phb = (unsigned)pick(2);
		pe = (unsigned)pick(NPES);
		if (r < 50) {
			dma(phb);
		} else if (r < 60) {
			const struct win *w = &wins[phb][pe][pick(2)];

			if (w->set && !w->bypass)
				write_tce(w, pick(HOT_PAGES));
			else
				printf("pwrite pa=%#" PRIx64 " fill=%#x len=%u\n",
				       TARGETS + pick(1 << 20), (unsigned)pick(256),
				       1 + (unsigned)pick(64));
		} else if (r < 64) {
			kill(phb);
		} else if (r < 70) {
			dma(phb);
		} else if (r < 74) {
			map_window(phb, pe, 0);
			map_window(phb, pe, 1);
		} else if (r < 77) {
			/* a raw TVE through the IODA registers (AUTOINC off) */
			unsigned tve = (unsigned)pick(2 * NPES);

			printf("reg_write phb=%u reg=IODA_ADDR value=%#" PRIx64 "\n",
			       phb, (UINT64_C(9) << 48) | tve);
			printf("reg_write phb=%u reg=IODA_DATA0 value=%#" PRIx64 "\n",
			       phb, ((TABLES + tve * TABLE_STRIDE) << 4) |
			       ((uint64_t)pick(2) << 13) |
			       (pick(2) ? 0x101u : 0x105u));
		} else if (r < 80) {
			printf("reg_write phb=%u reg=RTC_INVALIDATE value=%#" PRIx64 "\n",
			       phb, (uint64_t)(pick(2) ? UINT64_C(0x8000000000000000)
						       : (uint64_t)pe_rid[pe] << 32));
		} else if (r < 88) {
			/* faults freeze: thaw what the next DMAs need */
			printf("opal eeh_freeze_clear phb=%u pe=%u token=all\n", phb, pe);
		} else if (r < 89) {
			printf("opal eeh_freeze_status phb=%u pe=%u\n", phb, pe);
		} else if (r < 91) {
			static const char *const regs[] = {
				"IODA_ADDR", "RTT_BAR", "PHB3_CONFIG", "TCE_TAG_STATUS",
			};
			printf("reg_read phb=%u reg=%s\n", phb, regs[pick(4)]);
		} else if (r < 94) {
			printf("opal set_peltv phb=%u parent_pe=%u child_pe=%u action=%s\n",
			       phb, pe, (unsigned)pick(NPES), pick(2) ? "add" : "remove");
		} else if (r < 95) {
			printf("opal eeh_freeze_set phb=%u pe=%u token=dma\n", phb, pe);
		} else {
			regfile(phb);
		}
	}
}

static void gen_p5ioc2(unsigned ops)
{
	const uint64_t hub = 0x40000000, tsz = 0x10000;
	unsigned i, phb;

	printf("tcesim-trace 1\n# random firmware-level trace (gen_fw_trace p5ioc2)\n");
	printf("machine platform=p5ioc2 phbs=2 ram=2G\n");
	printf("boot kernel=0\n");
	printf("opal set_hub_tce_memory hub=4096 addr=%#" PRIx64 " size=0x1000000\n", hub);
	for (phb = 0; phb < 2; phb++)
		printf("opal set_phb_tce_memory phb=%u addr=%#" PRIx64 " size=%#" PRIx64 "\n",
		       phb, hub + phb * tsz, tsz);
	for (phb = 0; phb < 2; phb++)
		for (i = 0; i < 32; i++)
			printf("pwrite pa=%#" PRIx64 " be64=%#" PRIx64 "\n",
			       hub + phb * tsz + 8 * i, leaf_tce(12));
	for (i = 0; i < ops; i++) {
		unsigned r = (unsigned)pick(100);
		uint64_t page = pick(32), in = pick(4096);

		phb = (unsigned)pick(2);
		if (r < 50) {
			uint64_t len = 1 + pick(pick(4) ? 64 : 9000);
			bool wr = pick(2);

			if (len > 4096 - in && pick(4))
				len = 4096 - in;
			printf("dma dev=%u:0x0100 addr=%#" PRIx64 " len=%" PRIu64 " dir=%s",
			       phb, page * 4096 + in, len,
			       wr ? "write" : "read");
			if (wr)
				printf(" fill=%#x", (unsigned)pick(256));
			printf("\n");
		} else if (r < 70) {
			printf("pwrite pa=%#" PRIx64 " be64=%#" PRIx64 "\n",
			       hub + phb * tsz + 8 * page, leaf_tce(12));
		} else if (r < 92) {
			printf("opal eeh_freeze_clear phb=%u pe=0 token=all\n", phb);
		} else {
			printf("opal eeh_freeze_status phb=%u pe=0\n", phb);
		}
	}
}

int main(int argc, char **argv)
{
	unsigned ops;

	if (argc != 4 || (strcmp(argv[1], "phb3") && strcmp(argv[1], "p5ioc2"))) {
		fprintf(stderr, "usage: gen_fw_trace phb3|p5ioc2 SEED OPS\n");
		return 2;
	}
	rng = strtoull(argv[2], NULL, 0) * UINT64_C(0x9E3779B97F4A7C15) | 1;
	ops = (unsigned)strtoul(argv[3], NULL, 0);
	if (!strcmp(argv[1], "phb3"))
		gen_phb3(ops);
	else
		gen_p5ioc2(ops);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
