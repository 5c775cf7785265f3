// SPDX-License-Identifier: GPL-2.0
/*
 * An image's symbols (SHT_SYMTAB, else SHT_DYNSYM) with the physical
 * address each lands at, sorted so that the symbol owning a physical
 * address (a later fault report's "in which image object") is a binary
 * search away.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

/* Symbols nested deeper than this around one address are not searched. */
#define NEST_SCAN 64

struct image_syms {
	struct image_sym *v;
	size_t n, cap;
	size_t n_pa;		/* v[0..n_pa) have a physical address */
};

static int sym_cmp(const void *a, const void *b)
{
	const struct image_sym *x = a, *y = b;

	if (x->has_pa != y->has_pa)
		return x->has_pa ? -1 : 1;
	if (x->pa != y->pa)
		return x->pa < y->pa ? -1 : 1;
	return strcmp(x->name, y->name);
}

void image_syms_free(struct image_syms *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free((char *)s->v[i].name);
	free(s->v);
	free(s);
}

size_t image_syms_count(const struct image_syms *s)
{
	return s ? s->n : 0;
}

const struct image_sym *image_syms_get(const struct image_syms *s, size_t i)
{
	return s && i < s->n ? &s->v[i] : NULL;
}

const struct image_sym *image_syms_at_pa(const struct image_syms *s,
					 uint64_t pa)
{
	size_t lo = 0, hi, k;

	if (!s)
		return NULL;
	hi = s->n_pa;
	/* First symbol starting above pa. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].pa <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k > 0 && lo - k < NEST_SCAN; k--) {
		const struct image_sym *y = &s->v[k - 1];

		if (y->size ? pa - y->pa < y->size : pa == y->pa)
			return y;
	}
	return NULL;
}

/* Physical address of virtual address v under the placement of segs. */
static bool va_to_pa(const struct img_segs *segs, uint64_t v, uint64_t *pa)
{
	size_t k;

	for (k = 0; k < segs->n; k++) {
		const struct img_seg *g = &segs->v[k];

		if (v >= g->vaddr && v - g->vaddr < g->memsz) {
			*pa = g->addr + (v - g->vaddr);
			return true;
		}
	}
	return false;
}

static int add_sym(struct image_syms *s, const struct image_sym *y)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct image_sym *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n] = *y;
	s->v[s->n].name = strdup(y->name);
	if (!s->v[s->n].name)
		return -ENOMEM;
	s->n++;
	return 0;
}

static int read_table(struct image *img, Elf_Scn *scn, const GElf_Shdr *sh,
		      const struct img_segs *segs, struct image_syms *s,
		      char *err, size_t errlen)
{
	size_t i, count, esz = gelf_fsize(img->elf, ELF_T_SYM, 1, EV_CURRENT);
	Elf_Data *d = elf_getdata(scn, NULL);
	char what[64];

	snprintf(what, sizeof(what), "symbol table (section %zu)",
		 elf_ndxscn(scn));
	if (!d || !esz)
		return img_elf_err(img, -ENOEXEC, what, err, errlen);
	count = d->d_size / esz;
	for (i = 1; i < count; i++) {
		struct image_sym y = { 0 };
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(d, (int)i, &sym))
			return img_elf_err(img, -ENOEXEC, what, err, errlen);
		if (sym.st_shndx == SHN_UNDEF || !sym.st_name)
			continue;
		y.type = GELF_ST_TYPE(sym.st_info);
		if (y.type == STT_SECTION || y.type == STT_FILE)
			continue;
		name = elf_strptr(img->elf, sh->sh_link, sym.st_name);
		if (!name)
			return img_elf_err(img, -ENOEXEC, what, err, errlen);
		if (!*name)
			continue;
		y.name = name;
		y.bind = GELF_ST_BIND(sym.st_info);
		y.value = sym.st_value;
		y.size = sym.st_size;
		y.has_pa = sym.st_shndx != SHN_ABS &&
			   va_to_pa(segs, sym.st_value, &y.pa);
		if (add_sym(s, &y))
			return sim_errf(err, errlen, -ENOMEM,
					"%s: out of memory for symbols",
					img->name);
	}
	return 0;
}

static int read_all(struct image *img, const struct img_segs *segs,
		    struct image_syms *s, char *err, size_t errlen)
{
	Elf32_Word want = SHT_SYMTAB;
	int pass, rc;

	/* SHT_SYMTAB when there is one, else the dynamic symbols. */
	for (pass = 0; pass < 2 && !s->n; pass++, want = SHT_DYNSYM) {
		Elf_Scn *scn = NULL;

		while ((scn = elf_nextscn(img->elf, scn))) {
			GElf_Shdr sh;

			if (!gelf_getshdr(scn, &sh))
				return img_elf_err(img, -ENOEXEC,
						   "section header", err, errlen);
			if (sh.sh_type != want)
				continue;
			rc = read_table(img, scn, &sh, segs, s, err, errlen);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int image_read_syms(struct image *img, enum image_addr addr,
		    struct image_syms **out, char *err, size_t errlen)
{
	struct image_syms *s;
	struct img_segs segs;
	size_t shnum;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return sim_errf(err, errlen, -ENOMEM, "%s: out of memory",
				img->name);
	rc = img_segs_read(img, addr, 0, &segs, err, errlen);
	if (rc)
		goto fail;
	if (elf_getshdrnum(img->elf, &shnum)) {
		rc = img_elf_err(img, -ENOEXEC, "section count", err, errlen);
		img_segs_free(&segs);
		goto fail;
	}
	rc = read_all(img, &segs, s, err, errlen);
	img_segs_free(&segs);
	if (rc)
		goto fail;
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), sym_cmp);
	while (s->n_pa < s->n && s->v[s->n_pa].has_pa)
		s->n_pa++;
	*out = s;
	return 0;
fail:
	image_syms_free(s);
	return rc;
}
