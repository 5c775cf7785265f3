/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF memory images (docs/images.md), all through libelf:
 *  - open any ELF (a file, or bytes in memory) and load its PT_LOAD
 *    segments into simulated RAM, after validating everything (nothing is
 *    written on any error);
 *  - read its notes, its symbols (by physical address), print a summary;
 *  - write simulated RAM and caller-supplied notes as an ELF64 ET_CORE
 *    file for EM_PPC64 (a checkpoint), which the loader reads back.
 *
 * Errors: a negative errno and a message in the caller's buffer (err,
 * errlen; err may be NULL) that starts with the file's name and says the
 * ELF problem (segment index, addresses), so a caller only prefixes its
 * own context (a trace's file:line).
 *   -ENOEXEC  not an ELF file, or a malformed or unloadable one
 *   -ERANGE   a segment outside installed RAM
 *   -EINVAL   overlapping segments; bad arguments
 *   -E2BIG    more PT_LOAD segments than the limit
 *   -ENOMEM   host memory
 *   -errno    of open/read/write (the file, the disk)
 */
#ifndef TCESIM_IMAGE_H
#define TCESIM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sim_mem;
struct image;
struct image_syms;

/*
 * Owner name of tcesim's notes and their types: IMAGE_NT_BASE + n, a
 * range no core-file note uses (readelf and gdb read any owner's types 1,
 * 2, 3... as NT_PRSTATUS, NT_FPREGSET, ...; these they list as unknown).
 * IMAGE_NT_ID, the note the writer puts first, is reserved.
 */
#define IMAGE_NOTE_NAME "TCESIM"
#define IMAGE_NT_BASE 0x54430000u	/* "TC" */
#define IMAGE_NT_LAST (IMAGE_NT_BASE + 0xffffu)
#define IMAGE_NT_ID (IMAGE_NT_BASE + 1)	/* layout below */
#define IMAGE_FORMAT_VERSION 1
/*
 * IMAGE_NT_ID payload (big-endian, as every tcesim note): u32 format
 * version, u32 reserved (0), then the producer ("tcesim 0.1.0"),
 * NUL-terminated.
 */
#define IMAGE_ID_MIN_SIZE 9

/* Default limit on PT_LOAD segments with data in one file. */
#define IMAGE_MAX_SEGMENTS (1u << 22)

/* Where a PT_LOAD goes: p_paddr, except in a file whose p_paddr are all
 * 0 (IMAGE_ADDR_AUTO), or as forced. */
enum image_addr {
	IMAGE_ADDR_AUTO,
	IMAGE_ADDR_PADDR,
	IMAGE_ADDR_VADDR,
};

/* One ELF note: as read (name, desc point into the file) or to write. */
struct image_note {
	const char *name;	/* owner, e.g. "TCESIM", "CORE" */
	uint32_t type;
	const void *desc;
	size_t size;		/* bytes of desc */
	uint64_t offset;	/* as read: file offset of the note header */
};

/*
 * Called for each note. Return 0 to go on, a positive value to stop
 * (returned by the walk), or a negative errno to fail (message in err).
 */
typedef int (*image_note_fn)(void *arg, const struct image_note *n,
			     char *err, size_t errlen);

/* ---- opening ----------------------------------------------------------- */

/*
 * Open an ELF file (a regular file, mapped read-only) or a buffer (not
 * copied: it must outlive the handle; name is used in messages). The
 * ELF header is checked here: ELF32/ELF64, either byte order, ET_EXEC,
 * ET_DYN or ET_CORE, any e_machine; the program header table must be
 * readable (more than 65535 entries: the count in section 0's sh_info).
 */
int image_open(const char *path, struct image **out, char *err,
	       size_t errlen);
int image_open_buffer(const void *buf, size_t len, const char *name,
		      struct image **out, char *err, size_t errlen);
void image_close(struct image *img);

struct image_info {
	const char *name;
	int elf_class;		/* ELFCLASS32 or ELFCLASS64 */
	int data;		/* ELFDATA2LSB or ELFDATA2MSB */
	unsigned type;		/* ET_EXEC, ET_DYN, ET_CORE */
	unsigned machine;	/* e_machine */
	uint64_t phnum;		/* program headers (the real count) */
	uint64_t file_bytes;
};
void image_get_info(const struct image *img, struct image_info *info);

/* ---- loading ----------------------------------------------------------- */

struct image_load_opts {
	enum image_addr addr;
	uint64_t max_segments;	/* 0: IMAGE_MAX_SEGMENTS */
	/* Zero all RAM before placing the segments (a checkpoint restore:
	 * RAM outside the file's PT_LOADs reads as zero afterwards). */
	bool clear_ram;
	/* Each note of each PT_NOTE, after the segments validated and
	 * before RAM is touched: a negative return aborts the load. */
	image_note_fn on_note;
	void *note_arg;
	/* Non-NULL: the image's symbols, read before RAM is touched (a
	 * broken symbol table is then an error); free with image_syms_free. */
	struct image_syms **syms;
};

struct image_load_result {
	bool used_vaddr;	/* all p_paddr were 0: placed by p_vaddr */
	bool tcesim;		/* a file written by tcesim (its ID note) */
	uint64_t segments;	/* PT_LOAD segments placed */
	uint64_t skipped;	/* PT_LOAD segments with p_filesz 0 (not placed) */
	uint64_t notes;		/* notes in PT_NOTE segments */
	uint64_t file_bytes;	/* bytes copied from the file */
	uint64_t zero_bytes;	/* bytes zero-filled (p_memsz past p_filesz) */
	uint64_t lo, hi;	/* lowest and one past the highest address placed */
	char remark[160];	/* a warning for the caller ("" when none):
				 * e_machine not EM_PPC64, no segment, ... */
};

/*
 * Validate every program header first (PT_LOAD with p_filesz > 0:
 * p_filesz <= p_memsz, file bytes inside the file, no address overflow,
 * [addr, addr + p_memsz) inside installed RAM, at most max_segments, no
 * two overlapping), then the notes and the symbols if asked; only then
 * copy each segment's file bytes verbatim to its address and zero-fill
 * p_memsz past p_filesz. On any error RAM is unchanged. o and r may be
 * NULL.
 */
int image_load(struct image *img, struct sim_mem *m,
	       const struct image_load_opts *o, struct image_load_result *r,
	       char *err, size_t errlen);
/* image_open + image_load + image_close. */
int image_load_file(struct sim_mem *m, const char *path,
		    const struct image_load_opts *o,
		    struct image_load_result *r, char *err, size_t errlen);

/* ---- notes ------------------------------------------------------------- */

/* Every note of every PT_NOTE segment, in file order. */
int image_foreach_note(struct image *img, image_note_fn fn, void *arg,
		       char *err, size_t errlen);
/* A file tcesim wrote: ELF64 ET_CORE EM_PPC64 whose first note is a
 * TCESIM IMAGE_NT_ID. 1 yes, 0 no, negative errno on a malformed note. */
int image_is_tcesim(struct image *img, char *err, size_t errlen);

/* ---- symbols ----------------------------------------------------------- */

struct image_sym {
	const char *name;
	uint64_t value;		/* st_value */
	uint64_t size;		/* st_size */
	uint64_t pa;		/* physical address (valid if has_pa) */
	bool has_pa;		/* st_value inside a placed PT_LOAD */
	unsigned char type;	/* STT_FUNC, STT_OBJECT, ... */
	unsigned char bind;	/* STB_LOCAL, STB_GLOBAL, ... */
};

/*
 * The named symbols of the image's SHT_SYMTAB sections (SHT_DYNSYM when
 * there is no SHT_SYMTAB), defined ones only, with the physical address
 * each lands at under the same placement rule as image_load (addr).
 * No symbol table: 0 and an empty set.
 */
int image_read_syms(struct image *img, enum image_addr addr,
		    struct image_syms **out, char *err, size_t errlen);
void image_syms_free(struct image_syms *s);
size_t image_syms_count(const struct image_syms *s);
/* i-th symbol, by physical address (those without one last). */
const struct image_sym *image_syms_get(const struct image_syms *s, size_t i);
/* The symbol owning pa: [pa, pa + size) holds it (size 0: pa equal),
 * the innermost (highest start) when several do; NULL if none. */
const struct image_sym *image_syms_at_pa(const struct image_syms *s,
					 uint64_t pa);

/* ---- writing ----------------------------------------------------------- */

struct image_write_opts {
	/* RAM is scanned in granules of this size (a power of two, 64 B
	 * to 1 GiB; 0: 4 KiB): each PT_LOAD is a maximal run of granules
	 * the host backs and that are not all zero. */
	uint64_t granule;
};

struct image_write_result {
	uint64_t segments;	/* PT_LOAD segments written */
	uint64_t data_bytes;	/* RAM bytes written */
	uint64_t file_bytes;	/* size of the file */
};

/*
 * Write RAM as an ELF64 big-endian ET_CORE for EM_PPC64: one PT_NOTE
 * (IMAGE_NT_ID first, then notes[0..n_notes) in order; under owner
 * IMAGE_NOTE_NAME the types are IMAGE_NT_BASE..IMAGE_NT_LAST except
 * IMAGE_NT_ID; other owners any type), then
 * one PT_LOAD per run of written RAM, p_paddr = p_vaddr = physical
 * address, p_filesz = p_memsz. More than 65535 program headers: e_phnum
 * PN_XNUM and the count in section 0's sh_info. Every write is checked;
 * on failure the partly written file is removed (a regular file) and the
 * message names the file, the offset and the errno.
 */
int image_write_core(struct sim_mem *m, const char *path,
		     const struct image_note *notes, size_t n_notes,
		     const struct image_write_opts *o,
		     struct image_write_result *r, char *err, size_t errlen);

/* ---- summary ----------------------------------------------------------- */

/* The header, every program header and every note (owner, type, size;
 * tcesim's ID note decoded) as text: `tcesim elf info FILE`. */
int image_print(struct image *img, FILE *out, char *err, size_t errlen);
/* The same, calling decode (if not NULL) after each note's line, to
 * print what the note holds (tcesim's hardware-state notes). */
typedef void (*image_note_print_fn)(void *arg, const struct image_note *n,
				    FILE *out);
int image_print_decoded(struct image *img, FILE *out,
			image_note_print_fn decode, void *arg, char *err,
			size_t errlen);

#endif /* TCESIM_IMAGE_H */
