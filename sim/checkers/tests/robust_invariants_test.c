// SPDX-License-Identifier: GPL-2.0
/*
 * The invariant checker (sim/invariants.c) can fail: a clean session
 * passes, and each invariant stops the replay, naming the operation and
 * the invariant, once the state is broken on purpose at the trace's
 * `echo` line (a stray or cleared TCE written into the table through
 * simulated memory, locked_vm overwritten behind the accounting, a bypass
 * TVE enabled through firmware while userspace owns the PE).
 */
#include "check_auto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/invariants.h"
#include "kc/host.h"
#include "replay_test.h"
#include "tcesim/replay.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/opal.h"
#include "tcesim/phb3_debug.h"
#include "tcesim/trace.h"

#define UA 0x10000000000ull
#define DDW 0x800000000000000ull
#define RID 0x0100

/* v2: 1 MiB mapped by the process, 512 KiB registered, two 64K pages
 * mapped at the start of a 1-level DDW (page_shift 16), then `echo`. */
static const char v2_trace[] =
	RT_BOOT("phb3") RT_ATTACH RT_V2_MAP
	"echo name=here\n"
	"map c0 ua=0x10000020000 iova=0x800000000020000 size=64K dir=r\n"
	"unmap c0 iova=0x800000000000000 size=64K\n"
	RT_CLOSE
	"expect locked_vm=0 pinned=0\n";

/* v1: enable, map two 64K pages at the default window's start (4K TCEs). */
static const char v1_trace[] =
	RT_BOOT("phb3") RT_ATTACH RT_V1_MAP
	"echo name=here\n"
	"unmap c0 iova=0x100000 size=64K\n"
	RT_CLOSE;

typedef void (*breaker_fn)(struct machine *m);

struct tctx {
	struct invariants *inv;
	breaker_fn brk;
	char msg[512];
	unsigned line;
};

static int thook(void *ctx, enum replay_event ev, const struct trace_op *op,
		 struct machine *m, char *msg, size_t msglen)
{
	struct tctx *t = ctx;
	int rc;

	if (ev == REPLAY_EV_OP_DONE && replay_test_echo(op, NULL) && t->brk)
		t->brk(m);
	rc = invariants_event(t->inv, ev, op, m, msg, msglen);
	if (rc && !t->msg[0]) {
		snprintf(t->msg, sizeof(t->msg), "%s", msg);
		t->line = op ? op->line : 0;
	}
	return rc;
}

/* Replays text with the checker; returns the replay status. */
static int run(const char *text, breaker_fn brk, struct tctx *t)
{
	struct replay_hooks h = { .ctx = t, .event = thook };
	struct replay_opts o = { .quiet = true, .no_report = true, .hooks = &h };
	int rc;

	memset(t, 0, sizeof(*t));
	t->brk = brk;
	t->inv = invariants_create();
	ck_assert_ptr_nonnull(t->inv);
	rc = replay_test_text(text, &o);
	ck_assert_uint_gt(invariants_ops_checked(t->inv), 0);
	invariants_destroy(t->inv);
	return rc;
}

/* Physical address of the TCE slot for iova in the PE's window. */
static uint64_t slot(struct machine *m, uint64_t iova)
{
	struct phb3 *p = machine_phb3(m, 0);
	struct phb3_debug_window w;
	unsigned pe;

	ck_assert_int_eq(phb3_debug_pe_of(p, RID, &pe), 0);
	ck_assert_int_eq(phb3_debug_window(p, pe, (unsigned)(iova >> 59), &w), 0);
	ck_assert(w.valid && !w.bypass);
	ck_assert_uint_eq(w.levels, 1);
	return w.table + 8 * ((iova & ((1ull << 59) - 1)) >> w.ps);
}

static uint64_t phys(uint64_t ua)
{
	uint64_t pa = 0;

	ck_assert_int_eq(kc_user_to_phys(ua, &pa), 0);
	return pa;
}

/* A stray R|W TCE at a free slot, pointing at a page that is pinned
 * (the first mapped one): only isolation is broken. */
static void stray_pinned(struct machine *m)
{
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m), slot(m, DDW + 0x50000),
					    phys(UA) | 3), 0);
}

/* A stray TCE at a free slot pointing at a page nobody pinned. */
static void stray_unpinned(struct machine *m)
{
	uint64_t pa = phys(UA + 0xc0000);

	ck_assert_int_eq(kc_page_pincount(pa), 0);
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m), slot(m, DDW + 0x50000),
					    pa | 3), 0);
}

/* A mapped TCE cleared behind the driver's back. */
static void clear_mapped(struct machine *m)
{
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m), slot(m, DDW + 0x10000),
					    0), 0);
}

/* A mapped TCE redirected to the other pinned page. */
static void redirect_mapped(struct machine *m)
{
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m), slot(m, DDW + 0x10000),
					    phys(UA) | 3), 0);
}

static void bump_locked_vm(struct machine *m)
{
	int pid = kc_proc_current();

	(void)m;
	ck_assert_int_eq(kc_test_set_locked_vm(pid, (uint64_t)kc_proc_locked_vm(pid) + 1),
			 0);
}

/* Bypass on window 0 of the owned PE, set through firmware. */
static void bypass_on(struct machine *m)
{
	struct phb3 *p = machine_phb3(m, 0);
	unsigned pe;

	ck_assert_int_eq(phb3_debug_pe_of(p, RID, &pe), 0);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(machine_firmware(m),
			 machine_phb_opal_id(m, 0), pe, pe * 2, 0, 1ull << 30), 0);
}

/* No container: the PE keeps the host's default window (table with a
 * host allocator, in debugfs). */
static const char host_trace[] = RT_BOOT("phb3") "echo name=here\n";

/* A valid TCE in the host's window 0 that the host allocator never
 * handed out (entry 5; entry 0 is the reserved one). */
static void stray_host_window(struct machine *m)
{
	struct phb3 *p = machine_phb3(m, 0);
	struct phb3_debug_window w;
	unsigned pe;

	ck_assert_int_eq(phb3_debug_pe_of(p, RID, &pe), 0);
	ck_assert_int_eq(phb3_debug_window(p, pe, 0, &w), 0);
	ck_assert(w.valid && !w.bypass);
	ck_assert_uint_eq(w.levels, 1);
	ck_assert_int_eq(sim_mem_write_be64(machine_mem(m), w.table + 8 * 5,
					    phys(UA) | 3), 0);
}

static void expect_violation(struct tctx *t, int rc, const char *tag)
{
	ck_assert_int_eq(rc, REPLAY_MISMATCH);
	ck_assert_msg(strstr(t->msg, tag), "wanted %s, got: %s", tag, t->msg);
	ck_assert_msg(strstr(t->msg, "line 14 (echo)"), "no op line: %s", t->msg);
}

CK_TEST("invariants", clean_v2_session_passes)
{
	struct tctx t;

	ck_assert_int_eq(run(v2_trace, NULL, &t), REPLAY_OK);
	ck_assert_str_eq(t.msg, "");
}
END_TEST

CK_TEST("invariants", clean_v1_session_passes)
{
	struct tctx t;

	ck_assert_int_eq(run(v1_trace, NULL, &t), REPLAY_OK);
	ck_assert_str_eq(t.msg, "");
}
END_TEST

/* Each tampering of a clean v2 session, the invariant that must name it
   and, where given, words its message must hold too. */
static const struct tamper {
	const char *what;
	breaker_fn brk;
	const char *tag, *also[2];
} tampers[] = {
	{ "isolation: stray TCE", stray_pinned, "(a) isolation",
	  { "did not map" } },
	{ "isolation: redirected TCE", redirect_mapped, "(a) isolation",
	  { NULL } },
	{ "isolation: bypass while owned", bypass_on, "bypass",
	  { NULL } },
	{ "pinned: unpinned target", stray_unpinned, "(b) pinned",
	  { NULL } },
	{ "locked_vm: accounting bypassed", bump_locked_vm, "(c) locked_vm",
	  { NULL } },
	{ "counters: TCE cleared", clear_mapped, "(d) counters",
	  { "has 1 valid TCEs", "leave 2 IO" } },
};

CK_LOOP_TEST("invariants", tampering_detected, 0,
	     sizeof(tampers) / sizeof(tampers[0]))
{
	const struct tamper *k = &tampers[_i];
	struct tctx t;

	expect_violation(&t, run(v2_trace, k->brk, &t), k->tag);
	for (unsigned i = 0; i < 2; i++)
		ck_assert_msg(!k->also[i] || strstr(t.msg, k->also[i]),
			      "%s: no '%s' in: %s", k->what, k->also[i],
			      t.msg);
}
END_TEST

CK_TEST("invariants", counters_host_window_stray_detected_through_debugfs)
{
	struct tctx t;

	ck_assert_int_eq(run(host_trace, stray_host_window, &t), REPLAY_MISMATCH);
	ck_assert_msg(strstr(t.msg, "line 7 (echo)"), "%s", t.msg);
	/* weight 1 = the reserved entry 0 only: no host entry in use, yet
	 * the window holds one valid TCE */
	ck_assert_msg(strstr(t.msg, "(d) counters: debugfs iommu/tce_table") &&
		      strstr(t.msg, "/weight = 1 (1 reserved, so 0 host entries"
			     " in use)") &&
		      strstr(t.msg, "holds 1 valid TCEs"), "%s", t.msg);
}
END_TEST

CK_TEST("invariants", clean_host_session_passes)
{
	struct tctx t;

	ck_assert_int_eq(run(host_trace, NULL, &t), 0);
	ck_assert_msg(!t.msg[0], "%s", t.msg);
}
END_TEST

CK_CASE("invariants", 60, NULL, NULL);
CK_SUITE("robust_invariants");
