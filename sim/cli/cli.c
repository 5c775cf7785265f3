// SPDX-License-Identifier: GPL-2.0
/*
 * The tcesim command line: the subcommand table with each command's help
 * text, `--help` (overall and per command), `--version`, `--man` (the
 * manual page docs/tcesim.1, made from the same help texts), usage
 * errors, loading a trace, and the check of standard output at exit.
 * The subcommands themselves: cli_model.c (config), cli_run.c (run,
 * replay), cli_trace.c (import, convert), cli_elf.c (elf), and failnth,
 * traffic, sweep from their folders.
 *
 * Exit codes: 0 ok, 1 an expectation failed, 2 usage, input or output
 * error.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcesim/failnth.h"
#include "tcesim/sim_io.h"
#include "tcesim/sweep.h"
#include "tcesim/trace.h"

#ifndef TCESIM_VERSION
#define TCESIM_VERSION "0.1.0"
#endif

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", CLI_PROG);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	fprintf(stderr, fmt, arg);
	if (cmd)
		fprintf(stderr, "\nTry '%s %s --help'.\n", CLI_PROG, cmd);
	else
		fprintf(stderr, "\nTry '%s --help'.\n", CLI_PROG);
	return REPLAY_INPUT_ERROR;
}

/* ---- help texts ------------------------------------------------------------ */

static const char overview[] =
"A simulator of the IBM POWER DMA-translation stack (PHB3 IODA2, P5IOC2,\n"
"OPAL-style firmware, VFIO sPAPR TCE driver) driven by traces.\n";

static const char exit_codes[] =
"exit codes: 0 ok; 1 an expectation failed (replay, run: also an operation\n"
"failing with an errno the trace does not expect, unless --tolerant;\n"
"failnth: a problem found; sweep: a point failed); 2 usage, input or output\n"
"error (bad option, unreadable or invalid input, machine set-up failure,\n"
"an output file that cannot be created or written).\n";

static const char report_opts[] =
"report options:\n"
"  --check          stop at the first failed expectation (without it the\n"
"                   replay goes on and still exits 1)\n"
"  --tolerant       an operation failing with an errno the trace does not\n"
"                   expect (no expect.errno=) is counted and noted, not a\n"
"                   failed expectation (replaying a log as it comes)\n"
"  --json FILE      the final report as JSON\n"
"  --csv FILE       the final statistics as CSV\n"
"  --record OUT     the executed operations with their results as a trace\n"
"                   (replaying OUT gives the same results)\n"
"  --invariants     check isolation, pins, locked_vm and table counters\n"
"                   after every operation (docs/reliability-failnth.md)\n"
"  --quiet          no per-operation lines\n"
"  --rtl            run the RTL twin of the PHB3 fetch unit in lockstep with\n"
"                   every PHB3 (every IO-page lookup, register write and\n"
"                   table read checked; docs/rtl.md); the report ends with\n"
"                   'rtl lockstep: N requests, M mismatches', a mismatch\n"
"                   (printed on stderr) makes the exit status 1; timing\n"
"                   mode needs link.enabled=0 (the twin has no PCIe link)\n"
"  --rtl-trace FILE.fst  the same, writing the twin's waveform to FILE.fst\n"
"                   (open it with gtkwave); PHB N > 0: FILE-phbN.fst\n"
"  FILE '-' is standard output; the human report then goes to stderr, so\n"
"  stdout holds only that file. Every output file is created before the\n"
"  first operation runs.\n"
"checkpoint options (docs/images.md):\n"
"  --load FILE      load an ELF right after boot: a tcesim checkpoint\n"
"                   restores the machine and the report's counters (the\n"
"                   trace's configuration must match it), any other ELF\n"
"                   places its memory\n"
"  --dump-at N|end FILE  write a checkpoint (an ELF core: RAM and hardware\n"
"                   state) after operation N (counted from 1, machine and\n"
"                   boot included) or the last; boot kernel=0 traces only.\n"
"                   FILE is a file, not '-', created before the run and\n"
"                   removed again if the run stops before operation N\n"
"  The trace verbs 'load path=F' and 'dump path=F' do the same at their\n"
"  place in the trace, F relative to the trace's folder.\n"
"model options:\n"
"  --config FILE    model parameters from an .ini (repeatable, in order)\n"
"  --set KEY=VALUE  override one parameter after the files (repeatable)\n"
"  --mode M         functional (default) or timing (cycle-approximate)\n"
"  --epoch FILE     periodic reports every stats.epoch_cycles (timing\n"
"                   mode): JSON if FILE ends in .json, else CSV\n"
"  --epoch-csv FILE the same, always CSV\n";

static void help_replay(FILE *f)
{
	fprintf(f,
"usage: tcesim replay [options] TRACE\n"
"\n"
"Execute a trace (text or binary; '-' reads standard input) on the\n"
"simulated machine: one line per operation (errno, returned values, DMA\n"
"translation or fault), then a report. Failed expectations are printed on\n"
"stderr with file:line. The trace language: docs/trace-format.md.\n"
"\n%s\n%s", report_opts, exit_codes);
}

static void help_run(FILE *f)
{
	fprintf(f,
"usage: tcesim run [options] [SCENARIO]\n"
"       tcesim run --list\n"
"\n"
"Replay a named scenario: SCENARIO.trace from $TCESIM_SCENARIOS, the\n"
"scenarios/ folder next to the build tree, the installed share directory\n"
"or the source tree. Without SCENARIO: the v2 demo,\n"
"scenarios/default/default.trace.\n"
"\n"
"  --list           list the scenarios\n"
"\n%s\n%s", report_opts, exit_codes);
}

static void help_import(FILE *f)
{
	fprintf(f,
"usage: tcesim import qemu LOG -o TRACE [options]\n"
"\n"
"Convert a QEMU trace log (-trace 'spapr_iommu_*' -trace 'vfio_*', or\n"
"memory_region_ops_* of the PHB3 registers) into a trace; LOG and TRACE\n"
"may be '-' (standard input, standard output). Counts of converted,\n"
"commented, ignored, malformed and unknown events go to stderr.\n"
"\n"
"options:\n"
"  -o TRACE         the trace to write (created before the log is read)\n"
"  --ua-base N      user address = guest address + N (default\n"
"                   0x7e0000000000, where a VMM's guest RAM is)\n"
"  --guest-ram SIZE guest RAM size, a multiple of 64K (the host page),\n"
"                   e.g. 4G (default: inferred from the log)\n"
"  --infer-indirect assume H_PUT_TCE_INDIRECT maps consecutive pages\n"
"                   (default: the entries device translations show)\n"
"\n%s", exit_codes);
}

static void help_convert(FILE *f)
{
	fprintf(f,
"usage: tcesim convert IN OUT [--to text|binary]\n"
"\n"
"Convert a text trace into a compact binary trace, or back. IN and OUT\n"
"may be '-' (standard input, standard output).\n"
"\n"
"  --to K           output kind: text or binary (default: the other kind)\n"
"\n%s", exit_codes);
}

static void help_elf(FILE *f)
{
	fprintf(f,
"usage: tcesim elf info FILE\n"
"\n"
"Print an ELF image's header, every program header and every note, with\n"
"the hardware state notes of a tcesim checkpoint decoded (docs/images.md):\n"
"configuration, clock, memory, firmware, every PHB's registers, IODA\n"
"tables and caches, timing units, the replay's counters. FILE is a file\n"
"(not '-'): an ELF is read at its offsets.\n"
"\n%s", exit_codes);
}

static void help_config(FILE *f)
{
	fprintf(f,
"usage: tcesim config [options]\n"
"\n"
"Print the effective model configuration as an .ini.\n"
"\n"
"  --config FILE    model parameters from an .ini (repeatable, in order)\n"
"  --set KEY=VALUE  override one parameter (repeatable)\n"
"  --help-params    every parameter: default, range, unit, meaning\n"
"  --markdown       the parameter table in Markdown (for docs)\n"
"\n%s", exit_codes);
}

/* The subcommands: name, main(argc, argv) of what follows the name, a
 * one-line summary and the help text. */
static const struct command {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *synopsis, *summary;
	void (*help)(FILE *f);
} commands[] = {
	{ "run", cli_run, "run [options] [SCENARIO]",
	  "run a named scenario (default: the v2 demo)", help_run },
	{ "replay", cli_replay, "replay [options] TRACE",
	  "execute a trace and report results", help_replay },
	{ "import", cli_import, "import qemu LOG -o TRACE [options]",
	  "convert a QEMU trace log into a trace", help_import },
	{ "convert", cli_convert, "convert IN OUT [--to text|binary]",
	  "text trace <-> compact binary trace", help_convert },
	{ "config", cli_config, "config [options]",
	  "print the configuration; every model parameter", help_config },
	{ "failnth", cli_failnth, "failnth [options] TRACE...",
	  "fail each kernel allocation / page pin in turn", failnth_cli_help },
	{ "traffic", cli_traffic, "traffic [options] [key=value ...]",
	  "device traffic generators through the PHB and driver",
	  traffic_cli_help },
	{ "sweep", sweep_cli_main, "sweep --grid key=v1,v2 [options]",
	  "traffic or a trace over a parameter grid; shards, merge, plots",
	  sweep_cli_help },
	{ "elf", cli_elf, "elf info FILE",
	  "an ELF's segments and notes, checkpoints decoded", help_elf },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(FILE *f)
{
	fprintf(f, "usage: %s <command> [options]\n\n%s\ncommands:\n", CLI_PROG,
		overview);
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
"\n"
"  --help           this text; '%s COMMAND --help': that command's options\n"
"  --version        print the version\n"
"  --man            print the manual page (roff)\n"
"\n%s"
"The trace language: docs/trace-format.md.\n", CLI_PROG, exit_codes);
}

/* ---- the manual page ------------------------------------------------------- */

/* Text as roff in no-fill mode: backslashes escaped, no line read as a
 * request. */
static void roff_text(FILE *f, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
		bol = *s == '\n';
	}
}

/* One help function's text into a string. */
static char *help_text(void (*fn)(FILE *f))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	fn(m);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int man_page(FILE *f)
{
	fprintf(f, ".\\\" Generated by 'tcesim --man' from the help texts; do not edit.\n");
	fprintf(f, ".TH TCESIM 1 \"\" \"tcesim %s\" \"User Commands\"\n", TCESIM_VERSION);
	fputs(".SH NAME\ntcesim \\- simulator of the IBM POWER DMA\\-translation stack\n", f);
	fputs(".SH SYNOPSIS\n.nf\n", f);
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		fputs("\\fBtcesim\\fR ", f);
		roff_text(f, commands[i].synopsis);
		fputc('\n', f);
	}
	fputs("\\fBtcesim\\fR \\-\\-help | \\-\\-version | \\-\\-man\n.fi\n", f);
	fputs(".SH DESCRIPTION\n", f);
	roff_text(f, overview);
	fputs(".PP\nEach command prints its options with \\fBtcesim\\fR "
	      "\\fIcommand\\fR \\fB\\-\\-help\\fR; they follow.\n", f);
	fputs(".SH COMMANDS\n", f);
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		char *t = help_text(commands[i].help);

		if (!t)
			return -1;
		fprintf(f, ".SS %s\n%s.\n.PP\n.nf\n", commands[i].name,
			commands[i].summary);
		roff_text(f, t);
		fputs(".fi\n", f);
		free(t);
	}
	fputs(".SH EXIT STATUS\n.nf\n", f);
	roff_text(f, exit_codes);
	fputs(".fi\n.SH ENVIRONMENT\n.TP\n.B TCESIM_SCENARIOS\n"
	      "the first directory \\fBtcesim run\\fR searches for scenarios\n"
	      ".TP\n.B TCESIM_NO_GNUPLOT\n"
	      "when set (and not 0), \\fBtcesim sweep \\-\\-plot\\fR writes "
	      "gnuplot data and scripts without rendering them\n", f);
	fputs(".SH SEE ALSO\n"
	      "docs/trace-format.md (the trace language, replay rules and exit "
	      "codes), docs/images.md (ELF images and checkpoints), "
	      "docs/whatif.md (traffic and sweeps), "
	      "docs/timing-model.md, docs/reliability.md in the source tree.\n",
	      f);
	return 0;
}

/* ---- shared helpers ----------------------------------------------------------- */

int cli_parse_size(const char *s, uint64_t *v)
{
	char buf[80];
	struct trace t;
	struct trace_error e;

	/* Reuse the trace number syntax (0x, K/M/G/T). */
	if (strlen(s) > 40)
		return -1;
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

/* ---- dispatch ------------------------------------------------------------------- */

static bool is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(NULL, "missing %s", "command");
	const char *c = argv[1];
	if (is_help(c) || !strcmp(c, "help")) {
		if (argc > 2 && strcmp(c, "help") == 0) {
			for (size_t i = 0; i < NR_COMMANDS; i++)
				if (!strcmp(argv[2], commands[i].name)) {
					commands[i].help(stdout);
					return 0;
				}
			return cli_usage_error(NULL, "no command named '%s'", argv[2]);
		}
		help(stdout);
		return 0;
	}
	if (!strcmp(c, "--version")) {
		printf("tcesim %s (trace format %d)\n", TCESIM_VERSION, TRACE_VERSION);
		return 0;
	}
	if (!strcmp(c, "--man"))
		return man_page(stdout) ? REPLAY_INPUT_ERROR : 0;
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(c, commands[i].name))
			continue;
		/* `tcesim CMD --help` (anywhere among its arguments) */
		for (int a = 2; a < argc; a++)
			if (is_help(argv[a])) {
				commands[i].help(stdout);
				return 0;
			}
		return commands[i].main(argc - 2, argv + 2);
	}
	return cli_usage_error(NULL, "unknown command '%s'", c);
}

int cli_main(int argc, char **argv)
{
	char err[512];

	sim_io_stdout_init();
	int r = dispatch(argc, argv);

	/* Whatever went to stdout must have reached it (a full disk). */
	if (sim_stdout_check(err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	return r;
}
