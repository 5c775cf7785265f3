/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tests built on replay share (sim/checkers/tests, sim/board/tests):
 * replaying a trace given as text with a tool's hooks, finding the
 * `echo TAG` lines where a test acts on the machine, and the pieces of
 * the small sessions they replay. Test-only (Check):
 * the library tcesim_replay_test.
 */
#ifndef TCESIM_REPLAY_TEST_H
#define TCESIM_REPLAY_TEST_H

#include <stdbool.h>

#include "tcesim/replay.h"
#include "tcesim/trace.h"

/*
 * Parses text (the test fails if it does not parse) and replays it with
 * the options *o; with o->out NULL, per-operation lines and the report go
 * to /dev/null. Returns the replay status (REPLAY_*).
 */
int replay_test_text(const char *text, const struct replay_opts *o);

/* op is `echo TAG` (name=TAG): true when tag is NULL or matches. */
bool replay_test_echo(const struct trace_op *op, const char *tag);

/* The tag of an `echo TAG` operation; "" for an echo without one, NULL
 * for any other operation. */
const char *replay_test_echo_tag(const struct trace_op *op);

/*
 * Pieces of the small sessions the checker tests replay, string literals
 * to be joined (one line each, in the trace language of docs/trace.md):
 *   RT_BOOT(platform)  one PHB of that platform, group g0 (RID 0x0100),
 *                      booted; process vmm with 1 MiB of 64K pages at
 *                      0x10000000000;
 *   RT_ATTACH          container c0 opened, g0 opened and attached to it;
 *   RT_V1_MAP          v1: enabled, 128K mapped at iova 0x100000;
 *   RT_V2_MAP          v2: 512K registered, a 1-level DDW of 64K pages,
 *                      128K mapped at its start (0x800000000000000);
 *   RT_CLOSE           g0 and c0 closed.
 */
#define RT_BOOT(platform)						\
	"tcesim-trace 1\n"						\
	"machine platform=" platform					\
	" phbs=1 ram=4G page_size=64K memlock=64G\n"			\
	"group g0 dev=0:0x0100\n"					\
	"boot\n"							\
	"proc_create vmm\n"						\
	"mmap ua=0x10000000000 size=1M page_size=64K prot=rw\n"
#define RT_ATTACH							\
	"container_open c0\n"						\
	"group_open g0\n"						\
	"group_attach g0 container=c0\n"
#define RT_V1_MAP							\
	"set_iommu c0 type=v1\n"					\
	"enable c0\n"							\
	"map c0 ua=0x10000000000 iova=0x100000 size=128K dir=rw\n"
#define RT_V2_MAP							\
	"set_iommu c0 type=v2\n"					\
	"register c0 ua=0x10000000000 size=512K\n"			\
	"create_window c0 page_shift=16 size=1G levels=1\n"		\
	"map c0 ua=0x10000000000 iova=0x800000000000000 size=128K dir=rw\n"
#define RT_CLOSE "close g0\n" "close c0\n"

#endif /* TCESIM_REPLAY_TEST_H */
