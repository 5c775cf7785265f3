// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes as an ELF image (image_open_buffer)
 * loaded into a 64 KiB RAM that holds a known pattern. A refused image
 * must leave RAM exactly as it was and say why; a loaded one must have
 * put every PT_LOAD's file bytes at its address (checked here through
 * libelf, independently of the loader), zero-filled the rest of its
 * p_memsz and left every other byte alone. Notes, symbols and the text
 * summary are exercised on the same image. Built with -DTCESIM_FUZZ=ON
 * under clang; fuzz_regress_elf replays the corpus.
 */
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/checkpoint.h"
#include "tcesim/image.h"
#include "tcesim/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM (64u << 10)

static uint8_t before(uint64_t pa)
{
	return (uint8_t)(0xA5 ^ pa ^ (pa >> 8));
}

static uint8_t pattern[RAM];

static struct sim_mem *ram(void)
{
	static struct sim_mem *m;
	uint64_t pa;

	if (!m) {
		m = sim_mem_create(RAM, 0);
		if (!m)
			abort();
		for (pa = 0; pa < RAM; pa++)
			pattern[pa] = before(pa);
	}
	memcpy(sim_mem_host_ptr(m, 0), pattern, RAM);
	return m;
}

static void ram_unchanged(struct sim_mem *m)
{
	if (memcmp(sim_mem_host_ptr(m, 0), pattern, RAM))
		abort();
}

static int count_note(void *arg, const struct image_note *n, char *err,
		      size_t errlen)
{
	/* Touch every payload byte (ASan checks the bounds). */
	const volatile uint8_t *d = n->desc;
	size_t i;
	uint8_t x = 0;

	for (i = 0; i < n->size; i++)
		x ^= d[i];
	*(unsigned *)arg += 1 + (x & 0);
	return 0;
}

/* Which bytes the load wrote: 1 = file byte, 2 = zero fill. */
static uint8_t owner[RAM];

static void check_loaded(struct sim_mem *m, const uint8_t *data, size_t size,
			 const struct image_load_result *r)
{
	Elf *e = elf_memory((char *)(uintptr_t)data, size);
	const uint8_t *p = sim_mem_host_ptr(m, 0);
	uint64_t placed = 0, pa, k;
	size_t phnum, i;

	if (!e || elf_getphdrnum(e, &phnum))
		abort();
	memset(owner, 0, sizeof(owner));
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		uint64_t at;

		if (!gelf_getphdr(e, (int)i, &ph))
			abort();
		if (ph.p_type != PT_LOAD || !ph.p_filesz)
			continue;
		at = r->used_vaddr ? ph.p_vaddr : ph.p_paddr;
		if (at >= RAM || ph.p_memsz > RAM - at ||
		    ph.p_filesz > ph.p_memsz || ph.p_offset > size ||
		    ph.p_filesz > size - ph.p_offset)
			abort();	/* the loader took a bad segment */
		for (k = 0; k < ph.p_memsz; k++) {
			if (owner[at + k])
				abort();	/* overlap accepted */
			owner[at + k] = k < ph.p_filesz ? 1 : 2;
			if (p[at + k] != (k < ph.p_filesz ? data[ph.p_offset + k] : 0))
				abort();
		}
		placed++;
	}
	elf_end(e);
	if (placed != r->segments)
		abort();
	for (pa = 0; pa < RAM; pa++)
		if (!owner[pa] && p[pa] != pattern[pa])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct sim_mem *m = ram();
	struct image_syms *syms = NULL;
	unsigned notes = 0;
	struct image_load_opts o = { .on_note = count_note, .note_arg = &notes,
				     .syms = &syms };
	struct image_load_result r;
	struct image *img;
	char err[512] = "";
	size_t i;
	int rc;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	elf_version(EV_CURRENT);
	rc = image_open_buffer(data, size, "fuzz", &img, err, sizeof(err));
	if (rc) {
		if (rc > 0 || img || strncmp(err, "fuzz", 4))
			abort();
		ram_unchanged(m);
		return 0;
	}
	rc = image_load(img, m, &o, &r, err, sizeof(err));
	if (rc) {
		if (rc > 0 || syms || strncmp(err, "fuzz", 4))
			abort();
		ram_unchanged(m);
	} else {
		check_loaded(m, data, size, &r);
		if (notes != r.notes)
			abort();
		for (i = 0; i < image_syms_count(syms); i++) {
			const struct image_sym *y = image_syms_get(syms, i);

			if (!y || !y->name)
				abort();
			if (y->has_pa && !image_syms_at_pa(syms, y->pa))
				abort();
		}
		image_syms_free(syms);
	}
	if (devnull)
		/* the summary, tcesim notes decoded (hostile payloads) */
		checkpoint_print_image(img, devnull, err, sizeof(err));
	image_close(img);
	return 0;
}
