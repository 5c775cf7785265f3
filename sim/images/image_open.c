// SPDX-License-Identifier: GPL-2.0
/*
 * Opening an ELF image from a file or a buffer with libelf, checking its
 * header, and the small helpers the other image files share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image_internal.h"

int img_elf_err(const struct image *img, int rc, const char *what,
		char *err, size_t errlen)
{
	return sim_errf(err, errlen, rc, "%s: %s: %s", img->name, what,
			elf_errmsg(-1));
}

int img_phdr(struct image *img, size_t i, GElf_Phdr *ph, char *err,
	     size_t errlen)
{
	char what[64];

	if (gelf_getphdr(img->elf, (int)i, ph))
		return 0;
	snprintf(what, sizeof(what), "program header %zu", i);
	return img_elf_err(img, -ENOEXEC, what, err, errlen);
}

const char *img_ptype_name(uint32_t type)
{
	switch (type) {
	case PT_NULL: return "NULL";
	case PT_LOAD: return "LOAD";
	case PT_DYNAMIC: return "DYNAMIC";
	case PT_INTERP: return "INTERP";
	case PT_NOTE: return "NOTE";
	case PT_PHDR: return "PHDR";
	case PT_TLS: return "TLS";
	case PT_GNU_EH_FRAME: return "GNU_EH_FRAME";
	case PT_GNU_STACK: return "GNU_STACK";
	case PT_GNU_RELRO: return "GNU_RELRO";
	}
	return NULL;
}

const char *img_etype_name(unsigned type)
{
	switch (type) {
	case ET_NONE: return "ET_NONE";
	case ET_REL: return "ET_REL";
	case ET_EXEC: return "ET_EXEC";
	case ET_DYN: return "ET_DYN";
	case ET_CORE: return "ET_CORE";
	}
	return NULL;
}

static int check_header(struct image *img, char *err, size_t errlen)
{
	const char *tn;
	uint64_t want;
	int cls;

	if (elf_kind(img->elf) != ELF_K_ELF)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: not an ELF file", img->name);
	cls = gelf_getclass(img->elf);
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: unknown ELF class %d", img->name, cls);
	if (!gelf_getehdr(img->elf, &img->ehdr))
		return img_elf_err(img, -ENOEXEC, "ELF header", err, errlen);
	if (img->ehdr.e_ident[EI_DATA] != ELFDATA2LSB &&
	    img->ehdr.e_ident[EI_DATA] != ELFDATA2MSB)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: unknown ELF byte order %u", img->name,
				img->ehdr.e_ident[EI_DATA]);
	if (img->ehdr.e_type != ET_EXEC && img->ehdr.e_type != ET_DYN &&
	    img->ehdr.e_type != ET_CORE) {
		tn = img_etype_name(img->ehdr.e_type);
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: e_type %u%s%s%s is not loadable (expected ET_EXEC, ET_DYN or ET_CORE)",
				img->name, img->ehdr.e_type, tn ? " (" : "",
				tn ? tn : "", tn ? ")" : "");
	}
	if (elf_getphdrnum(img->elf, &img->phnum))
		return img_elf_err(img, -ENOEXEC, "program header count", err,
				   errlen);
	/* libelf shortens a table cut by the end of the file: refuse it. */
	want = img->ehdr.e_phnum;
	if (want == PN_XNUM) {
		GElf_Shdr sh0;

		if (!gelf_getshdr(elf_getscn(img->elf, 0), &sh0))
			return img_elf_err(img, -ENOEXEC,
					   "section 0 (program header count)",
					   err, errlen);
		want = sh0.sh_info;
	}
	if (img->phnum < want)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: program header table (%llu entries at offset %#llx) runs past the end of the file (%llu bytes): truncated",
				img->name, (unsigned long long)want,
				(unsigned long long)img->ehdr.e_phoff,
				(unsigned long long)img->size);
	/* libelf reads (and bounds-checks) the whole table here. */
	if (img->phnum && !(cls == ELFCLASS32 ? (void *)elf32_getphdr(img->elf)
					      : (void *)elf64_getphdr(img->elf)))
		return img_elf_err(img, -ENOEXEC, "program header table", err,
				   errlen);
	return 0;
}

static struct image *img_new(const char *name)
{
	struct image *img = calloc(1, sizeof(*img));

	if (!img)
		return NULL;
	img->fd = -1;
	img->name = strdup(name ? name : "(buffer)");
	if (!img->name) {
		free(img);
		return NULL;
	}
	return img;
}

static int img_finish(struct image *img, struct image **out, char *err,
		      size_t errlen)
{
	int rc;

	if (!img->elf) {
		rc = img_elf_err(img, -ENOEXEC, "cannot read as ELF", err,
				 errlen);
		image_close(img);
		return rc;
	}
	rc = check_header(img, err, errlen);
	if (rc) {
		image_close(img);
		return rc;
	}
	*out = img;
	return 0;
}

int image_open(const char *path, struct image **out, char *err,
	       size_t errlen)
{
	struct image *img;
	struct stat st;
	int rc;

	*out = NULL;
	img = img_new(path);
	if (!img)
		return sim_errf(err, errlen, -ENOMEM, "%s: out of memory", path);
	img->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (img->fd < 0) {
		rc = -errno;
		sim_errf(err, errlen, rc, "%s: %s", path, strerror(errno));
		image_close(img);
		return rc;
	}
	if (fstat(img->fd, &st)) {
		rc = -errno;
		sim_errf(err, errlen, rc, "%s: %s", path, strerror(errno));
		image_close(img);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		image_close(img);
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: not a regular file", path);
	}
	img->size = (uint64_t)st.st_size;
	if (img->size < EI_NIDENT) {
		image_close(img);
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: not an ELF file (%llu bytes)", path,
				(unsigned long long)st.st_size);
	}
	elf_version(EV_CURRENT);
	img->elf = elf_begin(img->fd, ELF_C_READ_MMAP, NULL);
	return img_finish(img, out, err, errlen);
}

int image_open_buffer(const void *buf, size_t len, const char *name,
		      struct image **out, char *err, size_t errlen)
{
	struct image *img;

	*out = NULL;
	img = img_new(name);
	if (!img)
		return sim_errf(err, errlen, -ENOMEM, "out of memory");
	if (!buf || len < EI_NIDENT) {
		image_close(img);
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: not an ELF file (%zu bytes)",
				name ? name : "(buffer)", len);
	}
	img->buf = buf;
	img->size = len;
	elf_version(EV_CURRENT);
	/* libelf only reads the image (ELF_C_READ on memory). */
	img->elf = elf_memory((char *)(uintptr_t)buf, len);
	return img_finish(img, out, err, errlen);
}

void image_close(struct image *img)
{
	if (!img)
		return;
	if (img->elf)
		elf_end(img->elf);
	if (img->fd >= 0)
		close(img->fd);
	free(img->name);
	free(img);
}

void image_get_info(const struct image *img, struct image_info *info)
{
	info->name = img->name;
	info->elf_class = img->ehdr.e_ident[EI_CLASS];
	info->data = img->ehdr.e_ident[EI_DATA];
	info->type = img->ehdr.e_type;
	info->machine = img->ehdr.e_machine;
	info->phnum = img->phnum;
	info->file_bytes = img->size;
}
