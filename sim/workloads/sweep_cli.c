// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim sweep`: runs every point of a grid (or of one shard of it) as a
 * traffic workload, writes one CSV row per point (flushed as it goes),
 * the same table as JSON, progress on stderr, and optionally gnuplot
 * plots; `--merge` joins shard CSVs back into one table. The CSV is the
 * canonical format: JSON and plots are made from it (sweep.c,
 * sweep_plot.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcesim/sweep.h"
#include "tcesim/trace.h"

#define EXIT_USAGE 2
#define EXIT_POINTS_FAILED 1
#define MAX_INPUTS 256

/* What the command line asked for. */
struct sweep_cli {
	struct sweep_grid g;
	struct traffic_opts base;
	struct sweep_plot_opts po;
	const char *csv, *json, *merge;
	const char *inputs[MAX_INPUTS];
	unsigned ninputs, shard_i, shard_n;
	uint64_t requests;
	bool quiet, dry;
	/* --trace: points replay it; --load: from this ELF (checkpoint) */
	const char *trace_path, *load;
	struct trace trace;
};

static void help(FILE *f)
{
	fprintf(f,
"usage: tcesim sweep --grid key=v1,v2,... [--grid ...] [options]\n"
"       tcesim sweep --merge OUT.csv SHARD.csv... [--json F] [--plot DIR ...]\n"
"\n"
"Run a traffic workload at every point of a parameter grid and write one\n"
"CSV row per point: the grid values, then hit rate, miss latency p50/p99,\n"
"translations/s, GB/s, stall cycles, driver cycles per map/unmap page and\n"
"locked_vm (columns: docs/whatif.md).\n"
"\n"
"options:\n"
"  --grid key=v1,v2,..  an axis: any workload key (tcesim traffic --keys) or\n"
"                       configuration key; the first axis varies slowest\n"
"  --set key=value      a fixed setting for every point (repeatable)\n"
"  --config FILE        base .ini configuration\n"
"  --requests N         DMA requests per point (default 100000)\n"
"  --trace T            each point replays the trace T (boot kernel=0) instead\n"
"                       of a traffic run; axes are configuration keys only\n"
"  --load FILE          with --trace: load FILE right after the trace's boot,\n"
"                       so every point starts from the same state (a tcesim\n"
"                       checkpoint, docs/images.md); figures count from it\n"
"  --functional         timing off\n"
"  --shard i/n          run only the points with index %% n == i\n"
"  --csv FILE           CSV output ('-' = stdout; default stdout)\n"
"  --json FILE          the same table as JSON\n"
"  --plot DIR           gnuplot data, scripts, and PNG+SVG if gnuplot is installed\n"
"  --plot-x KEY         x axis (default: the first grid key); other keys make series\n"
"  --plot-y M1,M2       metrics to plot (default hit_rate,gbytes_per_s,walk_p99_ns)\n"
"  --plot-prefix P      file name prefix (default sweep-)\n"
"  --plot-title T       title prefix\n"
"  --plot-logx          log2 x axis (numeric x values)\n"
"  --dry-run            list the points (of this shard) and exit\n"
"  --quiet              no progress on stderr\n"
"\n"
"Spreading a sweep over machines: every shard runs the same command with\n"
"its own --shard and --csv, then one merge joins them, e.g.\n"
"  Slurm:  #SBATCH --array=0-7\n"
"          tcesim sweep ... --shard $SLURM_ARRAY_TASK_ID/8 --csv part.$SLURM_ARRAY_TASK_ID.csv\n"
"  GNU parallel:\n"
"          parallel tcesim sweep ... --shard {}/8 --csv part.{}.csv ::: $(seq 0 7)\n"
"  then:   tcesim sweep --merge all.csv part.*.csv --json all.json --plot plots\n"
"\n"
"exit codes: 0 every point ran, 1 some points failed (their row says why),\n"
"2 usage or input error.\n");
}

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tcesim sweep: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tcesim sweep --help'.\n");
	return EXIT_USAGE;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static FILE *open_out(const char *path, const char *what)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;

	if (!f)
		fprintf(stderr, "tcesim sweep: %s %s: %s\n", what, path,
			strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) ? -1 : 0;
	if (fclose(f)) {
		fprintf(stderr, "tcesim sweep: %s: write error\n", path);
		return -1;
	}
	return 0;
}

/* JSON and plots from a finished table. */
static int finish(const struct sweep_table *t, const char *json,
		  const struct sweep_plot_opts *po, bool quiet)
{
	char err[512];

	if (json) {
		FILE *f = open_out(json, "--json");
		if (!f)
			return EXIT_USAGE;
		sweep_table_write_json(t, f);
		if (close_out(f, json))
			return EXIT_USAGE;
	}
	if (po->dir) {
		bool rendered;
		if (sweep_plot(t, po, &rendered, err, sizeof(err))) {
			fprintf(stderr, "tcesim sweep: --plot: %s\n", err);
			return EXIT_USAGE;
		}
		if (!quiet)
			fprintf(stderr, "tcesim sweep: plots in %s%s\n", po->dir,
				rendered ? " (PNG and SVG rendered)"
					 : " (scripts only: gnuplot is not installed)");
	}
	return 0;
}

/* Options taking a value. */
static bool needs_value(const char *a)
{
	static const char *const opts[] = {
		"--grid", "--set", "--config", "--requests", "--shard", "--csv",
		"--json", "--plot", "--plot-x", "--plot-y", "--plot-prefix",
		"--plot-title", "--merge", "--trace", "--load",
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(a, opts[i]))
			return true;
	return false;
}

/* Prints "tcesim sweep: [what]err"; returns the usage exit code. */
static int failed_with(const char *what, const char *err)
{
	fprintf(stderr, "tcesim sweep: %s%s\n", what, err);
	return EXIT_USAGE;
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
		}
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
		if (traffic_opts_assign(&c->base, v, err, sizeof(err)))
			return failed_with("--set: ", err);
	} else if (!strcmp(a, "--config")) {
		/* loaded first */
	} else if (!strcmp(a, "--requests")) {
		if (traffic_parse_size(v, &c->requests) || !c->requests)
			return usage("--requests '%s': expected a positive number", v);
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
	} else if (!strcmp(a, "--merge")) {
		c->merge = v;
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
	} else if (a[0] == '-') {
		return usage("unknown option '%s'", a);
	} else if (c->merge && c->ninputs < MAX_INPUTS) {
		c->inputs[c->ninputs++] = a;
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
			help(stdout);
			return -1;
		}
		if (needs && i + 1 >= argc)
			return usage("option '%s' needs a value", a);
		rc = option(c, a, needs ? argv[++i] : NULL);
	}
	return rc;
}

/* --trace: the axes and --set keys must be configuration keys. */
static int check_trace_keys(const struct sweep_cli *c)
{
	for (unsigned a = 0; a < c->g.naxes; a++)
		if (traffic_is_workload_key(c->g.ax[a].key))
			return usage("--grid %s: a workload key; with --trace the axes are configuration keys (tcesim config --help-params)",
				     c->g.ax[a].key);
	return 0;
}

/* --merge OUT SHARD...: one table from the shards' CSVs. */
static int run_merge(struct sweep_cli *c)
{
	struct sweep_table t;
	unsigned missing;
	char err[512];

	if (c->g.naxes)
		return usage("--merge takes CSV files, not --grid%s", "");
	if (sweep_merge(c->inputs, c->ninputs, &t, &missing, err, sizeof(err)))
		return failed_with("", err);
	FILE *f = open_out(c->merge, "--merge");
	if (!f) {
		sweep_table_free(&t);
		return EXIT_USAGE;
	}
	sweep_table_write_csv(&t, f);
	int rc = close_out(f, c->merge) ? EXIT_USAGE : 0;
	if (!c->quiet)
		fprintf(stderr, "tcesim sweep: merged %zu points from %u file(s)%s\n",
			t.nrows, c->ninputs,
			missing ? " (some point indexes are missing: a shard did not run?)" : "");
	if (!rc)
		rc = finish(&t, c->json, &c->po, c->quiet);
	sweep_table_free(&t);
	return rc;
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

/* Runs point p as a traffic workload; its CSV row; 0 or -errno (err). */
static int run_point(const struct sweep_cli *c, uint64_t p, FILE *out,
		     struct traffic_result *x, char *err, size_t errlen)
{
	struct traffic_opts o = c->base;
	struct traffic_run *r = NULL;
	int rc = sweep_apply_point(&c->g, p, &o, err, errlen);

	if (!rc && c->trace_path) {
		rc = sweep_trace_point(&c->trace, &o, c->load, x, err, errlen);
		sweep_csv_row(out, &c->g, p, rc ? NULL : x, rc ? err : NULL);
		fflush(out);
		return rc;
	}
	if (!rc) {
		r = traffic_create(&o, err, errlen);
		rc = r ? 0 : -EINVAL;
	}
	if (!rc)
		rc = traffic_step(r, c->requests, err, errlen);
	if (!rc)
		traffic_get_result(r, x);
	traffic_destroy(r);
	sweep_csv_row(out, &c->g, p, rc ? NULL : x, rc ? err : NULL);
	fflush(out);
	return rc;
}

/* "[done/mine] point p key=value...: result (time)" on stderr. */
static void progress(const struct sweep_cli *c, uint64_t done, uint64_t mine,
		     uint64_t p, int rc, const struct traffic_result *x,
		     const char *err, double t0, double t1)
{
	fprintf(stderr, "[%" PRIu64 "/%" PRIu64 "] point %" PRIu64, done, mine, p);
	for (unsigned a = 0; a < c->g.naxes; a++)
		fprintf(stderr, " %s=%s", c->g.ax[a].key,
			sweep_point_value(&c->g, p, a));
	if (rc)
		fprintf(stderr, ": error: %s", err);
	else
		fprintf(stderr, ": hit %.3f, %.2f GB/s, miss p99 %" PRIu64
			" cyc", x->hit_rate, x->gbytes_per_s, x->walk_p99);
	fprintf(stderr, " (%.2f s, %.0f s so far)\n", now_s() - t1,
		now_s() - t0);
}

/* Every point of this shard into out; the number that failed. */
static unsigned run_points(const struct sweep_cli *c, FILE *out,
			   uint64_t *done)
{
	uint64_t total = sweep_grid_points(&c->g);
	uint64_t mine = total / c->shard_n + (c->shard_i < total % c->shard_n);
	unsigned failed = 0;
	double t0 = now_s();
	char err[512];

	*done = 0;
	for (uint64_t p = c->shard_i; p < total; p += c->shard_n) {
		struct traffic_result x;
		double t1 = now_s();
		int rc = run_point(c, p, out, &x, err, sizeof(err));

		failed += rc != 0;
		(*done)++;
		if (!c->quiet)
			progress(c, *done, mine, p, rc, &x, err, t0, t1);
	}
	return failed;
}

/* JSON and plots from the finished CSV (and the CSV to stdout when it
 * went to a temporary file for them). */
static int after_run(struct sweep_cli *c, const char *table_path, bool tmp)
{
	struct sweep_table t;
	char err[512];
	int rc;

	if (sweep_table_read(table_path, &t, err, sizeof(err)))
		return failed_with("", err);
	if (tmp)
		sweep_table_write_csv(&t, stdout);
	rc = finish(&t, c->json, &c->po, c->quiet);
	sweep_table_free(&t);
	return rc;
}

/* The grid: every point run, the CSV, then JSON and plots. */
static int run_grid(struct sweep_cli *c)
{
	/* Write the CSV to a temporary file when plots/JSON need it too. */
	char tmp[] = "/tmp/tcesim-sweep-XXXXXX";
	const char *table_path = c->csv;
	uint64_t done;

	if (!strcmp(c->csv, "-") && (c->json || c->po.dir)) {
		int fd = mkstemp(tmp);
		if (fd < 0) {
			fprintf(stderr, "tcesim sweep: temporary file: %s\n",
				strerror(errno));
			return EXIT_USAGE;
		}
		close(fd);
		table_path = tmp;
	}
	FILE *out = open_out(table_path, "--csv");
	if (!out)
		return EXIT_USAGE;
	sweep_csv_header(out, &c->g);
	fflush(out);
	unsigned failed = run_points(c, out, &done);
	int rc = close_out(out, table_path) ? EXIT_USAGE : 0;
	if (!rc && (c->json || c->po.dir))
		rc = after_run(c, table_path, table_path == tmp);
	if (table_path == tmp)
		remove(tmp);
	if (!rc && failed && !c->quiet)
		fprintf(stderr, "tcesim sweep: %u of %" PRIu64 " point(s) failed (see the error column)\n",
			failed, done);
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
	c.csv = "-";
	c.shard_n = 1;
	c.requests = 100000;
	sweep_grid_init(&c.g);
	traffic_opts_default(&c.base);
	rc = parse_args(&c, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (c.merge)
		return run_merge(&c);
	if (c.load && !c.trace_path)
		return usage("--load needs --trace: a checkpoint holds the hardware without the kernel, and traffic runs boot the kernel%s", "");
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
	if (traffic_opts_check(&c.base, err, sizeof(err)))
		return failed_with("", err);
	if (c.po.x) {
		bool found = false;
		for (unsigned a = 0; a < c.g.naxes; a++)
			found |= !strcmp(c.g.ax[a].key, c.po.x);
		if (!found)
			return usage("--plot-x '%s' is not a grid key", c.po.x);
	}
	rc = c.dry ? list_points(&c, sweep_grid_points(&c.g)) : run_grid(&c);
	if (c.trace_path)
		trace_free(&c.trace);
	return rc;
}
