// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim failnth`: option parsing for the fail-nth sweep (failnth.c),
 * one sweep per trace given, a summary each and a grand total.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcesim/failnth.h"
#include "tcesim/replay.h"
#include "tcesim/sim_io.h"

void failnth_cli_help(FILE *f)
{
	fprintf(f,
"usage: tcesim failnth [options] TRACE...\n"
"\n"
"Replay each trace once counting the kernel allocations and page pins it\n"
"makes after boot, then once per injection point with that one failing,\n"
"and check every run: a clean errno, no WARN, nothing leaked after close\n"
"and shutdown (docs/reliability-failnth.md). A summary per trace on stdout.\n"
"\n"
"options:\n"
"  --kind K         kmalloc|pages|pin|all (default all)\n"
"  --max N          at most the first N injection points per kind (N >= 1;\n"
"                   default: every point)\n"
"  --sample S       every S-th point plus the first and last ten\n"
"  --per-op N       only the first and last N points of each operation\n"
"  --invariants     also check the invariants after every op of every run\n"
"  --json FILE      figures as JSON, created before the first run ('-' =\n"
"                   stdout; the summaries then go to stderr)\n"
"  --progress       k/N on stderr (the default when stderr is a terminal)\n"
"  --no-progress    no progress\n"
"\n"
"exit codes: 0 no problem found, 1 a problem found (printed), 2 usage,\n"
"input or output error.\n");
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "tcesim: failnth: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tcesim failnth --help'.\n");
	return REPLAY_INPUT_ERROR;
}

static int number(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*v = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

/* What the command line asked for. */
struct failnth_cli {
	struct failnth_opts o;
	const char *json;
	const char **paths;
	int npaths;
};

/* One option (and its value): 0, or an exit code (printed). */
static int option(struct failnth_cli *c, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	bool has = *i + 1 < argc;
	uint64_t v;

	if (!strcmp(a, "--kind") && has) {
		int k = failnth_kinds_parse(argv[++*i]);
		if (k < 0)
			return bad("--kind must be kmalloc, pages, pin or all, not '%s'", argv[*i]);
		c->o.kinds = (unsigned)k;
	} else if (!strcmp(a, "--max") && has) {
		if (number(argv[++*i], &c->o.max) || !c->o.max)
			return bad("--max '%s': expected a number of points >= 1 (leave --max out for every point)", argv[*i]);
	} else if (!strcmp(a, "--sample") && has) {
		if (number(argv[++*i], &v) || v > 1000000)
			return bad("bad --sample '%s'", argv[*i]);
		c->o.sample = (unsigned)v;
	} else if (!strcmp(a, "--per-op") && has) {
		if (number(argv[++*i], &v) || v > 1000000)
			return bad("bad --per-op '%s'", argv[*i]);
		c->o.per_op = (unsigned)v;
	} else if (!strcmp(a, "--json") && has) {
		c->json = argv[++*i];
	} else if (!strcmp(a, "--invariants")) {
		c->o.invariants = true;
	} else if (!strcmp(a, "--progress")) {
		c->o.progress = true;
	} else if (!strcmp(a, "--no-progress")) {
		c->o.progress = false;
	} else if (a[0] == '-' && a[1]) {
		return bad("unknown or incomplete option '%s'", a);
	} else {
		c->paths[c->npaths++] = a;
	}
	return 0;
}

/* One sweep per trace, a summary each (on out), the JSON array; the
 * worst status. */
static int sweep_files(struct failnth_cli *c, FILE *jf, FILE *out,
		       struct failnth_figures *all)
{
	int status = 0;

	for (int i = 0; i < c->npaths; i++) {
		struct failnth_result res;
		struct trace_error e;
		struct trace t;
		char msg[512];

		if (trace_load_file(c->paths[i], &t, &e)) {
			trace_error_format(&e, msg, sizeof(msg));
			fprintf(stderr, "%s\n", msg);
			status = REPLAY_INPUT_ERROR;
			continue;
		}
		int r = failnth_sweep(&t, &c->o, &res);
		if (r > status)
			status = r;
		failnth_print_summary(&t, &res, out);
		if (jf) {
			failnth_print_json(&t, &res, jf);
			if (i + 1 < c->npaths)
				fputs(",\n", jf);
		}
		failnth_figures_add(all, &res.total);
		trace_free(&t);
	}
	return status;
}

static int run(struct failnth_cli *c)
{
	struct failnth_figures all;
	struct sim_out jo = { .f = NULL };
	FILE *out = stdout;
	char err[512];
	int status;

	if (!c->npaths)
		return bad("missing %s", "TRACE");
	if (c->json && sim_out_open(&jo, c->json, err, sizeof(err))) {
		fprintf(stderr, "tcesim: failnth: %s\n", err);
		return REPLAY_INPUT_ERROR;
	}
	if (sim_io_is_std(c->json))
		out = stderr;	/* stdout holds only the JSON */
	c->o.out = out;
	memset(&all, 0, sizeof(all));
	if (jo.f)
		fputs("[\n", jo.f);
	status = sweep_files(c, jo.f, out, &all);
	if (jo.f)
		fputs("]\n", jo.f);
	if (sim_out_close(&jo, err, sizeof(err))) {
		fprintf(stderr, "tcesim: failnth: %s\n", err);
		status = REPLAY_INPUT_ERROR;
	}
	if (c->npaths > 1)
		fprintf(out, "== fail-nth: %d traces: %" PRIu64 " injection points, %" PRIu64
			" runs, %" PRIu64 " clean errnos, %" PRIu64 " absorbed in release, %"
			PRIu64 " absorbed elsewhere, %" PRIu64 " outside syscalls, %" PRIu64
			" leaks, %" PRIu64 " WARNs ==\n",
			c->npaths, all.points, all.runs, all.clean_errno, all.release,
			all.absorbed, all.outside, all.leaks, all.warns);
	return status;
}

int cli_failnth(int argc, char **argv)
{
	struct failnth_cli c = {
		.o = { .kinds = FAILNTH_ALL, .out = stdout,
		       .progress = isatty(2) },
		.paths = calloc((size_t)argc + 1, sizeof(const char *)),
	};
	int r = 0;

	if (!c.paths)
		return REPLAY_INPUT_ERROR;
	for (int i = 0; !r && i < argc; i++)
		r = option(&c, argc, argv, &i);
	if (!r)
		r = run(&c);
	free(c.paths);
	return r;
}
