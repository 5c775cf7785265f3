// SPDX-License-Identifier: GPL-2.0
/* Statistics registry and its text/JSON/CSV printers (see stats.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/stats.h"

void sim_stats_init(struct sim_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void sim_stats_free(struct sim_stats *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct sim_stat *sim_stats_find(const struct sim_stats *s,
				      const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

static int add(struct sim_stats *s, const struct sim_stat *st)
{
	struct sim_stat *e;

	if (sim_stats_find(s, st->name))
		return -EEXIST;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct sim_stat *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	e = &s->v[s->n];
	*e = *st;
	e->name = strdup(st->name);
	if (!e->name)
		return -ENOMEM;
	s->n++;
	return 0;
}

int sim_stats_add_u64(struct sim_stats *s, const char *name, const char *desc,
		      const char *unit, const uint64_t *counter)
{
	struct sim_stat st = { .name = (char *)name, .desc = desc,
			       .unit = unit, .u64 = counter };

	return add(s, &st);
}

int sim_stats_add_formula(struct sim_stats *s, const char *name,
			  const char *desc, const char *unit,
			  double (*formula)(const void *ctx), const void *ctx)
{
	struct sim_stat st = { .name = (char *)name, .desc = desc,
			       .unit = unit, .formula = formula, .ctx = ctx };

	return add(s, &st);
}

int sim_stats_add_rows(struct sim_stats *s, const char *prefix,
		       const struct sim_stat_row *rows, size_t n)
{
	char name[160];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s.%s", prefix, rows[i].name);
		rc = sim_stats_add_u64(s, name, rows[i].desc, rows[i].unit,
				       rows[i].v);
		if (rc)
			return rc;
	}
	return 0;
}

int sim_stats_add_formula_rows(struct sim_stats *s, const char *prefix,
			       const struct sim_stat_formula_row *rows,
			       size_t n, const void *ctx)
{
	char name[256];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s.%s", prefix,
				     rows[i].name) >= sizeof(name))
			return -ENAMETOOLONG;
		rc = sim_stats_add_formula(s, name, rows[i].desc, rows[i].unit,
					   rows[i].fn, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

double sim_stat_value(const struct sim_stat *st)
{
	return st->u64 ? (double)*st->u64 : st->formula(st->ctx);
}

char *sim_double_str(char *buf, double v)
{
	if (isnan(v))
		return strcpy(buf, "nan");
	if (isinf(v))
		return strcpy(buf, v > 0 ? "inf" : "-inf");
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, SIM_DOUBLE_STR, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

/* exact: full precision (JSON, CSV); otherwise 6 digits (text). */
static void print_value(const struct sim_stat *st, FILE *f, int exact)
{
	char buf[SIM_DOUBLE_STR];
	double v;

	if (st->u64) {
		fprintf(f, "%llu", (unsigned long long)*st->u64);
		return;
	}
	v = st->formula(st->ctx);
	if (!isfinite(v))
		fputs("null", f);
	else if (exact)
		fputs(sim_double_str(buf, v), f);
	else
		fprintf(f, "%.6g", v);
}

void sim_stats_print_text(const struct sim_stats *s, FILE *f)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		fprintf(f, "%-48s ", s->v[i].name);
		print_value(&s->v[i], f, 0);
		fprintf(f, " %s  # %s\n", s->v[i].unit, s->v[i].desc);
	}
}

void sim_stats_print_json(const struct sim_stats *s, FILE *f, int indent)
{
	size_t i;

	fputs("{", f);
	for (i = 0; i < s->n; i++) {
		fprintf(f, "%s\n%*s\"%s\": ", i ? "," : "", indent + 2, "",
			s->v[i].name);
		print_value(&s->v[i], f, 1);
	}
	fprintf(f, "\n%*s}", indent, "");
}

void sim_stats_print_csv(const struct sim_stats *s, FILE *f, long epoch,
			 int header)
{
	size_t i;

	if (header)
		fputs("epoch,name,value,unit\n", f);
	for (i = 0; i < s->n; i++) {
		fprintf(f, "%ld,%s,", epoch, s->v[i].name);
		print_value(&s->v[i], f, 1);
		fprintf(f, ",%s\n", s->v[i].unit);
	}
}
