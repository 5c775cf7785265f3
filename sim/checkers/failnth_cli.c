// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim failnth`: option parsing for the fail-nth sweep (failnth.c),
 * one sweep per trace given, a summary each and a grand total.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/failnth.h"
#include "tcesim/replay.h"

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "tcesim: failnth: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'tcesim --help'.\n");
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

int cli_failnth(int argc, char **argv)
{
	struct failnth_opts o = { .kinds = FAILNTH_ALL, .out = stdout };
	struct failnth_result all;
	const char *json = NULL;
	const char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int npaths = 0, status = 0;
	FILE *jf = NULL;
	uint64_t v;

	if (!paths)
		return REPLAY_INPUT_ERROR;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		int r = 0;

		if (!strcmp(a, "--kind") && i + 1 < argc) {
			int k = failnth_kinds_parse(argv[++i]);
			if (k < 0)
				r = bad("--kind must be kmalloc, pages, pin or all, not '%s'", argv[i]);
			else
				o.kinds = (unsigned)k;
		} else if (!strcmp(a, "--max") && i + 1 < argc) {
			if (number(argv[++i], &o.max))
				r = bad("bad --max '%s'", argv[i]);
		} else if (!strcmp(a, "--sample") && i + 1 < argc) {
			if (number(argv[++i], &v) || v > 1000000)
				r = bad("bad --sample '%s'", argv[i]);
			o.sample = (unsigned)v;
		} else if (!strcmp(a, "--per-op") && i + 1 < argc) {
			if (number(argv[++i], &v) || v > 1000000)
				r = bad("bad --per-op '%s'", argv[i]);
			o.per_op = (unsigned)v;
		} else if (!strcmp(a, "--json") && i + 1 < argc) {
			json = argv[++i];
		} else if (!strcmp(a, "--invariants")) {
			o.invariants = true;
		} else if (!strcmp(a, "--progress")) {
			o.progress = true;
		} else if (a[0] == '-' && a[1]) {
			r = bad("unknown or incomplete option '%s'", a);
		} else {
			paths[npaths++] = a;
		}
		if (r) {
			free(paths);
			return r;
		}
	}
	if (!npaths) {
		free(paths);
		return bad("missing %s", "TRACE");
	}
	if (json && !(jf = fopen(json, "w"))) {
		fprintf(stderr, "%s: cannot create\n", json);
		free(paths);
		return REPLAY_INPUT_ERROR;
	}
	memset(&all, 0, sizeof(all));
	if (jf)
		fputs("[\n", jf);
	for (int i = 0; i < npaths; i++) {
		struct failnth_result res;
		struct trace_error e;
		struct trace t;
		char msg[512];

		if (trace_load_file(paths[i], &t, &e)) {
			trace_error_format(&e, msg, sizeof(msg));
			fprintf(stderr, "%s\n", msg);
			status = REPLAY_INPUT_ERROR;
			continue;
		}
		int r = failnth_sweep(&t, &o, &res);
		if (r > status)
			status = r;
		failnth_print_summary(&t, &res, stdout);
		if (jf) {
			failnth_print_json(&t, &res, jf);
			if (i + 1 < npaths)
				fputs(",\n", jf);
		}
		uint64_t *d = &all.total.points, *s = &res.total.points;
		for (size_t j = 0; j < sizeof(all.total) / sizeof(uint64_t); j++)
			d[j] += s[j];
		trace_free(&t);
	}
	if (jf) {
		fputs("]\n", jf);
		fclose(jf);
	}
	if (npaths > 1) {
		const struct failnth_figures *f = &all.total;
		printf("== fail-nth: %d traces: %" PRIu64 " injection points, %" PRIu64
		       " runs, %" PRIu64 " clean errnos, %" PRIu64 " absorbed in release, %"
		       PRIu64 " absorbed elsewhere, %" PRIu64 " outside syscalls, %" PRIu64
		       " leaks, %" PRIu64 " WARNs ==\n",
		       npaths, f->points, f->runs, f->clean_errno, f->release,
		       f->absorbed, f->outside, f->leaks, f->warns);
	}
	free(paths);
	return status;
}
