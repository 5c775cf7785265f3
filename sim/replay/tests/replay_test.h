/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tests built on replay share (sim/checkers/tests, sim/board/tests):
 * replaying a trace given as text with a tool's hooks, and finding the
 * `echo TAG` lines where a test acts on the machine. Test-only (Check):
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

#endif /* TCESIM_REPLAY_TEST_H */
