/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tcesim command line, private to cli/: the dispatcher and help
 * (cli.c), the model options and `config` (cli_model.c), `run` and
 * `replay` (cli_run.c), `import` and `convert` (cli_trace.c). `failnth`,
 * `traffic` and `sweep` come from their own folders (tcesim/failnth.h,
 * tcesim/traffic.h, tcesim/sweep.h).
 *
 * Exit codes: 0 ok, 1 an expectation failed, 2 usage, input or output
 * error (REPLAY_* of tcesim/replay.h).
 */
#ifndef TCESIM_CLI_H
#define TCESIM_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/config.h"
#include "tcesim/replay.h"
#include "tcesim/tcesim.h"
#include "tcesim/trace.h"

/* Returns the process exit code. */
int cli_main(int argc, char **argv);

/* "tcesim: CMD: <fmt with arg>" and "Try 'tcesim CMD --help'." on
 * stderr (cmd NULL: the top level); returns exit code 2. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);
/* Loads a trace file (text or binary); -1 with the error printed. */
int cli_load_trace(const char *path, struct trace *t);
/* A size in the trace number syntax (0x, K/M/G/T); -1 if bad. */
int cli_parse_size(const char *s, uint64_t *v);
/* --dump-at's N (>= 1) or "end" (0); -1 if bad. */
int cli_parse_dump_at(const char *s, uint64_t *n);

/* ---- model options shared by run, replay and config (cli_model.c) ---- */

#define CLI_PROG "tcesim"
#define CLI_MAX_CONFIG_ARGS 64

struct cli_model_opts {
	const char *cmd;			/* the command, for messages */
	const char *files[CLI_MAX_CONFIG_ARGS];	/* --config, in order */
	const char *sets[CLI_MAX_CONFIG_ARGS];	/* --set, in order */
	unsigned nfiles, nsets;
	const char *mode;			/* --mode */
	struct tcesim_config cfg;		/* the result of cli_model_load */
};

/*
 * argv[*i] is one of the model options (and, with o, --epoch,
 * --epoch-csv, --csv): consume it and its argument. 1 consumed, 0 not a
 * model option, -1 usage error (printed).
 */
int cli_model_opt(int argc, char **argv, int *i, struct cli_model_opts *mo,
		  struct replay_opts *o);
/* Defaults, then the files in order, then the --set overrides in order;
 * with o, points o at the result and sets the mode. 0, or exit code 2
 * with "file:line: what was expected" printed. */
int cli_model_load(struct cli_model_opts *mo, struct replay_opts *o);
/* The same options as a libtcesim setup (the files, the overrides, the
 * mode), for run and replay, which go through the library's API. NULL
 * with "tcesim: file:line: what was expected" printed. */
tcesim_setup *cli_model_setup(const struct cli_model_opts *mo);

/* ---- --rtl: the RTL twin in lockstep (cli_rtl.c) ---- */

struct cli_rtl;
/* Whether this build has the RTL twin (Verilator was found). */
bool cli_rtl_available(void);
/* A lockstep for the machine given *h and *ctx as its phb3_hooks: fst
   (NULL: none) is --rtl-trace. NULL when the build has no twin or out
   of memory. */
struct machine_phb3_hooks;
struct cli_rtl *cli_rtl_create(const char *fst,
			       const struct machine_phb3_hooks **h, void **ctx);
/* `tcesim traffic` with --rtl available. */
int cli_traffic(int argc, char **argv);
/* The mismatches on err, then "rtl lockstep: N requests, M mismatches"
   on f. Returns M. */
uint64_t cli_rtl_report(struct cli_rtl *c, FILE *f, FILE *err);
void cli_rtl_free(struct cli_rtl *c);

/* ---- the subcommands: main(argc, argv) of what follows the name ---- */

int cli_config(int argc, char **argv);		/* cli_model.c */
int cli_run(int argc, char **argv);		/* cli_run.c */
int cli_replay(int argc, char **argv);		/* cli_run.c */
int cli_import(int argc, char **argv);		/* cli_trace.c */
int cli_convert(int argc, char **argv);		/* cli_trace.c */
int cli_elf(int argc, char **argv);		/* cli_elf.c */

#endif /* TCESIM_CLI_H */
