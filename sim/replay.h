/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace replay: executes a parsed trace against a whole simulated machine
 * (hardware model, firmware, booted driver stack), one operation at a
 * time, through the same interfaces a real process, device and firmware
 * use. Prints per-operation results and a final report; checks the
 * expectations; can record the executed operations with their results.
 */
#ifndef TCESIM_REPLAY_H
#define TCESIM_REPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include "trace.h"

/* Exit codes shared by replay and the CLI (docs/trace-format.md). */
enum {
	REPLAY_OK = 0,		/* every expectation held */
	REPLAY_MISMATCH = 1,	/* an expectation failed (--check) */
	REPLAY_INPUT_ERROR = 2,	/* bad trace, bad usage, machine set-up failed */
};

struct replay_opts {
	bool check;		/* stop at the first failed expectation */
	bool quiet;		/* no per-operation lines */
	bool progress;		/* progress on stderr every 2^16 operations */
	FILE *out;		/* per-op lines and the report (stdout) */
	const char *json_path;	/* final report as JSON, or NULL */
	const char *record_path;/* executed operations with results, or NULL */
	const char *title;	/* header line (scenario name), or NULL */
};

/* Returns one of the REPLAY_* codes; messages go to o->out / stderr. */
int replay_trace(const struct trace *t, const struct replay_opts *o);

#endif /* TCESIM_REPLAY_H */
