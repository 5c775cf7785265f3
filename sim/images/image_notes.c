// SPDX-License-Identifier: GPL-2.0
/*
 * Reading an image's notes (every PT_NOTE segment, through libelf's note
 * reader) and recognising a file tcesim wrote (its ID note first).
 */
#include <errno.h>
#include <string.h>

#include "image_internal.h"

#define NAME_MAX_LEN 63

static int seg_notes(struct image *img, size_t i, const GElf_Phdr *ph,
		     image_note_fn fn, void *arg, char *err, size_t errlen)
{
	char what[64], name[NAME_MAX_LEN + 1];
	Elf_Data *d;
	size_t off = 0;
	int rc;

	if (ph->p_offset > img->size || ph->p_filesz > img->size - ph->p_offset)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: segment %zu (PT_NOTE): bytes at offset %#llx, size %#llx, run past the end of the file (%llu bytes): truncated",
				img->name, i, (unsigned long long)ph->p_offset,
				(unsigned long long)ph->p_filesz,
				(unsigned long long)img->size);
	snprintf(what, sizeof(what), "segment %zu (PT_NOTE)", i);
	d = elf_getdata_rawchunk(img->elf, (int64_t)ph->p_offset,
				 (size_t)ph->p_filesz,
				 ph->p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
	if (!d)
		return img_elf_err(img, -ENOEXEC, what, err, errlen);
	while (off < d->d_size) {
		struct image_note n;
		GElf_Nhdr nh;
		size_t name_off, desc_off, next, len;

		next = gelf_getnote(d, off, &nh, &name_off, &desc_off);
		if (!next)
			return sim_errf(err, errlen, -ENOEXEC,
					"%s: %s: malformed note at offset %#llx",
					img->name, what,
					(unsigned long long)(ph->p_offset + off));
		len = nh.n_namesz < NAME_MAX_LEN ? nh.n_namesz : NAME_MAX_LEN;
		memcpy(name, (const char *)d->d_buf + name_off, len);
		name[len] = '\0';
		n.name = name;
		n.type = nh.n_type;
		n.desc = (const char *)d->d_buf + desc_off;
		n.size = nh.n_descsz;
		n.offset = ph->p_offset + off;
		rc = fn(arg, &n, err, errlen);
		if (rc)
			return rc;
		off = next;
	}
	return 0;
}

int image_foreach_note(struct image *img, image_note_fn fn, void *arg,
		       char *err, size_t errlen)
{
	GElf_Phdr ph;
	size_t i;
	int rc;

	for (i = 0; i < img->phnum; i++) {
		rc = img_phdr(img, i, &ph, err, errlen);
		if (rc)
			return rc;
		if (ph.p_type != PT_NOTE || !ph.p_filesz)
			continue;
		rc = seg_notes(img, i, &ph, fn, arg, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}

static int first_note(void *arg, const struct image_note *n, char *err,
		      size_t errlen)
{
	int *yes = arg;
	const uint8_t *d = n->desc;

	*yes = !strcmp(n->name, IMAGE_NOTE_NAME) && n->type == IMAGE_NT_ID &&
	       n->size >= IMAGE_ID_MIN_SIZE &&
	       (d[0] | d[1] | d[2] | d[3]) != 0;
	return 1;	/* the first note decides */
}

int image_is_tcesim(struct image *img, char *err, size_t errlen)
{
	int yes = 0, rc;

	if (img->ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
	    img->ehdr.e_type != ET_CORE || img->ehdr.e_machine != EM_PPC64)
		return 0;
	rc = image_foreach_note(img, first_note, &yes, err, errlen);
	return rc < 0 ? rc : yes;
}
