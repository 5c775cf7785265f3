// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a checkpoint for the script tests (readelf, gdb, a full disk):
 *   images_sample OUT            3 runs of RAM (0x0, 0x40000000,
 *                                0xfc0000000) and 2 TCESIM notes
 *   images_sample OUT many       70000 runs (64-byte granules): PN_XNUM
 *   images_sample OUT big MIB    MIB MiB of RAM in one run
 * Exit 0, or 1 with the writer's message on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/image.h"
#include "tcesim/mem.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static void fill(struct sim_mem *m, uint64_t pa, uint64_t len, uint8_t seed)
{
	uint8_t *p = sim_mem_host_ptr(m, pa);
	uint64_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 13) | 1;
}

int main(int argc, char **argv)
{
	static const char config[] = "phbs=1 ram=64G";
	const uint8_t tvt[16] = { 0x80, 0, 0, 0, 0, 0, 0x10, 0 };
	struct image_note notes[2] = {
		{ .name = "TCESIM", .type = IMAGE_NT_BASE + 2, .desc = config,
		  .size = sizeof(config) },
		{ .name = "TCESIM", .type = IMAGE_NT_BASE + 3, .desc = tvt, .size = sizeof(tvt) },
	};
	struct image_write_opts o = { 0 };
	struct image_write_result r;
	struct sim_mem *m;
	char err[512];
	unsigned i;

	if (argc < 2) {
		fprintf(stderr, "usage: images_sample OUT [many | big MIB]\n");
		return 2;
	}
	m = sim_mem_create(64 * GiB, 0);
	if (!m)
		return 1;
	if (argc > 2 && !strcmp(argv[2], "many")) {
		o.granule = 64;
		for (i = 0; i < 70000; i++)
			sim_mem_host_ptr(m, i * 128ull)[0] = 0x5a;
	} else if (argc > 3 && !strcmp(argv[2], "big")) {
		fill(m, 1 * GiB, strtoull(argv[3], NULL, 0) * MiB, 3);
	} else {
		fill(m, 0, 8192, 1);
		fill(m, 0x40000000, 3 * MiB, 2);
		fill(m, 0xfc0000000ull, 4096, 3);
	}
	if (image_write_core(m, argv[1], notes, 2, &o, &r, err, sizeof(err))) {
		fprintf(stderr, "images_sample: %s\n", err);
		sim_mem_destroy(m);
		return 1;
	}
	printf("%llu segments, %llu bytes of RAM, file %llu bytes\n",
	       (unsigned long long)r.segments,
	       (unsigned long long)r.data_bytes,
	       (unsigned long long)r.file_bytes);
	sim_mem_destroy(m);
	return 0;
}
