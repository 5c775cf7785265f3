/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test ELF files written with libelf (never by hand): any class, byte
 * order, type and machine; a PT_NOTE first when there are notes (the
 * QEMU dump-guest-memory layout), then the given segments; optional
 * symbols (.symtab/.strtab/.shstrtab, symbols in a .text section over
 * the first PT_LOAD); a hook to corrupt program headers after layout.
 * More than 65535 program headers: libelf's PN_XNUM / section 0 sh_info.
 */
#ifndef ELF_BUILD_H
#define ELF_BUILD_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

struct eb_seg {
	uint32_t type;		/* 0: PT_LOAD */
	uint64_t paddr, vaddr;
	uint64_t filesz;
	uint64_t memsz;		/* 0: filesz */
	const void *data;	/* filesz bytes, or NULL: eb_byte(seed, i) */
	uint32_t seed;
};

struct eb_note {
	const char *name;
	uint32_t type;
	const void *desc;
	size_t size;
};

struct eb_sym {
	const char *name;
	uint64_t value, size;
	unsigned char type;	/* STT_FUNC, STT_OBJECT */
};

struct eb_spec {
	int cls;		/* ELFCLASS32 / ELFCLASS64 */
	int data;		/* ELFDATA2LSB / ELFDATA2MSB */
	unsigned type;		/* ET_* */
	unsigned machine;	/* EM_* */
	const struct eb_seg *segs;
	size_t nsegs;
	const struct eb_note *notes;	/* -> PT_NOTE at index 0 */
	size_t nnotes;
	const struct eb_sym *syms;
	size_t nsyms;
	/* Called on each program header before the file is written. */
	void (*patch)(GElf_Phdr *ph, size_t i, void *arg);
	void *patch_arg;
};

/* Pattern byte i of a segment with this seed. */
static inline uint8_t eb_byte(uint32_t seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)seed << 32;

	return (uint8_t)(x >> 56 ^ x >> 23);
}

/* Write the file; 0, or -1 with a message on stderr. */
int eb_write(const char *path, const struct eb_spec *s);

/* Program-header index of segs[i] in the written file. */
static inline size_t eb_index(const struct eb_spec *s, size_t i)
{
	return i + (s->nnotes ? 1 : 0);
}

#endif /* ELF_BUILD_H */
