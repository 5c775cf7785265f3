// SPDX-License-Identifier: GPL-2.0
/*
 * The fail-nth sweep (sim/failnth.c) on a small v2 session: it finds the
 * injection points (8 page pins for 512 KiB of 64 KiB pages, computed
 * here from the trace), makes one run per point, every run ends clean;
 * --max and --per-op bound the runs; and a leak, a stray process holding
 * a container, or a failing invariant in the runs are reported.
 */
#include "check_auto.h"
#include <stdio.h>
#include <string.h>

#include "tcesim/failnth.h"
#include "kc/host.h"
#include "replay_test.h"
#include "tcesim/replay.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/phb3_debug.h"
#include "tcesim/trace.h"

static const char session[] =
	RT_BOOT("phb3") RT_ATTACH RT_V2_MAP
	"echo name=here\n"
	"unmap c0 iova=0x800000000000000 size=64K\n"
	RT_CLOSE;

#define PINS (512 / 64)	/* REGISTER pins every 64 KiB page once */

static FILE *null_out;

static void sweep(const struct failnth_opts *in, struct failnth_result *res,
		  int want_status)
{
	struct failnth_opts o = *in;
	struct trace t;
	struct trace_error e;

	o.out = null_out;
	ck_assert_int_eq(trace_parse_buffer("s", session, strlen(session), &t, &e), 0);
	ck_assert_int_eq(failnth_sweep(&t, &o, res), want_status);
	trace_free(&t);
}

/* sweep() with event as every run's replay hook, the sweep failing (1). */
static void sweep_hooked(struct failnth_opts *o,
			 int (*event)(void *ctx, enum replay_event ev,
				      const struct trace_op *op,
				      struct machine *m, char *msg,
				      size_t len),
			 struct failnth_result *res)
{
	struct replay_hooks h = { .event = event };

	o->extra = &h;
	sweep(o, res, 1);
}

CK_TEST("sweep", sweep_every_point_clean)
{
	struct failnth_opts o = { .kinds = FAILNTH_ALL };
	struct failnth_result r;

	sweep(&o, &r, 0);
	ck_assert(r.baseline_ok);
	ck_assert_uint_eq(r.k[FAILNTH_PIN].points, PINS);
	ck_assert_uint_gt(r.k[FAILNTH_KMALLOC].points, 3);
	ck_assert_uint_gt(r.k[FAILNTH_PAGES].points, 0);
	for (int k = 0; k < FAILNTH_NKINDS; k++) {
		const struct failnth_figures *f = &r.k[k];
		ck_assert_uint_eq(f->runs, f->points);
		ck_assert_uint_eq(f->clean_errno + f->release, f->runs);
		ck_assert_uint_eq(f->leaks + f->warns + f->absorbed + f->outside +
				  f->other + f->not_reached, 0);
	}
	ck_assert_uint_eq(r.total.runs, r.k[0].runs + r.k[1].runs + r.k[2].runs);
}
END_TEST

CK_TEST("sweep", max_and_per_op_bound_runs)
{
	struct failnth_opts o = { .kinds = 1u << FAILNTH_PIN, .max = 3 };
	struct failnth_result r;

	sweep(&o, &r, 0);
	ck_assert_uint_eq(r.k[FAILNTH_PIN].points, PINS);
	ck_assert_uint_eq(r.k[FAILNTH_PIN].runs, 3);
	ck_assert_uint_eq(r.k[FAILNTH_KMALLOC].runs, 0);
	/* all 8 pins are in one op: first 2 and last 2 */
	o.max = 0;
	o.per_op = 2;
	sweep(&o, &r, 0);
	ck_assert_uint_eq(r.k[FAILNTH_PIN].runs, 4);
}
END_TEST

/* At teardown (before the sweep closes fds) a process the trace does not
 * know opens a container and keeps it: a leak in every run. */
static int hide_fd(void *ctx, enum replay_event ev, const struct trace_op *op,
		   struct machine *m, char *msg, size_t len)
{
	int cur = kc_proc_current(), pid;

	(void)ctx, (void)op, (void)m, (void)msg, (void)len;
	if (ev != REPLAY_EV_TEARDOWN)
		return 0;
	pid = kc_proc_create("stray");
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kc_proc_switch(pid), 0);
	ck_assert_int_ge(kc_open("/dev/vfio/vfio"), 0);
	kc_proc_switch(cur);
	return 0;
}

CK_TEST("sweep", leak_reported)
{
	struct failnth_opts o = { .kinds = 1u << FAILNTH_PIN, .max = 2 };
	struct failnth_result r;

	sweep_hooked(&o, hide_fd, &r);
	ck_assert(!r.baseline_ok);
	ck_assert_uint_eq(r.k[FAILNTH_PIN].leaks, 2);
}
END_TEST

/* locked_vm left behind by the process: a leak too. */
static int keep_locked(void *ctx, enum replay_event ev,
		       const struct trace_op *op, struct machine *m, char *msg,
		       size_t len)
{
	(void)ctx, (void)op, (void)m, (void)msg, (void)len;
	if (ev == REPLAY_EV_TEARDOWN)
		ck_assert_int_eq(kc_test_set_locked_vm(kc_proc_current(), 5), 0);
	return 0;
}

CK_TEST("sweep", locked_vm_leak_reported)
{
	struct failnth_opts o = { .kinds = 1u << FAILNTH_KMALLOC, .max = 1 };
	struct failnth_result r;

	sweep_hooked(&o, keep_locked, &r);
	ck_assert_uint_eq(r.k[FAILNTH_KMALLOC].leaks, 1);
}
END_TEST

/* A stray TCE at the echo line: the invariant checker, run inside every
 * fail-nth run, reports it; runs where an earlier op failed never get a
 * window, so the write lands nowhere. */
static int stray_tce(void *ctx, enum replay_event ev,
		     const struct trace_op *op, struct machine *m, char *msg,
		     size_t len)
{
	struct phb3_debug_window w;
	struct phb3 *p;
	unsigned pe;

	(void)ctx, (void)msg, (void)len;
	if (ev != REPLAY_EV_OP_DONE || !replay_test_echo(op, NULL) || !m)
		return 0;
	p = machine_phb3(m, 0);
	if (phb3_debug_pe_of(p, 0x0100, &pe) ||
	    phb3_debug_window(p, pe, 1, &w) || !w.valid || w.bypass)
		return 0;
	sim_mem_write_be64(machine_mem(m), w.table + 8 * 5, 0x1000 | 3);
	return 0;
}

CK_TEST("sweep", invariant_failure_reported)
{
	struct failnth_opts o = { .kinds = 1u << FAILNTH_PIN, .invariants = true };
	struct failnth_result r;

	sweep_hooked(&o, stray_tce, &r);
	ck_assert(!r.baseline_ok);
	/* a pin failure fails REGISTER, so MAP fails and no window... but
	 * create_window still ran: every run has the stray TCE */
	ck_assert_uint_eq(r.k[FAILNTH_PIN].other, PINS);
}
END_TEST

/* Where the sweeps' reports go, for the whole run (unchecked fixture). */
static void open_null(void)
{
	null_out = fopen("/dev/null", "w");
}

static void close_null(void)
{
	fclose(null_out);
}

CK_CASE_UNCHECKED("sweep", 60, open_null, close_null);
CK_SUITE("robust_failnth");
