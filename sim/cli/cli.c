// SPDX-License-Identifier: GPL-2.0
/*
 * The tcesim command line: the subcommand table, --help and --version,
 * and what the subcommands share (usage errors, loading a trace, sizes).
 * The subcommands themselves: cli_model.c (config), cli_run.c (run,
 * replay), cli_trace.c (import, convert), and failnth, traffic, sweep
 * from their folders.
 *
 * Exit codes: 0 ok, 1 an expectation failed, 2 usage or input error.
 */
#include <string.h>

#include "cli.h"
#include "tcesim/failnth.h"
#include "tcesim/sweep.h"
#include "tcesim/trace.h"

#ifndef TCESIM_VERSION
#define TCESIM_VERSION "0.1.0"
#endif

int cli_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", CLI_PROG);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help'.\n", CLI_PROG);
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
"  run [SCENARIO]       run a named scenario (default: the v2 demo,\n"
"                       scenarios/default/default.trace)\n"
"  run --list           list the scenarios\n"
"  replay TRACE         execute a trace (text or binary) and report results\n"
"      --check          exit 1 at the first expectation that does not hold\n"
"      --json FILE      also write the final report as JSON\n"
"      --csv FILE       also write the final report as CSV\n"
"      --record OUT     write the executed operations with their results\n"
"      --invariants     check isolation, pins, locked_vm and table counters\n"
"                       after every operation (docs/reliability-failnth.md)\n"
"      --quiet          no per-operation lines\n"
"      --load FILE      load an ELF right after boot: a tcesim checkpoint\n"
"                       restores the machine, any other ELF places memory\n"
"                       (docs/images.md; run takes it too)\n"
"      --dump-at N|end FILE  write a checkpoint after operation N (or the\n"
"                       last); boot kernel=0 traces only\n"
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
"  elf info FILE        an ELF's segments and notes, tcesim's notes decoded\n"
"  convert IN OUT       text trace <-> compact binary trace\n"
"      --to text|binary output kind (default: the other kind)\n"
"  --help               this text\n"
"  --version            print the version\n"
"\n"
"exit codes: 0 ok, 1 expectation failed, 2 usage or input error.\n"
"The trace language: docs/trace-format.md.\n", CLI_PROG);
}

int cli_parse_size(const char *s, uint64_t *v)
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

int cli_load_trace(const char *path, struct trace *t)
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

/* The subcommands: name -> main(argc, argv) of what follows the name. */
static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} commands[] = {
	{ "run", cli_run },
	{ "replay", cli_replay },
	{ "import", cli_import },
	{ "convert", cli_convert },
	{ "config", cli_config },
	{ "failnth", cli_failnth },
	{ "traffic", traffic_cli_main },
	{ "sweep", sweep_cli_main },
	{ "elf", cli_elf },
};

int cli_main(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("missing %s", "command");
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
	return cli_usage_error("unknown command '%s'", c);
}
