// SPDX-License-Identifier: GPL-2.0
/*
 * sim_sweep: grid parsing (point order computed here by mixed radix),
 * every kind of bad grid or shard spec gives a message, shards partition
 * the grid (each point in exactly one shard; the merged shards equal the
 * whole run, byte for byte), merge refuses conflicting or foreign CSVs,
 * JSON has one object per point, and plots are written (rendered only
 * when gnuplot is installed; otherwise that part is skipped).
 */
#include "check_auto.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcesim/stats.h"
#include "tcesim/sweep.h"

static char err[512];
static char dir[] = "/tmp/sim_sweep_test.XXXXXX";

static void add(struct sweep_grid *g, const char *spec)
{
	ck_assert_msg(sweep_grid_add(g, spec, err, sizeof(err)) == 0, "%s: %s",
		      spec, err);
}

CK_TEST("sweep", sweep_grid_points_first_axis_slowest)
{
	static struct sweep_grid g;
	const char *e[] = { "16", "64", "256" }, *p[] = { "4K", "64K" };
	const char *w[] = { "stream", "scatter" };

	sweep_grid_init(&g);
	ck_assert_uint_eq(sweep_grid_points(&g), 1);
	add(&g, "entries=16,64,256");
	add(&g, "io_page=4K,64K");
	add(&g, "workload=stream,scatter");
	ck_assert_uint_eq(sweep_grid_points(&g), 12);
	for (unsigned i = 0; i < 12; i++) {
		ck_assert_str_eq(sweep_point_value(&g, i, 0), e[i / 4]);
		ck_assert_str_eq(sweep_point_value(&g, i, 1), p[(i / 2) % 2]);
		ck_assert_str_eq(sweep_point_value(&g, i, 2), w[i % 2]);
	}
	ck_assert_ptr_null(sweep_point_value(&g, 0, 3));

	struct traffic_opts o;
	uint64_t v;
	traffic_opts_default(&o);
	ck_assert_int_eq(sweep_apply_point(&g, 7, &o, err, sizeof(err)), 0);
	ck_assert_int_eq(tcesim_config_get(&o.hw, "entries", &v), 0);
	ck_assert_uint_eq(v, 64);
	ck_assert_uint_eq(o.io_page_shift, 16);
	ck_assert_int_eq(o.kind, TRAFFIC_SCATTER);
	ck_assert_int_eq(sweep_apply_point(&g, 12, &o, err, sizeof(err)), -EINVAL);
}
END_TEST

static void bad_grid(const char *first, const char *spec, const char *needle)
{
	static struct sweep_grid g;

	sweep_grid_init(&g);
	if (first)
		add(&g, first);
	err[0] = 0;
	ck_assert_int_eq(sweep_grid_add(&g, spec, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, needle), "'%s' gave '%s'", spec, err);
	ck_assert_uint_eq(g.naxes, first ? 1 : 0);
}

CK_TEST("sweep", sweep_grid_bad_specs_clear_errors)
{
	/* { axis already there (or NULL), bad spec, what the error says } */
	static const char *const cases[][3] = {
		{ NULL, "", "expected key=v1,v2" },
		{ NULL, "entries", "expected key=v1,v2" },
		{ NULL, "=16,32", "expected key=v1,v2" },
		{ NULL, "entries=", "empty value (value 1 of 'entries')" },
		{ NULL, "entries=16,,32", "empty value (value 2 of 'entries')" },
		{ NULL, "entries=16,", "empty value (value 2 of 'entries')" },
		{ NULL, "nokey=1,2", "unknown key 'nokey'" },
		{ NULL, "entries=16,abc", "entries" },
		{ NULL, "io_page=4K,3K",
		  "io_page=3K: expected 4K, 64K, 16M or 256M" },
		{ NULL, "iommu=v1,v3", "iommu=v3: expected v1 or v2" },
		{ NULL, "entries=16,16", "value '16' given twice" },
		{ NULL, "workload=\"stream\"", "quotes are not allowed" },
		{ "entries=16,32", "entries=64", "already has an axis" },
		{ "entries=16,32", "tce_cache.entries=64",
		  "already has an axis (entries)" },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		bad_grid(cases[k][0], cases[k][1], cases[k][2]);
	/* too many points: 64 values on each of three axes */
	static struct sweep_grid g;
	char spec[1024];
	size_t at = (size_t)snprintf(spec, sizeof(spec), "seed=");
	for (int i = 0; i < 64; i++)
		at += (size_t)snprintf(spec + at, sizeof(spec) - at, "%s%d",
				       i ? "," : "", i + 1);
	sweep_grid_init(&g);
	add(&g, spec);
	memcpy(spec, "ring=", 5);	/* same values, another key */
	add(&g, spec);
	/* 64 * 64 * 30 points */
	snprintf(spec, sizeof(spec), "pes=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
		 "16,17,18,19,20,21,22,23,24,25,26,27,28,29,30");
	ck_assert_int_eq(sweep_grid_add(&g, spec, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "points (at most"), "%s", err);
}
END_TEST

CK_TEST("sweep", sweep_shard_specs)
{
	unsigned i, n;
	static const char *const bad[] = { "4/4", "1/0", "a/b", "1", "-1/2",
					   "1/2x", "/2", "1/", "", "0/2000000" };

	ck_assert_int_eq(sweep_parse_shard("0/4", &i, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(i, 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(sweep_parse_shard("3/4", &i, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(i, 3);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		err[0] = 0;
		ck_assert_int_eq(sweep_parse_shard(bad[k], &i, &n, err, sizeof(err)),
				 -EINVAL);
		ck_assert_msg(strstr(err, "expected i/n"), "%s: %s", bad[k], err);
	}
}
END_TEST

/* Run the CLI with a NULL-terminated argument list. */
static int cli(const char *first, ...)
{
	const char *argv[64];
	va_list ap;
	int argc = 0;

	va_start(ap, first);
	for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return sweep_cli_main(argc, (char **)argv);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 16];
	size_t n;

	ck_assert_msg(f != NULL, "%s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strdup(buf);
}

static void path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

#define GRID "--grid", "entries=16,64,256", "--grid", "io_page=4K,64K", \
	"--set", "region=1M", "--requests", "1500", "--quiet"

CK_TEST("sweep", sweep_shards_partition_the_grid)
{
	char whole[256], part[3][256], merged[256];
	struct sweep_table t[3];

	path(whole, sizeof(whole), "whole.csv");
	ck_assert_int_eq(cli(GRID, "--csv", whole, NULL), 0);
	for (int s = 0; s < 3; s++) {
		char sh[8], name[32];
		snprintf(sh, sizeof(sh), "%d/3", s);
		snprintf(name, sizeof(name), "part%d.csv", s);
		path(part[s], sizeof(part[s]), name);
		ck_assert_int_eq(cli(GRID, "--shard", sh, "--csv", part[s], NULL), 0);
		ck_assert_int_eq(sweep_table_read(part[s], &t[s], err, sizeof(err)), 0);
	}
	/* each of the 6 points in exactly one shard, the one idx % 3 says */
	int seen[6] = { 0 };
	for (int s = 0; s < 3; s++) {
		ck_assert_uint_eq(t[s].nrows, 2);
		for (size_t r = 0; r < t[s].nrows; r++) {
			int p = atoi(t[s].rows[r][0]);
			ck_assert_int_lt(p, 6);
			ck_assert_int_eq(p % 3, s);
			seen[p]++;
		}
		sweep_table_free(&t[s]);
	}
	for (int p = 0; p < 6; p++)
		ck_assert_int_eq(seen[p], 1);
	/* shards given out of order merge into the whole run, byte for byte */
	path(merged, sizeof(merged), "merged.csv");
	ck_assert_int_eq(cli("--merge", merged, part[2], part[0], part[1],
			     "--quiet", NULL), 0);
	char *a = slurp(whole), *b = slurp(merged);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	/* merging a shard with itself is harmless (identical rows), but
	   points 1 and 2 are missing: exit 1, the merge is incomplete */
	ck_assert_int_eq(cli("--merge", merged, part[0], part[0], "--quiet",
			     NULL), 1);
	/* the same with the merge command: shards 1 and 2 complete it */
	ck_assert_int_eq(cli("merge", part[0], part[0], part[1], part[2],
			     "-o", merged, "--quiet", NULL), 0);
	b = slurp(merged);
	a = slurp(whole);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

CK_TEST("sweep", sweep_merge_refuses_bad_input)
{
	char a[256], b[256], c[256], d[256], out[256];
	struct sweep_table t;
	unsigned missing;
	const char *in[2];

	path(a, sizeof(a), "a.csv");
	path(b, sizeof(b), "b.csv");
	path(c, sizeof(c), "c.csv");
	path(d, sizeof(d), "d.csv");
	path(out, sizeof(out), "out.csv");
	write_file(a, "point,entries,status,hit_rate,error\n0,16,ok,0.5,\n2,64,ok,0.7,\n");
	write_file(b, "point,entries,status,hit_rate,error\n2,64,ok,0.9,\n");
	write_file(c, "point,ways,status,hit_rate,error\n1,4,ok,0.5,\n");
	write_file(d, "point,entries,status,hit_rate,error\n1,\"16,ok,0.5,\n");

	in[0] = a;
	in[1] = b;
	ck_assert_int_eq(sweep_merge(in, 2, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "point 2 appears twice with different hit_rate"),
		      "%s", err);
	in[1] = c;
	ck_assert_int_eq(sweep_merge(in, 2, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "header differs"), "%s", err);
	in[1] = d;
	ck_assert_int_eq(sweep_merge(in, 2, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "unterminated quote"), "%s", err);
	in[1] = "/nonexistent/x.csv";
	ck_assert_int_eq(sweep_merge(in, 2, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "No such file"), "%s", err);
	/* one good file: point 1 is missing */
	ck_assert_int_eq(sweep_merge(in, 1, &t, &missing, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.nrows, 2);
	ck_assert_uint_eq(missing, 1);
	ck_assert_uint_eq(t.ngrid, 1);
	sweep_table_free(&t);
	write_file(d, "not,a,sweep\n1,2,3\n");
	in[0] = d;
	ck_assert_int_eq(sweep_merge(in, 1, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "not a tcesim sweep CSV"), "%s", err);
	write_file(d, "");
	ck_assert_int_eq(sweep_merge(in, 1, &t, &missing, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "empty file"), "%s", err);
	/* the CLI turns these into exit code 2 */
	ck_assert_int_eq(cli("--merge", out, a, b, "--quiet", NULL), 2);
	ck_assert_int_eq(cli("--grid", "entries=", "--quiet", NULL), 2);
	ck_assert_int_eq(cli("--grid", "entries=16", "--shard", "2/2", NULL), 2);
	ck_assert_int_eq(cli("--bogus", NULL), 2);
}
END_TEST

CK_TEST("sweep", sweep_failed_point_has_error_row)
{
	char csv[256];
	struct sweep_table t;

	path(csv, sizeof(csv), "levels.csv");
	/* 5 levels of 4K pages exceed the index bits: that point fails,
	   the other runs; exit code 1 */
	ck_assert_int_eq(cli("--grid", "levels=1,5", "--set", "region=1M",
			     "--requests", "200", "--csv", csv, "--quiet", NULL), 1);
	ck_assert_int_eq(sweep_table_read(csv, &t, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.nrows, 2);
	int st = sweep_table_col(&t, "status"), er = sweep_table_col(&t, "error");
	ck_assert_str_eq(t.rows[0][st], "ok");
	ck_assert_str_eq(t.rows[0][er], "");
	ck_assert_str_eq(t.rows[1][st], "error");
	ck_assert_msg(strstr(t.rows[1][er], "VFIO_IOMMU_SPAPR_TCE_CREATE"), "%s",
		      t.rows[1][er]);
	sweep_table_free(&t);
}
END_TEST

CK_TEST("sweep", sweep_json_one_object_per_point)
{
	char csv[256], json[256];

	path(csv, sizeof(csv), "j.csv");
	path(json, sizeof(json), "j.json");
	ck_assert_int_eq(cli("--grid", "pes=1,2,4", "--set", "region=1M",
			     "--requests", "400", "--csv", csv, "--json", json,
			     "--quiet", NULL), 0);
	char *j = slurp(json);
	int n = 0;
	for (char *p = j; (p = strstr(p, "{\"point\":")); p++)
		n++;
	ck_assert_int_eq(n, 3);
	ck_assert_ptr_nonnull(strstr(j, "\"grid\":[\"pes\"]"));
	ck_assert_ptr_nonnull(strstr(j, "\"params\":{\"pes\":\"4\"}"));
	ck_assert_ptr_nonnull(strstr(j, "\"hit_rate\":"));
	ck_assert_ptr_null(strstr(j, "nan"));
	free(j);
}
END_TEST

static bool nonempty(const char *p)
{
	struct stat st;

	return !stat(p, &st) && st.st_size > 0;
}

CK_TEST("sweep", sweep_plot_scripts_and_images)
{
	char csv[256], pd[256], f[300];
	bool have = sweep_have_gnuplot();

	path(csv, sizeof(csv), "p.csv");
	path(pd, sizeof(pd), "plots");
	ck_assert_int_eq(cli("--grid", "entries=16,64", "--grid", "io_page=4K,64K",
			     "--set", "region=1M", "--requests", "300", "--csv",
			     csv, "--plot", pd, "--plot-y", "hit_rate",
			     "--quiet", NULL), 0);
	snprintf(f, sizeof(f), "%s/sweep-hit_rate.gp", pd);
	ck_assert(nonempty(f));
	snprintf(f, sizeof(f), "%s/sweep-hit_rate.dat", pd);
	char *dat = slurp(f);
	/* one block per io_page value, two x values each */
	ck_assert_ptr_nonnull(strstr(dat, "# io_page=4K\n0 \"16\" 16 "));
	ck_assert_ptr_nonnull(strstr(dat, "# io_page=64K\n0 \"16\" 16 "));
	free(dat);
	snprintf(f, sizeof(f), "%s/sweep-hit_rate.png", pd);
	if (have) {
		ck_assert(nonempty(f));
		snprintf(f, sizeof(f), "%s/sweep-hit_rate.svg", pd);
		ck_assert(nonempty(f));
	} else {
		fprintf(stderr, "sim_sweep: gnuplot not installed, rendering not tested\n");
		ck_assert(!nonempty(f));
	}
	/* without gnuplot (forced): scripts only, no images */
	setenv("TCESIM_NO_GNUPLOT", "1", 1);
	ck_assert(!sweep_have_gnuplot());
	path(pd, sizeof(pd), "plots2");
	ck_assert_int_eq(cli("--merge", "/dev/null", csv, "--plot", pd,
			     "--plot-y", "gbytes_per_s", "--quiet", NULL), 0);
	unsetenv("TCESIM_NO_GNUPLOT");
	snprintf(f, sizeof(f), "%s/sweep-gbytes_per_s.gp", pd);
	ck_assert(nonempty(f));
	snprintf(f, sizeof(f), "%s/sweep-gbytes_per_s.png", pd);
	ck_assert(!nonempty(f));
	/* bad metric and bad x are refused */
	ck_assert_int_eq(cli("--merge", "/dev/null", csv, "--plot", pd,
			     "--plot-y", "entries", "--quiet", NULL), 2);
	ck_assert_int_eq(cli("--merge", "/dev/null", csv, "--plot", pd,
			     "--plot-x", "hit_rate", "--quiet", NULL), 2);
}
END_TEST

/* CSV rows (and so JSON and merges) keep doubles exactly: the text of
 * each reads back as the same value. */
CK_TEST("sweep", sweep_numbers_full_precision)
{
	struct sweep_grid g;
	struct traffic_result x;
	struct sweep_table t;
	char csv[256], buf[SIM_DOUBLE_STR];
	uint64_t st = 0x9e3779b97f4a7c15ull;

	/* random bit patterns: every finite double round-trips */
	for (int i = 0; i < 100000; i++) {
		double v;
		st ^= st << 13;
		st ^= st >> 7;
		st ^= st << 17;
		memcpy(&v, &st, sizeof(v));
		if (v != v || v - v != 0)
			continue;	/* nan, inf */
		ck_assert_msg(strtod(sim_double_str(buf, v), NULL) == v, "%s", buf);
	}
	ck_assert_str_eq(sim_double_str(buf, 0.1), "0.1");
	ck_assert_str_eq(sim_double_str(buf, 0.1 + 0.2), "0.30000000000000004");
	/* through a sweep row, written and read back */
	sweep_grid_init(&g);
	add(&g, "entries=16");
	memset(&x, 0, sizeof(x));
	x.hit_rate = 1.0 / 3.0;
	x.gbytes_per_s = 0.1 + 0.2;
	x.walk_p99_ns = 123.456789012345;
	x.map_cycles_per_page = 2.0 / 7.0;
	path(csv, sizeof(csv), "precision.csv");
	FILE *f = fopen(csv, "w");
	ck_assert_ptr_nonnull(f);
	sweep_csv_header(f, &g);
	sweep_csv_row(f, &g, 0, &x, NULL);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(sweep_table_read(csv, &t, err, sizeof(err)), 0);
	ck_assert(strtod(t.rows[0][sweep_table_col(&t, "hit_rate")], NULL) == 1.0 / 3.0);
	ck_assert(strtod(t.rows[0][sweep_table_col(&t, "gbytes_per_s")], NULL) == 0.1 + 0.2);
	ck_assert(strtod(t.rows[0][sweep_table_col(&t, "walk_p99_ns")], NULL) == 123.456789012345);
	ck_assert(strtod(t.rows[0][sweep_table_col(&t, "map_cycles_per_page")], NULL) == 2.0 / 7.0);
	sweep_table_free(&t);
}
END_TEST

/* A JSON table reads back as the table it was written from; a foreign
 * or damaged JSON is refused with file:line. */
CK_TEST("sweep", sweep_json_reads_back)
{
	char csv[256], json[256], csv2[256];
	struct sweep_table a, b;

	path(csv, sizeof(csv), "rb.csv");
	path(json, sizeof(json), "rb.json");
	path(csv2, sizeof(csv2), "rb2.csv");
	ck_assert_int_eq(cli("--grid", "levels=1,5", "--set", "region=1M",
			     "--requests", "200", "--csv", csv, "--json", json,
			     "--quiet", "--jobs", "1", NULL), 1);
	ck_assert_int_eq(sweep_table_read(csv, &a, err, sizeof(err)), 0);
	ck_assert_msg(sweep_table_read(json, &b, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(a.ncols, b.ncols);
	ck_assert_uint_eq(a.ngrid, b.ngrid);
	ck_assert_uint_eq(a.nrows, b.nrows);
	for (unsigned c = 0; c < a.ncols; c++)
		ck_assert_str_eq(a.head[c], b.head[c]);
	for (size_t r = 0; r < a.nrows; r++)
		for (unsigned c = 0; c < a.ncols; c++)
			ck_assert_str_eq(a.rows[r][c], b.rows[r][c]);
	sweep_table_free(&a);
	sweep_table_free(&b);
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "{\"format\":\"other\"}", "rb2.csv:1: not a tcesim sweep JSON (format 'other')" },
		{ "{\"format\":\"tcesim-sweep\",\"version\":2}", "version 2" },
		{ "{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[\"a\"],\n\"metrics\":[\"status\"],\"points\":[{\"point\":0}]}",
		  "rb2.csv:2: point 0 has no value for grid key 'a'" },
		{ "{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[],\"metrics\":[\"status\"],\"points\":[{\"point\":0,\"bogus\":1}]}",
		  "'bogus' is not a column" },
		{ "{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[],\"metrics\":[\"status\"],\"points\":[{\"point\":0x1}]}",
		  "expected" },
		{ "{\"format\":\"tcesim-sweep\",\"version\":1,\"grid\":[],\"metrics\":[\"status\"],\"points\":[]} x",
		  "text after the JSON object" },
		{ "{\"format\":\"tcesim-sweep\",\"grid\":[\"a\"", "expected" },
		{ "{\"version\":1}", "not a tcesim sweep JSON" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(csv2, bad[i].text);
		ck_assert_int_eq(sweep_table_read(csv2, &b, err, sizeof(err)), -EINVAL);
		ck_assert_msg(strstr(err, bad[i].want), "case %zu: '%s' not in '%s'",
			      i, bad[i].want, err);
	}
}
END_TEST

static void rm_rf(const char *d)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", d);
}

/* One scratch directory for the whole run (an unchecked fixture). */
static void make_dir(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(EXIT_FAILURE);
	}
}

static void remove_dir(void)
{
	rm_rf(dir);
}

CK_CASE_UNCHECKED("sweep", 60, make_dir, remove_dir);
CK_SUITE("sim_sweep");
