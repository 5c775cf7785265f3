// SPDX-License-Identifier: GPL-2.0
/*
 * Replay stand-in used while the machine library (tcesim_machine) is not
 * part of the build: every replay is an input error with a clear message.
 */
#include "replay.h"

int replay_trace(const struct trace *t, const struct replay_opts *o)
{
	(void)o;
	fprintf(stderr, "%s: replay needs the machine library (sim/machine.c), which is not built yet\n",
		t->name);
	return REPLAY_INPUT_ERROR;
}
