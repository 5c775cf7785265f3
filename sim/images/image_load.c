// SPDX-License-Identifier: GPL-2.0
/*
 * Loading an image into simulated RAM: validate everything (segments,
 * RAM bounds, notes, symbols if asked), then copy each PT_LOAD's file
 * bytes straight into RAM (pread into the host-contiguous RAM, or one
 * memcpy from a buffer: one copy; memory an embedder provides without
 * host pointers through a bounce buffer) and zero-fill p_memsz past
 * p_filesz.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image_internal.h"
#include "tcesim/mem.h"

/* Segments at least this big get their RAM backed in one call first. */
#define PREFAULT_MIN (64u << 10)
#define READ_CHUNK (1ull << 30)
#define BOUNCE_CHUNK (1ull << 20)	/* memory without host pointers */

struct note_walk {
	image_note_fn fn;
	void *arg;
	bool stopped;		/* fn asked to stop: count only */
	uint64_t count;
};

static int walk_note(void *arg, const struct image_note *n, char *err,
		     size_t errlen)
{
	struct note_walk *w = arg;
	int rc;

	w->count++;
	if (!w->fn || w->stopped)
		return 0;
	rc = w->fn(w->arg, n, err, errlen);
	if (rc > 0)
		w->stopped = true;
	return rc < 0 ? rc : 0;
}

/*
 * The segment's file bytes into RAM: read straight into the host memory
 * behind it, or, where no host pointer covers it (an embedder's memory
 * with callbacks), through a bounce buffer and sim_mem_write.
 */
static int read_seg(struct image *img, struct sim_mem *m,
		    const struct img_seg *g, char *err, size_t errlen)
{
	bool direct = sim_mem_host_covers(m, g->addr, g->filesz);
	uint8_t *dst = direct ? sim_mem_host_ptr(m, g->addr) : NULL;
	uint64_t chunk = direct ? READ_CHUNK : BOUNCE_CHUNK;
	uint8_t *bounce = NULL;
	uint64_t done = 0;
	int rc = 0;

	if (img->buf)
		return sim_mem_write(m, g->addr, img->buf + g->offset,
				     (size_t)g->filesz);
	if (!direct) {
		bounce = malloc(g->filesz < chunk ? (size_t)g->filesz
						  : (size_t)chunk);
		if (!bounce && g->filesz)
			return sim_errf(err, errlen, -ENOMEM,
					"%s: segment %zu: out of memory",
					img->name, g->index);
	}
	while (done < g->filesz) {
		uint64_t want = g->filesz - done;
		ssize_t got;

		if (want > chunk)
			want = chunk;
		got = pread(img->fd, direct ? dst + done : bounce, (size_t)want,
			    (off_t)(g->offset + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = sim_errf(err, errlen, got < 0 ? -errno : -EIO,
				      "%s: segment %zu: reading %#llx bytes at offset %#llx: %s (RAM partly written)",
				      img->name, g->index,
				      (unsigned long long)want,
				      (unsigned long long)(g->offset + done),
				      got < 0 ? strerror(errno)
					      : "the file shrank");
			break;
		}
		if (!direct) {
			rc = sim_mem_write(m, g->addr + done, bounce,
					   (size_t)got);
			if (rc) {
				rc = sim_errf(err, errlen, rc,
					      "%s: segment %zu: writing %#llx bytes at %#llx: %s (RAM partly written)",
					      img->name, g->index,
					      (unsigned long long)got,
					      (unsigned long long)(g->addr + done),
					      strerror(-rc));
				break;
			}
		}
		done += (uint64_t)got;
	}
	free(bounce);
	return rc;
}

static void remark(struct image_load_result *r, const char *text)
{
	size_t len = strlen(r->remark);

	snprintf(r->remark + len, sizeof(r->remark) - len, "%s%s",
		 len ? "; " : "", text);
}

int image_load(struct image *img, struct sim_mem *m,
	       const struct image_load_opts *o, struct image_load_result *r,
	       char *err, size_t errlen)
{
	static const struct image_load_opts dflt;
	struct image_load_result tmp;
	struct note_walk w = { 0 };
	uint64_t ram = sim_mem_ram_bytes(m);
	struct img_segs s;
	size_t k;
	int rc;

	if (!o)
		o = &dflt;
	if (!r)
		r = &tmp;
	memset(r, 0, sizeof(*r));
	if (o->syms)
		*o->syms = NULL;
	rc = img_segs_read(img, o->addr,
			   o->max_segments ? o->max_segments
					   : IMAGE_MAX_SEGMENTS,
			   &s, err, errlen);
	if (rc)
		return rc;
	for (k = 0; k < s.n; k++) {
		const struct img_seg *g = &s.v[k];

		if (!sim_mem_in_ram(m, g->addr, g->memsz)) {
			rc = sim_errf(err, errlen, -ERANGE,
				      "%s: segment %zu: [%#llx, %#llx) is outside installed RAM [0, %#llx)",
				      img->name, g->index,
				      (unsigned long long)g->addr,
				      (unsigned long long)(g->addr + g->memsz),
				      (unsigned long long)ram);
			goto out;
		}
	}
	rc = image_is_tcesim(img, err, errlen);
	if (rc < 0)
		goto out;
	r->tcesim = rc == 1;
	w.fn = o->on_note;
	w.arg = o->note_arg;
	rc = image_foreach_note(img, walk_note, &w, err, errlen);
	if (rc)
		goto out;
	if (o->syms) {
		rc = image_read_syms(img, o->addr, o->syms, err, errlen);
		if (rc)
			goto out;
	}

	/* Everything checked: now RAM changes. */
	if (o->clear_ram)
		sim_mem_zero(m, 0, ram);
	for (k = 0; k < s.n; k++) {
		const struct img_seg *g = &s.v[k];

		if (g->filesz >= PREFAULT_MIN)
			sim_mem_prefault(m, g->addr, g->filesz);
		rc = read_seg(img, m, g, err, errlen);
		if (rc) {
			if (o->syms) {
				image_syms_free(*o->syms);
				*o->syms = NULL;
			}
			goto out;
		}
		if (g->memsz > g->filesz)
			sim_mem_zero(m, g->addr + g->filesz,
				     g->memsz - g->filesz);
		r->file_bytes += g->filesz;
		r->zero_bytes += g->memsz - g->filesz;
	}

	r->used_vaddr = s.used_vaddr;
	r->segments = s.n;
	r->skipped = s.skipped;
	r->notes = w.count;
	if (s.n) {
		r->lo = s.v[0].addr;
		r->hi = s.v[s.n - 1].addr + s.v[s.n - 1].memsz;
	}
	if (img->ehdr.e_machine != EM_PPC64) {
		char t[96];

		snprintf(t, sizeof(t),
			 "e_machine %u is not EM_PPC64 (%u): memory placed as is",
			 img->ehdr.e_machine, EM_PPC64);
		remark(r, t);
	}
	if (!s.n)
		remark(r, "no PT_LOAD segment with data: no memory placed");
out:
	img_segs_free(&s);
	return rc;
}

int image_load_file(struct sim_mem *m, const char *path,
		    const struct image_load_opts *o,
		    struct image_load_result *r, char *err, size_t errlen)
{
	struct image *img;
	int rc = image_open(path, &img, err, errlen);

	if (rc)
		return rc;
	rc = image_load(img, m, o, r, err, errlen);
	image_close(img);
	return rc;
}
