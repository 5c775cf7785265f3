// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim elf info FILE`: an ELF image's header, segments and notes,
 * tcesim's checkpoint notes decoded (docs/images.md).
 */
#include <string.h>

#include "cli.h"
#include "tcesim/checkpoint.h"

int cli_elf(int argc, char **argv)
{
	char err[600];

	if (argc < 1 || strcmp(argv[0], "info"))
		return cli_usage_error("elf", "expected 'elf info FILE'%s", "");
	if (argc != 2)
		return cli_usage_error("elf", "info: expected one FILE%s", "");
	if (!strcmp(argv[1], "-"))
		return cli_usage_error("elf", "info: an ELF is read at its offsets: give a file, not '%s'",
				       argv[1]);
	if (checkpoint_print(argv[1], stdout, err, sizeof(err))) {
		fprintf(stderr, "%s: elf info: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	return 0;
}
