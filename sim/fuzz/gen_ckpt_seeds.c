// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_ckpt_restore (sim/fuzz/corpus/ckpt/):
 * the good state of its machines as inputs (fuzz_ckpt.h). Regenerate with
 *   build/sim/fuzz/gen_ckpt_seeds sim/fuzz/corpus/ckpt
 */
#include <stdio.h>

#include "fuzz_ckpt.h"

static int put(const struct fuzz_ckpt *f, const char *dir, const char *name,
	       bool hub)
{
	char path[512];
	FILE *out;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "wb");
	if (!out) {
		perror(path);
		return -1;
	}
	rc = fuzz_ckpt_write_seed(f, out, hub);
	if (fclose(out) || rc) {
		fprintf(stderr, "gen_ckpt_seeds: %s: write error\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fuzz_ckpt *f;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_ckpt_seeds DIR\n");
		return 2;
	}
	f = fuzz_ckpt_create();
	if (!f)
		return 1;
	if (put(f, argv[1], "phb3-timing-machine", false) ||
	    put(f, argv[1], "p5ioc2-hub-timing", true))
		return 1;
	return 0;
}
