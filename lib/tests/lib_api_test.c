// SPDX-License-Identifier: GPL-2.0
/*
 * lib_api: libtcesim through its public header only, linked against the
 * shared library as an embedder would be.
 *
 * - Setup: .ini text with a [machine] section and model keys, key=value
 *   pairs, file:line messages, all-or-nothing parsing, bad input refused
 *   with a message (never an abort).
 * - Hardware and firmware alone: a window programmed by OPAL calls, a
 *   TCE table the test writes into memory, DMAs with their results
 *   (PA, PE, fault reason, freeze, frozen, EEH clear), statistics.
 * - Side-effect-free looks (probe, cached TCE, frozen PEs, register peek)
 *   and events (each kill kind with its bus address, register writes).
 * - Memory an embedder provides: callbacks see the table reads and the
 *   data; a refusing memory gives table_memory / target_memory faults;
 *   callback-only memory has no driver stack (-EOPNOTSUPP).
 * - The driver stack through the API: boot, a process, VFIO v2 set-up
 *   by ioctls, a device DMA landing in the process's buffer.
 * - Timing: cycles, the machine clock, a latency source.
 * - Reset, and a trace replayed with the embedder's DMA hook.
 * - Checkpoints and ELF images: a checkpoint restores RAM, registers and
 *   cache content into a machine of the same configuration; a different
 *   configuration, a booted driver stack and embedder memory are refused
 *   with nothing changed; a plain ELF's segment lands in memory (the
 *   embedder's too).
 */
#include "check_auto.h"
#include <elf.h>
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "emb_mem.h"
#include "tcesim/tcesim.h"

#ifndef TCESIM_SCENARIOS_SRC
#error "TCESIM_SCENARIOS_SRC must name the scenarios/ directory"
#endif

#define MiB (1ull << 20)
#define RAM (256 * MiB)
#define RID 0x0100
#define PE 5
#define KILL 0x210	/* PHB3 TCE kill register */

static const char small_ini[] =
	"[machine]\n"
	"ram = 256M\n"
	"devices = 0:0x0100\n"
	"[tce_cache]\n"
	"entries = 16\n";

static tcesim_machine *mk(const char *extra)
{
	tcesim_setup *s = tcesim_setup_new();
	tcesim_machine *m;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(tcesim_setup_ini(s, "small.ini", small_ini,
					  strlen(small_ini)), 0);
	if (extra)
		ck_assert_msg(tcesim_setup_set(s, extra) == 0, "%s",
			      tcesim_errmsg());
	m = tcesim_create(s);
	ck_assert_msg(m != NULL, "%s", tcesim_errmsg());
	tcesim_setup_free(s);
	return m;
}

static int64_t opal(tcesim_machine *m, uint64_t token, const uint64_t *a,
		    unsigned n)
{
	int64_t ret = 99;

	ck_assert_int_eq(tcesim_opal_call(m, token, a, n, &ret), 0);
	return ret;
}

/* PE 5 <- RID 0x0100; window 0: one level, a 4 KiB table of 4 KiB
   pages (2 MiB of bus space); TCE i maps page i to data + i * 4K. */
struct win {
	uint64_t table, data;
};

static struct win window(tcesim_machine *m, unsigned pages, uint64_t perm)
{
	const uint64_t pe_args[] = { 0, PE, RID, TCESIM_OPAL_PCI_BUS_ALL,
				     TCESIM_OPAL_COMPARE_RID_DEVICE,
				     TCESIM_OPAL_COMPARE_RID_FUNCTION,
				     TCESIM_OPAL_MAP_PE };
	struct win w;
	unsigned i;

	ck_assert_int_eq(tcesim_mem_alloc(m, 4096, 4096, &w.table), 0);
	ck_assert_int_eq(tcesim_mem_alloc(m, 64 * 4096, 0, &w.data), 0);
	for (i = 0; i < pages; i++) {
		uint64_t tce = __builtin_bswap64((w.data + i * 4096) | perm);

		ck_assert_int_eq(tcesim_mem_write(m, w.table + 8 * i, &tce, 8),
				 0);
	}
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_SET_PE, pe_args, 7),
			 TCESIM_OPAL_SUCCESS);
	const uint64_t map[] = { 0, PE, PE * 2, 1, w.table, 4096, 4096 };
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW, map, 7),
			 TCESIM_OPAL_SUCCESS);
	return w;
}

static struct tcesim_dma_result dma(tcesim_machine *m, uint64_t addr,
				    unsigned dir, void *buf, uint32_t len)
{
	struct tcesim_dma_req r = { .rid = RID, .addr = addr, .len = len,
				    .dir = dir, .arrival = TCESIM_ASAP };
	struct tcesim_dma_result res;

	ck_assert_msg(tcesim_dma(m, 0, &r, buf, &res) == 0, "%s",
		      tcesim_errmsg());
	return res;
}

/* ---- setup ---- */

CK_CASE("setup", 0, NULL, NULL);

CK_TEST("setup", version_is_the_header_s)
{
	ck_assert_uint_eq(tcesim_api_version(), TCESIM_API_VERSION);
	ck_assert_str_eq(tcesim_version(), TCESIM_VERSION_STRING);
}
END_TEST

CK_TEST("setup", setup_reads_ini_and_pairs)
{
	tcesim_setup *s = tcesim_setup_new();
	uint64_t v;

	ck_assert_int_eq(tcesim_setup_ini(s, "a.ini", small_ini,
					  strlen(small_ini)), 0);
	ck_assert_int_eq(tcesim_setup_get(s, "machine.ram", &v), 0);
	ck_assert_uint_eq(v, RAM);
	ck_assert_int_eq(tcesim_setup_get(s, "machine.devices", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(tcesim_setup_get(s, "tce_cache.entries", &v), 0);
	ck_assert_uint_eq(v, 16);
	ck_assert_int_eq(tcesim_setup_set(s, "machine.mode=timing"), 0);
	ck_assert_int_eq(tcesim_setup_set(s, "memory.lat_mem_read=300"), 0);
	ck_assert_int_eq(tcesim_setup_set(s, "machine.page_size=4K"), 0);
	ck_assert_int_eq(tcesim_setup_get(s, "machine.mode", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(tcesim_setup_get(s, "lat_mem_read", &v), 0);
	ck_assert_uint_eq(v, 300);
	ck_assert_int_eq(tcesim_setup_get(s, "machine.page_size", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(tcesim_setup_get(s, "nope", &v), -ENOENT);
	tcesim_setup_free(s);
}
END_TEST

CK_TEST("setup", setup_errors_name_file_and_line_and_apply_nothing)
{
	static const char bad_model[] =
		"[machine]\nram = 512M\n[tce_cache]\nentries = banana\n";
	static const char bad_machine[] =
		"; comment\n[phb]\nnum_pes = 16\n\n[machine]\nplatform = phb4\n";
	tcesim_setup *s = tcesim_setup_new();
	uint64_t v;

	ck_assert_int_eq(tcesim_setup_ini(s, "m.ini", bad_model,
					  strlen(bad_model)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "m.ini:4:"));
	/* nothing of it applied: not even the good [machine] line */
	ck_assert_int_eq(tcesim_setup_get(s, "machine.ram", &v), 0);
	ck_assert_uint_eq(v, 64ull << 30);
	ck_assert_int_eq(tcesim_setup_ini(s, "n.ini", bad_machine,
					  strlen(bad_machine)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "n.ini:6:"));
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "phb3 or p5ioc2"));
	ck_assert_int_eq(tcesim_setup_get(s, "num_pes", &v), 0);
	ck_assert_uint_eq(v, 256);
	ck_assert_int_eq(tcesim_setup_set(s, "machine.ram=lots"), -EINVAL);
	ck_assert_int_eq(tcesim_setup_set(s, "machine.devices=0:zz"), -EINVAL);
	ck_assert_int_eq(tcesim_setup_set(s, "machine.colour=red"), -EINVAL);
	ck_assert_int_eq(tcesim_setup_set(s, "walker.nope=1"), -EINVAL);
	ck_assert_int_eq(tcesim_setup_ini(s, "x", "\x01\x02", 2), -EINVAL);
	ck_assert_int_eq(tcesim_setup_ini_file(s, "/nonexistent/x.ini"),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "/nonexistent/x.ini"));
	/* a machine that cannot be built: NULL and why */
	ck_assert_int_eq(tcesim_setup_set(s, "machine.ram=100M"), 0);
	ck_assert_ptr_null(tcesim_create(s));
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "multiple of 16 MiB"));
	tcesim_setup_free(s);
}
END_TEST

CK_TEST("setup", null_and_bad_arguments_are_errors)
{
	tcesim_machine *m = mk(NULL);
	struct tcesim_dma_req r = { .rid = RID, .len = 0 };
	struct tcesim_dma_result res;
	uint64_t v, buf;
	int64_t ret;

	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &res), -EINVAL);
	r.len = 8;
	r.dir = 7;
	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &res), -EINVAL);
	r.dir = TCESIM_DMA_READ;
	ck_assert_int_eq(tcesim_dma(m, 3, &r, &buf, &res), -ENODEV);
	ck_assert_int_eq(tcesim_dma(NULL, 0, &r, &buf, &res), -EINVAL);
	ck_assert_int_eq(tcesim_mmio_read(m, 0, 0x2000, 8, &v), -EINVAL);
	ck_assert_int_eq(tcesim_mmio_read(m, 1, 0, 8, &v), -ENODEV);
	ck_assert_int_eq(tcesim_mem_read(m, RAM, &v, 8), -EFAULT);
	ck_assert_int_eq(tcesim_mem_free(m, 12345), -EINVAL);
	ck_assert_int_eq(tcesim_opal_call(m, 1, NULL, 2, &ret), -EINVAL);
	ck_assert_int_eq(tcesim_opal_call(m, 999, NULL, 0, &ret), 0);
	ck_assert_int_eq(ret, TCESIM_OPAL_UNSUPPORTED);
	ck_assert_int_eq(tcesim_open(m, "/dev/vfio/vfio"), -ESRCH);
	ck_assert_int_eq(tcesim_stat(m, "no.such.stat", (double[1]){ 0 }),
			 -ENOENT);
	ck_assert_str_eq(tcesim_dma_status_name(9), "?");
	ck_assert_str_eq(tcesim_fault_name(TCESIM_FAULT_PERMISSION),
			 "permission");
	tcesim_destroy(m);
	tcesim_destroy(NULL);
}
END_TEST

/* ---- hardware and firmware ---- */

CK_CASE("hardware", 0, NULL, NULL);

CK_TEST("hardware", firmware_window_and_dma)
{
	tcesim_machine *m = mk(NULL);
	struct win w = window(m, 4, TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	struct tcesim_dma_result res;
	uint64_t v = 0x1122334455667788ull, back = 0;
	double d;

	res = dma(m, 0x1008, TCESIM_DMA_WRITE, &v, 8);
	ck_assert_uint_eq(res.status, TCESIM_DMA_OK);
	ck_assert_uint_eq(res.pe, PE);
	ck_assert_uint_eq(res.pa, w.data + 4096 + 8);
	ck_assert_uint_eq(res.bytes_done, 8);
	ck_assert(!res.cache_hit);
	ck_assert_uint_eq(res.walk_levels, 1);
	ck_assert_int_eq(tcesim_mem_read(m, w.data + 4096 + 8, &back, 8), 0);
	ck_assert_uint_eq(back, v);
	res = dma(m, 0x1000, TCESIM_DMA_READ, &back, 8);
	ck_assert(res.cache_hit);
	/* page 4 has no TCE: a fault, the PE freezes, then refuses */
	res = dma(m, 4 * 4096, TCESIM_DMA_READ, &back, 8);
	ck_assert_uint_eq(res.status, TCESIM_DMA_FAULT);
	ck_assert_uint_eq(res.fault, TCESIM_FAULT_INVALID_LEAF);
	ck_assert_uint_eq(res.fault_addr, 4 * 4096);
	ck_assert_int_eq(tcesim_pe_frozen(m, 0, PE), 1);
	ck_assert_int_eq(tcesim_pe_frozen(m, 0, TCESIM_ANY_PE), 1);
	ck_assert_uint_eq(dma(m, 0, TCESIM_DMA_READ, &back, 8).status,
			  TCESIM_DMA_FROZEN);
	/* EEH: the firmware reports and clears the freeze */
	uint64_t st_pa;
	uint8_t state = 0;

	ck_assert_int_eq(tcesim_mem_alloc(m, 4096, 0, &st_pa), 0);
	const uint64_t status[] = { 0, PE, st_pa, st_pa + 8, 0 };
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_EEH_FREEZE_STATUS, status, 5),
			 TCESIM_OPAL_SUCCESS);
	ck_assert_int_eq(tcesim_mem_read(m, st_pa, &state, 1), 0);
	ck_assert_uint_eq(state, TCESIM_OPAL_EEH_STOPPED_MMIO_DMA_FREEZE);
	const uint64_t clear[] = { 0, PE, TCESIM_OPAL_EEH_ACTION_FREEZE_ALL };
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR, clear, 3),
			 TCESIM_OPAL_SUCCESS);
	ck_assert_int_eq(tcesim_pe_frozen(m, 0, PE), 0);
	ck_assert_uint_eq(dma(m, 0, TCESIM_DMA_READ, &back, 8).status,
			  TCESIM_DMA_OK);
	/* statistics */
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.faults", &d), 0);
	ck_assert(d == 1.0);
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.requests", &d), 0);
	ck_assert(d == 5.0);
	tcesim_destroy(m);
}
END_TEST

CK_TEST("hardware", stats_json_like_snprintf)
{
	tcesim_machine *m = mk(NULL);
	char small[16], *big;
	int n;

	n = tcesim_stats_json(m, NULL, 0);
	ck_assert_int_gt(n, 100);
	ck_assert_int_eq(tcesim_stats_json(m, small, sizeof(small)), n);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	big = malloc((size_t)n + 1);
	ck_assert_int_eq(tcesim_stats_json(m, big, (size_t)n + 1), n);
	ck_assert_uint_eq(strlen(big), (size_t)n);
	ck_assert(big[0] == '{');
	ck_assert_ptr_nonnull(strstr(big, "\"phb3.0.tce_cache.hits\": 0"));
	ck_assert_ptr_nonnull(strstr(big, "\"clock.cycles\": 0"));
	free(big);
	tcesim_destroy(m);
}
END_TEST

CK_TEST("hardware", looks_change_nothing)
{
	tcesim_machine *m = mk(NULL);
	struct win w = window(m, 2, TCESIM_TCE_READ);
	struct tcesim_cached_tce ct;
	struct tcesim_probe_result pr;
	struct tcesim_phb_info pi;
	uint64_t v, buf;
	double d;

	ck_assert_int_eq(tcesim_probe(m, 0, RID, 0x1010, TCESIM_DMA_READ, &pr),
			 0);
	ck_assert_uint_eq(pr.fault, TCESIM_FAULT_NONE);
	ck_assert_uint_eq(pr.pe, PE);
	ck_assert_uint_eq(pr.pa, w.data + 0x1010);
	ck_assert_int_eq(tcesim_probe(m, 0, RID, 0x1010, TCESIM_DMA_WRITE, &pr),
			 0);
	ck_assert_uint_eq(pr.fault, TCESIM_FAULT_PERMISSION);
	/* nothing cached by the probe; a DMA caches the page */
	ck_assert_int_eq(tcesim_tce_cached(m, 0, PE, 0x1010, &ct), -ENOENT);
	ck_assert_uint_eq(dma(m, 0x1010, TCESIM_DMA_READ, &buf, 8).status,
			  TCESIM_DMA_OK);
	ck_assert_int_eq(tcesim_tce_cached(m, 0, PE, 0x1ff8, &ct), 0);
	ck_assert_uint_eq(ct.pa, w.data + 0x1ff8);
	ck_assert_uint_eq(ct.page_addr, 0x1000);
	ck_assert_uint_eq(ct.page_shift, 12);
	ck_assert(ct.read && !ct.write);
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.requests", &d), 0);
	ck_assert(d == 1.0);
	/* the register the firmware programmed, read without a side effect */
	ck_assert_int_eq(tcesim_get_phb_info(m, 0, &pi), 0);
	ck_assert_uint_eq(pi.regs_bytes, 4096);
	ck_assert_int_eq(tcesim_mmio_peek(m, 0, 0x168, &v), 0);
	ck_assert_uint_ne(v, 0);
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.mmio.reads", &d), 0);
	ck_assert(d == 0.0);
	tcesim_destroy(m);
}
END_TEST

/* ---- events ---- */

struct evlog {
	unsigned kills, writes, dmas;
	unsigned kind;
	uint16_t pe;
	uint64_t addr, last_off;
};

static void ev_kill(void *ctx, unsigned phb, unsigned kind, uint16_t pe,
		    uint64_t addr)
{
	struct evlog *l = ctx;

	ck_assert_uint_eq(phb, 0);
	l->kills++;
	l->kind = kind;
	l->pe = pe;
	l->addr = addr;
}

static void ev_write(void *ctx, unsigned phb, uint64_t off, uint64_t val)
{
	struct evlog *l = ctx;

	(void)val;
	l->writes++;
	l->last_off = off;
}

static void ev_dma(void *ctx, unsigned phb, const struct tcesim_dma_req *r,
		   const struct tcesim_dma_result *res)
{
	struct evlog *l = ctx;

	(void)r;
	(void)res;
	l->dmas++;
}

CK_TEST("hardware", events_report_each_kill_kind)
{
	tcesim_machine *m = mk(NULL);
	const struct tcesim_events ev = { .tce_kill = ev_kill,
					  .reg_write = ev_write,
					  .dma = ev_dma };
	struct evlog l = { 0 };
	uint64_t buf;

	window(m, 4, TCESIM_TCE_READ);
	ck_assert_int_eq(tcesim_set_events(m, &ev, &l), 0);
	ck_assert_int_eq(tcesim_mmio_write(m, 0, KILL, 8, 1ull << 63), 0);
	ck_assert_uint_eq(l.kills, 1);
	ck_assert_uint_eq(l.kind, TCESIM_KILL_ALL);
	ck_assert_uint_eq(l.writes, 1);
	ck_assert_uint_eq(l.last_off, KILL);
	ck_assert_int_eq(tcesim_mmio_write(m, 0, KILL, 8, 1ull << 62 | PE), 0);
	ck_assert_uint_eq(l.kind, TCESIM_KILL_PE);
	ck_assert_uint_eq(l.pe, PE);
	ck_assert_int_eq(tcesim_mmio_write(m, 0, KILL, 8,
					   1ull << 61 | (1ull << 59) | 0x3000 |
					   PE), 0);
	ck_assert_uint_eq(l.kind, TCESIM_KILL_ONE);
	ck_assert_uint_eq(l.addr, (1ull << 59) | 0x3000);
	ck_assert_uint_eq(l.kills, 3);
	dma(m, 0, TCESIM_DMA_READ, &buf, 8);
	ck_assert_uint_eq(l.dmas, 1);
	/* off again */
	ck_assert_int_eq(tcesim_set_events(m, NULL, NULL), 0);
	ck_assert_int_eq(tcesim_mmio_write(m, 0, KILL, 8, 1ull << 63), 0);
	ck_assert_uint_eq(l.kills, 3);
	tcesim_destroy(m);
}
END_TEST

/* ---- memory an embedder provides ---- */

/* The small machine on the embedder's memory mem (e's bytes). */
static tcesim_machine *emb_create(tcesim_setup *s, const struct emb *e,
				  const struct tcesim_memory *mem)
{
	tcesim_machine *m;

	ck_assert_ptr_nonnull(e->bytes);
	ck_assert_int_eq(tcesim_setup_ini(s, "s", small_ini, strlen(small_ini)),
			 0);
	ck_assert_int_eq(tcesim_setup_memory(s, mem), 0);
	m = tcesim_create(s);
	ck_assert_msg(m != NULL, "%s", tcesim_errmsg());
	return m;
}

CK_CASE("embedder", 0, NULL, NULL);

CK_TEST("embedder", embedder_memory_sees_tables_and_data)
{
	struct emb e = { .bytes = calloc(1, RAM) };
	const struct tcesim_memory mem = { emb_read, emb_write, &e, NULL, 0, 0 };
	tcesim_setup *s = tcesim_setup_new();
	tcesim_machine *m;
	struct win w;
	uint64_t v = 0xabcdef, buf;
	unsigned reads;

	m = emb_create(s, &e, &mem);
	ck_assert_int_eq(tcesim_boot(m), -EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "host pointer"));
	w = window(m, 2, TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	/* the TCE the test wrote is in the embedder's bytes, big-endian */
	ck_assert_uint_eq(e.bytes[w.table + 7], TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	reads = e.reads;
	ck_assert_uint_eq(dma(m, 0x10, TCESIM_DMA_WRITE, &v, 8).status,
			  TCESIM_DMA_OK);
	/* the RTT entry and the TCE were read from it, the data written */
	ck_assert_uint_ge(e.reads - reads, 2);
	ck_assert_mem_eq(e.bytes + w.data + 0x10, &v, 8);
	/* a table the memory refuses: table_memory */
	e.refuse_lo = w.table + 8;
	e.refuse_hi = w.table + 16;
	ck_assert_uint_eq(dma(m, 0x1000, TCESIM_DMA_READ, &buf, 8).fault,
			  TCESIM_FAULT_TABLE_MEMORY);
	tcesim_destroy(m);
	/* data the memory refuses: target_memory */
	e.refuse_lo = e.refuse_hi = 0;
	m = tcesim_create(s);
	w = window(m, 2, TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	e.refuse_lo = w.data;
	e.refuse_hi = w.data + 8;
	ck_assert_uint_eq(dma(m, 0, TCESIM_DMA_READ, &buf, 8).fault,
			  TCESIM_FAULT_TARGET_MEMORY);
	tcesim_destroy(m);
	tcesim_setup_free(s);
	free(e.bytes);
}
END_TEST

CK_TEST("embedder", bad_memory_is_refused)
{
	tcesim_setup *s = tcesim_setup_new();
	struct tcesim_memory mem = { 0 };
	static uint8_t h[4096];
	const struct tcesim_mem_region r = { RAM, 4096, h };

	ck_assert_int_eq(tcesim_setup_memory(s, &mem), -EINVAL);
	mem.read = emb_read;
	mem.flags = TCESIM_MEM_PHB_CALLBACKS;
	ck_assert_int_eq(tcesim_setup_memory(s, &mem), -EINVAL);
	mem.flags = 0x80;
	ck_assert_int_eq(tcesim_setup_memory(s, &mem), -EINVAL);
	/* a region outside RAM: refused when the machine is made */
	mem.flags = 0;
	mem.regions = &r;
	mem.nregions = 1;
	ck_assert_int_eq(tcesim_setup_set(s, "machine.ram=256M"), 0);
	ck_assert_int_eq(tcesim_setup_memory(s, &mem), 0);
	ck_assert_ptr_null(tcesim_create(s));
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "regions"));
	tcesim_setup_free(s);
}
END_TEST

/* ---- the driver stack ---- */

#define UA 0x10000000000ull

CK_CASE("kernel", 60, NULL, NULL);

CK_TEST("kernel", driver_stack_through_ioctls)
{
	tcesim_machine *m = mk(NULL);
	struct vfio_iommu_spapr_register_memory reg = {
		.argsz = sizeof(reg), .vaddr = UA, .size = 1 * MiB };
	struct vfio_iommu_spapr_tce_create cr = {
		.argsz = sizeof(cr), .page_shift = 16,
		.window_size = 1ull << 32, .levels = 1 };
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = UA, .size = 1 * MiB };
	struct tcesim_info info;
	struct tcesim_dma_result res;
	char path[32];
	uint64_t v = 0x5555aaaa, back = 0, pa;
	int group, cfd, gfd;

	ck_assert_int_eq(tcesim_get_info(m, &info), 0);
	ck_assert(info.driver_stack && !info.booted);
	ck_assert_int_eq(tcesim_boot(m), 0);
	ck_assert_int_eq(tcesim_get_info(m, &info), 0);
	ck_assert(info.booted);
	ck_assert_int_gt(tcesim_proc_current(m), 0);
	group = tcesim_group_of(m, 0, RID);
	ck_assert_int_ge(group, 0);
	ck_assert_int_eq(tcesim_proc_set_memlock(m, tcesim_proc_current(m),
						 64 * MiB), 0);
	ck_assert_int_eq(tcesim_mmap(m, UA, 1 * MiB, 0, true, false), 0);
	cfd = tcesim_open(m, "/dev/vfio/vfio");
	ck_assert_int_ge(cfd, 0);
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	gfd = tcesim_open(m, path);
	ck_assert_int_ge(gfd, 0);
	ck_assert_int_eq(tcesim_ioctl_arg(m, gfd, VFIO_GROUP_SET_CONTAINER,
					  &cfd, sizeof(cfd)), 0);
	ck_assert_int_eq(tcesim_ioctl(m, cfd, VFIO_SET_IOMMU,
				      VFIO_SPAPR_TCE_v2_IOMMU), 0);
	ck_assert_int_eq(tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_REGISTER_MEMORY,
					  &reg, sizeof(reg)), 0);
	ck_assert_int_eq(tcesim_proc_locked_vm(m, tcesim_proc_current(m)),
			 1 * MiB / 65536);
	ck_assert_int_eq(tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_TCE_CREATE,
					  &cr, sizeof(cr)), 0);
	map.iova = cr.start_addr;
	ck_assert_int_eq(tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_MAP_DMA, &map,
					  sizeof(map)), 0);
	/* the device writes; the process reads it back */
	res = dma(m, cr.start_addr + 0x10008, TCESIM_DMA_WRITE, &v, 8);
	ck_assert_uint_eq(res.status, TCESIM_DMA_OK);
	ck_assert_int_eq(tcesim_user_to_phys(m, UA + 0x10008, &pa), 0);
	ck_assert_uint_eq(res.pa, pa);
	ck_assert_int_eq(tcesim_user_read(m, UA + 0x10008, &back, 8), 0);
	ck_assert_uint_eq(back, v);
	/* a bad ioctl is the kernel's -errno, with a message */
	ck_assert_int_eq(tcesim_ioctl(m, cfd, 0x12345678, 0), -ENOTTY);
	ck_assert_int_eq(tcesim_close(m, 999), -EBADF);
	ck_assert_int_eq(tcesim_close(m, gfd), 0);
	ck_assert_int_eq(tcesim_close(m, cfd), 0);
	tcesim_destroy(m);
}
END_TEST

/* ---- timing ---- */

struct lat {
	unsigned calls;
	uint64_t cycles;
};

static uint64_t lat_fn(void *ctx, unsigned phb, uint64_t pa, unsigned bytes)
{
	struct lat *l = ctx;

	(void)phb;
	(void)pa;
	(void)bytes;
	l->calls++;
	return l->cycles;
}

CK_TEST("hardware", timing_cycles_and_latency_source)
{
	tcesim_machine *m = mk("machine.mode=timing");
	struct lat l = { 0, 1000 };
	struct tcesim_dma_req r = { .rid = RID, .addr = 0x10, .len = 8,
				    .dir = TCESIM_DMA_READ, .arrival = 5000 };
	struct tcesim_dma_result a, b, c;
	uint64_t buf;

	window(m, 4, TCESIM_TCE_READ);
	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &a), 0);
	ck_assert_uint_eq(a.arrival, 5000);
	ck_assert_uint_gt(a.cycles, 150);	/* RTT + table from memory */
	ck_assert_uint_eq(a.done, a.arrival + a.cycles);
	ck_assert_uint_ge(tcesim_clock_now(m), 5000);
	/* a hit: much faster */
	r.arrival = 10000;
	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &b), 0);
	ck_assert(b.cache_hit);
	ck_assert_uint_lt(b.cycles, a.cycles);
	/* the memory says table reads take 1000 cycles: a miss on page 1
	   costs 1000 - lat_mem_read (150) more than page 0's did (its RTT
	   read hits the RTT cache now, 150 less) */
	ck_assert_int_eq(tcesim_set_latency_source(m, lat_fn, &l), 0);
	r.addr = 0x1010;
	r.arrival = 20000;
	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &c), 0);
	ck_assert_uint_eq(l.calls, 1);
	ck_assert_uint_eq(c.cycles, a.cycles - 150 + (1000 - 150));
	/* an arrival before the clock is taken as the clock */
	r.arrival = 1;
	ck_assert_int_eq(tcesim_dma(m, 0, &r, &buf, &c), 0);
	ck_assert_uint_ge(c.arrival, 20000);
	tcesim_destroy(m);
	/* functional mode has no latency source */
	m = mk(NULL);
	ck_assert_int_eq(tcesim_set_latency_source(m, lat_fn, &l), -EOPNOTSUPP);
	tcesim_destroy(m);
}
END_TEST

/* ---- reset ---- */

CK_TEST("kernel", reset_starts_over)
{
	tcesim_machine *m = mk(NULL);
	uint64_t buf;
	double d;

	window(m, 4, TCESIM_TCE_READ);
	ck_assert_uint_eq(dma(m, 0x10, TCESIM_DMA_READ, &buf, 8).status,
			  TCESIM_DMA_OK);
	ck_assert_int_eq(tcesim_boot(m), 0);
	ck_assert_int_eq(tcesim_reset(m), 0);
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.requests", &d), 0);
	ck_assert(d == 0.0);
	/* no window any more: the RID is on the reserved PE again */
	ck_assert_uint_eq(dma(m, 0x10, TCESIM_DMA_READ, &buf, 8).status,
			  TCESIM_DMA_FAULT);
	ck_assert_int_eq(tcesim_proc_current(m), 0);	/* not booted */
	ck_assert_int_eq(tcesim_boot(m), 0);
	tcesim_destroy(m);
}
END_TEST

/* ---- traces ---- */

struct replay_log {
	unsigned machines, dmas;
	tcesim_machine *m;
};

static void got_machine(void *ctx, tcesim_machine *m)
{
	struct replay_log *l = ctx;

	l->machines++;
	l->m = m;
}

static int hook_dma(void *ctx, tcesim_machine *m, unsigned phb,
		    const struct tcesim_dma_req *req, void *data,
		    struct tcesim_dma_result *res)
{
	struct replay_log *l = ctx;

	ck_assert_ptr_eq(m, l->m);
	l->dmas++;
	return tcesim_dma(m, phb, req, data, res);
}

CK_TEST("kernel", replay_with_the_embedder_s_dma)
{
	struct replay_log l = { 0 };
	FILE *out = tmpfile();
	struct tcesim_replay_opts o = { .check = true, .out = out, .err = out,
					.ctx = &l,
					.on_machine = got_machine,
					.dma = hook_dma };

	ck_assert_int_eq(tcesim_replay_file(TCESIM_SCENARIOS_SRC
					    "/default/default.trace", &o), 0);
	ck_assert_uint_eq(l.machines, 1);
	ck_assert_uint_eq(l.dmas, 5);	/* the scenario's dma lines */
	/* a bad trace: exit code 2 and a message */
	ck_assert_int_eq(tcesim_replay_file("/nonexistent.trace", &o), 2);
	fclose(out);
}
END_TEST

/* ---- checkpoints and ELF images ---- */

static void tmp_path(char *path, size_t len, const char *what)
{
	int fd;

	snprintf(path, len, "/tmp/lib_api_%sXXXXXX", what);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

CK_TEST("hardware", checkpoint_restores_and_refuses)
{
	tcesim_machine *m = mk(NULL), *m2, *m3;
	struct win w = window(m, 4, TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	struct tcesim_dma_result a, b;
	uint64_t v = 0x0123456789abcdefull, back = 0;
	char path[64];
	double d1, d2;

	tmp_path(path, sizeof(path), "ckpt");
	ck_assert_uint_eq(dma(m, 0x1008, TCESIM_DMA_WRITE, &v, 8).status,
			  TCESIM_DMA_OK);
	ck_assert_uint_eq(dma(m, 0x2000, TCESIM_DMA_READ, &back, 8).status,
			  TCESIM_DMA_OK);
	ck_assert_msg(tcesim_checkpoint(m, path) == 0, "%s", tcesim_errmsg());

	m2 = mk(NULL);
	ck_assert_msg(tcesim_load_image(m2, path) == 1, "%s", tcesim_errmsg());
	/* RAM: the DMA's data; hardware: the window and the cached TCE */
	ck_assert_int_eq(tcesim_mem_read(m2, w.data + 4096 + 8, &back, 8), 0);
	ck_assert_uint_eq(back, v);
	a = dma(m, 0x2000, TCESIM_DMA_READ, &back, 8);
	b = dma(m2, 0x2000, TCESIM_DMA_READ, &back, 8);
	ck_assert(a.cache_hit && b.cache_hit);
	ck_assert_uint_eq(b.pa, w.data + 2 * 4096);
	ck_assert_uint_eq(b.pe, PE);
	ck_assert_int_eq(tcesim_stat(m, "phb3.0.requests", &d1), 0);
	ck_assert_int_eq(tcesim_stat(m2, "phb3.0.requests", &d2), 0);
	ck_assert(d1 == 3.0 && d2 == 3.0);

	/* another TCE cache size: named, nothing changed */
	m3 = mk("tce_cache.entries=64");
	ck_assert_int_lt(tcesim_load_image(m3, path), 0);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "tce_cache"));
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), path));
	ck_assert_int_eq(tcesim_mem_read(m3, w.data + 4096 + 8, &back, 8), 0);
	ck_assert_uint_eq(back, 0);
	ck_assert_int_eq(tcesim_stat(m3, "phb3.0.requests", &d1), 0);
	ck_assert(d1 == 0.0);
	ck_assert_uint_eq(dma(m3, 0x2000, TCESIM_DMA_READ, &back, 8).status,
			  TCESIM_DMA_FAULT);
	tcesim_destroy(m3);

	/* a booted driver stack has state no checkpoint holds */
	ck_assert_int_eq(tcesim_boot(m2), 0);
	ck_assert_int_eq(tcesim_checkpoint(m2, path), -EBUSY);
	ck_assert_int_eq(tcesim_load_image(m2, path), -EBUSY);
	ck_assert_int_lt(tcesim_load_image(m, "/nonexistent/ckpt.core"), 0);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "/nonexistent/ckpt.core"));
	ck_assert_int_eq(tcesim_checkpoint(NULL, path), -EINVAL);
	tcesim_destroy(m2);
	tcesim_destroy(m);
	unlink(path);
}
END_TEST

/* A little-endian ELF64 executable with one PT_LOAD of n bytes at pa. */
static void write_elf(const char *path, uint64_t pa, const void *bytes,
		      size_t n)
{
	Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_PPC64,
			  .e_version = EV_CURRENT, .e_phoff = sizeof(eh),
			  .e_ehsize = sizeof(eh),
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1 };
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R,
			  .p_offset = sizeof(eh) + sizeof(ph), .p_vaddr = pa,
			  .p_paddr = pa, .p_filesz = n, .p_memsz = n,
			  .p_align = 8 };
	FILE *f = fopen(path, "wb");

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(&eh, sizeof(eh), 1, f), 1);
	ck_assert_uint_eq(fwrite(&ph, sizeof(ph), 1, f), 1);
	ck_assert_uint_eq(fwrite(bytes, n, 1, f), 1);
	ck_assert_int_eq(fclose(f), 0);
}

CK_TEST("embedder", elf_segments_load_and_embedder_memory_is_not_checkpointed)
{
	static const char seg[] = "loaded by tcesim_load_image";
	const uint64_t at = 64 * MiB;
	struct emb e = { .bytes = calloc(1, RAM) };
	const struct tcesim_memory mem = { emb_read, emb_write, &e, NULL, 0, 0 };
	tcesim_setup *s = tcesim_setup_new();
	tcesim_machine *m = mk(NULL), *em;
	char elf[64], ckpt[64], back[sizeof(seg)] = "";

	tmp_path(elf, sizeof(elf), "elf");
	tmp_path(ckpt, sizeof(ckpt), "ckpt");
	write_elf(elf, at, seg, sizeof(seg));
	ck_assert_msg(tcesim_load_image(m, elf) == 0, "%s", tcesim_errmsg());
	ck_assert_int_eq(tcesim_mem_read(m, at, back, sizeof(back)), 0);
	ck_assert_str_eq(back, seg);
	ck_assert_msg(tcesim_checkpoint(m, ckpt) == 0, "%s", tcesim_errmsg());

	em = emb_create(s, &e, &mem);
	ck_assert_msg(tcesim_load_image(em, elf) == 0, "%s", tcesim_errmsg());
	ck_assert_str_eq((const char *)e.bytes + at, seg);
	ck_assert_int_eq(tcesim_checkpoint(em, ckpt), -EOPNOTSUPP);
	ck_assert_ptr_nonnull(strstr(tcesim_errmsg(), "embedder"));
	e.writes = 0;
	ck_assert_int_eq(tcesim_load_image(em, ckpt), -EOPNOTSUPP);
	ck_assert_uint_eq(e.writes, 0);
	tcesim_destroy(em);
	tcesim_destroy(m);
	tcesim_setup_free(s);
	free(e.bytes);
	unlink(elf);
	unlink(ckpt);
}
END_TEST

CK_SUITE("lib_api");
