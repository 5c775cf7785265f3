// SPDX-License-Identifier: GPL-2.0
/*
 * Plots of a sweep table: for each metric a gnuplot data file (one block
 * per series, a series being the values of the grid keys other than x)
 * and a script that renders PNG and SVG; gnuplot (Debian: gnuplot-nox)
 * is run on it when installed. Scripts name their files relative to
 * their own directory so the directory can be moved or committed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sweep_internal.h"
#include "tcesim/sim_errf.h"
#include "tcesim/sim_io.h"

#define MAX_CATS 1024
#define NAME_MAX_LEN 256

#define fail sim_errf

static const struct {
	const char *metric, *label;
} labels[] = {
	{ "hit_rate", "TCE cache hit rate (functional, first IO page)" },
	{ "timing_hit_rate", "TCE cache hit rate (timing tag copy)" },
	{ "gbytes_per_s", "throughput (GB/s; through the PCIe link if on)" },
	{ "xlate_per_s", "translations per second" },
	{ "walk_p50", "miss latency p50 (PHB cycles)" },
	{ "walk_p99", "miss latency p99 (PHB cycles)" },
	{ "walk_p50_ns", "miss latency p50 (ns)" },
	{ "walk_p99_ns", "miss latency p99 (ns)" },
	{ "xlate_p50", "request latency p50 (PHB cycles)" },
	{ "xlate_p99", "request latency p99 (PHB cycles)" },
	{ "stall_cycles", "cycles the lookup pipeline waited for a tag" },
	{ "map_cycles_per_page", "driver CPU cycles per mapped IO page" },
	{ "unmap_cycles_per_page", "driver CPU cycles per unmapped IO page" },
	{ "locked_vm", "locked_vm (host pages)" },
	{ "reg_cycles", "preregistration CPU cycles" },
	{ "setup_cycles", "set-up driver CPU cycles" },
	{ "link_up_gbytes_per_s", "PCIe upstream payload (GB/s)" },
	{ "link_down_gbytes_per_s", "PCIe downstream payload (GB/s)" },
	{ "link_up_util", "PCIe upstream utilisation" },
	{ "link_down_util", "PCIe downstream utilisation" },
	{ "link_credit_stall_cycles", "cycles TLPs waited for flow-control credits" },
	{ "link_tag_stall_cycles", "cycles read requests waited for a device tag" },
	{ "link_xlate_wait_cycles", "cycles TLPs at the PHB waited for translation" },
};

static const char *label_of(const char *m)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].metric, m))
			return labels[i].label;
	return m;
}

bool sweep_have_gnuplot(void)
{
	const char *path = getenv("PATH");
	const char *off = getenv("TCESIM_NO_GNUPLOT");
	char buf[4096];

	if (off && *off && strcmp(off, "0"))
		return false;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);
		if (n && n + 9 < sizeof(buf)) {
			memcpy(buf, path, n);
			memcpy(buf + n, "/gnuplot", 9);
			if (!access(buf, X_OK))
				return true;
		}
		if (!c)
			break;
		path = c + 1;
	}
	return false;
}

/* A string as a gnuplot double-quoted literal body. */
static void gp_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static int run_gnuplot(const char *dir, const char *script, char *err,
		       size_t errlen)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return fail(err, errlen, -errno, "fork: %s", strerror(errno));
	if (!pid) {
		if (chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return fail(err, errlen, -errno, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return fail(err, errlen, -EIO,
			    "gnuplot %s/%s failed (exit status %d)", dir, script,
			    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

struct cats {
	unsigned n;
	const char *v[MAX_CATS];
};

static int cat_index(struct cats *c, const char *s)
{
	for (unsigned i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return (int)i;
	if (c->n == MAX_CATS)
		return -1;
	c->v[c->n] = s;
	return (int)c->n++;
}

/* Series label of row r: the grid values other than x, "k=v k=v". */
static void series_of(const struct sweep_table *t, size_t r, int xc,
		      char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = 0;
	for (unsigned c = 1; c <= t->ngrid; c++) {
		if ((int)c == xc)
			continue;
		int n = snprintf(buf + at, len - at, "%s%s=%s", at ? " " : "",
				 t->head[c], t->rows[r][c]);
		if (n < 0 || (size_t)n >= len - at)
			break;
		at += (size_t)n;
	}
	if (!at)
		snprintf(buf, len, "all");
}

/* One plot: its x values and its series (the other grid values). */
struct plot {
	const struct sweep_table *t;
	const struct sweep_plot_opts *po;
	int xc, mc;		/* x and metric columns */
	const char *metric;
	struct cats xs, ss;
	char slabels[MAX_CATS][NAME_MAX_LEN];
	bool numeric;		/* every x value is a number */
	char dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8];	/* file names */
};

/* The x values and series labels of every row. */
static int collect(struct plot *p, char *err, size_t errlen)
{
	const struct sweep_table *t = p->t;

	p->numeric = true;
	for (size_t r = 0; r < t->nrows; r++) {
		uint64_t v;
		char lab[NAME_MAX_LEN];

		if (cat_index(&p->xs, t->rows[r][p->xc]) < 0)
			return fail(err, errlen, -E2BIG, "too many x values");
		series_of(t, r, p->xc, lab, sizeof(lab));
		int k = -1;
		for (unsigned i = 0; i < p->ss.n; i++)
			if (!strcmp(p->slabels[i], lab))
				k = (int)i;
		if (k < 0) {
			if (p->ss.n == MAX_CATS)
				return fail(err, errlen, -E2BIG, "too many series");
			snprintf(p->slabels[p->ss.n], NAME_MAX_LEN, "%s", lab);
			p->ss.v[p->ss.n] = p->slabels[p->ss.n];
			p->ss.n++;
		}
		if (traffic_parse_size(t->rows[r][p->xc], &v))
			p->numeric = false;
	}
	return 0;
}

/* Open DIR/NAME for writing (sim_out: checked writes, checked close). */
static int open_in_dir(struct sim_out *o, const char *dir, const char *name,
		       char *err, size_t errlen)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return sim_out_open(o, path, err, errlen);
}

/* PREFIX<metric>.dat: one gnuplot data block per series. */
static int write_data(struct plot *p, char *err, size_t errlen)
{
	const struct sweep_table *t = p->t;
	int stc = sweep_table_col(t, "status");
	struct sim_out o;
	int rc = open_in_dir(&o, p->po->dir, p->dat, err, errlen);
	if (rc)
		return rc;
	FILE *f = o.f;
	fprintf(f, "# tcesim sweep: %s by %s; columns: x index, x label, x value, %s\n",
		p->metric, t->head[p->xc], p->metric);
	for (unsigned s = 0; s < p->ss.n; s++) {
		fprintf(f, "%s# %s\n", s ? "\n\n" : "", p->ss.v[s]);
		for (size_t r = 0; r < t->nrows; r++) {
			char lab[NAME_MAX_LEN];
			uint64_t v = 0;

			series_of(t, r, p->xc, lab, sizeof(lab));
			if (strcmp(lab, p->ss.v[s]) || strcmp(t->rows[r][stc], "ok") ||
			    !*t->rows[r][p->mc])
				continue;
			if (p->numeric)
				traffic_parse_size(t->rows[r][p->xc], &v);
			fprintf(f, "%d \"%s\" %llu %s\n",
				cat_index(&p->xs, t->rows[r][p->xc]),
				t->rows[r][p->xc], (unsigned long long)v,
				t->rows[r][p->mc]);
		}
	}
	return sim_out_close(&o, err, errlen);
}

/* PREFIX<metric>.gp: the script rendering PNG and SVG. */
static int write_script(struct plot *p, char *err, size_t errlen)
{
	const struct sweep_plot_opts *po = p->po;
	bool logx = po->logx && p->numeric;
	struct sim_out o;
	int rc = open_in_dir(&o, po->dir, p->gp, err, errlen);
	if (rc)
		return rc;
	FILE *f = o.f;
	fprintf(f, "# tcesim sweep plot: %s by %s (run: gnuplot %s, in this directory)\n",
		p->metric, p->t->head[p->xc], p->gp);
	fprintf(f, "set terminal pngcairo size 900,560 noenhanced font \",11\"\n");
	fprintf(f, "set output '%s%s.png'\n", po->prefix, p->metric);
	fprintf(f, "set title \"");
	if (po->title) {
		gp_str(f, po->title);
		fprintf(f, ": ");
	}
	gp_str(f, label_of(p->metric));
	fprintf(f, "\"\nset xlabel \"");
	gp_str(f, p->t->head[p->xc]);
	fprintf(f, "\"\nset ylabel \"");
	gp_str(f, label_of(p->metric));
	fprintf(f, "\"\nset grid\nset key outside right top\nset yrange [0:*]\n");
	if (logx)	/* room at both ends: the end ticks are labelled */
		fprintf(f, "set logscale x 2\nset offsets graph 0.03, graph 0.03, 0, 0\n");
	else
		fprintf(f, "set xrange [-0.5:%u.5]\n", p->xs.n ? p->xs.n - 1 : 0);
	fprintf(f, "plot \\\n");
	for (unsigned s = 0; s < p->ss.n; s++) {
		fprintf(f, "  '%s' index %u using %s with linespoints lw 2 pt %u title \"",
			p->dat, s, logx ? "3:4:xtic(2)" : "1:4:xtic(2)", 5 + s % 9);
		gp_str(f, p->ss.v[s]);
		fprintf(f, "\"%s\n", s + 1 < p->ss.n ? ", \\" : "");
	}
	fprintf(f, "set terminal svg size 900,560 dynamic noenhanced font \"sans,11\"\n");
	fprintf(f, "set output '%s%s.svg'\nreplot\nunset output\n", po->prefix,
		p->metric);
	return sim_out_close(&o, err, errlen);
}

static int plot_metric(const struct sweep_table *t,
		       const struct sweep_plot_opts *po, int xc, int mc,
		       const char *metric, bool gnuplot, char *err,
		       size_t errlen)
{
	static struct plot p;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.po = po;
	p.xc = xc;
	p.mc = mc;
	p.metric = metric;
	int rc = collect(&p, err, errlen);
	if (rc)
		return rc;
	if (strlen(po->prefix) + strlen(metric) >= NAME_MAX_LEN)
		return fail(err, errlen, -ENAMETOOLONG, "file name too long");
	strcpy(p.dat, po->prefix);
	strcat(p.dat, metric);
	strcpy(p.gp, p.dat);
	strcat(p.dat, ".dat");
	strcat(p.gp, ".gp");
	rc = write_data(&p, err, errlen);
	if (!rc)
		rc = write_script(&p, err, errlen);
	if (rc || !p.ss.n)
		return rc;
	return gnuplot ? run_gnuplot(po->dir, p.gp, err, errlen) : 0;
}

int sweep_plot_prepare(const struct sweep_plot_opts *po, char *err,
		       size_t errlen)
{
	struct stat st;

	if (!po->dir || !*po->dir)
		return fail(err, errlen, -EINVAL, "--plot: no plot directory");
	if (mkdir(po->dir, 0777) && errno != EEXIST)
		return fail(err, errlen, -errno, "--plot %s: cannot create: %s",
			    po->dir, strerror(errno));
	if (stat(po->dir, &st) || !S_ISDIR(st.st_mode))
		return fail(err, errlen, -ENOTDIR, "--plot %s: not a directory",
			    po->dir);
	if (access(po->dir, W_OK | X_OK))
		return fail(err, errlen, -errno, "--plot %s: cannot write in it: %s",
			    po->dir, strerror(errno));
	return 0;
}

int sweep_plot(const struct sweep_table *t, const struct sweep_plot_opts *po,
	       bool *rendered, char *err, size_t errlen)
{
	bool gnuplot = sweep_have_gnuplot();
	int xc = 1;

	*rendered = false;
	if (!po->dir || !*po->dir)
		return fail(err, errlen, -EINVAL, "no plot directory");
	if (mkdir(po->dir, 0777) && errno != EEXIST)
		return fail(err, errlen, -errno, "%s: %s", po->dir,
			    strerror(errno));
	if (!t->ngrid)
		xc = 0;	/* no grid: plot against the point index */
	if (po->x) {
		xc = sweep_table_col(t, po->x);
		if (xc < 1 || (unsigned)xc > t->ngrid)
			return fail(err, errlen, -EINVAL,
				    "--plot-x '%s' is not a grid column", po->x);
	}
	const char *p = po->ys;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		char m[64];

		if (!n || n >= sizeof(m))
			return fail(err, errlen, -EINVAL, "--plot-y '%s': bad metric list",
				    po->ys);
		memcpy(m, p, n);
		m[n] = 0;
		int mc = sweep_table_col(t, m);
		if (mc <= (int)t->ngrid || !strcmp(m, "status") || !strcmp(m, "error"))
			return fail(err, errlen, -EINVAL,
				    "--plot-y: '%s' is not a metric column (e.g. hit_rate, gbytes_per_s, walk_p99_ns)",
				    m);
		int rc = plot_metric(t, po, xc, mc, m, gnuplot, err, errlen);
		if (rc)
			return rc;
		p = c ? c + 1 : NULL;
	}
	*rendered = gnuplot;
	return 0;
}
