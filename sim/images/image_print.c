// SPDX-License-Identifier: GPL-2.0
/*
 * A text summary of an image (`tcesim elf info FILE`): the ELF header,
 * every program header, every note with its owner, type and size
 * (tcesim's ID note decoded; the other tcesim note types are decoded by
 * their owners, see docs/images.md).
 */
#include <errno.h>
#include <string.h>

#include "image_internal.h"
#include "tcesim/state.h"

struct print_ctx {
	FILE *out;
	uint64_t count;
	image_note_print_fn decode;
	void *arg;
};

static int print_note(void *arg, const struct image_note *n, char *err,
		      size_t errlen)
{
	struct print_ctx *c = arg;
	const uint8_t *d = n->desc;
	struct sim_state_in in;

	sim_state_in_init(&in, d, n->size);
	fprintf(c->out, "  %-8s type %#-10x size %-10zu offset %#llx",
		*n->name ? n->name : "\"\"", n->type, n->size,
		(unsigned long long)n->offset);
	if (!strcmp(n->name, IMAGE_NOTE_NAME) && n->type == IMAGE_NT_ID &&
	    n->size >= IMAGE_ID_MIN_SIZE)
		fprintf(c->out, "  id: format %u, producer \"%.*s\"",
			sim_state_get_u32(&in),
			(int)strnlen((const char *)d + 8, n->size - 8),
			(const char *)d + 8);
	fputc('\n', c->out);
	if (c->decode)
		c->decode(c->arg, n, c->out);
	c->count++;
	return 0;
}

int image_print(struct image *img, FILE *out, char *err, size_t errlen)
{
	return image_print_decoded(img, out, NULL, NULL, err, errlen);
}

int image_print_decoded(struct image *img, FILE *out,
			image_note_print_fn decode, void *arg, char *err,
			size_t errlen)
{
	struct print_ctx c = { .out = out, .decode = decode, .arg = arg };
	const char *tn = img_etype_name(img->ehdr.e_type);
	GElf_Phdr ph;
	size_t i;
	int rc;

	fprintf(out, "%s: ELF%d %s-endian, %s, e_machine %u%s, %zu program headers, %llu bytes\n",
		img->name,
		img->ehdr.e_ident[EI_CLASS] == ELFCLASS32 ? 32 : 64,
		img->ehdr.e_ident[EI_DATA] == ELFDATA2MSB ? "big" : "little",
		tn ? tn : "?", img->ehdr.e_machine,
		img->ehdr.e_machine == EM_PPC64 ? " (EM_PPC64)" : "",
		img->phnum, (unsigned long long)img->size);
	rc = image_is_tcesim(img, err, errlen);
	if (rc < 0)
		return rc;
	if (rc)
		fprintf(out, "written by tcesim\n");
	fprintf(out, "segments:\n  %6s %-8s %-12s %-18s %-18s %-12s %-12s flags\n",
		"index", "type", "offset", "paddr", "vaddr", "filesz", "memsz");
	for (i = 0; i < img->phnum; i++) {
		const char *pn;
		char tbuf[16];

		rc = img_phdr(img, i, &ph, err, errlen);
		if (rc)
			return rc;
		pn = img_ptype_name(ph.p_type);
		if (!pn) {
			snprintf(tbuf, sizeof(tbuf), "%#x", ph.p_type);
			pn = tbuf;
		}
		fprintf(out, "  %6zu %-8s %#-12llx %#-18llx %#-18llx %#-12llx %#-12llx %c%c%c\n",
			i, pn, (unsigned long long)ph.p_offset,
			(unsigned long long)ph.p_paddr,
			(unsigned long long)ph.p_vaddr,
			(unsigned long long)ph.p_filesz,
			(unsigned long long)ph.p_memsz,
			ph.p_flags & PF_R ? 'R' : '-',
			ph.p_flags & PF_W ? 'W' : '-',
			ph.p_flags & PF_X ? 'X' : '-');
	}
	fprintf(out, "notes:\n");
	rc = image_foreach_note(img, print_note, &c, err, errlen);
	if (rc < 0)
		return rc;
	if (!c.count)
		fprintf(out, "  (none)\n");
	if (ferror(out))
		return sim_errf(err, errlen, -EIO, "%s: writing the summary failed",
				img->name);
	return 0;
}
