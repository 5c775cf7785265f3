// SPDX-License-Identifier: GPL-2.0
/*
 * Writes, with libelf (elf_build.c), a core file in the layout of QEMU's
 * `dump-guest-memory` for a ppc64 guest: ET_CORE, EM_PPC64, one PT_NOTE
 * (CORE/LINUX register notes) first, then one PT_LOAD per RAM block at
 * its guest physical address:
 *   qemu_core_sample FILE lsb|msb
 * The guest RAM holds what sim_images_qemu.sh's trace (qemu_dump.trace)
 * walks: a one-level TCE table of 4 KiB pages at 0x10000000 (big-endian
 * entries whatever the ELF byte order, as on POWER): entry k maps IO page
 * k to 0x30000000 + 2k * 4 KiB read-write, except entry 5 (read-only)
 * and entry 6 (invalid); and the data pages at 0x30000000, page j filled
 * with the byte 0x40 + j. Block 0 ([0, 1 MiB)) holds a pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_build.h"

#define TABLE_PA 0x10000000u
#define DATA_PA 0x30000000u
#define ENTRIES 512
#define DATA_PAGES 64

static uint8_t table[ENTRIES * 8];
static uint8_t data[DATA_PAGES * 4096];
static uint8_t prstatus[504], fpregs[264], vmx[544];

static uint64_t tce(unsigned k)
{
	uint64_t pa = DATA_PA + 2ull * k * 4096;

	if (k == 5)
		return pa | 1;	/* read-only */
	if (k == 6)
		return 0;	/* invalid */
	return pa | 3;
}

int main(int argc, char **argv)
{
	struct eb_seg segs[3];
	struct eb_note notes[3];
	struct eb_spec s;
	unsigned k, b;

	if (argc != 3 || (strcmp(argv[2], "lsb") && strcmp(argv[2], "msb"))) {
		fprintf(stderr, "usage: qemu_core_sample FILE lsb|msb\n");
		return 2;
	}
	for (k = 0; k < ENTRIES; k++)
		for (b = 0; b < 8; b++)
			table[k * 8 + b] = (uint8_t)(tce(k) >> (56 - 8 * b));
	for (k = 0; k < DATA_PAGES; k++)
		memset(data + k * 4096, 0x40 + k, 4096);
	memset(prstatus, 0x11, sizeof(prstatus));
	memset(fpregs, 0x22, sizeof(fpregs));
	memset(vmx, 0x33, sizeof(vmx));
	notes[0] = (struct eb_note){ "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus) };
	notes[1] = (struct eb_note){ "CORE", NT_PRFPREG, fpregs, sizeof(fpregs) };
	notes[2] = (struct eb_note){ "LINUX", NT_PPC_VMX, vmx, sizeof(vmx) };
	segs[0] = (struct eb_seg){ .paddr = 0, .vaddr = 0, .filesz = 1u << 20,
				   .seed = 7 };
	segs[1] = (struct eb_seg){ .paddr = TABLE_PA, .vaddr = TABLE_PA,
				   .filesz = sizeof(table), .data = table };
	segs[2] = (struct eb_seg){ .paddr = DATA_PA, .vaddr = DATA_PA,
				   .filesz = sizeof(data), .data = data };
	s = (struct eb_spec){
		.cls = ELFCLASS64,
		.data = strcmp(argv[2], "lsb") ? ELFDATA2MSB : ELFDATA2LSB,
		.type = ET_CORE, .machine = EM_PPC64, .segs = segs, .nsegs = 3,
		.notes = notes, .nnotes = 3,
	};
	return eb_write(argv[1], &s) ? 1 : 0;
}
