// SPDX-License-Identifier: GPL-2.0
/*
 * Stand-in for `tcesim traffic` and `tcesim sweep` while the machine
 * library is not in the build (as replay_unavailable.c is for replay).
 */
#include <stdio.h>

#include "sweep.h"

int traffic_cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tcesim traffic: unavailable (built without the machine library)\n");
	return 2;
}

int sweep_cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tcesim sweep: unavailable (built without the machine library)\n");
	return 2;
}
