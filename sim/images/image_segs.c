// SPDX-License-Identifier: GPL-2.0
/*
 * The table of an image's PT_LOAD segments with data: where each goes
 * (p_paddr, or p_vaddr when every p_paddr is 0), and every check that
 * needs nothing but the file: p_filesz <= p_memsz, file bytes inside the
 * file, no address overflow, the count, no two segments overlapping.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

static int seg_cmp(const void *a, const void *b)
{
	const struct img_seg *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void img_segs_free(struct img_segs *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int check_seg(struct image *img, const GElf_Phdr *ph,
		     const struct img_seg *g, bool is32, char *err,
		     size_t errlen)
{
	unsigned long long i = g->index;

	if (ph->p_filesz > ph->p_memsz)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: segment %llu: p_filesz %#llx larger than p_memsz %#llx",
				img->name, i, (unsigned long long)ph->p_filesz,
				(unsigned long long)ph->p_memsz);
	if (ph->p_offset > img->size ||
	    ph->p_filesz > img->size - ph->p_offset)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: segment %llu: file bytes at offset %#llx, size %#llx, run past the end of the file (%llu bytes): truncated",
				img->name, i, (unsigned long long)ph->p_offset,
				(unsigned long long)ph->p_filesz,
				(unsigned long long)img->size);
	if (is32 ? g->addr + g->memsz > (1ull << 32)
		 : g->memsz > UINT64_MAX - g->addr)
		return sim_errf(err, errlen, -ENOEXEC,
				"%s: segment %llu: address %#llx + p_memsz %#llx overflows the %d-bit address space",
				img->name, i, (unsigned long long)g->addr,
				(unsigned long long)g->memsz, is32 ? 32 : 64);
	return 0;
}

int img_segs_read(struct image *img, enum image_addr mode, uint64_t max,
		  struct img_segs *s, char *err, size_t errlen)
{
	bool is32 = img->ehdr.e_ident[EI_CLASS] == ELFCLASS32;
	bool all_zero = true;
	GElf_Phdr ph;
	size_t i, n = 0, k;
	int rc;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < img->phnum; i++) {
		rc = img_phdr(img, i, &ph, err, errlen);
		if (rc)
			return rc;
		if (ph.p_type != PT_LOAD)
			continue;
		if (!ph.p_filesz) {
			s->skipped++;
			continue;
		}
		n++;
		all_zero &= ph.p_paddr == 0;
	}
	if (max && n > max)
		return sim_errf(err, errlen, -E2BIG,
				"%s: %zu PT_LOAD segments with data, more than the limit of %llu",
				img->name, n, (unsigned long long)max);
	s->used_vaddr = mode == IMAGE_ADDR_VADDR ||
			(mode == IMAGE_ADDR_AUTO && n && all_zero);
	if (!n)
		return 0;
	s->v = calloc(n, sizeof(*s->v));
	if (!s->v)
		return sim_errf(err, errlen, -ENOMEM,
				"%s: out of memory for %zu segments", img->name,
				n);
	for (i = 0; i < img->phnum; i++) {
		struct img_seg *g = &s->v[s->n];

		rc = img_phdr(img, i, &ph, err, errlen);
		if (rc)
			goto fail;
		if (ph.p_type != PT_LOAD || !ph.p_filesz)
			continue;
		g->index = i;
		g->addr = s->used_vaddr ? ph.p_vaddr : ph.p_paddr;
		g->vaddr = ph.p_vaddr;
		g->offset = ph.p_offset;
		g->filesz = ph.p_filesz;
		g->memsz = ph.p_memsz;
		rc = check_seg(img, &ph, g, is32, err, errlen);
		if (rc)
			goto fail;
		s->n++;
	}
	qsort(s->v, s->n, sizeof(*s->v), seg_cmp);
	for (k = 1; k < s->n; k++) {
		const struct img_seg *a = &s->v[k - 1], *b = &s->v[k];

		if (b->addr < a->addr + a->memsz) {
			rc = sim_errf(err, errlen, -EINVAL,
				      "%s: segments %zu [%#llx, %#llx) and %zu [%#llx, %#llx) overlap",
				      img->name, a->index,
				      (unsigned long long)a->addr,
				      (unsigned long long)(a->addr + a->memsz),
				      b->index, (unsigned long long)b->addr,
				      (unsigned long long)(b->addr + b->memsz));
			goto fail;
		}
	}
	return 0;
fail:
	img_segs_free(s);
	return rc;
}
