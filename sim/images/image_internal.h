/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the sim/images files only: the open image (libelf handle and
 * its source), the table of PT_LOAD segments with data, error helpers.
 */
#ifndef TCESIM_IMAGE_INTERNAL_H
#define TCESIM_IMAGE_INTERNAL_H

#include <gelf.h>
#include <libelf.h>

#include "tcesim/sim_errf.h"
#include "tcesim/image.h"

struct image {
	char *name;
	int fd;			/* -1 for a buffer */
	const uint8_t *buf;	/* buffer source (else NULL) */
	uint64_t size;		/* file bytes */
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t phnum;
};

/* One PT_LOAD with p_filesz > 0, placed. */
struct img_seg {
	size_t index;		/* program header index */
	uint64_t addr;		/* where it goes (p_paddr or p_vaddr) */
	uint64_t vaddr;		/* p_vaddr (for symbols) */
	uint64_t offset;	/* p_offset */
	uint64_t filesz, memsz;
};

struct img_segs {
	struct img_seg *v;
	size_t n;
	size_t skipped;		/* PT_LOAD with p_filesz 0 */
	bool used_vaddr;
};

/*
 * Build the table of PT_LOAD segments with data and check each on its
 * own (sizes, file bounds, address overflow) and the count against max
 * (0: no limit); the caller checks RAM bounds. Sorted by addr; overlaps
 * are an error. 0 or -errno with the message in err.
 */
int img_segs_read(struct image *img, enum image_addr mode, uint64_t max,
		  struct img_segs *s, char *err, size_t errlen);
void img_segs_free(struct img_segs *s);

/* "name: what: libelf's message", returned as rc. */
int img_elf_err(const struct image *img, int rc, const char *what,
		char *err, size_t errlen);

/* Program header i (0 or the libelf error). */
int img_phdr(struct image *img, size_t i, GElf_Phdr *ph, char *err,
	     size_t errlen);

/* Name of a p_type, e_type (short form, or NULL when not a common one). */
const char *img_ptype_name(uint32_t type);
const char *img_etype_name(unsigned type);

#endif /* TCESIM_IMAGE_INTERNAL_H */
