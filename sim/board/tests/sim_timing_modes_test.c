// SPDX-License-Identifier: GPL-2.0
/*
 * sim_timing_modes: timing through the whole machine.
 *
 * - Functional equivalence: every .trace scenario in scenarios/ replayed
 *   in functional mode and in timing mode under four very different
 *   timing and link configurations (a starved Gen1 x1 link, a wide one,
 *   none) gives byte-identical per-operation output,
 *   identical --record files (every result of every operation) and the
 *   same final report once the timing-only statistics are left out.
 * - Hand-checked latencies through the machine (not only the core): a
 *   DMA on a 2-level PHB3 table, a cached repeat, a kill written on the
 *   bus, kills the driver writes while mapping, and the P5IOC2 variant
 *   (translation only: link.enabled=0); the same DMAs with the PCIe link
 *   in front (reads and writes, back to back). Each expected cycle is
 *   computed here from the formulas of docs/timing-model.md and
 *   docs/pcie-link.md with the test's own parameter values.
 * - The machine clock: ns/CPU-cycle charges with carried fractions,
 *   epochs, functional-mode machine_dma_at.
 */
#include "check_auto.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay_test.h"
#include "tcesim/replay.h"
#include "tcesim/clock.h"
#include "tcesim/config.h"
#include "tcesim/machine.h"
#include "tcesim/mmio.h"
#include "tcesim/trace.h"

#ifndef TCESIM_SCENARIOS_SRC
#error "TCESIM_SCENARIOS_SRC must name the scenarios/ directory"
#endif

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			ck_assert(buf != NULL);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

static bool has(const char *p, size_t l, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= l; i++)
		if (!memcmp(p + i, needle, n))
			return true;
	return false;
}

/* The JSON report without timing-only lines (mode, clock, *.timing.*,
   *.link.*),
   trailing commas dropped so the last remaining line compares equal. */
static char *json_without_timing(const char *path)
{
	char *in = slurp(path, NULL), *out = malloc(strlen(in) + 1), *p, *nl;
	size_t o = 0;

	ck_assert(out != NULL);
	for (p = in; *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t l;

		nl = strchr(p, '\n');
		l = nl ? (size_t)(nl - p) : strlen(p);
		if (has(p, l, ".timing.") || has(p, l, ".link.") ||
		    has(p, l, "\"mode\"") || has(p, l, "\"clock."))
			continue;
		while (l && (p[l - 1] == ',' || p[l - 1] == ' '))
			l--;
		memcpy(out + o, p, l);
		o += l;
		out[o++] = '\n';
		if (!nl)
			break;
	}
	out[o] = 0;
	free(in);
	return out;
}

/* Text output up to the final report (per-operation lines). */
static void cut_report(char *s)
{
	char *r = strstr(s, "\n== report ==");

	if (r)
		r[1] = 0;
}

struct run_out {
	int status;
	char *text;		/* per-op lines */
	char *record;		/* --record file */
	char *json;		/* final JSON report, timing lines dropped */
};

static void run_free(struct run_out *r)
{
	free(r->text);
	free(r->record);
	free(r->json);
}

static void replay_file(const char *path, const struct tcesim_config *cfg,
			bool timing, const char *epoch, struct run_out *out)
{
	char rec[] = "/tmp/sim_timing_modes_rec_XXXXXX";
	char js[] = "/tmp/sim_timing_modes_json_XXXXXX";
	struct replay_opts o;
	struct trace t;
	struct trace_error e;
	size_t len;
	FILE *mem;
	int fd;

	ck_assert_int_eq(trace_load_file(path, &t, &e), 0);
	fd = mkstemp(rec);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = mkstemp(js);
	ck_assert_int_ge(fd, 0);
	close(fd);
	out->text = NULL;
	mem = open_memstream(&out->text, &len);
	ck_assert(mem != NULL);
	o = (struct replay_opts){ .out = mem, .record_path = rec,
				  .json_path = js, .config = cfg,
				  .timing = timing, .epoch_path = epoch };
	out->status = replay_trace(&t, &o);
	fclose(mem);
	trace_free(&t);
	cut_report(out->text);
	out->record = slurp(rec, NULL);
	out->json = json_without_timing(js);
	unlink(rec);
	unlink(js);
}

static void cfg_with(struct tcesim_config *c, const char *const *sets)
{
	char err[256];

	tcesim_config_default(c);
	for (; *sets; sets++)
		ck_assert_msg(tcesim_config_set(c, *sets, err, sizeof(err)) == 0,
			      "%s: %s", *sets, err);
}

/* ---- functional equivalence over every scenario ---- */

static const char *const cfg_tiny[] = {
	"walker.max_outstanding_fetches=1", "tce_cache.line_bytes=8",
	"kill.kill_inflight=drop", "phb.issue_interval=3",
	"kill.lat_kill_one=0",
	/* a starved link: Gen1 x1, one tag, one credit of each kind */
	"link.gen=1", "link.width=1", "link.read_tags=1",
	"link.ph_credits=1", "link.pd_credits=16", "link.nph_credits=1",
	"link.cplh_credits=1", "link.cpld_credits=16",
	"phb.dma_bytes_per_cycle=1", NULL };
static const char *const cfg_wide[] = {
	"tce_cache.prefetch_next=true", "tce_cache.line_bytes=64",
	"tce_cache.cache_indirect=true", "tce_cache.indirect_entries=2",
	"tce_cache.lat_hit=1", "phb.lat_rtc_hit=0",
	/* a wide link: Gen5 x32, MPS 4096, completions at RCB 64 */
	"link.gen=5", "link.width=32", "link.mps=4096", "link.rcb=64",
	"link.cpl_split=rcb", "link.lat_flight=0", "phb.lat_dma_read=0",
	"link.ecrc=true", "link.addr64=false", NULL };
static const char *const cfg_slow[] = {
	"memory.lat_mem_read=5000", "memory.mem_bytes_per_cycle=1",
	"kill.lat_kill_all=100000", "kill.lat_kill_pe=30000",
	"phb.clock_mhz=1", "stats.epoch_cycles=777", NULL };
static const char *const cfg_nolink[] = {
	"link.enabled=false", "walker.max_outstanding_fetches=64", NULL };

/* Equal strings, or a failure naming the first differing line. */
static void same(const char *name, unsigned k, const char *what,
		 const char *a, const char *b)
{
	size_t i = 0, ls = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '\n')
			ls = i + 1;
		i++;
	}
	ck_assert_msg(a[i] == b[i], "%s, timing config %u: %s differ at:\n"
		      "timing:     %.100s\nfunctional: %.100s", name, k, what,
		      a + ls, b + ls);
}

CK_CASE("core", 120, NULL, NULL);

CK_TEST("core", replay_every_scenario_same_results_in_all_modes)
{
	const char *const *cfgs[] = { cfg_tiny, cfg_wide, cfg_slow,
				      cfg_nolink };
	struct tcesim_config fcfg, tcfg;
	DIR *d = opendir(TCESIM_SCENARIOS_SRC);
	struct dirent *de;
	unsigned n = 0;

	ck_assert(d != NULL);
	tcesim_config_default(&fcfg);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char path[1024];
		struct run_out f, t;

		if (l < 7 || strcmp(de->d_name + l - 6, ".trace"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", TCESIM_SCENARIOS_SRC,
			 de->d_name);
		replay_file(path, &fcfg, false, NULL, &f);
		ck_assert_msg(f.status == REPLAY_OK || f.status == REPLAY_MISMATCH,
			      "%s: status %d", de->d_name, f.status);
		for (unsigned k = 0; k < 4; k++) {
			char ep[] = "/tmp/sim_timing_modes_epoch_XXXXXX";
			int fd = -1;

			cfg_with(&tcfg, cfgs[k]);
			if (k == 2) {
				fd = mkstemp(ep);
				ck_assert_int_ge(fd, 0);
			}
			replay_file(path, &tcfg, true, k == 2 ? ep : NULL, &t);
			ck_assert_msg(t.status == f.status, "%s cfg %u: status %d vs %d",
				      de->d_name, k, t.status, f.status);
			same(de->d_name, k, "per-operation output", t.text, f.text);
			same(de->d_name, k, "recorded results", t.record, f.record);
			same(de->d_name, k, "final report", t.json, f.json);
			if (fd >= 0) {
				char *csv = slurp(ep, NULL);

				/* header + at least the final (-1) rows */
				ck_assert(!strncmp(csv, "epoch,name,value,unit\n", 22));
				ck_assert_msg(strstr(csv, "\n-1,clock.cycles,") != NULL,
					      "%s: no final epoch row", de->d_name);
				free(csv);
				close(fd);
				unlink(ep);
			}
			run_free(&t);
		}
		run_free(&f);
		n++;
	}
	closedir(d);
	ck_assert_uint_ge(n, 20);	/* the scenarios really were found */
}
END_TEST

/* ---- hand-checked streams through the machine ---- */

/* Test parameters (cycles). */
#define L_MEM	100	/* memory.lat_mem_read */
#define L_LVL	3	/* walker.lat_walk_level */
#define L_HIT	2	/* tce_cache.lat_hit */
#define L_RTC	1	/* phb.lat_rtc_hit */
#define L_K1	40	/* kill.lat_kill_one */

/* The test's latencies; link: the PCIe link in front (default link
   parameters) or translation only. */
static void hand_cfg_link(struct tcesim_config *c, uint64_t kill_one,
			  bool link)
{
	char a[6][64];
	const char *sets[7];

	snprintf(a[0], sizeof(a[0]), "lat_mem_read=%d", L_MEM);
	snprintf(a[1], sizeof(a[1]), "lat_walk_level=%d", L_LVL);
	snprintf(a[2], sizeof(a[2]), "lat_hit=%d", L_HIT);
	snprintf(a[3], sizeof(a[3]), "lat_rtc_hit=%d", L_RTC);
	snprintf(a[4], sizeof(a[4]), "lat_kill_one=%llu",
		 (unsigned long long)kill_one);
	snprintf(a[5], sizeof(a[5]), "link.enabled=%d", link);
	for (int i = 0; i < 6; i++)
		sets[i] = a[i];
	sets[6] = NULL;
	cfg_with(c, sets);
}

static void hand_cfg(struct tcesim_config *c, uint64_t kill_one)
{
	hand_cfg_link(c, kill_one, false);
}

#define MAXV 16
struct hand {
	int step;			/* which check to run at each echo */
	uint64_t v[MAXV];		/* values seen */
	int rc[MAXV];
	unsigned n;
	bool timed;			/* machine_timing was non-NULL */
};

static void note(struct hand *h, uint64_t v)
{
	if (h->n < MAXV)
		h->v[h->n++] = v;
}

static struct sim_dma_req req_read(uint16_t rid, uint64_t addr,
					 uint32_t len)
{
	struct sim_dma_req q = { .rid = rid, .addr = addr, .len = len,
				 .dir = SIM_DMA_READ };
	return q;
}

static void run_text(const char *text, const struct tcesim_config *cfg,
		     bool timing, struct replay_hooks *hk, int want)
{
	struct replay_opts o = {
		.check = true, .config = cfg, .timing = timing, .hooks = hk,
	};

	ck_assert_int_eq(replay_test_text(text, &o), want);
}

/* PE 1 (RID 0x0100), window 2 (PE*2, bus address bit 59 clear), 2 levels
   of 512 entries (table_size = bytes per level), 4 KiB pages. Bus
   0x12345: root index 0, leaf index 0x12 -> PA 0x76543345. */
static const char phb3_2level[] =
"tcesim-trace 1\n"
"machine platform=phb3 phbs=1 ram=16G\n"
"boot kernel=0\n"
"opal set_pe phb=0 pe=1 bdfn=0x0100 bcmp=7 dcmp=1 fcmp=1 action=map expect.opal=success\n"
"opal map_pe_dma_window phb=0 pe=1 window=2 levels=2 table=0x20000000 table_size=0x1000 page_size=4K expect.opal=success\n"
"pwrite pa=0x20000000 be64=0x20001003\n"
"pwrite pa=0x20001090 be64=0x76543003\n"
"echo go\n";

#define T_A 100000ull	/* far beyond any set-up kill */

static int phb3_hook(void *ctx, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen)
{
	struct hand *h = ctx;
	struct sim_dma_result res;
	struct sim_dma_req q = req_read(0x0100, 0x12345, 4);
	uint8_t buf[8];
	uint64_t done = 0;

	if (ev != REPLAY_EV_OP_DONE || !replay_test_echo(op, "go"))
		return 0;
	h->timed = machine_timing(m, 0) != NULL;
	/* 1: cold: RTT cache miss, TCE miss, 2-level walk */
	h->rc[0] = machine_dma_at(m, 0, T_A, &q, buf, &res, &done);
	note(h, done);
	note(h, res.status == SIM_DMA_OK ? res.pa : 0);
	/* 2: the same page 1000 cycles later: RTT and TCE cache hits */
	h->rc[1] = machine_dma_at(m, 0, T_A + 1000, &q, buf, &res, &done);
	note(h, done);
	/* 3: at T_A + 2000, kill-one of that page written on the bus (as
	   the driver does), then the same DMA arriving at the same cycle */
	sim_clock_advance_to(machine_clock(m), T_A + 2000);
	h->rc[2] = sim_mmio_write(machine_bus(m),
				  machine_phb_regs(m, 0) + 0x210, 8,
				  0x2000000000012001ull);
	h->rc[3] = machine_dma_at(m, 0, T_A + 2000, &q, buf, &res, &done);
	note(h, done);
	note(h, sim_clock_now(machine_clock(m)));
	(void)msg;
	(void)msglen;
	return 0;
}

CK_TEST("core", phb3_two_level_dma_hit_and_kill_hand_checked)
{
	struct tcesim_config c;
	struct hand h = { 0 };
	struct replay_hooks hk = { .ctx = &h, .event = phb3_hook };
	uint64_t a = T_A, b = T_A + 1000, k = T_A + 2000;

	hand_cfg(&c, L_K1);
	run_text(phb3_2level, &c, true, &hk, REPLAY_OK);
	ck_assert(h.timed);
	ck_assert_int_eq(h.rc[0], 0);
	ck_assert_int_eq(h.rc[1], 0);
	ck_assert_int_eq(h.rc[2], 0);
	ck_assert_int_eq(h.rc[3], 0);
	ck_assert_uint_eq(h.n, 5);
	ck_assert_uint_eq(h.v[1], 0x76543345ull);
	/* RTT lookup, RTT miss read, TCE lookup, 2 x (read + level) */
	ck_assert_uint_eq(h.v[0], a + L_RTC + L_MEM + L_HIT + 2 * (L_MEM + L_LVL));
	/* RTT hit, TCE hit */
	ck_assert_uint_eq(h.v[2], b + L_RTC + L_HIT);
	/* the kill blocks lookups L_K1 cycles; the page was killed: walk */
	ck_assert_uint_eq(h.v[3], k + L_K1 + L_HIT + 2 * (L_MEM + L_LVL));
	/* the clock stays at the arrival, not the completion */
	ck_assert_uint_eq(h.v[4], k);
}
END_TEST

CK_TEST("core", phb3_functional_mode_no_timing_no_latency)
{
	struct tcesim_config c;
	struct hand h = { 0 };
	struct replay_hooks hk = { .ctx = &h, .event = phb3_hook };

	hand_cfg(&c, L_K1);
	run_text(phb3_2level, &c, false, &hk, REPLAY_OK);
	ck_assert(!h.timed);
	ck_assert_uint_eq(h.n, 5);
	ck_assert_uint_eq(h.v[1], 0x76543345ull);
	ck_assert_uint_eq(h.v[0], T_A);		/* done = arrival */
	ck_assert_uint_eq(h.v[2], T_A + 1000);
	ck_assert_uint_eq(h.v[3], T_A + 2000);
	ck_assert_uint_eq(h.v[4], T_A + 2000);
}
END_TEST

/*
 * The same table with the PCIe link in front (default link: Gen3 x16, MPS
 * 256, 64-bit addresses, lat_flight 50, lat_dma_read 150, 64 bytes per
 * cycle to memory, 500 MHz). One wire byte costs exactly
 * W = 1049685 / 29837312 cycles (docs/pcie-link.md: 8 x 130 x 1538 x 168
 * x 500 / (8000 x 128 x 16 x (1534 x 168 - 24608)), reduced); a TLP's
 * wire time ends at the next whole cycle when it is handed on.
 */
#define W_NUM 1049685ull
#define W_DEN 29837312ull
#define L_FL 50		/* link.lat_flight */
#define L_DMA 150	/* phb.lat_dma_read */
static uint64_t wire(uint64_t bytes)	/* whole cycles of one TLP alone */
{
	return (bytes * W_NUM + W_DEN - 1) / W_DEN;
}

static int link_hook(void *ctx, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen)
{
	struct hand *h = ctx;
	struct sim_dma_result res;
	struct sim_dma_req rd = req_read(0x0100, 0x12345, 4);
	struct sim_dma_req wr = { .rid = 0x0100, .addr = 0x12000, .len = 256,
				  .dir = SIM_DMA_WRITE };
	uint8_t buf[256] = { 0 };
	uint64_t done = 0;

	if (ev != REPLAY_EV_OP_DONE || !replay_test_echo(op, "go"))
		return 0;
	h->timed = machine_link(m, 0) != NULL;
	/* 1: cold 4-byte read at T_A: a 24-byte read request, then the
	   RTT miss and the 2-level walk, then 150 cycles to memory and
	   back, 4 bytes over the memory path (1 cycle), a 24-byte
	   completion, the flight back */
	h->rc[0] = machine_dma_at(m, 0, T_A, &rd, buf, &res, &done);
	note(h, done);
	note(h, sim_clock_now(machine_clock(m)));
	/* 2: a 256-byte write to the same (cached) page at T_A + 1000 */
	h->rc[1] = machine_dma_at(m, 0, T_A + 1000, &wr, buf, &res, &done);
	note(h, done);
	/* 3, 4: two more back to back (TIMING_ASAP): the second waits for
	   the wire, not for the first's flight or translation */
	h->rc[2] = machine_dma_at(m, 0, TIMING_ASAP, &wr, buf, &res, &done);
	note(h, done);
	note(h, sim_clock_now(machine_clock(m)));
	h->rc[3] = machine_dma_at(m, 0, TIMING_ASAP, &wr, buf, &res, &done);
	note(h, done);
	note(h, sim_clock_now(machine_clock(m)));
	note(h, pcie_link_get_stats(machine_link(m, 0))->up.tlps);
	(void)msg;
	(void)msglen;
	return 0;
}

CK_TEST("core", phb3_link_read_write_hand_checked)
{
	struct tcesim_config c;
	struct hand h = { 0 };
	struct replay_hooks hk = { .ctx = &h, .event = link_hook };
	uint64_t a = T_A, b = T_A + 1000, w280 = 280 * W_NUM, x;

	hand_cfg_link(&c, L_K1, true);
	run_text(phb3_2level, &c, true, &hk, REPLAY_OK);
	ck_assert(h.timed);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(h.rc[i], 0);
	ck_assert_uint_eq(h.n, 8);
	/* the read: MRd 8 + 16 bytes, completion 8 + 12 + 4 */
	x = a + wire(24) + L_FL;		/* request in the PHB */
	x += L_RTC + L_MEM + L_HIT + 2 * (L_MEM + L_LVL);	/* translated */
	x += L_DMA + 1;				/* data through the memory path */
	x += wire(24) + L_FL;			/* completion in the device */
	ck_assert_uint_eq(h.v[0], x);
	ck_assert_uint_eq(h.v[1], a);	/* accepted: the request left */
	/* the write: MWr 8 + 16 + 256 = 280 bytes, RTT and TCE hits,
	   256 bytes at 64 per cycle into memory */
	ck_assert_uint_eq(h.v[2], b + wire(280) + L_FL + L_RTC + L_HIT + 4);
	/* back to back: each next write starts onto the wire (is
	   accepted: the clock) at the first whole cycle after the previous
	   one is off it, and the wire keeps exact fractions: the k-th
	   write since b is in the PHB at b + ceil(k x 280 W) + flight */
	ck_assert_uint_eq(h.v[4], b + (w280 + W_DEN - 1) / W_DEN);
	ck_assert_uint_eq(h.v[3], b + (2 * w280 + W_DEN - 1) / W_DEN + L_FL +
			  L_RTC + L_HIT + 4);
	ck_assert_uint_eq(h.v[6], b + (2 * w280 + W_DEN - 1) / W_DEN);
	ck_assert_uint_eq(h.v[5], b + (3 * w280 + W_DEN - 1) / W_DEN + L_FL +
			  L_RTC + L_HIT + 4);
	ck_assert_uint_eq(h.v[7], 4);
}
END_TEST

/* The driver's own kill writes (VFIO v2 map of 4 x 64 KiB pages, one
   kill-one per page) are timed at the machine clock. */
static const char vfio_map[] =
"tcesim-trace 1\n"
"machine platform=phb3 phbs=1 ram=16G page_size=64K memlock=16G cap_ipc_lock=0\n"
"group g0 dev=0:0x0100\n"
"boot\n"
"proc_create vmm\n"
"mmap ua=0x10000000000 size=1M page_size=64K prot=rw\n"
"container_open c0\n"
"group_open g0\n"
"group_attach g0 container=c0\n"
"set_iommu c0 type=v2\n"
"register c0 ua=0x10000000000 size=1M\n"
"create_window c0 page_shift=16 size=1G levels=1 expect.start=0x800000000000000\n"
"echo before\n"
"map c0 ua=0x10000000000 iova=0x800000000000000 size=256K dir=rw\n"
"echo after\n";

#define T_V 10000000ull
#define L_KV 1000

static int vfio_hook(void *ctx, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen)
{
	struct hand *h = ctx;
	struct fetch_timing *t;

	if (ev != REPLAY_EV_OP_DONE || !m ||
	    (!replay_test_echo(op, "before") && !replay_test_echo(op, "after")))
		return 0;
	t = machine_timing(m, 0);
	if (!t) {
		snprintf(msg, msglen, "no timing model");
		return 1;
	}
	if (replay_test_echo(op, "before")) {
		sim_clock_advance_to(machine_clock(m), T_V);
		note(h, fetch_timing_get_stats(t)->kills[2]);
		note(h, fetch_timing_get_stats(t)->kill_cycles);
	} else if (replay_test_echo(op, "after")) {
		struct sim_dma_req q = req_read(0x0100, 0x800000000000000ull, 8);
		struct sim_dma_result res;
		uint8_t buf[8];
		uint64_t done = 0;

		note(h, fetch_timing_get_stats(t)->kills[2]);
		note(h, fetch_timing_get_stats(t)->kill_cycles);
		note(h, fetch_timing_now(t));
		h->rc[0] = machine_dma_at(m, 0, T_V, &q, buf, &res, &done);
		note(h, done);
		note(h, res.status);
	}
	return 0;
}

CK_TEST("core", phb3_driver_kills_timed_at_machine_clock)
{
	struct tcesim_config c;
	struct hand h = { 0 };
	struct replay_hooks hk = { .ctx = &h, .event = vfio_hook };

	hand_cfg(&c, L_KV);
	run_text(vfio_map, &c, true, &hk, REPLAY_OK);
	ck_assert_uint_eq(h.n, 7);
	/* one kill-one per 64 KiB page, each blocking L_KV cycles */
	ck_assert_uint_eq(h.v[2] - h.v[0], 4);
	ck_assert_uint_eq(h.v[3] - h.v[1], 4 * L_KV);
	/* they ran at the machine clock, not at the core's old time */
	ck_assert_uint_eq(h.v[4], T_V);
	ck_assert_int_eq(h.rc[0], 0);
	ck_assert_uint_eq(h.v[6], SIM_DMA_OK);
	/* a DMA arriving at T_V waits for the 4 kills (back to back from
	   T_V), then a 1-level walk; its RTT miss read is hidden behind */
	ck_assert_uint_eq(h.v[5], T_V + 4 * L_KV + L_HIT + (L_MEM + L_LVL));
}
END_TEST

/* P5IOC2: hub TCE region 16 MiB at 1 GiB, PHB 0's table 64 KiB (8192
   TCEs, a 32 MiB window) at its start; TCEs for pages 0x12 and 0x13. */
static const char p5_text[] =
"tcesim-trace 1\n"
"machine platform=p5ioc2 phbs=1 ram=16G\n"
"boot kernel=0\n"
"opal set_hub_tce_memory hub=4096 addr=0x40000000 size=16M expect.opal=success\n"
"opal set_phb_tce_memory phb=0 addr=0x40000000 size=0x10000 expect.opal=success\n"
"pwrite pa=0x40000090 be64=0x76543003\n"
"pwrite pa=0x40000098 be64=0x76544003\n"
"echo go\n";

static int p5_hook(void *ctx, enum replay_event ev, const struct trace_op *op,
		   struct machine *m, char *msg, size_t msglen)
{
	struct hand *h = ctx;
	struct sim_dma_req q1 = req_read(0x0100, 0x12345, 4);
	struct sim_dma_req q2 = req_read(0x0100, 0x12ff0, 32);
	struct sim_dma_result res;
	uint8_t buf[32];
	uint64_t done = 0;
	struct fetch_timing *t;

	if (ev != REPLAY_EV_OP_DONE || !replay_test_echo(op, "go"))
		return 0;
	t = machine_timing(m, 0);
	h->timed = t != NULL;
	if (!t) {
		snprintf(msg, msglen, "no timing model");
		return 1;
	}
	h->rc[0] = machine_dma_at(m, 0, T_A, &q1, buf, &res, &done);
	note(h, done);
	note(h, res.status == SIM_DMA_OK ? res.pa : 0);
	/* the same page again: no TCE cache on the hub, another fetch */
	h->rc[1] = machine_dma_at(m, 0, T_A + 1000, &q1, buf, &res, &done);
	note(h, done);
	/* two pages in one request: the second lookup one issue_interval
	   later, both fetches in flight together */
	h->rc[2] = machine_dma_at(m, 0, T_A + 2000, &q2, buf, &res, &done);
	note(h, done);
	note(h, res.status);
	note(h, fetch_timing_get_stats(t)->walks[1]);
	note(h, fetch_timing_get_stats(t)->hits + fetch_timing_get_stats(t)->merges);
	note(h, fetch_timing_get_stats(t)->rtc_hits + fetch_timing_get_stats(t)->rtc_misses);
	return 0;
}

CK_TEST("core", p5ioc2_single_level_no_cache_hand_checked)
{
	struct tcesim_config c;
	struct hand h = { 0 };
	struct replay_hooks hk = { .ctx = &h, .event = p5_hook };

	hand_cfg(&c, L_K1);
	run_text(p5_text, &c, true, &hk, REPLAY_OK);
	ck_assert(h.timed);
	ck_assert_uint_eq(h.n, 8);
	ck_assert_int_eq(h.rc[0], 0);
	ck_assert_int_eq(h.rc[1], 0);
	ck_assert_int_eq(h.rc[2], 0);
	ck_assert_uint_eq(h.v[1], 0x76543345ull);
	/* no RTT: lookup, one read, one level */
	ck_assert_uint_eq(h.v[0], T_A + L_HIT + L_MEM + L_LVL);
	ck_assert_uint_eq(h.v[2], T_A + 1000 + L_HIT + L_MEM + L_LVL);
	/* second page issues 1 cycle later (issue_interval 1) */
	ck_assert_uint_eq(h.v[3], T_A + 2000 + 1 + L_HIT + L_MEM + L_LVL);
	ck_assert_uint_eq(h.v[4], SIM_DMA_OK);
	ck_assert_uint_eq(h.v[5], 4);	/* 1 + 1 + 2 single-level walks */
	ck_assert_uint_eq(h.v[6], 0);	/* never a hit */
	ck_assert_uint_eq(h.v[7], 0);	/* never an RTT lookup */
}
END_TEST

/* ---- the clock ---- */

static long epochs_seen[8];
static unsigned nepochs;

static void on_epoch(void *ctx, long epoch)
{
	(void)ctx;
	if (nepochs < 8)
		epochs_seen[nepochs++] = epoch;
}

CK_TEST("core", clock_fractions_cpu_cycles_and_epochs)
{
	struct sim_clock c;

	sim_clock_init(&c, 500);		/* 2 ns per cycle */
	ck_assert_uint_eq(sim_clock_now(&c), 0);
	for (int i = 0; i < 1000; i++)
		sim_clock_add_ns(&c, 0.8);	/* 0.4 cycle each */
	ck_assert_uint_eq(sim_clock_now(&c), 400);
	/* 3 GHz CPU: 3000 CPU cycles = 1 us = 500 PHB cycles */
	ck_assert_uint_eq(sim_clock_add_cpu(&c, 3000, 3000), 900);
	ck_assert_uint_eq(sim_clock_cpu_to_cycles(&c, 7, 3000), 2); /* 1.17 up */
	ck_assert_uint_eq(sim_clock_ns_to_cycles(&c, 10.0), 5);
	ck_assert(sim_clock_cycles_to_ns(&c, 5) == 10.0);
	ck_assert_uint_eq(sim_clock_advance_to(&c, 100), 900);	/* no going back */
	sim_clock_set_epoch(&c, 1000, on_epoch, NULL);
	nepochs = 0;
	sim_clock_add_cycles(&c, 99);		/* 999: epoch 0 not over */
	ck_assert_uint_eq(nepochs, 0);
	sim_clock_add_cycles(&c, 1);		/* 1000: epoch 0 over */
	ck_assert_uint_eq(nepochs, 1);
	ck_assert_int_eq(epochs_seen[0], 0);
	sim_clock_advance_to(&c, 4500);		/* 1, 2, 3 over: report 3 */
	ck_assert_uint_eq(nepochs, 2);
	ck_assert_int_eq(epochs_seen[1], 3);
	sim_clock_advance_to(&c, 4999);
	ck_assert_uint_eq(nepochs, 2);
}
END_TEST

CK_SUITE("sim_timing_modes");
