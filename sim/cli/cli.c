// SPDX-License-Identifier: GPL-2.0
/*
 * The tcesim command line: option parsing and dispatch of the subcommands
 * run, replay, import, convert, config. The work is done by replay.c,
 * import_qemu.c, the trace codec and the .ini configuration (config.c);
 * this file only parses options.
 *
 * Exit codes: 0 ok, 1 an expectation failed, 2 usage or input error.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tcesim/failnth.h"
#include "tcesim/invariants.h"
#include "tcesim/import_qemu.h"
#include "tcesim/replay.h"
#include "tcesim/sweep.h"
#include "tcesim/config.h"
#include "tcesim/trace.h"

#ifndef TCESIM_VERSION
#define TCESIM_VERSION "0.1.0"
#endif
#ifndef TCESIM_SCENARIO_DIR
#define TCESIM_SCENARIO_DIR "/usr/local/share/tcesim/scenarios"
#endif

static const char *prog = "tcesim";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	return REPLAY_INPUT_ERROR;
}

static void help(FILE *f)
{
	fprintf(f,
"usage: %s <command> [options]\n"
"\n"
"A simulator of the IBM POWER DMA-translation stack (PHB3 IODA2, P5IOC2,\n"
"OPAL-style firmware, VFIO sPAPR TCE driver) driven by traces.\n"
"\n"
"commands:\n"
"  run [SCENARIO]       run a named scenario (default: the built-in v2 demo)\n"
"  run --list           list the scenarios\n"
"  replay TRACE         execute a trace (text or binary) and report results\n"
"      --check          exit 1 at the first expectation that does not hold\n"
"      --json FILE      also write the final report as JSON\n"
"      --csv FILE       also write the final report as CSV\n"
"      --record OUT     write the executed operations with their results\n"
"      --invariants     check isolation, pins, locked_vm and table counters\n"
"                       after every operation (docs/reliability-failnth.md)\n"
"      --quiet          no per-operation lines\n"
"    run and replay also take the model options:\n"
"      --config FILE    model parameters from an .ini (repeatable, in order)\n"
"      --set KEY=VALUE  override one parameter after the files (repeatable)\n"
"      --mode M         functional (default) or timing (cycle-approximate)\n"
"      --epoch FILE     periodic reports every stats.epoch_cycles (timing\n"
"                       mode): JSON if FILE ends in .json, else CSV\n"
"      --epoch-csv FILE the same, always CSV\n"
"  config               print the effective configuration as an .ini\n"
"      --config FILE, --set KEY=VALUE   as for run/replay\n"
"      --help-params    every parameter: default, range, unit, meaning\n"
"      --markdown       the parameter table in Markdown (for docs)\n"
"  import qemu LOG -o TRACE   convert a QEMU trace log into a trace\n"
"      --ua-base N      user address = guest address + N (default 0)\n"
"      --guest-ram SIZE guest RAM size (default: inferred from the log)\n"
"      --infer-indirect assume H_PUT_TCE_INDIRECT maps consecutive pages\n"
"  failnth TRACE...     fail each kernel allocation / page pin in turn\n"
"      --kind K         kmalloc|pages|pin|all (default all)\n"
"      --max N          at most N injection points per kind\n"
"      --sample S       every S-th point plus the first and last ten\n"
"      --per-op N       only the first and last N points of each operation\n"
"      --invariants     also check the invariants after every op of every run\n"
"      --json FILE      figures as JSON\n"
"      --progress       k/N on stderr\n"
"  traffic [key=value]  device traffic generators (stream, NIC rings, scatter)\n"
"                       through the PHB and VFIO driver: hit rate, latency,\n"
"                       throughput, driver cost (tcesim traffic --help)\n"
"  sweep --grid k=a,b   run traffic over a parameter grid; CSV/JSON, gnuplot\n"
"                       plots, --shard i/n, --merge (tcesim sweep --help)\n"
"  convert IN OUT       text trace <-> compact binary trace\n"
"      --to text|binary output kind (default: the other kind)\n"
"  --help               this text\n"
"  --version            print the version\n"
"\n"
"exit codes: 0 ok, 1 expectation failed, 2 usage or input error.\n"
"The trace language: docs/trace-format.md.\n", prog);
}

static int parse_size(const char *s, uint64_t *v)
{
	char buf[80];
	struct trace t;
	struct trace_error e;

	/* Reuse the trace number syntax (0x, K/M/G/T). */
	snprintf(buf, sizeof(buf), "tcesim-trace 1\nexpect locked_vm=%s\n", s);
	if (trace_parse_buffer("arg", buf, strlen(buf), &t, &e))
		return -1;
	*v = t.ops[0].kv[0].num;
	bool neg = t.ops[0].kv[0].neg;
	trace_free(&t);
	return neg ? -1 : 0;
}

static int load(const char *path, struct trace *t)
{
	struct trace_error e;
	char msg[512];

	if (trace_load_file(path, t, &e)) {
		trace_error_format(&e, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return -1;
	}
	return 0;
}

/* ---- model options shared by run, replay and config ---- */

#define MAX_CONFIG_ARGS 64

struct model_opts {
	const char *files[MAX_CONFIG_ARGS];
	const char *sets[MAX_CONFIG_ARGS];
	unsigned nfiles, nsets;
	const char *mode;
	struct tcesim_config cfg;
};

/*
 * argv[*i] is one of the model options: consume it (and its argument).
 * 1 consumed, 0 not a model option, -1 usage error (printed).
 */
static int model_opt(int argc, char **argv, int *i, struct model_opts *mo,
		     struct replay_opts *o)
{
	const char *a = argv[*i];
	bool has = *i + 1 < argc;

	if (!strcmp(a, "--config") || !strcmp(a, "--set")) {
		bool file = a[2] == 'c';
		unsigned *n = file ? &mo->nfiles : &mo->nsets;

		if (!has) {
			usage_error("option '%s' needs an argument", a);
			return -1;
		}
		if (*n >= MAX_CONFIG_ARGS) {
			usage_error("too many %s options", a);
			return -1;
		}
		(file ? mo->files : mo->sets)[(*n)++] = argv[++*i];
		return 1;
	}
	if (!strcmp(a, "--mode")) {
		if (!has) {
			usage_error("option '%s' needs an argument", a);
			return -1;
		}
		mo->mode = argv[++*i];
		if (strcmp(mo->mode, "functional") && strcmp(mo->mode, "timing")) {
			usage_error("--mode must be functional or timing, not '%s'",
				    mo->mode);
			return -1;
		}
		return 1;
	}
	if (o && (!strcmp(a, "--epoch") || !strcmp(a, "--epoch-csv") ||
		  !strcmp(a, "--csv"))) {
		if (!has) {
			usage_error("option '%s' needs an argument", a);
			return -1;
		}
		if (!strcmp(a, "--csv"))
			o->csv_path = argv[++*i];
		else
			o->epoch_path = argv[++*i];
		if (!strcmp(a, "--epoch-csv")) {
			const char *dot = strrchr(o->epoch_path, '.');
			if (dot && !strcmp(dot, ".json")) {
				usage_error("--epoch-csv writes CSV: name it other than '%s'",
					    o->epoch_path);
				return -1;
			}
		}
		return 1;
	}
	return 0;
}

/* Defaults, then the files in order, then the --set overrides in order.
   0, or exit code 2 with "file:line: what was expected" printed. */
static int model_load(struct model_opts *mo, struct replay_opts *o)
{
	char err[512];

	tcesim_config_default(&mo->cfg);
	for (unsigned k = 0; k < mo->nfiles; k++)
		if (tcesim_config_load(&mo->cfg, mo->files[k], err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return REPLAY_INPUT_ERROR;
		}
	for (unsigned k = 0; k < mo->nsets; k++)
		if (tcesim_config_set(&mo->cfg, mo->sets[k], err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return REPLAY_INPUT_ERROR;
		}
	if (tcesim_config_validate(&mo->cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return REPLAY_INPUT_ERROR;
	}
	if (o) {
		o->config = &mo->cfg;
		o->timing = mo->mode && !strcmp(mo->mode, "timing");
	}
	return 0;
}

static int cmd_config(int argc, char **argv)
{
	struct model_opts mo = { .nfiles = 0 };
	enum { PRINT, HELP, MARKDOWN } what = PRINT;

	for (int i = 0; i < argc; i++) {
		int m = model_opt(argc, argv, &i, &mo, NULL);

		if (m < 0)
			return REPLAY_INPUT_ERROR;
		if (m)
			continue;
		if (!strcmp(argv[i], "--print"))
			what = PRINT;
		else if (!strcmp(argv[i], "--help-params"))
			what = HELP;
		else if (!strcmp(argv[i], "--markdown"))
			what = MARKDOWN;
		else
			return usage_error("config: unknown option '%s'", argv[i]);
	}
	if (model_load(&mo, NULL))
		return REPLAY_INPUT_ERROR;
	if (what == HELP)
		tcesim_config_print_help(stdout);
	else if (what == MARKDOWN)
		tcesim_config_print_markdown(stdout);
	else
		tcesim_config_print_ini(&mo.cfg, stdout);
	return 0;
}

static int cmd_replay(int argc, char **argv)
{
	bool invariants = false;
	struct replay_opts o = { .out = stdout };
	struct model_opts mo = { .nfiles = 0 };
	const char *path = NULL;

	for (int i = 0; i < argc; i++) {
		int mr = model_opt(argc, argv, &i, &mo, &o);

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
			return usage_error("replay: unknown or incomplete option '%s'", argv[i]);
		else if (!path)
			path = argv[i];
		else
			return usage_error("replay: unexpected argument '%s'", argv[i]);
	}
	if (!path)
		return usage_error("replay: missing %s", "TRACE");
	if (model_load(&mo, &o))
		return REPLAY_INPUT_ERROR;
	o.progress = isatty(2);
	struct trace t;
	if (load(path, &t))
		return REPLAY_INPUT_ERROR;
	struct replay_hooks ih;
	struct invariants *inv = invariants ? invariants_create() : NULL;
	if (inv) {
		invariants_hooks(inv, &ih);
		o.hooks = &ih;
	}
	int r = replay_trace(&t, &o);
	invariants_destroy(inv);
	trace_free(&t);
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
		n++;
	if (n < max)
		snprintf(dirs[n++], PATH_MAX, "%s", TCESIM_SCENARIO_DIR);
	return n;
}

static int cmd_run(int argc, char **argv)
{
	char dirs[4][PATH_MAX];
	int nd = scenario_dirs(dirs, 4);
	struct replay_opts o = { .out = stdout, .progress = isatty(2) };
	struct model_opts mo = { .nfiles = 0 };
	const char *name = NULL;
	bool list = false;

	for (int i = 0; i < argc; i++) {
		int mr = model_opt(argc, argv, &i, &mo, &o);

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
			return usage_error("run: unknown option '%s'", argv[i]);
		else if (!name)
			name = argv[i];
		else
			return usage_error("run: unexpected argument '%s'", argv[i]);
	}
	if (list) {
		printf("default (built in): %s\n", cli_default_scenario_title);
		for (int d = 0; d < nd; d++) {
			char cmd[PATH_MAX + 64];
			if (access(dirs[d], R_OK))
				continue;
			printf("scenarios in %s:\n", dirs[d]);
			if (snprintf(cmd, sizeof(cmd), "%s/INDEX", dirs[d]) >=
			    (int)sizeof(cmd))
				continue;
			FILE *f = fopen(cmd, "r");
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
	if (model_load(&mo, &o))
		return REPLAY_INPUT_ERROR;
	struct trace t;
	if (!name || !strcmp(name, "default")) {
		struct trace_error e;
		char msg[512];
		if (trace_parse_buffer("default", cli_default_scenario,
				       strlen(cli_default_scenario), &t, &e)) {
			trace_error_format(&e, msg, sizeof(msg));
			fprintf(stderr, "%s\n", msg);
			return REPLAY_INPUT_ERROR;
		}
		o.title = cli_default_scenario_title;
	} else {
		char path[2 * PATH_MAX];
		int d;
		for (d = 0; d < nd; d++) {
			if (snprintf(path, sizeof(path), "%s/%s%s", dirs[d], name,
				     strstr(name, ".trace") ? "" : ".trace") >=
			    (int)sizeof(path))
				continue;
			if (!access(path, R_OK))
				break;
		}
		if (d == nd)
			return usage_error("run: no scenario named '%s' (see 'tcesim run --list')", name);
		if (load(path, &t))
			return REPLAY_INPUT_ERROR;
		o.title = name;
	}
	int r = replay_trace(&t, &o);
	trace_free(&t);
	return r;
}

static int cmd_import(int argc, char **argv)
{
	struct import_qemu_opts io;
	const char *in = NULL, *out = NULL;

	import_qemu_opts_default(&io);
	if (argc < 1 || strcmp(argv[0], "qemu"))
		return usage_error("import: the only source is 'qemu' (got '%s')",
				   argc ? argv[0] : "");
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--ua-base") && i + 1 < argc) {
			if (parse_size(argv[++i], &io.ua_base))
				return usage_error("import: bad --ua-base '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--guest-ram") && i + 1 < argc) {
			if (parse_size(argv[++i], &io.guest_ram))
				return usage_error("import: bad --guest-ram '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--infer-indirect")) {
			io.infer_indirect = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("import: unknown or incomplete option '%s'", argv[i]);
		} else if (!in) {
			in = argv[i];
		} else {
			return usage_error("import: unexpected argument '%s'", argv[i]);
		}
	}
	if (!in || !out)
		return usage_error("import: usage: import qemu LOG -o TRACE%s", "");
	FILE *f = fopen(in, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", in, strerror(errno));
		return REPLAY_INPUT_ERROR;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);

	struct trace t;
	struct import_qemu_stats st;
	struct trace_error e;
	int r = import_qemu(in, buf, len, &io, &t, &st, &e);
	free(buf);
	if (r) {
		char msg[512];
		trace_error_format(&e, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return REPLAY_INPUT_ERROR;
	}
	FILE *o = strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!o) {
		fprintf(stderr, "%s: cannot create: %s\n", out, strerror(errno));
		trace_free(&t);
		return REPLAY_INPUT_ERROR;
	}
	trace_write_text(&t, o);
	if (o != stdout)
		fclose(o);
	fprintf(stderr,
		"%s: %u lines, %u events: %u converted, %u as comments, %u ignored, %u malformed, %u unknown\n",
		in, st.lines, st.events, st.converted, st.noted, st.ignored,
		st.malformed, st.unknown);
	for (unsigned i = 0; i < st.n_unknown_names; i++)
		fprintf(stderr, "  unknown event %s: %u\n",
			st.unknown_names[i].name, st.unknown_names[i].count);
	trace_free(&t);
	return 0;
}

static int cmd_convert(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *to = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("convert: unknown option '%s'", argv[i]);
		else if (!in)
			in = argv[i];
		else if (!out)
			out = argv[i];
		else
			return usage_error("convert: unexpected argument '%s'", argv[i]);
	}
	if (!in || !out)
		return usage_error("convert: usage: convert IN OUT [--to text|binary]%s", "");
	if (to && strcmp(to, "text") && strcmp(to, "binary"))
		return usage_error("convert: --to must be text or binary, not '%s'", to);
	FILE *f = fopen(in, "rb");
	char magic[8] = { 0 };
	if (f) {
		if (fread(magic, 1, 8, f) != 8)
			memset(magic, 0, sizeof(magic));
		fclose(f);
	}
	bool in_bin = !memcmp(magic, TRACE_MAGIC_BIN, 8);
	bool out_bin = to ? !strcmp(to, "binary") : !in_bin;
	struct trace t;
	if (load(in, &t))
		return REPLAY_INPUT_ERROR;
	FILE *o = fopen(out, "wb");
	if (!o) {
		fprintf(stderr, "%s: cannot create: %s\n", out, strerror(errno));
		trace_free(&t);
		return REPLAY_INPUT_ERROR;
	}
	int r = out_bin ? trace_write_binary(&t, o) : trace_write_text(&t, o);
	if (fclose(o) || r) {
		fprintf(stderr, "%s: write error\n", out);
		r = -1;
	}
	trace_free(&t);
	return r ? REPLAY_INPUT_ERROR : 0;
}

/* The subcommands: name -> main(argc, argv) of what follows the name. */
static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} commands[] = {
	{ "run", cmd_run },
	{ "replay", cmd_replay },
	{ "import", cmd_import },
	{ "convert", cmd_convert },
	{ "config", cmd_config },
	{ "failnth", cli_failnth },
	{ "traffic", traffic_cli_main },
	{ "sweep", sweep_cli_main },
};

int cli_main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing %s", "command");
	const char *c = argv[1];
	if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
		help(stdout);
		return 0;
	}
	if (!strcmp(c, "--version")) {
		printf("tcesim %s (trace format %d)\n", TCESIM_VERSION, TRACE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(c, commands[i].name))
			return commands[i].main(argc - 2, argv + 2);
	return usage_error("unknown command '%s'", c);
}
