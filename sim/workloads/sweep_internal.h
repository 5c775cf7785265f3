/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the sweep files and private to them: the point runner
 * (sweep_run.c) the command (sweep_cli.c) drives, table helpers of the
 * CSV and JSON readers (sweep.c, sweep_json.c), the plot directory check
 * (sweep_plot.c).
 */
#ifndef TCESIM_SWEEP_INTERNAL_H
#define TCESIM_SWEEP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/sweep.h"

/* How to run the points of a grid (or of one shard of it). */
struct sweep_run_opts {
	const struct sweep_grid *g;
	const struct traffic_opts *base;	/* every point starts here */
	uint64_t requests;			/* DMA requests per point */
	/* --trace: every point replays trace instead of a traffic run
	   (sweep_trace_point), loading load (a checkpoint, or NULL) right
	   after its boot; requests is then unused */
	const struct trace *trace;
	const char *load;
	unsigned shard_i, shard_n;		/* points with idx % n == i */
	unsigned jobs;		/* worker processes; 1: in this process */
	bool quiet;		/* no progress at all */
	bool bar;		/* a progress bar (stderr is a terminal)
				   instead of one line per point */
};

/* Points of the shard. */
uint64_t sweep_shard_points(const struct sweep_run_opts *o);

/*
 * Runs every point of the shard, o->jobs at a time, and writes their CSV
 * rows to out in point order whatever the order they finish in (each row
 * flushed as soon as the rows before it are written), so the output is
 * the same bytes for any number of jobs; also to copy unless NULL (not
 * flushed). *failed gets how many points
 * failed (their rows say why). 0, or -errno with a message (a process or
 * pipe could not be made).
 */
int sweep_run_points(const struct sweep_run_opts *o, FILE *out, FILE *copy,
		     uint64_t *failed, char *err, size_t errlen);

/* Online CPUs this process may run on (the default of --jobs). */
unsigned sweep_default_jobs(void);

/* ---- tables (sweep.c, sweep_json.c) ---- */

/* Appends row v (t->ncols fields) to t, *rcap its capacity; 0 or
 * -ENOMEM. */
int sweep_table_add_row(struct sweep_table *t, char **v, size_t *rcap);
/* The JSON of sweep_table_write_json (buf, NUL-terminated; name for
 * messages) back into the table it came from. 0 or -EINVAL with
 * "name:line: what" (t then holds what was read: free it). */
int sweep_json_parse(const char *name, const char *buf, struct sweep_table *t,
		     char *err, size_t errlen);

/* ---- plots (sweep_plot.c) ---- */

/* Before the run: the plot directory made (if absent) and writable.
 * 0 or -errno with a message. */
int sweep_plot_prepare(const struct sweep_plot_opts *po, char *err,
		       size_t errlen);

#endif /* TCESIM_SWEEP_INTERNAL_H */
