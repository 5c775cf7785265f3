// SPDX-License-Identifier: GPL-2.0
/*
 * Writing simulated RAM as an ELF64 big-endian ET_CORE for EM_PPC64
 * (docs/images.md, "checkpoint layout"):
 *
 *   ELF header | program headers (PT_NOTE, then one PT_LOAD per run) |
 *   notes | [section 0 when there are >= PN_XNUM program headers] |
 *   padding to 4 KiB | RAM runs, back to back
 *
 * libelf lays out and writes the headers (ELF_F_LAYOUT: the offsets are
 * ours) and converts the note headers to big-endian; the RAM runs are
 * then written straight from simulated RAM (no copy), every write
 * checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image_internal.h"
#include "tcesim/mem.h"

#ifndef TCESIM_VERSION
#define TCESIM_VERSION "unknown"
#endif

#define DEFAULT_GRANULE 4096u
#define DATA_ALIGN 4096u
#define WRITE_CHUNK (1ull << 30)
#define NOTE_NAME_MAX 63

struct run {
	uint64_t pa, len;
};

struct runs {
	struct sim_mem *m;
	uint64_t granule;
	struct run *v;
	size_t n, cap;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static bool all_zero(const uint8_t *p, uint64_t len)
{
	return p[0] == 0 && !memcmp(p, p + 1, (size_t)len - 1);
}

/* Split one resident run into runs of non-zero granules. */
static int scan_resident(void *arg, uint64_t pa, uint64_t len)
{
	struct runs *r = arg;
	const uint8_t *host = sim_mem_host_ptr(r->m, pa);
	uint64_t p, q, end = pa + len;

	for (p = pa; p < end; p = q) {
		struct run *last = r->n ? &r->v[r->n - 1] : NULL;

		q = (p | (r->granule - 1)) + 1;
		if (q > end)
			q = end;
		if (all_zero(host + (p - pa), q - p))
			continue;
		if (last && last->pa + last->len == p) {
			last->len += q - p;
			continue;
		}
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 256;
			struct run *v = realloc(r->v, cap * sizeof(*v));

			if (!v)
				return -ENOMEM;
			r->v = v;
			r->cap = cap;
		}
		r->v[r->n].pa = p;
		r->v[r->n].len = q - p;
		r->n++;
	}
	return 0;
}

static size_t note_bytes(size_t namesz, size_t descsz)
{
	return sizeof(Elf64_Nhdr) + align_up(namesz, 4) + align_up(descsz, 4);
}

/* One note, its header converted to big-endian by libelf. */
static uint8_t *put_note(uint8_t *p, const char *name, uint32_t type,
			 const void *desc, size_t size)
{
	Elf64_Nhdr nh = {
		.n_namesz = (Elf64_Word)(strlen(name) + 1),
		.n_descsz = (Elf64_Word)size,
		.n_type = type,
	};
	Elf_Data src = { .d_buf = &nh, .d_type = ELF_T_WORD,
			 .d_size = sizeof(nh), .d_version = EV_CURRENT };
	Elf_Data dst = { .d_buf = p, .d_type = ELF_T_WORD,
			 .d_size = sizeof(nh), .d_version = EV_CURRENT };

	if (!elf64_xlatetof(&dst, &src, ELFDATA2MSB))
		return NULL;
	p += sizeof(nh);
	memcpy(p, name, nh.n_namesz);
	p += align_up(nh.n_namesz, 4);
	if (size)
		memcpy(p, desc, size);
	return p + align_up(size, 4);
}

/* The notes in file form, or NULL (out of memory, libelf error). */
static uint8_t *build_notes(const struct image_note *notes, size_t n,
			    size_t *len)
{
	static const char producer[] = "tcesim " TCESIM_VERSION;
	uint8_t id[8 + sizeof(producer)] = { 0, 0, 0, IMAGE_FORMAT_VERSION };
	uint8_t *file, *p;
	size_t i, total = note_bytes(sizeof(IMAGE_NOTE_NAME), sizeof(id));

	for (i = 0; i < n; i++)
		total += note_bytes(strlen(notes[i].name) + 1, notes[i].size);
	file = calloc(1, total);
	if (!file)
		return NULL;
	memcpy(id + 8, producer, sizeof(producer));
	p = put_note(file, IMAGE_NOTE_NAME, IMAGE_NT_ID, id, sizeof(id));
	for (i = 0; p && i < n; i++)
		p = put_note(p, notes[i].name, notes[i].type, notes[i].desc,
			     notes[i].size);
	if (!p) {
		free(file);
		return NULL;
	}
	*len = total;
	return file;
}

static int check_args(const struct image_note *notes, size_t n,
		      uint64_t granule, const char *path, char *err,
		      size_t errlen)
{
	size_t i;

	if (granule < 64 || granule > (1ull << 30) || (granule & (granule - 1)))
		return sim_errf(err, errlen, -EINVAL,
				"%s: granule %llu is not a power of two from 64 B to 1 GiB",
				path, (unsigned long long)granule);
	for (i = 0; i < n; i++) {
		const struct image_note *t = &notes[i];

		if (!t->name || !*t->name || strlen(t->name) > NOTE_NAME_MAX ||
		    t->size > UINT32_MAX || (t->size && !t->desc))
			return sim_errf(err, errlen, -EINVAL,
					"%s: note %zu: needs a name of 1 to %d characters and at most 4 GiB of payload",
					path, i, NOTE_NAME_MAX);
		if (strcmp(t->name, IMAGE_NOTE_NAME))
			continue;
		if (t->type == IMAGE_NT_ID)
			return sim_errf(err, errlen, -EINVAL,
					"%s: note %zu: type %#x of %s is reserved for the ID note",
					path, i, IMAGE_NT_ID, IMAGE_NOTE_NAME);
		if (t->type < IMAGE_NT_BASE || t->type > IMAGE_NT_LAST)
			return sim_errf(err, errlen, -EINVAL,
					"%s: note %zu: %s note types are %#x to %#x, not %#x",
					path, i, IMAGE_NOTE_NAME, IMAGE_NT_BASE,
					IMAGE_NT_LAST, t->type);
	}
	return 0;
}

struct out {
	const char *path;
	int fd;
	char *err;
	size_t errlen;
};

static int pwrite_all(struct out *o, const void *buf, uint64_t len,
		      uint64_t off)
{
	const uint8_t *p = buf;
	uint64_t done = 0;

	while (done < len) {
		uint64_t want = len - done;
		ssize_t put;

		if (want > WRITE_CHUNK)
			want = WRITE_CHUNK;
		put = pwrite(o->fd, p + done, (size_t)want, (off_t)(off + done));
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return sim_errf(o->err, o->errlen,
					put < 0 ? -errno : -EIO,
					"%s: writing %#llx bytes at offset %#llx: %s",
					o->path, (unsigned long long)want,
					(unsigned long long)(off + done),
					put < 0 ? strerror(errno)
						: "nothing written");
		done += (uint64_t)put;
	}
	return 0;
}

/* Headers through libelf: ELF header, program headers, section 0. */
static int write_headers(struct out *o, Elf *e, const struct runs *r,
			 uint64_t notes_off, size_t notes_len,
			 uint64_t shoff, uint64_t data_off, uint64_t palign)
{
	size_t phnum = 1 + r->n, i;
	Elf64_Ehdr *eh = elf64_newehdr(e);
	Elf64_Phdr *ph;
	uint64_t off = data_off;

	if (!eh)
		goto elf_fail;
	eh->e_ident[EI_DATA] = ELFDATA2MSB;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_PPC64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_shoff = shoff;
	elf_flagelf(e, ELF_C_SET, ELF_F_LAYOUT);
	/* >= PN_XNUM: the count goes in section 0's sh_info, which libelf
	 * fills once section 0 exists (elf_getscn creates it). */
	if (phnum >= PN_XNUM && !elf_getscn(e, 0))
		goto elf_fail;
	ph = elf64_newphdr(e, phnum);
	if (!ph)
		goto elf_fail;
	ph[0] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = notes_off,
			      .p_filesz = notes_len, .p_memsz = notes_len,
			      .p_align = 4 };
	for (i = 0; i < r->n; i++) {
		ph[1 + i] = (Elf64_Phdr){
			.p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
			.p_offset = off, .p_vaddr = r->v[i].pa,
			.p_paddr = r->v[i].pa, .p_filesz = r->v[i].len,
			.p_memsz = r->v[i].len, .p_align = palign };
		off += r->v[i].len;
	}
	elf_flagphdr(e, ELF_C_SET, ELF_F_DIRTY);
	if (elf_update(e, ELF_C_WRITE) < 0)
		goto elf_fail;
	return 0;
elf_fail:
	return sim_errf(o->err, o->errlen, errno ? -errno : -EIO,
			"%s: writing the ELF headers: %s%s%s", o->path,
			elf_errmsg(-1), errno ? ": " : "",
			errno ? strerror(errno) : "");
}

static int write_file(struct out *o, struct sim_mem *m, const struct runs *r,
		      const struct image_note *notes, size_t n_notes,
		      struct image_write_result *res)
{
	size_t phnum = 1 + r->n, notes_len = 0, i;
	uint64_t notes_off, hdr_end, shoff = 0, data_off, off;
	uint8_t *nbuf = NULL;
	Elf *e;
	int rc;

	errno = 0;
	e = elf_begin(o->fd, ELF_C_WRITE, NULL);
	if (!e)
		return sim_errf(o->err, o->errlen, -EIO, "%s: %s", o->path,
				elf_errmsg(-1));
	nbuf = build_notes(notes, n_notes, &notes_len);
	if (!nbuf) {
		rc = sim_errf(o->err, o->errlen, -ENOMEM,
			      "%s: building the notes: %s", o->path,
			      elf_errmsg(-1));
		goto out;
	}
	notes_off = sizeof(Elf64_Ehdr) + phnum * sizeof(Elf64_Phdr);
	hdr_end = notes_off + notes_len;
	if (phnum >= PN_XNUM) {
		shoff = align_up(hdr_end, 8);
		hdr_end = shoff + sizeof(Elf64_Shdr);
	}
	data_off = align_up(hdr_end, DATA_ALIGN);
	errno = 0;
	rc = write_headers(o, e, r, notes_off, notes_len, shoff, data_off,
			   r->granule < DATA_ALIGN ? r->granule : DATA_ALIGN);
	if (rc)
		goto out;
	rc = pwrite_all(o, nbuf, notes_len, notes_off);
	for (i = 0, off = data_off; !rc && i < r->n; i++) {
		rc = pwrite_all(o, sim_mem_host_ptr(m, r->v[i].pa), r->v[i].len,
				off);
		off += r->v[i].len;
		res->data_bytes += r->v[i].len;
	}
	res->segments = r->n;
	res->file_bytes = r->n ? off : hdr_end;
out:
	free(nbuf);
	elf_end(e);
	return rc;
}

int image_write_core(struct sim_mem *m, const char *path,
		     const struct image_note *notes, size_t n_notes,
		     const struct image_write_opts *wo,
		     struct image_write_result *res, char *err, size_t errlen)
{
	struct image_write_result tmp;
	struct runs r = { .m = m };
	struct out o = { .path = path, .err = err, .errlen = errlen };
	struct stat st;
	bool regular;
	int rc;

	if (!res)
		res = &tmp;
	memset(res, 0, sizeof(*res));
	r.granule = wo && wo->granule ? wo->granule : DEFAULT_GRANULE;
	rc = check_args(notes, n_notes, r.granule, path, err, errlen);
	if (rc)
		return rc;
	rc = sim_mem_foreach_resident(m, scan_resident, &r);
	if (rc) {
		free(r.v);
		return sim_errf(err, errlen, rc, "%s: scanning RAM: %s", path,
				strerror(-rc));
	}
	/* Headers and RAM go at their offsets (pwrite): a file it must be. */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		free(r.v);
		return sim_errf(err, errlen, -EINVAL,
				"%s: not a regular file (a checkpoint is written at file offsets)",
				path);
	}
	elf_version(EV_CURRENT);
	o.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o.fd < 0) {
		rc = -errno;
		free(r.v);
		return sim_errf(err, errlen, rc, "%s: %s", path,
				strerror(-rc));
	}
	regular = !fstat(o.fd, &st) && S_ISREG(st.st_mode);
	rc = write_file(&o, m, &r, notes, n_notes, res);
	if (close(o.fd) && !rc)
		rc = sim_errf(err, errlen, -errno, "%s: close: %s", path,
			      strerror(errno));
	free(r.v);
	if (rc && regular && !unlink(path)) {
		size_t len = err ? strlen(err) : 0;

		if (err && len < errlen)
			snprintf(err + len, errlen - len,
				 " (the partial file was removed)");
	}
	return rc;
}
