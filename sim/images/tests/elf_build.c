// SPDX-License-Identifier: GPL-2.0
/*
 * Test ELF writer on libelf (elf_build.h). Layout (ELF_F_LAYOUT, offsets
 * chosen here): ELF header | program headers | notes | [section 0 of
 * PN_XNUM] | segment data | [.text .symtab .strtab .shstrtab, section
 * headers]. libelf writes
 * the headers and sections and converts the note headers; the segment
 * bytes are then written with pwrite at their p_offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf_build.h"

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int fail(const char *path, const char *what)
{
	fprintf(stderr, "elf_build %s: %s: %s\n", path, what, elf_errmsg(-1));
	return -1;
}

/* Notes in file form: libelf converts each header (three words). */
static uint8_t *notes_blob(Elf *e, const struct eb_spec *s, size_t *len)
{
	size_t total = 0, i;
	uint8_t *file, *p;

	for (i = 0; i < s->nnotes; i++)
		total += 12 + up(strlen(s->notes[i].name) + 1, 4) +
			 up(s->notes[i].size, 4);
	file = calloc(1, total + 1);
	if (!file)
		abort();
	p = file;
	for (i = 0; i < s->nnotes; i++) {
		const struct eb_note *n = &s->notes[i];
		uint32_t h[3] = { (uint32_t)strlen(n->name) + 1,
				  (uint32_t)n->size, n->type };
		Elf_Data src = { .d_buf = h, .d_type = ELF_T_WORD,
				 .d_size = 12, .d_version = EV_CURRENT };
		Elf_Data dst = { .d_buf = p, .d_type = ELF_T_WORD,
				 .d_size = 12, .d_version = EV_CURRENT };

		if (!gelf_xlatetof(e, &dst, &src, (unsigned)s->data)) {
			fprintf(stderr, "elf_build: notes: %s\n",
				elf_errmsg(-1));
			abort();
		}
		memcpy(p + 12, n->name, h[0]);
		p += 12 + up(h[0], 4);
		if (n->size)
			memcpy(p, n->desc, n->size);
		p += up(n->size, 4);
	}
	*len = total;
	return file;
}

static Elf_Scn *new_scn(Elf *e, uint32_t name, uint32_t type, uint64_t off,
			void *buf, size_t size, Elf_Type dtype, uint64_t align)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d;
	GElf_Shdr sh;

	if (!scn || !(d = elf_newdata(scn)))
		return NULL;
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = dtype;
	d->d_align = align;
	d->d_version = EV_CURRENT;
	gelf_getshdr(scn, &sh);
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_offset = off;
	sh.sh_size = size;
	sh.sh_addralign = align;
	gelf_update_shdr(scn, &sh);
	return scn;
}

/* .text (over the first PT_LOAD), .symtab, .strtab, .shstrtab. */
static int add_syms(Elf *e, const struct eb_spec *s, uint64_t text_off,
		    uint8_t *text, uint64_t *off, void **bufs)
{
	static char shstr[] = "\0.text\0.symtab\0.strtab\0.shstrtab";
	size_t i, esz = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT), slen = 1;
	size_t symsz = (s->nsyms + 1) * esz;
	const struct eb_seg *g = &s->segs[0];
	Elf_Scn *text_scn, *sym_scn, *str_scn, *sh_scn;
	Elf_Data *sd;
	char *strtab;
	GElf_Shdr sh;
	GElf_Ehdr eh;

	for (i = 0; i < s->nsyms; i++)
		slen += strlen(s->syms[i].name) + 1;
	strtab = calloc(1, slen);
	bufs[0] = strtab;
	bufs[1] = calloc(s->nsyms + 1, sizeof(GElf_Sym) + esz);
	text_scn = new_scn(e, 1, SHT_PROGBITS, text_off, text, g->filesz,
			   ELF_T_BYTE, 1);
	gelf_getshdr(text_scn, &sh);
	sh.sh_flags = SHF_ALLOC | SHF_EXECINSTR;
	sh.sh_addr = g->vaddr;
	gelf_update_shdr(text_scn, &sh);
	*off = up(*off, 8);
	sym_scn = new_scn(e, 7, SHT_SYMTAB, *off, bufs[1], symsz, ELF_T_SYM,
			  8);
	*off += symsz;
	str_scn = new_scn(e, 15, SHT_STRTAB, *off, strtab, slen, ELF_T_BYTE,
			  1);
	*off += slen;
	sh_scn = new_scn(e, 23, SHT_STRTAB, *off, shstr, sizeof(shstr),
			 ELF_T_BYTE, 1);
	*off += sizeof(shstr);
	if (!text_scn || !sym_scn || !str_scn || !sh_scn)
		return -1;
	gelf_getshdr(sym_scn, &sh);
	sh.sh_link = (uint32_t)elf_ndxscn(str_scn);
	sh.sh_info = 1;		/* first non-local: none are local */
	sh.sh_entsize = esz;
	gelf_update_shdr(sym_scn, &sh);
	sd = elf_getdata(sym_scn, NULL);
	slen = 1;
	for (i = 0; i < s->nsyms; i++) {
		GElf_Sym y = {
			.st_name = (uint32_t)slen,
			.st_value = s->syms[i].value,
			.st_size = s->syms[i].size,
			.st_info = GELF_ST_INFO(STB_GLOBAL, s->syms[i].type),
			.st_shndx = (uint16_t)elf_ndxscn(text_scn),
		};

		strcpy(strtab + slen, s->syms[i].name);
		slen += strlen(s->syms[i].name) + 1;
		if (!gelf_update_sym(sd, (int)i + 1, &y))
			return -1;
	}
	gelf_getehdr(e, &eh);
	eh.e_shstrndx = (uint16_t)elf_ndxscn(sh_scn);
	gelf_update_ehdr(e, &eh);
	return 0;
}

static int pwrite_all(int fd, const void *buf, uint64_t len, uint64_t off)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n <= 0)
			return -1;
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

int eb_write(const char *path, const struct eb_spec *s)
{
	bool is64 = s->cls == ELFCLASS64;
	size_t phnum = s->nsegs + (s->nnotes ? 1 : 0), i, nlen = 0;
	uint64_t off, notes_off, *seg_off;
	uint8_t *nblob = NULL, **seg_buf;
	void *symbufs[2] = { NULL, NULL };
	GElf_Ehdr eh;
	Elf *e;
	int fd, rc = -1;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !gelf_newehdr(e, s->cls))
		return fail(path, "ehdr");
	elf_flagelf(e, ELF_C_SET, ELF_F_LAYOUT);
	gelf_getehdr(e, &eh);
	eh.e_ident[EI_DATA] = (unsigned char)s->data;
	eh.e_type = (uint16_t)s->type;
	eh.e_machine = (uint16_t)s->machine;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	gelf_update_ehdr(e, &eh);
	/* PN_XNUM: libelf needs section 0 to exist (elf_getscn makes it). */
	if (phnum >= PN_XNUM && !elf_getscn(e, 0))
		return fail(path, "section 0");
	if (phnum && !gelf_newphdr(e, phnum))
		return fail(path, "phdrs");

	off = eh.e_phoff + phnum * (is64 ? sizeof(Elf64_Phdr)
					 : sizeof(Elf32_Phdr));
	notes_off = off = up(off, 8);
	if (s->nnotes) {
		GElf_Phdr ph = { .p_type = PT_NOTE, .p_offset = notes_off,
				 .p_align = 4 };

		nblob = notes_blob(e, s, &nlen);
		ph.p_filesz = nlen;
		gelf_update_phdr(e, 0, &ph);
		off += nlen;
	}
	/* PN_XNUM without other sections: section 0 before the data, so
	 * that libelf has no gap to fill up to it. */
	gelf_getehdr(e, &eh);
	if (phnum >= PN_XNUM && !s->nsyms) {
		eh.e_shoff = up(off, 8);
		off = eh.e_shoff + (is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr));
		gelf_update_ehdr(e, &eh);
	}
	seg_off = calloc(s->nsegs + 1, sizeof(*seg_off));
	seg_buf = calloc(s->nsegs + 1, sizeof(*seg_buf));
	for (i = 0; i < s->nsegs; i++) {
		const struct eb_seg *g = &s->segs[i];
		GElf_Phdr ph = {
			.p_type = g->type ? g->type : PT_LOAD,
			.p_flags = PF_R | PF_W | PF_X,
			.p_paddr = g->paddr, .p_vaddr = g->vaddr,
			.p_filesz = g->filesz,
			.p_memsz = g->memsz ? g->memsz : g->filesz,
			.p_align = 16,
		};
		uint64_t k;

		off = up(off, 16);
		seg_off[i] = ph.p_offset = off;
		seg_buf[i] = malloc(g->filesz + 1);
		for (k = 0; k < g->filesz; k++)
			seg_buf[i][k] = g->data ? ((const uint8_t *)g->data)[k]
						: eb_byte(g->seed, k);
		off += g->filesz;
		if (!gelf_update_phdr(e, (int)eb_index(s, i), &ph))
			return fail(path, "phdr");
	}
	if (s->nsyms && add_syms(e, s, seg_off[0], seg_buf[0], &off, symbufs))
		return fail(path, "symbols");
	/* Section headers: the symbol sections, or section 0 of PN_XNUM. */
	gelf_getehdr(e, &eh);
	if (s->nsyms) {
		eh.e_shoff = up(off, 8);
		gelf_update_ehdr(e, &eh);
	}
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		gelf_getphdr(e, (int)i, &ph);
		if (s->patch)
			s->patch(&ph, i, s->patch_arg);
		gelf_update_phdr(e, (int)i, &ph);
	}
	if (elf_update(e, ELF_C_WRITE) < 0) {
		fail(path, "elf_update");
		goto out;
	}
	if (nblob && pwrite_all(fd, nblob, nlen, notes_off))
		goto io;
	for (i = 0; i < s->nsegs; i++)
		if (pwrite_all(fd, seg_buf[i], s->segs[i].filesz, seg_off[i]))
			goto io;
	rc = 0;
	goto out;
io:
	fprintf(stderr, "elf_build %s: write: %s\n", path, strerror(errno));
out:
	elf_end(e);
	if (close(fd))
		rc = -1;
	for (i = 0; i < s->nsegs; i++)
		free(seg_buf[i]);
	free(seg_buf);
	free(seg_off);
	free(nblob);
	free(symbufs[0]);
	free(symbufs[1]);
	return rc;
}
