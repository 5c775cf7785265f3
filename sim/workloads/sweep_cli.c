// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim sweep`: runs every point of a grid (or of one shard of it) as a
 * traffic workload, or as a replay of the --trace (from the --load
 * checkpoint: sweep_trace.c), in --jobs processes (sweep_run.c), and
 * writes one CSV row per point in point order, the same table as JSON,
 * and optionally gnuplot plots; `tcesim sweep merge` (or `--merge`) joins
 * shard CSVs or JSONs back into exactly the table of the whole run. The
 * CSV is the canonical format: JSON and plots are made from it (sweep.c,
 * sweep_json.c, sweep_plot.c). Every output file is created (every plot
 * directory made) before the first point runs, and every write is
 * checked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep_internal.h"
#include "tcesim/sim_io.h"
#include "tcesim/trace.h"

#define EXIT_USAGE 2
#define EXIT_POINTS_FAILED 1
#define MAX_INPUTS 4096

/* What the command line asked for. */
struct sweep_cli {
	struct sweep_grid g;
	struct traffic_opts base;
	struct sweep_plot_opts po;
	const char *csv, *json, *out;	/* out: merge's -o */
	const char *inputs[MAX_INPUTS];
	unsigned ninputs, shard_i, shard_n, jobs;
	uint64_t requests;
	bool quiet, dry, merge;
	/* --trace: points replay it; --load: from this ELF (checkpoint) */
	const char *trace_path, *load;
	struct trace trace;
	char set_workload[48];	/* the first --set of a workload key */
	bool requests_given;
};

void sweep_cli_help(FILE *f)
{
	fprintf(f,
"usage: tcesim sweep --grid key=v1,v2,... [--grid ...] [options]\n"
"       tcesim sweep --trace T [--load CKPT] --grid key=v1,v2,... [options]\n"
"       tcesim sweep merge PART... -o OUT [--json F] [--plot DIR ...]\n"
"\n"
"Run a traffic workload (or replay the trace T) at every point of a\n"
"parameter grid and write one CSV row per point: the grid values, then hit\n"
"rate, miss latency p50/p99, translations/s, GB/s, stall cycles, driver\n"
"cycles per map/unmap page and locked_vm (columns: docs/whatif.md). Numbers\n"
"keep full precision.\n"
"\n"
"options:\n"
"  --grid key=v1,v2,..  an axis: any workload key (tcesim traffic --keys) or\n"
"                       configuration key (tcesim config --help-params); the\n"
"                       first axis varies slowest\n"
"  --set key=value      a fixed setting for every point (repeatable)\n"
"  --config FILE        base .ini configuration\n"
"  --requests N         DMA requests per point (default 100000)\n"
"  --trace T            each point replays the trace T (boot kernel=0, with\n"
"                       --check) instead of a traffic run; axes and --set are\n"
"                       configuration keys only, no --requests; the driver\n"
"                       columns are 0\n"
"  --load FILE          with --trace: load FILE right after the trace's boot,\n"
"                       so every point starts from the same state (a tcesim\n"
"                       checkpoint, docs/images.md); figures count from it; a\n"
"                       point whose configuration does not fit the checkpoint\n"
"                       fails in its row\n"
"  --functional         timing off\n"
"  --jobs N             run N points at a time, each in its own process\n"
"                       (default: the CPUs this process may use); the output\n"
"                       is the same bytes for any N\n"
"  --shard i/n          run only the points with index %% n == i\n"
"  --csv FILE           CSV output ('-' = stdout; default stdout)\n"
"  --json FILE          the same table as JSON ('-' = stdout)\n"
"  --plot DIR           gnuplot data, scripts, and PNG+SVG if gnuplot is installed\n"
"  --plot-x KEY         x axis (default: the first grid key); other keys make series\n"
"  --plot-y M1,M2       metrics to plot (default hit_rate,gbytes_per_s,walk_p99_ns)\n"
"  --plot-prefix P      file name prefix (default sweep-)\n"
"  --plot-title T       title prefix\n"
"  --plot-logx          log2 x axis (numeric x values)\n"
"  --dry-run            list the points (of this shard) and exit\n"
"  --quiet              no progress on stderr (default: a progress bar on a\n"
"                       terminal, else one line per point)\n"
"\n"
"merge: PART... are the CSV or JSON outputs of shards of one sweep (any\n"
"order; a point present twice must be identical); the result is the table\n"
"of the unsharded run, byte for byte. -o OUT writes JSON if OUT ends in\n"
".json, else CSV ('-' = stdout); --csv, --json and the --plot options\n"
"write further outputs. '--merge OUT PART...' is the older spelling.\n"
"\n"
"Spreading a sweep over machines: every shard runs the same command with\n"
"its own --shard and --csv, then one merge joins them, e.g.\n"
"  Slurm:  sbatch --array=0-7 --wrap 'tcesim sweep ... --shard $SLURM_ARRAY_TASK_ID/8 \\\n"
"              --csv part.$SLURM_ARRAY_TASK_ID.csv'\n"
"  GNU parallel:\n"
"          parallel tcesim sweep ... --jobs 1 --shard {}/8 --csv part.{}.csv ::: $(seq 0 7)\n"
"  then:   tcesim sweep merge part.*.csv -o all.csv --json all.json --plot plots\n"
"\n"
"exit codes: 0 every point ran; 1 some points failed (their row says why;\n"
"merge: a merged row failed, or point indexes are missing); 2 usage, input\n"
"or output error.\n");
}

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tcesim sweep: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tcesim sweep --help'.\n");
	return EXIT_USAGE;
}

/* Prints "tcesim sweep: [what]err"; returns the usage exit code. */
static int failed_with(const char *what, const char *err)
{
	fprintf(stderr, "tcesim sweep: %s%s\n", what, err);
	return EXIT_USAGE;
}

/* ---- options ------------------------------------------------------------------- */

/* Options taking a value. */
static bool needs_value(const char *a)
{
	static const char *const opts[] = {
		"--grid", "--set", "--config", "--requests", "--shard", "--csv",
		"--json", "--plot", "--plot-x", "--plot-y", "--plot-prefix",
		"--plot-title", "--merge", "--jobs", "-o", "--trace", "--load",
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(a, opts[i]))
			return true;
	return false;
}

/* --config files first: --set and --grid apply on top of them. */
static int load_configs(struct sweep_cli *c, int argc, char **argv)
{
	char err[512];

	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--config")) {
			if (i + 1 >= argc)
				return usage("--config needs a FILE%s", "");
			if (tcesim_config_load(&c->base.hw, argv[i + 1], err,
					       sizeof(err)))
				return failed_with("", err);
			i++;
		}
	return 0;
}

static int option_jobs(struct sweep_cli *c, const char *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = *v >= '0' && *v <= '9' ? strtoul(v, &end, 10) : 0;
	if (!n || errno || *end || n > 256)
		return usage("--jobs '%s': expected a number of processes, 1..256", v);
	c->jobs = (unsigned)n;
	return 0;
}

/* One option a with its value v (NULL if it takes none); 0 or an exit
 * code. */
static int option(struct sweep_cli *c, const char *a, const char *v)
{
	char err[512];

	if (!strcmp(a, "--grid")) {
		if (sweep_grid_add(&c->g, v, err, sizeof(err)))
			return failed_with("", err);
	} else if (!strcmp(a, "--set")) {
		size_t k = strcspn(v, "=");

		if (traffic_opts_assign(&c->base, v, err, sizeof(err)))
			return failed_with("--set: ", err);
		if (!c->set_workload[0] && k < sizeof(c->set_workload)) {
			memcpy(c->set_workload, v, k);
			c->set_workload[k] = 0;
			if (!traffic_is_workload_key(c->set_workload))
				c->set_workload[0] = 0;
		}
	} else if (!strcmp(a, "--config")) {
		/* loaded first */
	} else if (!strcmp(a, "--requests")) {
		if (traffic_parse_size(v, &c->requests) || !c->requests)
			return usage("--requests '%s': expected a positive number", v);
		c->requests_given = true;
	} else if (!strcmp(a, "--jobs")) {
		return option_jobs(c, v);
	} else if (!strcmp(a, "--shard")) {
		if (sweep_parse_shard(v, &c->shard_i, &c->shard_n, err, sizeof(err)))
			return failed_with("", err);
	} else if (!strcmp(a, "--csv")) {
		c->csv = v;
	} else if (!strcmp(a, "--json")) {
		c->json = v;
	} else if (!strcmp(a, "--plot")) {
		c->po.dir = v;
	} else if (!strcmp(a, "--plot-x")) {
		c->po.x = v;
	} else if (!strcmp(a, "--plot-y")) {
		c->po.ys = v;
	} else if (!strcmp(a, "--plot-prefix")) {
		c->po.prefix = v;
	} else if (!strcmp(a, "--plot-title")) {
		c->po.title = v;
	} else if (!strcmp(a, "--plot-logx")) {
		c->po.logx = true;
	} else if (!strcmp(a, "--merge") || !strcmp(a, "-o")) {
		if (!c->merge && !strcmp(a, "-o"))
			return usage("-o belongs to 'tcesim sweep merge' (a sweep writes --csv/--json)%s", "");
		c->out = v;
	} else if (!strcmp(a, "--trace")) {
		c->trace_path = v;
	} else if (!strcmp(a, "--load")) {
		c->load = v;
	} else if (!strcmp(a, "--functional")) {
		c->base.timing = false;
	} else if (!strcmp(a, "--quiet")) {
		c->quiet = true;
	} else if (!strcmp(a, "--dry-run")) {
		c->dry = true;
	} else if (a[0] == '-' && a[1]) {
		return usage("unknown option '%s'", a);
	} else if (c->merge && c->ninputs < MAX_INPUTS) {
		c->inputs[c->ninputs++] = a;
	} else if (c->merge) {
		return usage("more than %s files to merge", "4096");
	} else {
		return usage("unexpected argument '%s' (axes are given with --grid)", a);
	}
	return 0;
}

/* The command line into c: 0, or -1 after --help, or an exit code. */
static int parse_args(struct sweep_cli *c, int argc, char **argv)
{
	int rc = load_configs(c, argc, argv);

	for (int i = 0; !rc && i < argc; i++) {
		const char *a = argv[i];
		bool needs = needs_value(a);

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			sweep_cli_help(stdout);
			return -1;
		}
		if (!strcmp(a, "--merge"))
			c->merge = true;
		if (needs && i + 1 >= argc)
			return usage("option '%s' needs a value", a);
		rc = option(c, a, needs ? argv[++i] : NULL);
	}
	return rc;
}

/* ---- outputs ------------------------------------------------------------------- */

/* The files a sweep or a merge writes, all created before any work. */
struct outputs {
	struct sim_out csv, json, out;
	bool out_json;		/* merge -o: JSON (OUT ends in .json) */
	char tmp[64];		/* a sweep's rows, read back for JSON and
				   plots */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static void outputs_abandon(struct outputs *w)
{
	sim_out_abandon(&w->csv);
	sim_out_abandon(&w->json);
	sim_out_abandon(&w->out);
	if (w->tmp[0])
		unlink(w->tmp);
	w->tmp[0] = 0;
}

/* At most one output on stdout, then every file opened and the plot
 * directory made. 0 or an exit code (printed). */
static int outputs_open(struct sweep_cli *c, struct outputs *w)
{
	const char *paths[3] = { c->csv, c->json, c->out };
	unsigned nstd = 0;
	char err[512];

	memset(w, 0, sizeof(*w));
	for (unsigned k = 0; k < 3; k++)
		nstd += sim_io_is_std(paths[k]);
	if (nstd > 1)
		return usage("only one output can be '-' (stdout)%s", "");
	if ((c->csv && sim_out_open(&w->csv, c->csv, err, sizeof(err))) ||
	    (c->json && sim_out_open(&w->json, c->json, err, sizeof(err))) ||
	    (c->out && sim_out_open(&w->out, c->out, err, sizeof(err))) ||
	    (c->po.dir && sweep_plot_prepare(&c->po, err, sizeof(err)))) {
		outputs_abandon(w);
		return failed_with("", err);
	}
	w->out_json = c->out && ends_with(c->out, ".json");
	return 0;
}

/* Closes every output, checking its writes; 0 or an exit code. */
static int outputs_close(struct outputs *w)
{
	struct sim_out *all[3] = { &w->csv, &w->json, &w->out };
	char err[512];
	int rc = 0;

	for (unsigned k = 0; k < 3; k++)
		if (sim_out_close(all[k], err, sizeof(err)))
			rc = failed_with("", err);
	if (w->tmp[0])
		unlink(w->tmp);
	w->tmp[0] = 0;
	return rc;
}

/* The finished table t into every output (but a sweep's CSV, streamed
 * as the points ran: skip_csv), and the plots. 0 or an exit code. */
static int write_outputs(const struct sweep_cli *c, struct outputs *w,
			 const struct sweep_table *t, bool skip_csv)
{
	char err[512];

	if (w->csv.f && !skip_csv)
		sweep_table_write_csv(t, w->csv.f);
	if (w->json.f)
		sweep_table_write_json(t, w->json.f);
	if (w->out.f) {
		if (w->out_json)
			sweep_table_write_json(t, w->out.f);
		else
			sweep_table_write_csv(t, w->out.f);
	}
	if (c->po.dir) {
		bool rendered;
		if (sweep_plot(t, &c->po, &rendered, err, sizeof(err)))
			return failed_with("", err);
		if (!c->quiet)
			fprintf(stderr, "tcesim sweep: plots in %s%s\n", c->po.dir,
				rendered ? " (PNG and SVG rendered)"
					 : " (scripts only: gnuplot is not installed)");
	}
	return 0;
}

/* ---- merge --------------------------------------------------------------------- */

/* Rows whose status is not ok. */
static size_t failed_rows(const struct sweep_table *t)
{
	int st = sweep_table_col(t, "status");
	size_t n = 0;

	for (size_t r = 0; st >= 0 && r < t->nrows; r++)
		n += strcmp(t->rows[r][st], "ok") != 0;
	return n;
}

/* merge PART... -o OUT: one table from the shards' CSVs or JSONs. */
static int run_merge(struct sweep_cli *c)
{
	struct sweep_table t;
	struct outputs w;
	unsigned missing;
	char err[512];

	if (c->g.naxes)
		return usage("merge takes the shards' CSV or JSON files, not --grid%s", "");
	if (!c->ninputs)
		return usage("merge: no %s to merge", "PART");
	if (!c->out && !c->csv && !c->json)
		c->out = "-";	/* the merged CSV on stdout */
	int rc = outputs_open(c, &w);
	if (rc)
		return rc;
	if (sweep_merge(c->inputs, c->ninputs, &t, &missing, err, sizeof(err))) {
		outputs_abandon(&w);
		return failed_with("", err);
	}
	rc = write_outputs(c, &w, &t, false);
	int crc = outputs_close(&w);
	size_t bad = failed_rows(&t);
	if (!c->quiet)
		fprintf(stderr, "tcesim sweep: merged %zu points from %u file(s)\n",
			t.nrows, c->ninputs);
	if (missing)
		fprintf(stderr, "tcesim sweep: %u point index(es) below the last one are missing: a shard did not run?\n",
			missing);
	if (bad)
		fprintf(stderr, "tcesim sweep: %zu merged point(s) failed (see the error column)\n",
			bad);
	sweep_table_free(&t);
	if (rc || crc)
		return EXIT_USAGE;
	return missing || bad ? EXIT_POINTS_FAILED : 0;
}

/* ---- the grid ------------------------------------------------------------------- */

/* --trace: the axes and --set keys must be configuration keys, and the
 * trace is the work (no --requests). */
static int check_trace_keys(const struct sweep_cli *c)
{
	for (unsigned a = 0; a < c->g.naxes; a++)
		if (traffic_is_workload_key(c->g.ax[a].key))
			return usage("--grid %s: a workload key; with --trace the axes are configuration keys (tcesim config --help-params)",
				     c->g.ax[a].key);
	if (c->set_workload[0])
		return usage("--set %s: a workload key; with --trace only configuration keys can be set (tcesim config --help-params)",
			     c->set_workload);
	if (c->requests_given)
		return usage("--requests: with --trace the trace is the work of a point (no traffic run)%s", "");
	return 0;
}

/* --dry-run: the points of this shard. */
static int list_points(const struct sweep_cli *c, uint64_t total)
{
	for (uint64_t p = c->shard_i; p < total; p += c->shard_n) {
		printf("%" PRIu64, p);
		for (unsigned a = 0; a < c->g.naxes; a++)
			printf(" %s=%s", c->g.ax[a].key,
			       sweep_point_value(&c->g, p, a));
		printf("\n");
	}
	return 0;
}

/* A temporary copy of the rows, read back for JSON and plots (the CSV
 * itself may be stdout or a special file). 0 or an exit code. */
static int rows_copy(struct outputs *w, FILE **f)
{
	snprintf(w->tmp, sizeof(w->tmp), "/tmp/tcesim-sweep-XXXXXX");
	int fd = mkstemp(w->tmp);
	if (fd < 0 || !(*f = fdopen(fd, "w"))) {
		fprintf(stderr, "tcesim sweep: temporary file: %s\n",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		w->tmp[0] = 0;
		return EXIT_USAGE;
	}
	return 0;
}

/* The grid: every point run (rows streamed to the CSV), then JSON and
 * plots from the finished table. */
static int run_grid(struct sweep_cli *c)
{
	struct sweep_run_opts ro = {
		.g = &c->g, .base = &c->base, .requests = c->requests,
		.shard_i = c->shard_i, .shard_n = c->shard_n,
		.jobs = c->jobs ? c->jobs : sweep_default_jobs(),
		.quiet = c->quiet, .bar = isatty(2),
		.trace = c->trace_path ? &c->trace : NULL, .load = c->load,
	};
	struct outputs w;
	uint64_t failed = 0;
	char err[512];
	FILE *copy = NULL;

	if (!c->csv)
		c->csv = "-";
	int rc = outputs_open(c, &w);
	if (rc)
		return rc;
	if ((c->json || c->po.dir) && (rc = rows_copy(&w, &copy))) {
		outputs_abandon(&w);
		return rc;
	}
	sweep_csv_header(w.csv.f, &c->g);
	fflush(w.csv.f);
	if (copy)
		sweep_csv_header(copy, &c->g);
	if (sweep_run_points(&ro, w.csv.f, copy, &failed, err, sizeof(err)))
		rc = failed_with("", err);
	if (copy && fclose(copy) && !rc)
		rc = failed_with(w.tmp, ": write error (temporary copy)");
	if (!rc && copy) {
		struct sweep_table t;

		if (sweep_table_read(w.tmp, &t, err, sizeof(err))) {
			rc = failed_with("", err);
		} else {
			rc = write_outputs(c, &w, &t, true);
			sweep_table_free(&t);
		}
	}
	if (outputs_close(&w))
		rc = EXIT_USAGE;
	if (!rc && failed && !c->quiet)
		fprintf(stderr, "tcesim sweep: %" PRIu64 " of %" PRIu64 " point(s) failed (see the error column)\n",
			failed, sweep_shard_points(&ro));
	return rc ? rc : failed ? EXIT_POINTS_FAILED : 0;
}

int sweep_cli_main(int argc, char **argv)
{
	static struct sweep_cli c;
	char err[512];
	int rc;

	memset(&c, 0, sizeof(c));
	c.po.prefix = "sweep-";
	c.po.ys = "hit_rate,gbytes_per_s,walk_p99_ns";
	c.shard_n = 1;
	c.requests = 100000;
	sweep_grid_init(&c.g);
	traffic_opts_default(&c.base);
	if (argc && !strcmp(argv[0], "merge")) {
		c.merge = true;
		argc--;
		argv++;
	}
	rc = parse_args(&c, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (c.merge && (c.trace_path || c.load))
		return usage("merge takes the shards' CSV or JSON files, not --trace or --load%s", "");
	if (c.merge)
		return run_merge(&c);
	if (c.load && !c.trace_path)
		return usage("--load needs --trace: a checkpoint holds the hardware without the kernel, and traffic runs boot the kernel%s", "");
	if (c.load) {
		FILE *f;

		if (sim_io_is_std(c.load))
			return usage("--load '%s': a checkpoint is a file (read at its offsets), not standard input", c.load);
		f = sim_in_open(c.load, err, sizeof(err));
		if (!f)
			return failed_with("--load: ", err);
		sim_in_close(f);
	}
	if (traffic_opts_check(&c.base, err, sizeof(err)))
		return failed_with("", err);
	if (c.po.x) {
		bool found = false;
		for (unsigned a = 0; a < c.g.naxes; a++)
			found |= !strcmp(c.g.ax[a].key, c.po.x);
		if (!found)
			return usage("--plot-x '%s' is not a grid key", c.po.x);
	}
	if (c.trace_path) {
		struct trace_error te;

		rc = check_trace_keys(&c);
		if (rc)
			return rc;
		if (trace_load_file(c.trace_path, &c.trace, &te)) {
			trace_error_format(&te, err, sizeof(err));
			return failed_with("", err);
		}
	}
	rc = c.dry ? list_points(&c, sweep_grid_points(&c.g)) : run_grid(&c);
	if (c.trace_path)
		trace_free(&c.trace);
	return rc;
}
