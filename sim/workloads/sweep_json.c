// SPDX-License-Identifier: GPL-2.0
/*
 * Sweep tables as JSON (tcesim/sweep.h): the writer, and the reader that
 * turns such a file back into exactly the table it was written from, so
 * shards written as JSON merge like CSV shards do.
 *
 *   {"format":"tcesim-sweep","version":1,"grid":[keys...],
 *    "metrics":[columns after the grid...],"points":[
 *     {"point":N,"params":{"key":"value",...},"metric":value,...},...]}
 *
 * A value that reads as a JSON number is written as one (its text kept
 * as is, so reading gives back the same text), an empty one as null, any
 * other as a string; an empty "error" is left out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_internal.h"
#include "tcesim/sim_errf.h"
#include "tcesim/sim_io.h"

/* ---- writing ------------------------------------------------------------------ */

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
		sim_json_str(f, s);
}

void sweep_table_write_json(const struct sweep_table *t, FILE *f)
{
	fputs("{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[", f);
	for (unsigned c = 1; c <= t->ngrid; c++) {
		if (c > 1)
			fputc(',', f);
		sim_json_str(f, t->head[c]);
	}
	fputs("],\"metrics\":[", f);
	for (unsigned c = t->ngrid + 1; c < t->ncols; c++) {
		if (c > t->ngrid + 1)
			fputc(',', f);
		sim_json_str(f, t->head[c]);
	}
	fputs("],\"points\":[\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(f, "  {\"point\":%s,\"params\":{", t->rows[r][0]);
		for (unsigned c = 1; c <= t->ngrid; c++) {
			if (c > 1)
				fputc(',', f);
			sim_json_str(f, t->head[c]);
			fputc(':', f);
			sim_json_str(f, t->rows[r][c]);
		}
		fputc('}', f);
		for (unsigned c = t->ngrid + 1; c < t->ncols; c++) {
			if (!strcmp(t->head[c], "error") && !*t->rows[r][c])
				continue;
			fputc(',', f);
			sim_json_str(f, t->head[c]);
			fputc(':', f);
			json_value(f, t->rows[r][c]);
		}
		fprintf(f, "}%s\n", r + 1 < t->nrows ? "," : "");
	}
	fputs("]}\n", f);
}

/* ---- reading ------------------------------------------------------------------- */

struct jp {
	const char *name, *start, *p;
	char *err;
	size_t errlen;
	bool failed;
};

/* "NAME:LINE: msg" at the current position; returns -EINVAL. */
static int jfail(struct jp *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int jfail(struct jp *j, const char *fmt, ...)
{
	unsigned line = 1;
	char msg[256];
	va_list ap;

	if (j->failed)
		return -EINVAL;
	for (const char *q = j->start; q < j->p; q++)
		line += *q == '\n';
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j->failed = true;
	return sim_errf(j->err, j->errlen, -EINVAL, "%s:%u: %s", j->name, line,
			msg);
}

static void ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool eat(struct jp *j, char c)
{
	ws(j);
	if (*j->p != c)
		return false;
	j->p++;
	return true;
}

static int expect_char(struct jp *j, char c)
{
	return eat(j, c) ? 0 : jfail(j, "expected '%c'", c);
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

/* A string (escapes as the writer makes them, and \u below 0x80) into a
 * new buffer. */
static int jstring(struct jp *j, char **out)
{
	ws(j);
	if (*j->p != '"')
		return jfail(j, "expected a string");
	const char *s = ++j->p;
	size_t n = 0;
	char *b = malloc(strlen(s) + 1);

	if (!b)
		return jfail(j, "out of memory");
	while (*j->p != '"') {
		unsigned v;

		if (!*j->p || (unsigned char)*j->p < 0x20) {
			free(b);
			return jfail(j, "unterminated string");
		}
		if (*j->p != '\\') {
			b[n++] = *j->p++;
			continue;
		}
		j->p++;
		switch (*j->p) {
		case '"': case '\\': case '/':
			b[n++] = *j->p++;
			break;
		case 'n': b[n++] = '\n'; j->p++; break;
		case 't': b[n++] = '\t'; j->p++; break;
		case 'r': b[n++] = '\r'; j->p++; break;
		case 'u':
			if (hex4(j->p + 1, &v) || !v || v >= 0x80) {
				free(b);
				return jfail(j, "unsupported \\u escape");
			}
			b[n++] = (char)v;
			j->p += 5;
			break;
		default:
			free(b);
			return jfail(j, "bad escape '\\%c'", *j->p ? *j->p : '0');
		}
	}
	j->p++;
	b[n] = 0;
	*out = b;
	return 0;
}

/* A scalar as table text: a number's text as written, a string's
 * contents, "" for null. */
static int jscalar(struct jp *j, char **out)
{
	ws(j);
	if (*j->p == '"')
		return jstring(j, out);
	if (!strncmp(j->p, "null", 4)) {
		j->p += 4;
		*out = strdup("");
		return *out ? 0 : jfail(j, "out of memory");
	}
	const char *s = j->p;
	size_t n = strspn(s, "-0123456789.eE+");
	char *end;
	char *num = strndup(s, n);
	if (!num)
		return jfail(j, "out of memory");
	strtod(num, &end);
	if (!n || *end || *s == '+') {
		free(num);
		return jfail(j, "expected a number, a string or null");
	}
	j->p = s + n;
	*out = num;
	return 0;
}

/* ["a","b",...] into a new array of n strings. */
static int jstrings(struct jp *j, char ***out, unsigned *n)
{
	unsigned cap = 0;
	char **v = NULL;

	*n = 0;
	if (expect_char(j, '['))
		return -EINVAL;
	if (eat(j, ']')) {
		*out = calloc(1, sizeof(char *));
		return *out ? 0 : jfail(j, "out of memory");
	}
	do {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto fail;
			v = nv;
		}
		if (jstring(j, &v[*n]))
			goto fail;
		(*n)++;
	} while (eat(j, ','));
	if (!expect_char(j, ']')) {
		*out = v;
		return 0;
	}
fail:
	for (unsigned i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	return jfail(j, "out of memory");
}

/* Column of name among the head's columns [from, to), or -1. */
static int col_in(const struct sweep_table *t, const char *name,
		  unsigned from, unsigned to)
{
	for (unsigned c = from; c < to; c++)
		if (!strcmp(t->head[c], name))
			return (int)c;
	return -1;
}

/* One {"point":N,"params":{...},metric:value,...} into row. */
static int jpoint(struct jp *j, const struct sweep_table *t, char **row)
{
	char *key = NULL, *val = NULL;

	if (expect_char(j, '{'))
		return -EINVAL;
	do {
		if (jstring(j, &key) || expect_char(j, ':'))
			goto fail;
		if (!strcmp(key, "params")) {
			if (expect_char(j, '{'))
				goto fail;
			if (!eat(j, '}')) {
				do {
					char *k = NULL;
					if (jstring(j, &k) || expect_char(j, ':')) {
						free(k);
						goto fail;
					}
					int c = col_in(t, k, 1, t->ngrid + 1);
					if (c < 0 || row[c]) {
						jfail(j, "params: '%s' is %s", k,
						      c < 0 ? "not a grid key" : "given twice");
						free(k);
						goto fail;
					}
					free(k);
					if (jstring(j, &row[c]))
						goto fail;
				} while (eat(j, ','));
				if (expect_char(j, '}'))
					goto fail;
			}
		} else {
			int c = !strcmp(key, "point") ? 0 :
				col_in(t, key, t->ngrid + 1, t->ncols);
			if (c < 0 || row[c]) {
				jfail(j, "'%s' is %s", key,
				      c < 0 ? "not a column of \"metrics\"" : "given twice");
				goto fail;
			}
			if (jscalar(j, &val))
				goto fail;
			row[c] = val;
			val = NULL;
		}
		free(key);
		key = NULL;
	} while (eat(j, ','));
	if (expect_char(j, '}'))
		goto fail;
	if (!row[0])
		return jfail(j, "a point without \"point\"");
	char *end;
	errno = 0;
	strtoull(row[0], &end, 10);
	if (errno || !*row[0] || *end)
		return jfail(j, "point '%s' is not a number", row[0]);
	for (unsigned c = 1; c < t->ncols; c++) {
		if (row[c])
			continue;
		if (c <= t->ngrid)
			return jfail(j, "point %s has no value for grid key '%s'",
				     row[0], t->head[c]);
		/* left out: empty (the writer drops an empty error) */
		if (!(row[c] = strdup("")))
			return jfail(j, "out of memory");
	}
	return 0;
fail:
	free(key);
	free(val);
	return -EINVAL;
}

/* The header: "point", the grid keys, the metrics. */
static int jhead(struct jp *j, struct sweep_table *t, char **grid,
		 unsigned ng, char **metrics, unsigned nm)
{
	t->ncols = 1 + ng + nm;
	t->ngrid = ng;
	t->head = calloc(t->ncols, sizeof(char *));
	if (!t->head || !(t->head[0] = strdup("point")))
		return jfail(j, "out of memory");
	for (unsigned i = 0; i < ng; i++) {
		t->head[1 + i] = grid[i];
		grid[i] = NULL;
	}
	for (unsigned i = 0; i < nm; i++) {
		t->head[1 + ng + i] = metrics[i];
		metrics[i] = NULL;
	}
	if (col_in(t, "status", ng + 1, t->ncols) != (int)ng + 1)
		return jfail(j, "\"metrics\" must start with \"status\"");
	return 0;
}

static int jpoints(struct jp *j, struct sweep_table *t)
{
	size_t rcap = 0;

	if (!t->head)
		return jfail(j, "\"points\" before \"grid\" and \"metrics\"");
	if (expect_char(j, '['))
		return -EINVAL;
	if (eat(j, ']'))
		return 0;
	do {
		char **row = calloc(t->ncols, sizeof(char *));

		if (!row)
			return jfail(j, "out of memory");
		if (jpoint(j, t, row) || sweep_table_add_row(t, row, &rcap)) {
			for (unsigned c = 0; c < t->ncols; c++)
				free(row[c]);
			free(row);
			return jfail(j, "out of memory");
		}
	} while (eat(j, ','));
	return expect_char(j, ']');
}

static void free_strings(char **v, unsigned n)
{
	for (unsigned i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int sweep_json_parse(const char *name, const char *buf, struct sweep_table *t,
		     char *err, size_t errlen)
{
	struct jp j = { .name = name, .start = buf, .p = buf, .err = err,
			.errlen = errlen };
	char **grid = NULL, **metrics = NULL, *key = NULL, *v = NULL;
	unsigned ng = 0, nm = 0;
	bool format = false;
	int rc = expect_char(&j, '{');

	while (!rc) {
		if ((rc = jstring(&j, &key)) || (rc = expect_char(&j, ':')))
			break;
		if (!strcmp(key, "grid") || !strcmp(key, "metrics")) {
			bool g = key[0] == 'g';
			if ((g ? grid : metrics))
				rc = jfail(&j, "\"%s\" given twice", key);
			else
				rc = jstrings(&j, g ? &grid : &metrics, g ? &ng : &nm);
			if (!rc && grid && metrics && !t->head)
				rc = jhead(&j, t, grid, ng, metrics, nm);
		} else if (!strcmp(key, "points")) {
			rc = jpoints(&j, t);
		} else if (!strcmp(key, "format") || !strcmp(key, "version")) {
			rc = jscalar(&j, &v);
			if (!rc && key[0] == 'f' && strcmp(v, "tcesim-sweep"))
				rc = jfail(&j, "not a tcesim sweep JSON (format '%s')", v);
			if (!rc && key[0] == 'v' && strcmp(v, "1"))
				rc = jfail(&j, "sweep JSON version %s: this tcesim reads version 1", v);
			format |= key[0] == 'f';
			free(v);
			v = NULL;
		} else {
			rc = jfail(&j, "unknown key '%s'", key);
		}
		free(key);
		key = NULL;
		if (!rc && !eat(&j, ','))
			break;
	}
	free(key);
	if (!rc)
		rc = expect_char(&j, '}');
	ws(&j);
	if (!rc && *j.p)
		rc = jfail(&j, "text after the JSON object");
	if (!rc && (!format || !t->head))
		rc = jfail(&j, "not a tcesim sweep JSON (expected \"format\", \"grid\", \"metrics\" and \"points\"; a file from an older tcesim: merge its CSV)");
	free_strings(grid, ng);
	free_strings(metrics, nm);
	return rc ? -EINVAL : 0;
}
