/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics registry: every counter is registered once by name, with a
 * description and a unit, and every report (text, JSON, CSV; final or per
 * epoch) is printed from the registry, so all reports share one format.
 * Derived values (hit rate, GB/s) are formulas evaluated at print time.
 *
 * Components declare their counters once, as an X-macro list of rows in
 * report order (DRAMsim3 style), from which both the counter struct and
 * the registration table are generated:
 *   C(field, "name", "unit", "description")   one counter, uint64_t field
 *   V(field, size, ROWS)                      a vector uint64_t field[size]
 *       whose reported elements are ROWS(R): R(field, index, "name",
 *       "unit", "description") each, usually generated from a list of
 *       depths, kinds or reasons (see tcesim/phb3.h, tcesim/fetch_timing.h)
 * SIM_STATS_DECLARE(LIST) declares the struct members; a registering
 * function sets `const STRUCT *sim_st_ = ...;` and builds its table with
 * `struct sim_stat_row rows[] = { LIST(SIM_STAT_ROW, SIM_STAT_VROWS) };`.
 */
#ifndef TCESIM_STATS_H
#define TCESIM_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sim_stat {
	char *name;             /* dotted path: "phb3.0.tce_cache.hits" */
	const char *desc;       /* one line, what it counts */
	const char *unit;       /* "count", "cycles", "bytes", "ratio", ... */
	const uint64_t *u64;    /* counter, or NULL for a formula */
	double (*formula)(const void *ctx);
	const void *ctx;
};

struct sim_stats {
	struct sim_stat *v;
	size_t n, cap;
};

void sim_stats_init(struct sim_stats *s);
void sim_stats_free(struct sim_stats *s);
/* 0 or -ENOMEM / -EEXIST (name taken). The name is copied. */
int sim_stats_add_u64(struct sim_stats *s, const char *name, const char *desc,
		      const char *unit, const uint64_t *counter);
int sim_stats_add_formula(struct sim_stats *s, const char *name,
			  const char *desc, const char *unit,
			  double (*formula)(const void *ctx), const void *ctx);
const struct sim_stat *sim_stats_find(const struct sim_stats *s,
				      const char *name);
double sim_stat_value(const struct sim_stat *st);

/* One row of a generated statistics table (see above). */
struct sim_stat_row {
	const char *name;	/* after "<prefix>." */
	const char *unit;
	const char *desc;
	const uint64_t *v;
};

#define SIM_STAT_FIELD(f, name, unit, desc) uint64_t f;
#define SIM_STAT_VFIELD(f, n, rows) uint64_t f[n];
#define SIM_STATS_DECLARE(LIST) LIST(SIM_STAT_FIELD, SIM_STAT_VFIELD)
#define SIM_STAT_ROW(f, name, unit, desc) { name, unit, desc, &sim_st_->f },
#define SIM_STAT_VROW(f, i, name, unit, desc) \
	{ name, unit, desc, &sim_st_->f[i] },
#define SIM_STAT_VROWS(f, n, rows) rows(SIM_STAT_VROW)

/* Register rows[0..n) as "<prefix>.<name>"; 0 or the first -errno. */
int sim_stats_add_rows(struct sim_stats *s, const char *prefix,
		       const struct sim_stat_row *rows, size_t n);

/* One row of a table of derived statistics: fn(ctx) gives the value. */
struct sim_stat_formula_row {
	const char *name;	/* after "<prefix>." */
	double (*fn)(const void *ctx);
	const char *unit;
	const char *desc;
};

/* Register rows[0..n) as "<prefix>.<name>", each computed from ctx; 0,
   -ENAMETOOLONG (a name over 255 bytes) or the first -errno. */
int sim_stats_add_formula_rows(struct sim_stats *s, const char *prefix,
			       const struct sim_stat_formula_row *rows,
			       size_t n, const void *ctx);

/*
 * v as the shortest decimal that reads back (strtod) as exactly v: what
 * JSON and CSV reports print, so no precision is lost ("0.1", "1e+20",
 * "0.30000000000000004"). "nan", "inf", "-inf" when not finite. buf
 * holds at least SIM_DOUBLE_STR bytes; returns buf.
 */
#define SIM_DOUBLE_STR 32
char *sim_double_str(char *buf, double v);

/* "name value unit # desc" lines (6 significant digits, for reading). */
void sim_stats_print_text(const struct sim_stats *s, FILE *f);
/* One JSON object {"name": value, ...}; indent is the leading spaces.
 * JSON and CSV print formulas with sim_double_str (full precision). */
void sim_stats_print_json(const struct sim_stats *s, FILE *f, int indent);
/* CSV: header "epoch,name,value,unit" printed when header != 0. */
void sim_stats_print_csv(const struct sim_stats *s, FILE *f, long epoch,
			 int header);

#endif /* TCESIM_STATS_H */
