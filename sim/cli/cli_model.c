// SPDX-License-Identifier: GPL-2.0
/*
 * The model options of run, replay and config (--config, --set, --mode,
 * and for run/replay --epoch, --epoch-csv, --csv), and `tcesim config`,
 * which prints the configuration they make.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

#define CLI_MAX_CONFIG_ARGS 64

/*
 * argv[*i] is one of the model options: consume it (and its argument).
 * 1 consumed, 0 not a model option, -1 usage error (printed).
 */
int cli_model_opt(int argc, char **argv, int *i, struct cli_model_opts *mo,
		     struct replay_opts *o)
{
	const char *a = argv[*i];
	bool has = *i + 1 < argc;

	if (!strcmp(a, "--config") || !strcmp(a, "--set")) {
		bool file = a[2] == 'c';
		unsigned *n = file ? &mo->nfiles : &mo->nsets;

		if (!has) {
			cli_usage_error(mo->cmd, "option '%s' needs an argument", a);
			return -1;
		}
		if (*n >= CLI_MAX_CONFIG_ARGS) {
			cli_usage_error(mo->cmd, "too many %s options", a);
			return -1;
		}
		(file ? mo->files : mo->sets)[(*n)++] = argv[++*i];
		return 1;
	}
	if (!strcmp(a, "--mode")) {
		if (!has) {
			cli_usage_error(mo->cmd, "option '%s' needs an argument", a);
			return -1;
		}
		mo->mode = argv[++*i];
		if (strcmp(mo->mode, "functional") && strcmp(mo->mode, "timing")) {
			cli_usage_error(mo->cmd, "--mode must be functional or timing, not '%s'",
					mo->mode);
			return -1;
		}
		return 1;
	}
	if (o && (!strcmp(a, "--epoch") || !strcmp(a, "--epoch-csv") ||
		  !strcmp(a, "--csv"))) {
		if (!has) {
			cli_usage_error(mo->cmd, "option '%s' needs an argument", a);
			return -1;
		}
		if (!strcmp(a, "--csv"))
			o->csv_path = argv[++*i];
		else
			o->epoch_path = argv[++*i];
		if (!strcmp(a, "--epoch-csv")) {
			const char *dot = strrchr(o->epoch_path, '.');
			if (dot && !strcmp(dot, ".json")) {
				cli_usage_error(mo->cmd, "--epoch-csv writes CSV: name it other than '%s'",
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
int cli_model_load(struct cli_model_opts *mo, struct replay_opts *o)
{
	char err[512];

	tcesim_config_default(&mo->cfg);
	for (unsigned k = 0; k < mo->nfiles; k++)
		if (tcesim_config_load(&mo->cfg, mo->files[k], err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", CLI_PROG, err);
			return REPLAY_INPUT_ERROR;
		}
	for (unsigned k = 0; k < mo->nsets; k++)
		if (tcesim_config_set(&mo->cfg, mo->sets[k], err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", CLI_PROG, err);
			return REPLAY_INPUT_ERROR;
		}
	if (tcesim_config_validate(&mo->cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	if (o) {
		o->config = &mo->cfg;
		o->timing = mo->mode && !strcmp(mo->mode, "timing");
	}
	return 0;
}

tcesim_setup *cli_model_setup(const struct cli_model_opts *mo)
{
	tcesim_setup *s = tcesim_setup_new();
	int rc = s ? 0 : -ENOMEM;

	for (unsigned k = 0; !rc && k < mo->nfiles; k++)
		rc = tcesim_setup_ini_file(s, mo->files[k]);
	for (unsigned k = 0; !rc && k < mo->nsets; k++)
		rc = tcesim_setup_set(s, mo->sets[k]);
	if (!rc && mo->mode)
		rc = tcesim_setup_set(s, !strcmp(mo->mode, "timing") ?
				      "machine.mode=timing" :
				      "machine.mode=functional");
	if (rc) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, tcesim_errmsg());
		tcesim_setup_free(s);
		return NULL;
	}
	return s;
}

int cli_config(int argc, char **argv)
{
	struct cli_model_opts mo = { .cmd = "config" };
	enum { PRINT, HELP, MARKDOWN } what = PRINT;

	for (int i = 0; i < argc; i++) {
		int m = cli_model_opt(argc, argv, &i, &mo, NULL);

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
			return cli_usage_error("config", "unknown option '%s'", argv[i]);
	}
	if (cli_model_load(&mo, NULL))
		return REPLAY_INPUT_ERROR;
	if (what == HELP)
		tcesim_config_print_help(stdout);
	else if (what == MARKDOWN)
		tcesim_config_print_markdown(stdout);
	else
		tcesim_config_print_ini(&mo.cfg, stdout);
	return 0;
}

