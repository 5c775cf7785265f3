// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_elf_load (sim/fuzz/corpus/elf/) with
 * libelf: small files that load into the target's 64 KiB RAM, one per
 * shape the loader handles. Regenerate with
 *   build/sim/fuzz/gen_elf_seeds sim/fuzz/corpus/elf
 */
#include <stdio.h>
#include <string.h>

#include "elf_build.h"
#include "tcesim/image.h"
#include "tcesim/mem.h"

static const char *dir;
static int failed;

static void put(const char *name, const struct eb_spec *s)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (eb_write(path, s))
		failed = 1;
}

static void qemu_core(const char *name, int data)
{
	static uint8_t prstatus[64], vmx[32];
	struct eb_note notes[2] = {
		{ "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus) },
		{ "LINUX", NT_PPC_VMX, vmx, sizeof(vmx) },
	};
	struct eb_seg segs[2] = {
		{ .paddr = 0, .vaddr = 0, .filesz = 256, .seed = 1 },
		{ .paddr = 0x8000, .vaddr = 0x8000, .filesz = 256, .seed = 2 },
	};
	struct eb_spec s = { .cls = ELFCLASS64, .data = data, .type = ET_CORE,
			     .machine = EM_PPC64, .segs = segs, .nsegs = 2,
			     .notes = notes, .nnotes = 2 };

	memset(prstatus, 0x11, sizeof(prstatus));
	memset(vmx, 0x22, sizeof(vmx));
	put(name, &s);
}

static void checkpoint(const char *name)
{
	struct image_note note = { .name = IMAGE_NOTE_NAME,
				   .type = IMAGE_NT_BASE + 2, .desc = "cfg",
				   .size = 3 };
	struct image_write_opts o = { .granule = 64 };
	struct sim_mem *m = sim_mem_create(64 << 10, 0);
	char path[512], err[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	sim_mem_host_ptr(m, 0x100)[0] = 0x5a;
	sim_mem_host_ptr(m, 0x3000)[7] = 0xa5;
	if (image_write_core(m, path, &note, 1, &o, NULL, err, sizeof(err))) {
		fprintf(stderr, "gen_elf_seeds: %s\n", err);
		failed = 1;
	}
	sim_mem_destroy(m);
}

int main(int argc, char **argv)
{
	struct eb_seg two[2] = {
		{ .paddr = 0x1000, .vaddr = 0xc0001000, .filesz = 128, .seed = 3 },
		{ .paddr = 0x2000, .vaddr = 0xc0002000, .filesz = 64,
		  .memsz = 512, .seed = 4 },
	};
	struct eb_seg vonly[2] = {
		{ .paddr = 0, .vaddr = 0x4000, .filesz = 96, .seed = 5 },
		{ .paddr = 0, .vaddr = 0x8000, .filesz = 32, .memsz = 64, .seed = 6 },
	};
	struct eb_seg empty[2] = {
		{ .paddr = 0x1000, .vaddr = 0x1000, .filesz = 0, .memsz = 4096 },
		{ .paddr = 0x3000, .vaddr = 0x3000, .filesz = 16, .seed = 7 },
	};
	const struct eb_sym syms[] = {
		{ "_start", 0xc0001000, 32, STT_FUNC },
		{ "table", 0xc0002010, 16, STT_OBJECT },
	};
	struct eb_spec s = { .cls = ELFCLASS32, .data = ELFDATA2MSB,
			     .type = ET_EXEC, .machine = EM_PPC, .segs = two,
			     .nsegs = 2 };

	if (argc != 2) {
		fprintf(stderr, "usage: gen_elf_seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	qemu_core("qemu-ppc64-be.core", ELFDATA2MSB);
	qemu_core("qemu-ppc64-le.core", ELFDATA2LSB);
	put("elf32-exec-ppc.elf", &s);
	s.cls = ELFCLASS64;
	s.data = ELFDATA2LSB;
	s.type = ET_DYN;
	s.machine = EM_PPC64;
	s.syms = syms;
	s.nsyms = 2;
	put("elf64-dyn-symbols.elf", &s);
	s = (struct eb_spec){ .cls = ELFCLASS64, .data = ELFDATA2MSB,
			      .type = ET_EXEC, .machine = EM_X86_64,
			      .segs = vonly, .nsegs = 2 };
	put("elf64-vaddr-only.elf", &s);
	s.segs = empty;
	s.machine = EM_PPC64;
	put("elf64-filesz-zero.elf", &s);
	checkpoint("tcesim-checkpoint.core");
	return failed;
}
