/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tcesim command line (cli.c) and the built-in default scenario
 * (cli_default.c) that `tcesim run` shows with no argument.
 */
#ifndef TCESIM_CLI_H
#define TCESIM_CLI_H

/* Returns the process exit code (0 ok, 1 expectation failed, 2 usage). */
int cli_main(int argc, char **argv);

extern const char cli_default_scenario[];
extern const char cli_default_scenario_title[];

#endif /* TCESIM_CLI_H */
