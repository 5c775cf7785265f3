// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim sweep`: runs every point of a grid (or of one shard of it) as a
 * traffic workload, writes one CSV row per point (flushed as it goes),
 * the same table as JSON, progress on stderr, and optionally gnuplot
 * plots; `--merge` joins shard CSVs back into one table. The CSV is the
 * canonical format: JSON and plots are made from it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcesim/sim_errf.h"
#include "tcesim/sweep.h"

#define EXIT_USAGE 2
#define EXIT_POINTS_FAILED 1

const char *const sweep_metric_names[] = {
	"status", "requests", "bytes", "faults", "packets",
	"hit_rate", "timing_hit_rate", "translations", "fetches",
	"walk_p50", "walk_p99", "walk_p50_ns", "walk_p99_ns",
	"xlate_p50", "xlate_p99", "stall_cycles", "span_cycles",
	"xlate_per_s", "gbytes_per_s",
	"map_ioctls", "unmap_ioctls", "map_pages", "unmap_pages",
	"map_cycles_per_page", "unmap_cycles_per_page",
	"reg_pages", "reg_cycles", "setup_cycles",
	"locked_vm", "pinned", "used_io_page", "used_levels", "used_window",
	"error",
};
const unsigned sweep_metric_count =
	sizeof(sweep_metric_names) / sizeof(sweep_metric_names[0]);

#define fail(err, errlen, ...) sim_errf(err, errlen, -EINVAL, __VA_ARGS__)

/* ---- writing ------------------------------------------------------------ */

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
}

void sweep_csv_header(FILE *f, const struct sweep_grid *g)
{
	fputs("point", f);
	for (unsigned a = 0; a < g->naxes; a++) {
		fputc(',', f);
		csv_field(f, g->ax[a].key);
	}
	for (unsigned i = 0; i < sweep_metric_count; i++)
		fprintf(f, ",%s", sweep_metric_names[i]);
	fputc('\n', f);
}

void sweep_csv_row(FILE *f, const struct sweep_grid *g, uint64_t idx,
		   const struct traffic_result *x, const char *error)
{
	fprintf(f, "%" PRIu64, idx);
	for (unsigned a = 0; a < g->naxes; a++) {
		fputc(',', f);
		csv_field(f, sweep_point_value(g, idx, a));
	}
	if (error) {
		fputs(",error", f);
		/* empty metrics, then the message in the last column */
		for (unsigned i = 1; i < sweep_metric_count; i++)
			fputc(',', f);
		csv_field(f, error);
		fputc('\n', f);
		return;
	}
	fprintf(f, ",ok,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%.6f,%.6f,%" PRIu64 ",%" PRIu64, x->requests, x->bytes,
		x->faults, x->packets, x->hit_rate, x->timing_hit_rate,
		x->translations, x->fetches);
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%.1f,%.1f,%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",%" PRIu64, x->walk_p50, x->walk_p99,
		x->walk_p50_ns, x->walk_p99_ns, x->xlate_p50, x->xlate_p99,
		x->stall_cycles, x->span_cycles);
	fprintf(f, ",%.1f,%.6f,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%.2f,%.2f", x->xlate_per_s, x->gbytes_per_s, x->map_ioctls,
		x->unmap_ioctls, x->map_pages, x->unmap_pages,
		x->map_cycles_per_page, x->unmap_cycles_per_page);
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%" PRId64
		",%llu,%u,%" PRIu64 ",\n", x->reg_pages, x->reg_cycles,
		x->setup_cycles, x->locked_vm, x->pinned,
		1ull << x->io_page_shift, x->levels, x->window_bytes);
}

/* ---- reading and merging -------------------------------------------------- */

static void free_fields(char **v, unsigned n)
{
	if (!v)
		return;
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Split one CSV line (no embedded newlines: the writer never makes any). */
static int split(const char *line, char ***out, unsigned *n)
{
	size_t cap = 16, len = strlen(line);
	char **v = calloc(cap, sizeof(*v));
	char *buf = malloc(len + 1);
	unsigned k = 0;
	const char *p = line;

	if (!v || !buf)
		goto oom;
	for (;;) {
		size_t b = 0;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p)
					goto bad;
				if (*p == '"' && p[1] == '"') {
					buf[b++] = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					buf[b++] = *p++;
				}
			}
			if (*p && *p != ',')
				goto bad;
		} else {
			while (*p && *p != ',')
				buf[b++] = *p++;
		}
		buf[b] = 0;
		if (k == cap) {
			char **nv = realloc(v, 2 * cap * sizeof(*v));
			if (!nv)
				goto oom;
			v = nv;
			cap *= 2;
		}
		if (!(v[k] = strdup(buf)))
			goto oom;
		k++;
		if (!*p)
			break;
		p++;	/* the comma */
	}
	free(buf);
	*out = v;
	*n = k;
	return 0;
bad:
	free_fields(v, k);
	free(buf);
	return -EINVAL;
oom:
	free_fields(v, k);
	free(buf);
	return -ENOMEM;
}

void sweep_table_free(struct sweep_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		free_fields(t->rows[r], t->ncols);
	free(t->rows);
	free_fields(t->head, t->ncols);
	memset(t, 0, sizeof(*t));
}

int sweep_table_col(const struct sweep_table *t, const char *name)
{
	for (unsigned i = 0; i < t->ncols; i++)
		if (!strcmp(t->head[i], name))
			return (int)i;
	return -1;
}

int sweep_table_read(const char *path, struct sweep_table *t, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, rcap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!f)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **v;
		unsigned n;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (!len)
			continue;
		rc = split(line, &v, &n);
		if (rc) {
			fail(err, errlen, "%s:%u: %s", path, lineno,
			     rc == -ENOMEM ? "out of memory" : "malformed CSV (unterminated quote)");
			break;
		}
		if (!t->head) {
			t->head = v;
			t->ncols = n;
			int st = sweep_table_col(t, "status");
			if (n < 2 || strcmp(v[0], "point") || st < 1) {
				rc = fail(err, errlen,
					  "%s:1: not a tcesim sweep CSV (expected 'point,...,status,...')",
					  path);
				break;
			}
			t->ngrid = (unsigned)st - 1;
			continue;
		}
		if (n != t->ncols) {
			free_fields(v, n);
			rc = fail(err, errlen, "%s:%u: %u fields, the header has %u",
				  path, lineno, n, t->ncols);
			break;
		}
		char *end;
		errno = 0;
		strtoull(v[0], &end, 10);
		if (errno || !*v[0] || *end) {
			rc = fail(err, errlen, "%s:%u: point '%s' is not a number",
				  path, lineno, v[0]);
			free_fields(v, n);
			break;
		}
		if (t->nrows == rcap) {
			size_t nc = rcap ? 2 * rcap : 64;
			char ***nr = realloc(t->rows, nc * sizeof(*nr));
			if (!nr) {
				free_fields(v, n);
				rc = fail(err, errlen, "out of memory");
				break;
			}
			t->rows = nr;
			rcap = nc;
		}
		t->rows[t->nrows++] = v;
	}
	free(line);
	fclose(f);
	if (!rc && !t->head)
		rc = fail(err, errlen, "%s: empty file (no CSV header)", path);
	if (rc)
		sweep_table_free(t);
	return rc ? -EINVAL : 0;
}

static uint64_t row_point(char **row)
{
	return strtoull(row[0], NULL, 10);
}

static int row_cmp(const void *a, const void *b)
{
	uint64_t x = row_point(*(char ***)a), y = row_point(*(char ***)b);
	return x < y ? -1 : x > y;
}

int sweep_merge(const char *const *inputs, unsigned n, struct sweep_table *out,
		unsigned *missing, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return fail(err, errlen, "--merge: no input CSV");
	for (unsigned k = 0; k < n; k++) {
		struct sweep_table t;
		if (sweep_table_read(inputs[k], &t, err, errlen))
			goto fail;
		if (!k) {
			*out = t;
			continue;
		}
		bool same = t.ncols == out->ncols;
		for (unsigned c = 0; same && c < t.ncols; c++)
			same = !strcmp(t.head[c], out->head[c]);
		if (!same) {
			sweep_table_free(&t);
			fail(err, errlen,
			     "%s: its header differs from %s's (shards of different sweeps?)",
			     inputs[k], inputs[0]);
			goto fail;
		}
		char ***nr = realloc(out->rows,
				     (out->nrows + t.nrows + 1) * sizeof(*nr));
		if (!nr) {
			sweep_table_free(&t);
			fail(err, errlen, "out of memory");
			goto fail;
		}
		out->rows = nr;
		memcpy(out->rows + out->nrows, t.rows, t.nrows * sizeof(*nr));
		out->nrows += t.nrows;
		free(t.rows);
		t.rows = NULL;
		t.nrows = 0;
		sweep_table_free(&t);
	}
	qsort(out->rows, out->nrows, sizeof(*out->rows), row_cmp);
	/* Duplicates must agree; keep one. */
	size_t w = 0;
	for (size_t r = 0; r < out->nrows; r++) {
		if (w && row_point(out->rows[w - 1]) == row_point(out->rows[r])) {
			for (unsigned c = 0; c < out->ncols; c++)
				if (strcmp(out->rows[w - 1][c], out->rows[r][c])) {
					fail(err, errlen,
					     "point %s appears twice with different %s (%s vs %s)",
					     out->rows[r][0], out->head[c],
					     out->rows[w - 1][c], out->rows[r][c]);
					for (size_t q = r; q < out->nrows; q++)
						free_fields(out->rows[q], out->ncols);
					out->nrows = w;
					goto fail;
				}
			free_fields(out->rows[r], out->ncols);
			continue;
		}
		out->rows[w++] = out->rows[r];
	}
	out->nrows = w;
	*missing = 0;
	if (w) {
		uint64_t max = row_point(out->rows[w - 1]);
		*missing = (unsigned)(max + 1 - w);
	}
	return 0;
fail:
	sweep_table_free(out);
	return -EINVAL;
}

void sweep_table_write_csv(const struct sweep_table *t, FILE *f)
{
	for (unsigned c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', f);
		csv_field(f, t->head[c]);
	}
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		for (unsigned c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', f);
			csv_field(f, t->rows[r][c]);
		}
		fputc('\n', f);
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* A number as JSON would write it (no leading '+', no hex, no inf/nan). */
static bool json_number(const char *s)
{
	char *end;

	if (!*s || *s == '+' || strpbrk(s, "xXnNiI"))
		return false;
	strtod(s, &end);
	return !*end;
}

static void json_value(FILE *f, const char *s)
{
	if (json_number(s))
		fputs(s, f);
	else if (!*s)
		fputs("null", f);
	else
		json_str(f, s);
}

void sweep_table_write_json(const struct sweep_table *t, FILE *f)
{
	fputs("{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[", f);
	for (unsigned c = 1; c <= t->ngrid; c++) {
		if (c > 1)
			fputc(',', f);
		json_str(f, t->head[c]);
	}
	fputs("],\"points\":[\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(f, "  {\"point\":%s,\"params\":{", t->rows[r][0]);
		for (unsigned c = 1; c <= t->ngrid; c++) {
			if (c > 1)
				fputc(',', f);
			json_str(f, t->head[c]);
			fputc(':', f);
			json_str(f, t->rows[r][c]);
		}
		fputc('}', f);
		for (unsigned c = t->ngrid + 1; c < t->ncols; c++) {
			if (!strcmp(t->head[c], "error") && !*t->rows[r][c])
				continue;
			fputc(',', f);
			json_str(f, t->head[c]);
			fputc(':', f);
			json_value(f, t->rows[r][c]);
		}
		fprintf(f, "}%s\n", r + 1 < t->nrows ? "," : "");
	}
	fputs("]}\n", f);
}

/* ---- the command ------------------------------------------------------------ */

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

int sweep_cli_main(int argc, char **argv)
{
	static struct sweep_grid g;
	struct traffic_opts base;
	struct sweep_plot_opts po = { .prefix = "sweep-",
				      .ys = "hit_rate,gbytes_per_s,walk_p99_ns" };
	const char *csv = "-", *json = NULL, *merge = NULL;
	const char *inputs[256];
	unsigned ninputs = 0, shard_i = 0, shard_n = 1;
	uint64_t requests = 100000;
	bool quiet = false, dry = false;
	char err[512];

	sweep_grid_init(&g);
	traffic_opts_default(&base);
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--config")) {
			if (i + 1 >= argc)
				return usage("--config needs a FILE%s", "");
			if (tcesim_config_load(&base.hw, argv[i + 1], err,
					       sizeof(err))) {
				fprintf(stderr, "tcesim sweep: %s\n", err);
				return EXIT_USAGE;
			}
		}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool needs = !strcmp(a, "--grid") || !strcmp(a, "--set") ||
			     !strcmp(a, "--config") || !strcmp(a, "--requests") ||
			     !strcmp(a, "--shard") || !strcmp(a, "--csv") ||
			     !strcmp(a, "--json") || !strcmp(a, "--plot") ||
			     !strcmp(a, "--plot-x") || !strcmp(a, "--plot-y") ||
			     !strcmp(a, "--plot-prefix") ||
			     !strcmp(a, "--plot-title") || !strcmp(a, "--merge");

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help(stdout);
			return 0;
		}
		if (needs && i + 1 >= argc)
			return usage("option '%s' needs a value", a);
		const char *v = needs ? argv[++i] : NULL;
		if (!strcmp(a, "--grid")) {
			if (sweep_grid_add(&g, v, err, sizeof(err))) {
				fprintf(stderr, "tcesim sweep: %s\n", err);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--set")) {
			if (traffic_opts_assign(&base, v, err, sizeof(err))) {
				fprintf(stderr, "tcesim sweep: --set: %s\n", err);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--config")) {
			/* loaded above */
		} else if (!strcmp(a, "--requests")) {
			if (traffic_parse_size(v, &requests) || !requests)
				return usage("--requests '%s': expected a positive number", v);
		} else if (!strcmp(a, "--shard")) {
			if (sweep_parse_shard(v, &shard_i, &shard_n, err,
					      sizeof(err))) {
				fprintf(stderr, "tcesim sweep: %s\n", err);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--csv")) {
			csv = v;
		} else if (!strcmp(a, "--json")) {
			json = v;
		} else if (!strcmp(a, "--plot")) {
			po.dir = v;
		} else if (!strcmp(a, "--plot-x")) {
			po.x = v;
		} else if (!strcmp(a, "--plot-y")) {
			po.ys = v;
		} else if (!strcmp(a, "--plot-prefix")) {
			po.prefix = v;
		} else if (!strcmp(a, "--plot-title")) {
			po.title = v;
		} else if (!strcmp(a, "--plot-logx")) {
			po.logx = true;
		} else if (!strcmp(a, "--merge")) {
			merge = v;
		} else if (!strcmp(a, "--functional")) {
			base.timing = false;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "--dry-run")) {
			dry = true;
		} else if (a[0] == '-') {
			return usage("unknown option '%s'", a);
		} else if (merge && ninputs < sizeof(inputs) / sizeof(inputs[0])) {
			inputs[ninputs++] = a;
		} else {
			return usage("unexpected argument '%s' (axes are given with --grid)", a);
		}
	}

	if (merge) {
		struct sweep_table t;
		unsigned missing;
		if (g.naxes)
			return usage("--merge takes CSV files, not --grid%s", "");
		if (sweep_merge(inputs, ninputs, &t, &missing, err, sizeof(err))) {
			fprintf(stderr, "tcesim sweep: %s\n", err);
			return EXIT_USAGE;
		}
		FILE *f = open_out(merge, "--merge");
		if (!f) {
			sweep_table_free(&t);
			return EXIT_USAGE;
		}
		sweep_table_write_csv(&t, f);
		int rc = close_out(f, merge) ? EXIT_USAGE : 0;
		if (!quiet)
			fprintf(stderr, "tcesim sweep: merged %zu points from %u file(s)%s\n",
				t.nrows, ninputs,
				missing ? " (some point indexes are missing: a shard did not run?)" : "");
		if (!rc)
			rc = finish(&t, json, &po, quiet);
		sweep_table_free(&t);
		return rc;
	}
	if (traffic_opts_check(&base, err, sizeof(err))) {
		fprintf(stderr, "tcesim sweep: %s\n", err);
		return EXIT_USAGE;
	}
	if (po.x) {
		bool found = false;
		for (unsigned a = 0; a < g.naxes; a++)
			found |= !strcmp(g.ax[a].key, po.x);
		if (!found)
			return usage("--plot-x '%s' is not a grid key", po.x);
	}

	uint64_t total = sweep_grid_points(&g);
	uint64_t mine = total / shard_n + (shard_i < total % shard_n);
	if (dry) {
		for (uint64_t p = shard_i; p < total; p += shard_n) {
			printf("%" PRIu64, p);
			for (unsigned a = 0; a < g.naxes; a++)
				printf(" %s=%s", g.ax[a].key,
				       sweep_point_value(&g, p, a));
			printf("\n");
		}
		return 0;
	}
	/* Write the CSV to a temporary file when plots/JSON need it too. */
	char tmp[] = "/tmp/tcesim-sweep-XXXXXX";
	const char *table_path = csv;
	if (!strcmp(csv, "-") && (json || po.dir)) {
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
	sweep_csv_header(out, &g);
	fflush(out);

	unsigned failed = 0;
	uint64_t done = 0;
	double t0 = now_s();
	for (uint64_t p = shard_i; p < total; p += shard_n) {
		struct traffic_opts o = base;
		struct traffic_result x;
		struct traffic_run *r = NULL;
		double t1 = now_s();
		int rc = sweep_apply_point(&g, p, &o, err, sizeof(err));

		if (!rc) {
			r = traffic_create(&o, err, sizeof(err));
			rc = r ? 0 : -EINVAL;
		}
		if (!rc)
			rc = traffic_step(r, requests, err, sizeof(err));
		if (!rc)
			traffic_get_result(r, &x);
		traffic_destroy(r);
		sweep_csv_row(out, &g, p, rc ? NULL : &x, rc ? err : NULL);
		fflush(out);
		failed += rc != 0;
		done++;
		if (!quiet) {
			fprintf(stderr, "[%" PRIu64 "/%" PRIu64 "] point %" PRIu64,
				done, mine, p);
			for (unsigned a = 0; a < g.naxes; a++)
				fprintf(stderr, " %s=%s", g.ax[a].key,
					sweep_point_value(&g, p, a));
			if (rc)
				fprintf(stderr, ": error: %s", err);
			else
				fprintf(stderr, ": hit %.3f, %.2f GB/s, miss p99 %" PRIu64
					" cyc", x.hit_rate, x.gbytes_per_s, x.walk_p99);
			fprintf(stderr, " (%.2f s, %.0f s so far)\n", now_s() - t1,
				now_s() - t0);
		}
	}
	int rc = close_out(out, table_path) ? EXIT_USAGE : 0;
	if (!rc && (json || po.dir)) {
		struct sweep_table t;
		if (sweep_table_read(table_path, &t, err, sizeof(err))) {
			fprintf(stderr, "tcesim sweep: %s\n", err);
			rc = EXIT_USAGE;
		} else {
			if (table_path == tmp)
				sweep_table_write_csv(&t, stdout);
			rc = finish(&t, json, &po, quiet);
			sweep_table_free(&t);
		}
	}
	if (table_path == tmp)
		remove(tmp);
	if (!rc && failed && !quiet)
		fprintf(stderr, "tcesim sweep: %u of %" PRIu64 " point(s) failed (see the error column)\n",
			failed, done);
	return rc ? rc : failed ? EXIT_POINTS_FAILED : 0;
}
