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
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tcesim/sim_io.h"
#include "tcesim/tcesim_internal.h"

int cli_parse_dump_at(const char *s, uint64_t *n)
{
	if (!strcmp(s, "end")) {
		*n = 0;
		return 0;
	}
	return cli_parse_size(s, n) || !*n ? -1 : 0;
}

/* What run and replay share: the report and model options. */
struct replay_cli {
	struct replay_opts o;
	struct cli_model_opts mo;
	bool invariants;
	bool rtl;		/* --rtl */
	const char *rtl_trace;	/* --rtl-trace FILE.fst */
};

/*
 * argv[*i] is a report option of run/replay (or a model option):
 * consume it and its argument. 1 consumed, 0 not one of them, -1 usage
 * error (printed).
 */
static int report_opt(struct replay_cli *c, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char **path = NULL;
	int mr = cli_model_opt(argc, argv, i, &c->mo, &c->o);

	if (mr)
		return mr;
	if (!strcmp(a, "--check"))
		c->o.check = true;
	else if (!strcmp(a, "--tolerant"))
		c->o.tolerant = true;
	else if (!strcmp(a, "--quiet"))
		c->o.quiet = true;
	else if (!strcmp(a, "--invariants"))
		c->invariants = true;
	else if (!strcmp(a, "--rtl"))
		c->rtl = true;
	else if (!strcmp(a, "--rtl-trace"))
		path = &c->rtl_trace;
	else if (!strcmp(a, "--json"))
		path = &c->o.json_path;
	else if (!strcmp(a, "--record"))
		path = &c->o.record_path;
	else if (!strcmp(a, "--load"))
		path = &c->o.load_path;
	else if (!strcmp(a, "--dump-at")) {
		if (*i + 2 >= argc) {
			cli_usage_error(c->mo.cmd, "option '%s' needs N|end and a FILE", a);
			return -1;
		}
		if (cli_parse_dump_at(argv[*i + 1], &c->o.dump_at)) {
			cli_usage_error(c->mo.cmd, "--dump-at N|end FILE: N must be an operation number (1, 2, ...) or 'end', not '%s'",
					argv[*i + 1]);
			return -1;
		}
		if (sim_io_is_std(argv[*i + 2])) {
			cli_usage_error(c->mo.cmd, "--dump-at N|end FILE: a checkpoint is written at file offsets: give a file, not '%s'",
					argv[*i + 2]);
			return -1;
		}
		c->o.dump_path = argv[*i + 2];
		*i += 2;
		return 1;
	} else
		return 0;
	if (!path)
		return 1;
	if (*i + 1 >= argc) {
		cli_usage_error(c->mo.cmd, "option '%s' needs a FILE", a);
		return -1;
	}
	if (path == &c->o.load_path && sim_io_is_std(argv[*i + 1])) {
		cli_usage_error(c->mo.cmd, "--load FILE: an ELF is read at its offsets: give a file, not '%s'",
				argv[*i + 1]);
		return -1;
	}
	*path = argv[++*i];
	return 1;
}

/*
 * At most one output file may be stdout ("-"); when one is, the human
 * output (per-operation lines, text report) goes to stderr so stdout
 * holds only that file. 0, or exit code 2 (printed).
 */
static int outputs_to_stdout(struct replay_cli *c)
{
	const char *const paths[] = { c->o.json_path, c->o.csv_path,
				      c->o.record_path, c->o.epoch_path };
	unsigned n = 0;

	for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]); k++)
		n += sim_io_is_std(paths[k]);
	if (n > 1)
		return cli_usage_error(c->mo.cmd, "only one of --json, --csv, --record and --epoch can be '-' (stdout)%s", "");
	c->o.out = n ? stderr : stdout;
	return 0;
}

/* The trace at path replayed through libtcesim with the options (name:
   the trace's name in messages, NULL: its path), the RTL twin in
   lockstep with every PHB3 if asked (--rtl). */
static int replay_api(struct replay_cli *c, const char *path,
		      const char *name)
{
	const struct replay_opts *o = &c->o;
	tcesim_setup *s = cli_model_setup(&c->mo);
	struct cli_rtl *rtl = NULL;

	if (!s)
		return REPLAY_INPUT_ERROR;
	if (c->rtl) {
		const struct machine_phb3_hooks *h;
		void *ctx;

		rtl = cli_rtl_create(c->rtl_trace, &h, &ctx);
		if (!rtl) {
			fprintf(stderr, "%s: out of memory\n", CLI_PROG);
			tcesim_setup_free(s);
			return REPLAY_INPUT_ERROR;
		}
		api_setup_phb3_hooks(s, h, ctx);
	}
	const struct tcesim_replay_opts ao = {
		.setup = s, .check = o->check, .tolerant = o->tolerant,
		.quiet = o->quiet, .invariants = c->invariants,
		.progress = o->progress, .out = o->out, .title = o->title,
		.name = name, .json_path = o->json_path,
		.record_path = o->record_path, .csv_path = o->csv_path,
		.epoch_path = o->epoch_path, .load_path = o->load_path,
		.dump_path = o->dump_path, .dump_at = o->dump_at,
	};
	int r = tcesim_replay_file(path, &ao);

	tcesim_setup_free(s);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, tcesim_errmsg());
		cli_rtl_free(rtl);
		return REPLAY_INPUT_ERROR;
	}
	if (rtl && cli_rtl_report(rtl, o->out, stderr) && r == REPLAY_OK)
		r = REPLAY_MISMATCH;
	cli_rtl_free(rtl);
	return r;
}

/* --rtl and --rtl-trace: the build has the twin, and the waveform file
   can be created (before the first operation). 0, or exit code 2. */
static int rtl_opts_check(struct replay_cli *c)
{
	FILE *f;

	if (c->rtl_trace)
		c->rtl = true;
	if (!c->rtl)
		return 0;
	if (!cli_rtl_available())
		return cli_usage_error(c->mo.cmd, "--rtl: this tcesim was built without the RTL twin (Verilator not found at configure time)%s", "");
	if (!c->rtl_trace)
		return 0;
	if (sim_io_is_std(c->rtl_trace))
		return cli_usage_error(c->mo.cmd, "--rtl-trace writes an FST file, not '%s'", c->rtl_trace);
	f = fopen(c->rtl_trace, "w");
	if (!f || fclose(f)) {
		fprintf(stderr, "%s: --rtl-trace: cannot create '%s': %s\n",
			CLI_PROG, c->rtl_trace, strerror(errno));
		return REPLAY_INPUT_ERROR;
	}
	return 0;
}

int cli_replay(int argc, char **argv)
{
	struct replay_cli c = { .mo = { .cmd = "replay" } };
	const char *path = NULL;

	for (int i = 0; i < argc; i++) {
		int mr = report_opt(&c, argc, argv, &i);

		if (mr < 0)
			return REPLAY_INPUT_ERROR;
		if (mr)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("replay", "unknown option '%s'", argv[i]);
		else if (!path)
			path = argv[i];
		else
			return cli_usage_error("replay", "unexpected argument '%s' (one TRACE)", argv[i]);
	}
	if (!path)
		return cli_usage_error("replay", "missing %s (a file, or '-' for standard input)", "TRACE");
	if (outputs_to_stdout(&c) || cli_model_load(&c.mo, &c.o) ||
	    rtl_opts_check(&c))
		return REPLAY_INPUT_ERROR;
	c.o.progress = isatty(2);
	return replay_api(&c, path, NULL);
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
		return cli_usage_error("run", "no scenario named '%s' (see 'tcesim run --list')", name);
	*file = path;
	*shown = NULL;
	o->title = name;
	return 0;
}

int cli_run(int argc, char **argv)
{
	char dirs[MAX_DIRS][PATH_MAX];
	int nd = scenario_dirs(dirs, MAX_DIRS);
	struct replay_cli c = { .mo = { .cmd = "run" } };
	const char *name = NULL;
	bool list = false;

	for (int i = 0; i < argc; i++) {
		int mr = report_opt(&c, argc, argv, &i);

		if (mr < 0)
			return REPLAY_INPUT_ERROR;
		if (mr)
			continue;
		if (!strcmp(argv[i], "--list"))
			list = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("run", "unknown option '%s'", argv[i]);
		else if (!name)
			name = argv[i];
		else
			return cli_usage_error("run", "unexpected argument '%s' (one SCENARIO)", argv[i]);
	}
	if (list)
		return list_scenarios(dirs, nd);
	if (outputs_to_stdout(&c) || cli_model_load(&c.mo, &c.o) ||
	    rtl_opts_check(&c))
		return REPLAY_INPUT_ERROR;
	c.o.progress = isatty(2);
	const char *file = NULL, *shown = NULL;
	int r = find_scenario(dirs, nd, name, &file, &shown, &c.o);
	if (!r)
		r = replay_api(&c, file, shown);
	return r;
}
