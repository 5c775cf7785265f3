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
#include <stdint.h>
#include <stdio.h>

#include "tcesim/trace.h"

/* Exit codes shared by replay and the CLI (docs/trace-format.md). */
enum {
	REPLAY_OK = 0,		/* every expectation held */
	REPLAY_MISMATCH = 1,	/* an expectation failed (with or without
				   check), or, unless tolerant, an operation
				   failed with an errno the trace does not
				   expect */
	REPLAY_INPUT_ERROR = 2,	/* bad trace, bad usage, machine set-up
				   failed, an output file not written */
};

struct machine;
struct machine_config;
struct tcesim_config;
struct trace_op;

/*
 * Observation points for tools built on replay (fail-nth sweeps,
 * invariant checkers, timing reports). ev says where replay is:
 *   REPLAY_EV_BOOTED    the kernel just booted (op = the boot line)
 *   REPLAY_EV_OP_DONE   an operation ran (op; rc = 0 or the input error)
 *   REPLAY_EV_TEARDOWN  the trace ended (or stopped at an input error
 *                       after boot); the machine still exists (op NULL)
 * m is the machine (NULL before `machine`/`boot` created it). A non-zero
 * return stops the replay with REPLAY_MISMATCH and the hook's message
 * (written into msg, msglen bytes) printed on the output.
 */
enum replay_event {
	REPLAY_EV_BOOTED,
	REPLAY_EV_OP_DONE,
	REPLAY_EV_TEARDOWN,
};

struct sim_dma_req;
struct sim_dma_result;

struct replay_hooks {
	void *ctx;
	int (*event)(void *ctx, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen);
	/* Optional (NULL: not called). created: the machine exists, before
	 * it boots (an embedder routing its MMIO needs it by then). dma:
	 * performs a `dma` line's request instead of machine_dma(), with
	 * the same contract (e.g. through a platform's bus). */
	void (*created)(void *ctx, struct machine *m);
	int (*dma)(void *ctx, struct machine *m, unsigned phb,
		   const struct sim_dma_req *req, void *buf,
		   struct sim_dma_result *res);
};

struct replay_opts {
	bool check;		/* stop at the first failed expectation */
	/*
	 * An operation that fails with an errno while the trace has no
	 * expect.errno= (or expect.ret=) for it is a failed expectation
	 * (strict, the default). tolerant: only counted (the report's
	 * "unexpected" figure) and noted on the error stream.
	 */
	bool tolerant;
	bool quiet;		/* no per-operation lines */
	bool progress;		/* progress on stderr every 2^16 operations */
	FILE *out;		/* per-op lines and the report (stdout) */
	FILE *err;		/* input errors, failed expectations and
				   warnings (NULL: stderr) */
	/* Output files ("-" = stdout), all opened before the first
	   operation, written after the last, every write checked. */
	const char *json_path;	/* final report as JSON, or NULL */
	const char *record_path;/* executed operations with results, or NULL */
	const char *title;	/* header line (scenario name), or NULL */
	const struct replay_hooks *hooks; /* or NULL */
	bool no_report;		/* print no final report on out */
	/*
	 * Model parameters (tcesim/config.h) for the machine, or NULL for
	 * the defaults. The trace's own `machine`/`model` lines still
	 * override what they set. The parameters alone never switch modes:
	 * timing turns cycle-approximate timing on.
	 */
	const struct tcesim_config *config;
	bool timing;
	/* The machine before the trace's own lines (memory an embedder
	 * provides, MMIO routing, shape), or NULL for the defaults. */
	const struct machine_config *machine;
	/*
	 * Periodic reports every stats.epoch_cycles (needs timing and
	 * epoch_cycles > 0): CSV (sim_stats_print_csv rows, epoch column =
	 * epoch index), or a JSON array of {"epoch", "cycle", "stats"}
	 * objects if the name ends in ".json". The last row/object (epoch
	 * -1) is the final state. NULL: none.
	 */
	const char *epoch_path;
	const char *csv_path;	/* final report as CSV (epoch -1), or NULL */
	/*
	 * ELF images and checkpoints (docs/images.md). load_path: loaded
	 * right after `boot` created the machine, before the next operation
	 * (a tcesim checkpoint restores the whole machine and the report's
	 * counters; any other ELF places memory). dump_path: the machine's
	 * checkpoint after operation dump_at (1-based position in the trace)
	 * or, with dump_at 0, after the last one. NULL: none. Both relative
	 * to the current directory (the verbs `load`/`dump` resolve against
	 * the trace's folder, trace_dir or that of the trace's name).
	 */
	const char *load_path;
	const char *dump_path;
	uint64_t dump_at;
	const char *trace_dir;
};

/* Returns one of the REPLAY_* codes; messages go to o->out / stderr. */
int replay_trace(const struct trace *t, const struct replay_opts *o);

#endif /* TCESIM_REPLAY_H */
