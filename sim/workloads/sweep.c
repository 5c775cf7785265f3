// SPDX-License-Identifier: GPL-2.0
/*
 * Sweep tables (tcesim/sweep.h): one CSV row per grid point (the CSV is
 * the canonical format), reading tables back (CSV here, JSON in
 * sweep_json.c), merging shards. The command itself is sweep_cli.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_internal.h"
#include "tcesim/sim_errf.h"
#include "tcesim/sim_io.h"
#include "tcesim/stats.h"
#include "tcesim/sweep.h"

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
	"link", "link_up_gbytes_per_s", "link_down_gbytes_per_s",
	"link_up_tlps_per_s", "link_down_tlps_per_s", "link_up_util",
	"link_down_util", "link_credit_stall_cycles", "link_tag_stall_cycles",
	"link_xlate_wait_cycles",
	"error",
};
const unsigned sweep_metric_count =
	sizeof(sweep_metric_names) / sizeof(sweep_metric_names[0]);

#define fail(err, errlen, ...) sim_errf(err, errlen, -EINVAL, __VA_ARGS__)

/* ---- writing ------------------------------------------------------------ */

/* A double at full precision (sim_double_str: the shortest text that
 * reads back as the same value); rotating buffers for one printf. */
static const char *num(double v)
{
	static char buf[8][SIM_DOUBLE_STR];
	static unsigned k;

	return sim_double_str(buf[k++ % 8], v);
}

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
		",%s,%s,%" PRIu64 ",%" PRIu64, x->requests, x->bytes,
		x->faults, x->packets, num(x->hit_rate), num(x->timing_hit_rate),
		x->translations, x->fetches);
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%s,%s,%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",%" PRIu64, x->walk_p50, x->walk_p99,
		num(x->walk_p50_ns), num(x->walk_p99_ns), x->xlate_p50,
		x->xlate_p99, x->stall_cycles, x->span_cycles);
	fprintf(f, ",%s,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",%s,%s", num(x->xlate_per_s), num(x->gbytes_per_s),
		x->map_ioctls, x->unmap_ioctls, x->map_pages, x->unmap_pages,
		num(x->map_cycles_per_page), num(x->unmap_cycles_per_page));
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%" PRId64
		",%llu,%u,%" PRIu64, x->reg_pages, x->reg_cycles,
		x->setup_cycles, x->locked_vm, x->pinned,
		1ull << x->io_page_shift, x->levels, x->window_bytes);
	fprintf(f, ",%d,%s,%s,%s,%s,%s,%s,%" PRIu64 ",%" PRIu64
		",%" PRIu64 ",\n", x->link, num(x->link_up_gbytes_per_s),
		num(x->link_down_gbytes_per_s), num(x->link_up_tlps_per_s),
		num(x->link_down_tlps_per_s), num(x->link_up_util),
		num(x->link_down_util),
		x->link_credit_stall_cycles, x->link_tag_stall_cycles,
		x->link_xlate_wait_cycles);
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

/* Appends row v (n fields) to t; 0 or -ENOMEM. */
int sweep_table_add_row(struct sweep_table *t, char **v, size_t *rcap)
{
	if (t->nrows == *rcap) {
		size_t nc = *rcap ? 2 * *rcap : 64;
		char ***nr = realloc(t->rows, nc * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		t->rows = nr;
		*rcap = nc;
	}
	t->rows[t->nrows++] = v;
	return 0;
}

/* The CSV text buf (NUL-terminated) as a table. */
static int csv_parse(const char *path, char *buf, struct sweep_table *t,
		     char *err, size_t errlen)
{
	size_t rcap = 0;
	unsigned lineno = 0;
	int rc = 0;
	char *line = buf;

	while (*line) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : line + strlen(line);
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char **v;
		unsigned n;

		lineno++;
		line[len] = 0;
		while (len && line[len - 1] == '\r')
			line[--len] = 0;
		if (!len) {
			line = next;
			continue;
		}
		rc = split(line, &v, &n);
		if (rc) {
			fail(err, errlen, "%s:%u: %s", path, lineno,
			     rc == -ENOMEM ? "out of memory" : "malformed CSV (unterminated quote)");
			break;
		}
		line = next;
		if (!t->head) {
			t->head = v;
			t->ncols = n;
			int st = sweep_table_col(t, "status");
			if (n < 2 || strcmp(v[0], "point") || st < 1) {
				rc = fail(err, errlen,
					  "%s:1: not a tcesim sweep CSV or JSON (expected 'point,...,status,...')",
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
		if (sweep_table_add_row(t, v, &rcap)) {
			free_fields(v, n);
			rc = fail(err, errlen, "out of memory");
			break;
		}
	}
	if (!rc && !t->head)
		rc = fail(err, errlen, "%s: empty file (no CSV header)", path);
	return rc;
}

int sweep_table_read(const char *path, struct sweep_table *t, char *err,
		     size_t errlen)
{
	const char *name = sim_io_name(path, false);
	char *buf;
	size_t len;
	int rc;

	memset(t, 0, sizeof(*t));
	if (sim_read_all(path, &buf, &len, err, errlen))
		return -EINVAL;
	if (strlen(buf) != len) {
		free(buf);
		return fail(err, errlen, "%s: not a text file (a NUL byte)", name);
	}
	const char *p = buf;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p == '{')
		rc = sweep_json_parse(name, buf, t, err, errlen);
	else
		rc = csv_parse(name, buf, t, err, errlen);
	free(buf);
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
		return fail(err, errlen, "merge: no input file");
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

