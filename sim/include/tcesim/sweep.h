/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `tcesim sweep`: a grid of traffic runs. The grid is the cartesian
 * product of axes given as "key=v1,v2,..." (workload keys and
 * configuration keys, see tcesim/traffic.h); point i takes, for axis a,
 * value (i / prod(n of the axes after a)) % n_a, so the first axis varies
 * slowest. --shard i/n runs the points with index % n == i. Results are
 * one CSV row per point (the canonical form; shards merge by point
 * index), from which the JSON and the gnuplot data/scripts are made.
 *
 * sweep_grid.c: grid parsing and sharding; sweep.c: CSV, merge;
 * sweep_json.c: JSON written and read back; sweep_run.c: the points run
 * in --jobs processes, progress; sweep_cli.c: the command; sweep_plot.c:
 * gnuplot scripts and rendering.
 */
#ifndef TCESIM_SWEEP_H
#define TCESIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/traffic.h"

#define SWEEP_MAX_AXES 8
#define SWEEP_MAX_VALUES 64
#define SWEEP_MAX_POINTS 100000
#define SWEEP_VALUE_MAX 64	/* bytes of one value, NUL included */

struct sweep_axis {
	char key[48];
	unsigned n;
	char val[SWEEP_MAX_VALUES][SWEEP_VALUE_MAX];
};

struct sweep_grid {
	unsigned naxes;
	struct sweep_axis ax[SWEEP_MAX_AXES];
};

void sweep_grid_init(struct sweep_grid *g);
/*
 * Add an axis "key=v1,v2,...". Every value is checked against the key
 * at once (traffic_opts_set on default options). 0, or -EINVAL with a
 * message: no '=', unknown key, repeated key, empty value, bad value,
 * too many axes/values/points.
 */
int sweep_grid_add(struct sweep_grid *g, const char *spec, char *err,
		   size_t errlen);
/* Points in the grid (1 for an empty grid: the base options alone). */
uint64_t sweep_grid_points(const struct sweep_grid *g);
/* Value of axis a at point idx. */
const char *sweep_point_value(const struct sweep_grid *g, uint64_t idx,
			      unsigned a);
/* Apply point idx's values to o (already holding the base options). */
int sweep_apply_point(const struct sweep_grid *g, uint64_t idx,
		      struct traffic_opts *o, char *err, size_t errlen);

/* "i/n" with 0 <= i < n; 0 or -EINVAL with a message. */
int sweep_parse_shard(const char *s, unsigned *i, unsigned *n, char *err,
		      size_t errlen);
static inline bool sweep_in_shard(uint64_t idx, unsigned i, unsigned n)
{
	return idx % n == i;
}

/* ---- CSV (sweep.c) ---- */
/* Metric columns after the grid columns, in order. */
extern const char *const sweep_metric_names[];
extern const unsigned sweep_metric_count;
void sweep_csv_header(FILE *f, const struct sweep_grid *g);
/* One row; error NULL for a point that ran. */
void sweep_csv_row(FILE *f, const struct sweep_grid *g, uint64_t idx,
		   const struct traffic_result *x, const char *error);

/* A parsed CSV table (header + rows of fields). */
struct sweep_table {
	unsigned ncols;
	char **head;
	size_t nrows;
	char ***rows;
	unsigned ngrid;		/* grid columns (between point and status) */
};
/* Reads a table back: the CSV of a sweep or a merge, or the JSON of
 * sweep_table_write_json (told apart by the first character); "-" is
 * stdin. 0 or -EINVAL with "file:line: what". */
int sweep_table_read(const char *path, struct sweep_table *t, char *err,
		     size_t errlen);
void sweep_table_free(struct sweep_table *t);
int sweep_table_col(const struct sweep_table *t, const char *name);
/*
 * Merge shard tables (CSV or JSON) into out: same header required, rows
 * sorted by point,
 * a point present twice must be identical. *missing gets how many point
 * indexes in [0, max] are absent. 0 or -EINVAL with a message.
 */
int sweep_merge(const char *const *inputs, unsigned n, struct sweep_table *out,
		unsigned *missing, char *err, size_t errlen);
void sweep_table_write_csv(const struct sweep_table *t, FILE *f);
void sweep_table_write_json(const struct sweep_table *t, FILE *f);

/* ---- plots (sweep_plot.c) ---- */
struct sweep_plot_opts {
	const char *dir;	/* output directory (created if absent) */
	const char *prefix;	/* file name prefix (default "sweep-") */
	const char *x;		/* x-axis grid column (default: the first) */
	const char *ys;		/* comma-separated metrics */
	const char *title;	/* plot title prefix (may be NULL) */
	bool logx;		/* numeric x on a log2 scale */
};
/*
 * For each metric: <dir>/<prefix><metric>.dat (one block per series =
 * the other grid columns) and .gp, then PNG and SVG through gnuplot if it
 * is installed. *rendered tells whether gnuplot ran. 0 or -errno.
 */
int sweep_plot(const struct sweep_table *t, const struct sweep_plot_opts *po,
	       bool *rendered, char *err, size_t errlen);
bool sweep_have_gnuplot(void);

/*
 * A point as a trace replay instead of a traffic run (`--trace T`): o's
 * configuration and mode, the trace replayed with --check, the ELF load
 * (a tcesim checkpoint: the whole machine; NULL: none) right after its
 * `boot`. The figures are counted from the load on; the driver columns
 * are 0 (a checkpointed machine runs no kernel). 0 or -EINVAL with the
 * replay's first error or failed expectation (sweep_trace.c).
 */
struct trace;
int sweep_trace_point(const struct trace *t, const struct traffic_opts *o,
		      const char *load, struct traffic_result *x, char *err,
		      size_t errlen);

int sweep_cli_main(int argc, char **argv);
/* Its help text (`tcesim sweep --help`, the manual page). */
void sweep_cli_help(FILE *f);

#endif /* TCESIM_SWEEP_H */
