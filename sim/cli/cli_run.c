// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim run [SCENARIO]` and `tcesim replay TRACE`: a trace replayed on
 * the machine with the model options, through libtcesim's API
 * (tcesim_replay_file on a setup made from --config/--set/--mode).
 * Scenarios are files: `run` looks
 * for NAME.trace, and for the default scenario default/default.trace, in
 * $TCESIM_SCENARIOS, next to the build tree, the installed share
 * directory and the source tree.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_replay(int argc, char **argv)
{
	bool invariants = false;
	struct replay_opts o = { .out = stdout };
	struct cli_model_opts mo = { .nfiles = 0 };
	const char *path = NULL;

	for (int i = 0; i < argc; i++) {
		int mr = cli_model_opt(argc, argv, &i, &mo, &o);

		if (mr < 0)
			return REPLAY_INPUT_ERROR;
		if (mr)
			continue;
		if (!strcmp(argv[i], "--check"))
			o.check = true;
		else if (!strcmp(argv[i], "--quiet"))
			o.quiet = true;
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			o.json_path = argv[++i];
		else if (!strcmp(argv[i], "--record") && i + 1 < argc)
			o.record_path = argv[++i];
		else if (!strcmp(argv[i], "--invariants"))
			invariants = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("replay: unknown or incomplete option '%s'", argv[i]);
		else if (!path)
			path = argv[i];
		else
			return cli_usage_error("replay: unexpected argument '%s'", argv[i]);
	}
	if (!path)
		return cli_usage_error("replay: missing %s", "TRACE");
	tcesim_setup *s = cli_model_setup(&mo);
	if (!s)
		return REPLAY_INPUT_ERROR;
	o.progress = isatty(2);
	int r = cli_replay_api(path, NULL, &o, s, invariants);
	tcesim_setup_free(s);
	return r;
}

int cli_replay_api(const char *path, const char *name,
		   const struct replay_opts *o, const tcesim_setup *s,
		   bool invariants)
{
	const struct tcesim_replay_opts ao = {
		.setup = s, .check = o->check, .quiet = o->quiet,
		.invariants = invariants, .progress = o->progress,
		.out = o->out, .title = o->title, .name = name,
		.json_path = o->json_path, .record_path = o->record_path,
		.csv_path = o->csv_path, .epoch_path = o->epoch_path,
	};
	int r = tcesim_replay_file(path, &ao);

	if (r < 0) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, tcesim_errmsg());
		return REPLAY_INPUT_ERROR;
	}
	return r;
}

/* Directory of the executable, for scenarios found relative to it. */
static void exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0) {
		snprintf(buf, len, ".");
		return;
	}
	buf[n] = 0;
	char *s = strrchr(buf, '/');
	if (s)
		*s = 0;
}

#ifndef TCESIM_SCENARIO_DIR
#define TCESIM_SCENARIO_DIR "/usr/local/share/tcesim/scenarios"
#endif

#define MAX_DIRS 5

/* The default scenario: a file under every scenario directory. */
#define DEFAULT_FILE "default/default.trace"
#define DEFAULT_TITLE \
	"guest-like VFIO v2 session on PHB3: prereg, huge DDW, map, DMA, unmap, fault, freeze, clear"

/* Candidate scenario directories, in search order. */
static int scenario_dirs(char dirs[][PATH_MAX], int max)
{
	char ed[PATH_MAX - 64];
	int n = 0;
	const char *env = getenv("TCESIM_SCENARIOS");

	if (env && n < max && snprintf(dirs[n], PATH_MAX, "%s", env) < PATH_MAX)
		n++;
	exe_dir(ed, sizeof(ed));
	if (n < max && snprintf(dirs[n], PATH_MAX, "%s/../../scenarios", ed) <
	    PATH_MAX)
		n++;	/* build/sim/tcesim -> scenarios/ */
	if (n < max && snprintf(dirs[n], PATH_MAX, "%s/../share/tcesim/scenarios",
				ed) < PATH_MAX)
		n++;	/* PREFIX/bin/tcesim -> PREFIX/share/tcesim/scenarios */
	if (n < max)
		snprintf(dirs[n++], PATH_MAX, "%s", TCESIM_SCENARIO_DIR);
#ifdef TCESIM_SOURCE_SCENARIOS
	if (n < max)	/* a build tree outside the source tree */
		snprintf(dirs[n++], PATH_MAX, "%s", TCESIM_SOURCE_SCENARIOS);
#endif
	return n;
}

/* `run --list`: the default, then the INDEX of the first directory. */
static int list_scenarios(char dirs[][PATH_MAX], int nd)
{
	printf("default: %s\n", DEFAULT_TITLE);
	for (int d = 0; d < nd; d++) {
		char index[PATH_MAX + 64];
		if (access(dirs[d], R_OK))
			continue;
		printf("scenarios in %s:\n", dirs[d]);
		if (snprintf(index, sizeof(index), "%s/INDEX", dirs[d]) >=
		    (int)sizeof(index))
			continue;
		FILE *f = fopen(index, "r");
		if (f) {
			char line[256];
			while (fgets(line, sizeof(line), f))
				fputs(line, stdout);
			fclose(f);
		}
		return 0;
	}
	return 0;
}

/* dir/file for the first directory that has it; -1 if none. */
static int find_in(char dirs[][PATH_MAX], int nd, const char *file,
		   const char *ext, char *path, size_t len)
{
	for (int d = 0; d < nd; d++) {
		if (snprintf(path, len, "%s/%s%s", dirs[d], file, ext) >= (int)len)
			continue;
		if (!access(path, R_OK))
			return 0;
	}
	return -1;
}

/* The file of scenario name (NULL: the default), its display name and
   title; 0, or the exit code after a message. */
static int find_scenario(char dirs[][PATH_MAX], int nd, const char *name,
			 const char **file, const char **shown,
			 struct replay_opts *o)
{
	static char path[2 * PATH_MAX];

	if (!name || !strcmp(name, "default")) {
		if (find_in(dirs, nd, DEFAULT_FILE, "", path, sizeof(path))) {
			fprintf(stderr, "%s: run: the default scenario (%s) is in no scenario directory; set TCESIM_SCENARIOS to the scenarios/ folder\n",
				CLI_PROG, DEFAULT_FILE);
			return REPLAY_INPUT_ERROR;
		}
		*file = path;
		*shown = "default";
		o->title = DEFAULT_TITLE;
		return 0;
	}
	if (find_in(dirs, nd, name, strstr(name, ".trace") ? "" : ".trace",
		    path, sizeof(path)))
		return cli_usage_error("run: no scenario named '%s' (see 'tcesim run --list')", name);
	*file = path;
	*shown = NULL;
	o->title = name;
	return 0;
}

int cli_run(int argc, char **argv)
{
	char dirs[MAX_DIRS][PATH_MAX];
	int nd = scenario_dirs(dirs, MAX_DIRS);
	struct replay_opts o = { .out = stdout, .progress = isatty(2) };
	struct cli_model_opts mo = { .nfiles = 0 };
	const char *name = NULL;
	bool list = false;

	for (int i = 0; i < argc; i++) {
		int mr = cli_model_opt(argc, argv, &i, &mo, &o);

		if (mr < 0)
			return REPLAY_INPUT_ERROR;
		if (mr)
			continue;
		if (!strcmp(argv[i], "--list"))
			list = true;
		else if (!strcmp(argv[i], "--quiet"))
			o.quiet = true;
		else if (!strcmp(argv[i], "--check"))
			o.check = true;
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			o.json_path = argv[++i];
		else if (argv[i][0] == '-')
			return cli_usage_error("run: unknown option '%s'", argv[i]);
		else if (!name)
			name = argv[i];
		else
			return cli_usage_error("run: unexpected argument '%s'", argv[i]);
	}
	if (list)
		return list_scenarios(dirs, nd);
	tcesim_setup *s = cli_model_setup(&mo);
	if (!s)
		return REPLAY_INPUT_ERROR;
	const char *file = NULL, *shown = NULL;
	int r = find_scenario(dirs, nd, name, &file, &shown, &o);
	if (!r)
		r = cli_replay_api(file, shown, &o, s, false);
	tcesim_setup_free(s);
	return r;
}
